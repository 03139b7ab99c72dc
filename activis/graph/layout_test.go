package graph

import "testing"

func TestLayout(t *testing.T) {
	keras, err := Load("../testdata/keras_tf2onnx.onnx")
	if err != nil {
		t.Fatal(err)
	}
	torch, err := Load("../testdata/cnn_op17.onnx")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		g      *Graph
		tensor string
		want   Layout
	}{
		{keras, "input_1", ChannelsLast},                        // fed to Transpose [0,3,1,2]
		{keras, "sequential/conv2d/Conv2D__6:0", ChannelsFirst}, // and back to ONNX's order
		{keras, "sequential/conv2d/Relu:0", ChannelsFirst},      // Conv → Relu
		{keras, "sequential/batch_normalization/FusedBatchNormV3:0", ChannelsFirst},
		{keras, "sequential/conv2d_1/Relu__20:0", ChannelsLast}, // Transpose [0,2,3,1]
		{keras, "sequential/flatten/Reshape:0", ChannelsFirst},  // 2-D
		{keras, "no such tensor", ChannelsFirst},
		{torch, torch.Inputs[0], ChannelsFirst},
	} {
		if got := c.g.Layout(c.tensor); got != c.want {
			t.Errorf("Layout(%q) = %v, want %v", c.tensor, got, c.want)
		}
	}
	for _, name := range torch.DataTensors() {
		if torch.Layout(name) != ChannelsFirst {
			t.Errorf("PyTorch tensor %q reported channels last", name)
		}
	}
}
