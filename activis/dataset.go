package activis

import (
	"fmt"
	"slices"
)

// Dataset is a set of instances together with the model inputs for each.
type Dataset struct {
	// Instances are the instances' metadata (labels known, predictions not yet).
	Instances *Instances
	// Inputs holds one flattened model input per instance (N × prod(InputShape)).
	Inputs *Activations
	// InputShape is the shape of one instance's input, without the batch
	// dimension, e.g. [1 28 28] for a grayscale image.
	InputShape []int
	// Extra holds further model inputs by ONNX input name, one row per
	// instance, for models that take more than one: a transformer's
	// attention_mask or token_type_ids. Model.Run feeds Inputs to the
	// model's first input and these to the others; each row takes the
	// input's declared shape, its unknown dimensions from InputShape.
	Extra map[string]*Activations
}

// NewDataset pairs instance metadata with model inputs, one row per
// instance, for Model.Run: inputs from LoadInputs (a .npy of images or
// token ids) or NewActivations (values made in Go). shape is one
// instance's input shape without the batch axis, e.g. 3, 32, 32; when
// omitted it is the stored shape of inputs after its first axis (D for
// an N × D array). meta may be nil for inputs without labels (instances
// "0".."N-1"; Model.Run names classes "0", "1", … after the output). The
// instance counts and the shape's size must agree with inputs; errors
// name both sides.
//
//	// given: model *activis.Model
//	x, err := activis.LoadInputs("x_test.npy")        // N × 3 × 32 × 32 uint8
//	meta, err := activis.LoadInstances("labels.csv")  // id, label
//	data, err := activis.NewDataset(meta, x)          // InputShape [3 32 32]
//	data, err = data.Transform(func(in []float32) {   // as the model was trained
//		for k := range in {
//			in[k] /= 255
//		}
//	})
//	run, err := model.Run(data, "layer3", "fc")
func NewDataset(meta *Instances, inputs *Activations, shape ...int) (*Dataset, error) {
	if inputs == nil {
		return nil, fmt.Errorf("NewDataset: no inputs")
	}
	if meta == nil {
		meta = NewInstances(nil, inputs.Len())
	}
	if meta.Len() != inputs.Len() {
		return nil, fmt.Errorf("NewDataset: %d instances but %d input rows in %s: %w", meta.Len(), inputs.Len(), inputs.name(), ErrShape)
	}
	if len(shape) == 0 {
		if s := inputs.Shape(); len(s) > 1 {
			shape = s[1:]
		} else {
			shape = []int{inputs.Dim()}
		}
	}
	size := 1
	for _, d := range shape {
		if d <= 0 {
			return nil, fmt.Errorf("NewDataset: input shape %v has a dimension ≤ 0: %w", shape, ErrShape)
		}
		size *= d
	}
	if size != inputs.Dim() {
		return nil, fmt.Errorf("NewDataset: input shape %v holds %d values, rows of %s have %d: %w", shape, size, inputs.name(), inputs.Dim(), ErrShape)
	}
	return &Dataset{Instances: meta, Inputs: inputs, InputShape: slices.Clone(shape)}, nil
}

// Transform returns a data set with the same instances whose inputs are
// fn applied to a copy of each instance's input: scaling pixels to [0, 1],
// normalising channels with the training mean and deviation, and the like.
// The transformed inputs are held in memory (N × D float32); d is not
// changed, and Extra inputs are shared as they are.
func (d *Dataset) Transform(fn func(input []float32)) (*Dataset, error) {
	n, dim := d.Inputs.Len(), d.Inputs.Dim()
	out := make([]float32, n*dim)
	if err := d.Inputs.RowInto(0, n, out); err != nil {
		return nil, fmt.Errorf("Transform: %w", err)
	}
	for i := 0; i < n; i++ {
		fn(out[i*dim : (i+1)*dim])
	}
	x := NewActivations(out, n, dim)
	x.shape = append([]int{n}, d.InputShape...)
	return &Dataset{Instances: d.Instances, Inputs: x, InputShape: slices.Clone(d.InputShape), Extra: d.Extra}, nil
}
