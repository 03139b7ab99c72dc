package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// The recurrent operators LSTM, GRU and RNN follow the ONNX specification:
// inputs X, W, R, B, sequence_lens, initial_h (and initial_c, P for LSTM);
// directions forward, reverse and bidirectional; layout 0 (sequence first,
// what PyTorch exports even for batch_first modules) and 1 (batch first);
// per-instance sequence lengths (outputs past an instance's length are
// zero and its final state is the one at its last step). Activations may
// be Sigmoid, Tanh and Relu (the defaults are what PyTorch exports); the
// clip and input_forget attributes are unsupported.

// recurrentKernels are the kernels of the recurrent layers.
var recurrentKernels = map[string]kernel{"LSTM": lstm, "GRU": gru, "RNN": rnn}

// rnnKind describes one recurrent operator: its gate count and defaults.
type rnnKind struct {
	op          string
	gates       int
	activations []string
}

var (
	lstmKind = rnnKind{"LSTM", 4, []string{"Sigmoid", "Tanh", "Tanh"}}
	gruKind  = rnnKind{"GRU", 3, []string{"Sigmoid", "Tanh"}}
	rnnPlain = rnnKind{"RNN", 1, []string{"Tanh"}}
)

// lstm, gru and rnn are the kernels of LSTM, GRU and RNN.
func lstm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return recurrent(lstmKind, n, in, out)
}

func gru(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return recurrent(gruKind, n, in, out)
}

func rnn(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return recurrent(rnnPlain, n, in, out)
}

// checkRecurrent returns the Compile-time check of an LSTM, GRU or RNN
// node's attributes: those the kernel does not implement are errors.
func checkRecurrent(kind rnnKind) func(n *graph.Node, opset int) error {
	return func(n *graph.Node, opset int) error {
		if v := n.Float("clip", 0); v != 0 {
			return fmt.Errorf("clip")
		}
		if n.Int("input_forget", 0) != 0 {
			return fmt.Errorf("input_forget")
		}
		switch d := n.String("direction", "forward"); d {
		case "forward", "reverse", "bidirectional":
		default:
			return fmt.Errorf("direction %q", d)
		}
		if a, ok := n.Attrs["activations"]; ok {
			for _, name := range a.Strings {
				if _, err := activation(name); err != nil {
					return fmt.Errorf("activation %q", name)
				}
			}
		}
		return nil
	}
}

func activation(name string) (func(float32) float32, error) {
	switch name {
	case "Sigmoid":
		return sigmoid, nil
	case "Tanh":
		return func(v float32) float32 { return float32(math.Tanh(float64(v))) }, nil
	case "Relu":
		return func(v float32) float32 { return max(v, 0) }, nil
	}
	return nil, fmt.Errorf("%w: recurrent activation %q", ErrUnsupported, name)
}

// recurrent runs an LSTM, GRU or RNN node. Per direction, the input
// projections of all steps are one GEMM; each step then multiplies the
// hidden state of the whole batch by R (one GEMM) and applies the gates.
func recurrent(kind rnnKind, n *graph.Node, in, out []*Tensor) error {
	if err := checkRecurrent(kind)(n, 0); err != nil {
		return fmt.Errorf("%w: %s %v", ErrUnsupported, kind.op, err)
	}
	if len(in) < 3 || in[1] == nil || in[2] == nil {
		return fmt.Errorf("needs inputs X, W and R")
	}
	hs := int(n.Int("hidden_size", 0))
	dirs, reverseOnly := 1, false
	switch d := n.String("direction", "forward"); d {
	case "forward":
	case "reverse":
		reverseOnly = true
	case "bidirectional":
		dirs = 2
	default:
		return fmt.Errorf("direction %q", d)
	}
	layout := n.Int("layout", 0)
	xs := in[0].Shape
	seq, batch, isz := xs[0], xs[1], xs[2]
	if layout == 1 {
		seq, batch = xs[1], xs[0]
	}
	g := kind.gates
	gh := g * hs
	w, r := in[1], in[2]
	if fmt.Sprint(w.Shape) != fmt.Sprint([]int{dirs, gh, isz}) || fmt.Sprint(r.Shape) != fmt.Sprint([]int{dirs, gh, hs}) {
		return fmt.Errorf("W %v and R %v do not fit %d directions, %d gates, hidden %d, input %d", w.Shape, r.Shape, dirs, g, hs, isz)
	}
	opt := func(i, size int, what string) ([]float32, error) {
		if i >= len(in) || in[i] == nil {
			return nil, nil
		}
		if len(in[i].Data) != size {
			return nil, fmt.Errorf("%s has %d values, want %d", what, len(in[i].Data), size)
		}
		return in[i].Data, nil
	}
	bias, err := opt(3, dirs*2*gh, "B")
	if err != nil {
		return err
	}
	h0, err := opt(5, dirs*batch*hs, "initial_h")
	if err != nil {
		return err
	}
	var c0, peep []float32
	if kind.op == "LSTM" {
		if c0, err = opt(6, dirs*batch*hs, "initial_c"); err != nil {
			return err
		}
		if peep, err = opt(7, dirs*3*hs, "P"); err != nil {
			return err
		}
	}
	lens := make([]int, batch)
	for b := range lens {
		lens[b] = seq
	}
	if len(in) > 4 && in[4] != nil {
		if len(in[4].Data) != batch {
			return fmt.Errorf("sequence_lens has %d values for a batch of %d", len(in[4].Data), batch)
		}
		for b, v := range in[4].Data {
			if v < 0 || int(v) > seq {
				return fmt.Errorf("sequence length %v outside [0,%d]", v, seq)
			}
			lens[b] = int(v)
		}
	}
	var names []string
	for range dirs {
		names = append(names, kind.activations...)
	}
	if a, ok := n.Attrs["activations"]; ok && a.Type == graph.AttrStrings {
		if len(a.Strings) != len(kind.activations)*dirs {
			return fmt.Errorf("%d activations, want %d", len(a.Strings), len(kind.activations)*dirs)
		}
		names = a.Strings
	}
	acts := make([]func(float32) float32, len(names))
	for i, name := range names {
		if acts[i], err = activation(name); err != nil {
			return err
		}
	}
	lbr := n.Int("linear_before_reset", 0) != 0

	// X as [seq, batch, input] rows.
	xd := in[0].Data
	if layout == 1 {
		xd = make([]float32, len(in[0].Data))
		for b := 0; b < batch; b++ {
			for t := 0; t < seq; t++ {
				copy(xd[(t*batch+b)*isz:(t*batch+b+1)*isz], in[0].Data[(b*seq+t)*isz:])
			}
		}
	}
	var y, yh, yc []float32
	if len(out) > 0 && out[0] != nil {
		y = out[0].Data
		clear(y)
	}
	if len(out) > 1 && out[1] != nil {
		yh = out[1].Data
	}
	if len(out) > 2 && out[2] != nil && kind.op == "LSTM" {
		yc = out[2].Data
	}
	// yAt returns the offset of Y[t, dir, b] (layout 0) or Y[b, t, dir] (layout 1).
	yAt := func(t, dir, b int) int {
		if layout == 1 {
			return ((b*seq+t)*dirs + dir) * hs
		}
		return ((t*dirs+dir)*batch + b) * hs
	}
	hAt := func(dir, b int) int {
		if layout == 1 {
			return (b*dirs + dir) * hs
		}
		return (dir*batch + b) * hs
	}
	xw := make([]float32, seq*batch*gh)
	hr := make([]float32, batch*gh)
	h := make([]float32, batch*hs)
	c := make([]float32, batch*hs)
	rh := make([]float32, batch*hs) // GRU: r ⊙ H (linear_before_reset=0)
	hn := make([]float32, hs)
	for dir := 0; dir < dirs; dir++ {
		rev := reverseOnly || dir == 1
		f, gAct, hAct := acts[dir*len(kind.activations)], acts[0], acts[0]
		if len(kind.activations) > 1 {
			gAct = acts[dir*len(kind.activations)+1]
		}
		if len(kind.activations) > 2 {
			hAct = acts[dir*len(kind.activations)+2]
		}
		wd := w.Data[dir*gh*isz : (dir+1)*gh*isz]
		rd := r.Data[dir*gh*hs : (dir+1)*gh*hs]
		if seq*batch > 0 && isz > 0 {
			sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(seq*batch, isz, xd), general(gh, isz, wd), 0, general(seq*batch, gh, xw))
		} else {
			clear(xw)
		}
		var wb, rb []float32
		if bias != nil {
			wb = bias[dir*2*gh : dir*2*gh+gh]
			rb = bias[dir*2*gh+gh : (dir+1)*2*gh]
			for row := 0; row < seq*batch; row++ {
				xr := xw[row*gh : (row+1)*gh]
				for j := range xr {
					xr[j] += wb[j]
					// GRU with linear_before_reset keeps Rbh inside r ⊙ (…).
					if !(kind.op == "GRU" && lbr && j >= 2*hs) {
						xr[j] += rb[j]
					}
				}
			}
		}
		for b := 0; b < batch; b++ {
			for j := 0; j < hs; j++ {
				h[b*hs+j], c[b*hs+j] = 0, 0
				if h0 != nil {
					h[b*hs+j] = h0[hAt(dir, b)+j]
				}
				if c0 != nil {
					c[b*hs+j] = c0[hAt(dir, b)+j]
				}
			}
		}
		var pi, po, pf []float32
		if peep != nil {
			p := peep[dir*3*hs : (dir+1)*3*hs]
			pi, po, pf = p[:hs], p[hs:2*hs], p[2*hs:]
		}
		for s := 0; s < seq; s++ {
			// Recurrent projections of every instance's state (GRU with
			// linear_before_reset=0 projects r ⊙ H for its h gate below).
			rows := gh
			if kind.op == "GRU" && !lbr {
				rows = 2 * hs
			}
			if hs > 0 {
				sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(batch, hs, h), general(rows, hs, rd[:rows*hs]), 0, general(batch, gh, hr))
			}
			if kind.op == "GRU" && !lbr {
				for b := 0; b < batch; b++ {
					if s >= lens[b] {
						continue
					}
					t := s
					if rev {
						t = lens[b] - 1 - s
					}
					xr, hrr := xw[(t*batch+b)*gh:], hr[b*gh:]
					for j := 0; j < hs; j++ {
						rt := f(xr[hs+j] + hrr[hs+j])
						rh[b*hs+j] = rt * h[b*hs+j]
					}
				}
				if hs > 0 {
					hrh := blas32.General{Rows: batch, Cols: hs, Stride: gh, Data: hr[2*hs:]}
					sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(batch, hs, rh), general(hs, hs, rd[2*hs*hs:]), 0, hrh)
				}
			}
			for b := 0; b < batch; b++ {
				if s >= lens[b] {
					continue
				}
				t := s
				if rev {
					t = lens[b] - 1 - s
				}
				xr, hrr := xw[(t*batch+b)*gh:(t*batch+b+1)*gh], hr[b*gh:(b+1)*gh]
				hb, cb := h[b*hs:(b+1)*hs], c[b*hs:(b+1)*hs]
				switch kind.op {
				case "LSTM":
					for j := 0; j < hs; j++ {
						iv := xr[j] + hrr[j]
						ov := xr[hs+j] + hrr[hs+j]
						fv := xr[2*hs+j] + hrr[2*hs+j]
						cv := xr[3*hs+j] + hrr[3*hs+j]
						if peep != nil {
							iv += pi[j] * cb[j]
							fv += pf[j] * cb[j]
						}
						ct := f(fv)*cb[j] + f(iv)*gAct(cv)
						if peep != nil {
							ov += po[j] * ct
						}
						cb[j] = ct
						hb[j] = f(ov) * hAct(ct)
					}
				case "GRU":
					for j := 0; j < hs; j++ {
						z := f(xr[j] + hrr[j])
						var hv float32
						if lbr {
							rt := f(xr[hs+j] + hrr[hs+j])
							rbh := float32(0)
							if rb != nil {
								rbh = rb[2*hs+j]
							}
							hv = gAct(xr[2*hs+j] + rt*(hrr[2*hs+j]+rbh))
						} else {
							hv = gAct(xr[2*hs+j] + hrr[2*hs+j])
						}
						hn[j] = (1-z)*hv + z*hb[j]
					}
					copy(hb, hn)
				default:
					for j := 0; j < hs; j++ {
						hb[j] = f(xr[j] + hrr[j])
					}
				}
				if y != nil {
					copy(y[yAt(t, dir, b):], hb)
				}
			}
		}
		for b := 0; b < batch; b++ {
			if yh != nil {
				copy(yh[hAt(dir, b):hAt(dir, b)+hs], h[b*hs:(b+1)*hs])
			}
			if yc != nil {
				copy(yc[hAt(dir, b):hAt(dir, b)+hs], c[b*hs:(b+1)*hs])
			}
		}
	}
	return nil
}
