package graph

import "fmt"

// recurrentRules are the shape rules of the recurrent layers.
var recurrentRules = map[string]shapeRule{"LSTM": inferRecurrent, "GRU": inferRecurrent, "RNN": inferRecurrent}

// inferRecurrent gives Y (seq, dirs, batch, hidden) and the final states
// (dirs, batch, hidden), batch first with layout 1.
func inferRecurrent(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x := in[0].Shape
	if len(x) != 3 {
		return nil, fmt.Errorf("%s input %v is not 3-D", n.OpType, x)
	}
	hidden := int(n.Int("hidden_size", 0))
	if hidden <= 0 {
		return nil, fmt.Errorf("hidden_size %d", hidden)
	}
	dirs := 1
	if n.String("direction", "forward") == "bidirectional" {
		dirs = 2
	}
	seq, batch := x[0], x[1]
	y := []int{seq, dirs, batch, hidden}
	h := []int{dirs, batch, hidden}
	if n.Int("layout", 0) == 1 {
		batch, seq = x[0], x[1]
		y = []int{batch, seq, dirs, hidden}
		h = []int{batch, dirs, hidden}
	}
	dt := dtypeOf(in)
	return outputs(n, &Info{DType: dt, Shape: y}, &Info{DType: dt, Shape: h}, &Info{DType: dt, Shape: append([]int{}, h...)})
}
