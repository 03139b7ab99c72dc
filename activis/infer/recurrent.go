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

// rnnKind describes one recurrent operator: its gate count, default
// activations and per-instance step.
type rnnKind struct {
	op          string
	gates       int
	activations []string
	step        func(c *rnnCell, xr, hrr, hb, cb []float32)
}

var (
	lstmKind = rnnKind{"LSTM", 4, []string{"Sigmoid", "Tanh", "Tanh"}, (*rnnCell).lstmStep}
	gruKind  = rnnKind{"GRU", 3, []string{"Sigmoid", "Tanh"}, (*rnnCell).gruStep}
	rnnPlain = rnnKind{"RNN", 1, []string{"Tanh"}, (*rnnCell).rnnStep}
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
// hidden state of the whole batch by R (one GEMM) and applies the cell of
// every instance still inside its sequence.
func recurrent(kind rnnKind, n *graph.Node, in, out []*Tensor) error {
	sp, err := newRNNSpec(kind, n, in)
	if err != nil {
		return err
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
	st := sp.newState(sp.seqFirst(in[0].Data))
	for dir := 0; dir < sp.dirs; dir++ {
		sp.runDirection(st, dir, y)
		sp.storeFinal(st, dir, yh, yc)
	}
	return nil
}

// rnnSpec is a checked recurrent node: sizes, weights, the optional inputs
// and the activations.
type rnnSpec struct {
	kind                      rnnKind
	hs, dirs, seq, batch, isz int
	gh                        int // gates × hidden
	reverseOnly, batchFirst   bool
	lbr                       bool // GRU linear_before_reset
	w, r                      []float32
	bias, h0, c0, peep        []float32 // nil when absent
	lens                      []int     // sequence length per instance
	acts                      []func(float32) float32
}

// newRNNSpec checks the node's attributes and inputs against each other.
func newRNNSpec(kind rnnKind, n *graph.Node, in []*Tensor) (*rnnSpec, error) {
	if err := checkRecurrent(kind)(n, 0); err != nil {
		return nil, fmt.Errorf("%w: %s %v", ErrUnsupported, kind.op, err)
	}
	if len(in) < 3 || in[1] == nil || in[2] == nil {
		return nil, fmt.Errorf("needs inputs X, W and R")
	}
	sp := &rnnSpec{kind: kind, hs: int(n.Int("hidden_size", 0)), dirs: 1}
	switch d := n.String("direction", "forward"); d {
	case "forward":
	case "reverse":
		sp.reverseOnly = true
	case "bidirectional":
		sp.dirs = 2
	default:
		return nil, fmt.Errorf("direction %q", d)
	}
	sp.batchFirst = n.Int("layout", 0) == 1
	xs := in[0].Shape
	sp.seq, sp.batch, sp.isz = xs[0], xs[1], xs[2]
	if sp.batchFirst {
		sp.seq, sp.batch = xs[1], xs[0]
	}
	sp.gh = kind.gates * sp.hs
	w, r := in[1], in[2]
	if fmt.Sprint(w.Shape) != fmt.Sprint([]int{sp.dirs, sp.gh, sp.isz}) || fmt.Sprint(r.Shape) != fmt.Sprint([]int{sp.dirs, sp.gh, sp.hs}) {
		return nil, fmt.Errorf("W %v and R %v do not fit %d directions, %d gates, hidden %d, input %d", w.Shape, r.Shape, sp.dirs, kind.gates, sp.hs, sp.isz)
	}
	sp.w, sp.r = w.Data, r.Data
	sp.lbr = n.Int("linear_before_reset", 0) != 0
	if err := sp.optionalInputs(in); err != nil {
		return nil, err
	}
	if err := sp.sequenceLens(in); err != nil {
		return nil, err
	}
	return sp, sp.activations(n)
}

// optionalInputs checks the sizes of B, initial_h and, for LSTM,
// initial_c and the peepholes P.
func (sp *rnnSpec) optionalInputs(in []*Tensor) error {
	opt := func(i, size int, what string) ([]float32, error) {
		if i >= len(in) || in[i] == nil {
			return nil, nil
		}
		if len(in[i].Data) != size {
			return nil, fmt.Errorf("%s has %d values, want %d", what, len(in[i].Data), size)
		}
		return in[i].Data, nil
	}
	var err error
	if sp.bias, err = opt(3, sp.dirs*2*sp.gh, "B"); err != nil {
		return err
	}
	if sp.h0, err = opt(5, sp.dirs*sp.batch*sp.hs, "initial_h"); err != nil {
		return err
	}
	if sp.kind.op == "LSTM" {
		if sp.c0, err = opt(6, sp.dirs*sp.batch*sp.hs, "initial_c"); err != nil {
			return err
		}
		if sp.peep, err = opt(7, sp.dirs*3*sp.hs, "P"); err != nil {
			return err
		}
	}
	return nil
}

// sequenceLens reads sequence_lens (input 4), every instance's full
// sequence when absent.
func (sp *rnnSpec) sequenceLens(in []*Tensor) error {
	sp.lens = make([]int, sp.batch)
	for b := range sp.lens {
		sp.lens[b] = sp.seq
	}
	if len(in) <= 4 || in[4] == nil {
		return nil
	}
	if len(in[4].Data) != sp.batch {
		return fmt.Errorf("sequence_lens has %d values for a batch of %d", len(in[4].Data), sp.batch)
	}
	for b, v := range in[4].Data {
		if v < 0 || int(v) > sp.seq {
			return fmt.Errorf("sequence length %v outside [0,%d]", v, sp.seq)
		}
		sp.lens[b] = int(v)
	}
	return nil
}

// activations resolves the activations attribute (the kind's defaults per
// direction when absent).
func (sp *rnnSpec) activations(n *graph.Node) error {
	var names []string
	for range sp.dirs {
		names = append(names, sp.kind.activations...)
	}
	if a, ok := n.Attrs["activations"]; ok && a.Type == graph.AttrStrings {
		if len(a.Strings) != len(sp.kind.activations)*sp.dirs {
			return fmt.Errorf("%d activations, want %d", len(a.Strings), len(sp.kind.activations)*sp.dirs)
		}
		names = a.Strings
	}
	sp.acts = make([]func(float32) float32, len(names))
	for i, name := range names {
		var err error
		if sp.acts[i], err = activation(name); err != nil {
			return err
		}
	}
	return nil
}

// seqFirst returns X as [seq, batch, input] rows.
func (sp *rnnSpec) seqFirst(x []float32) []float32 {
	if !sp.batchFirst {
		return x
	}
	xd := make([]float32, len(x))
	for b := 0; b < sp.batch; b++ {
		for t := 0; t < sp.seq; t++ {
			copy(xd[(t*sp.batch+b)*sp.isz:(t*sp.batch+b+1)*sp.isz], x[(b*sp.seq+t)*sp.isz:])
		}
	}
	return xd
}

// yAt returns the offset of Y[t, dir, b] (layout 0) or Y[b, t, dir] (layout 1).
func (sp *rnnSpec) yAt(t, dir, b int) int {
	if sp.batchFirst {
		return ((b*sp.seq+t)*sp.dirs + dir) * sp.hs
	}
	return ((t*sp.dirs+dir)*sp.batch + b) * sp.hs
}

// hAt returns the offset of a final state Y_h[dir, b] (layout 0) or Y_h[b, dir].
func (sp *rnnSpec) hAt(dir, b int) int {
	if sp.batchFirst {
		return (b*sp.dirs + dir) * sp.hs
	}
	return (dir*sp.batch + b) * sp.hs
}

// rnnState holds the buffers of a run, reused across directions.
type rnnState struct {
	xd []float32 // X as [seq, batch, input]
	xw []float32 // input projections (+ biases) of every step: [seq·batch, gh]
	hr []float32 // recurrent projections of one step: [batch, gh]
	h  []float32 // hidden state per instance
	c  []float32 // LSTM cell state per instance
	rh []float32 // GRU: r ⊙ H (linear_before_reset=0)
}

func (sp *rnnSpec) newState(xd []float32) *rnnState {
	return &rnnState{xd: xd, xw: make([]float32, sp.seq*sp.batch*sp.gh), hr: make([]float32, sp.batch*sp.gh),
		h: make([]float32, sp.batch*sp.hs), c: make([]float32, sp.batch*sp.hs), rh: make([]float32, sp.batch*sp.hs)}
}

// rnnCell is the per-instance step of one direction: its activations, the
// LSTM peepholes and the GRU's recurrent h-gate bias.
type rnnCell struct {
	f, g, h    func(float32) float32
	pi, po, pf []float32 // LSTM peepholes, nil when absent
	rbh        []float32 // GRU linear_before_reset: Rbh, nil when absent
	lbr        bool
	hs         int
	hn         []float32 // GRU scratch
}

// cell returns the step of direction dir.
func (sp *rnnSpec) cell(dir int) *rnnCell {
	na := len(sp.kind.activations)
	c := &rnnCell{f: sp.acts[dir*na], g: sp.acts[0], h: sp.acts[0], lbr: sp.lbr, hs: sp.hs, hn: make([]float32, sp.hs)}
	if na > 1 {
		c.g = sp.acts[dir*na+1]
	}
	if na > 2 {
		c.h = sp.acts[dir*na+2]
	}
	hs := sp.hs
	if sp.peep != nil {
		p := sp.peep[dir*3*hs : (dir+1)*3*hs]
		c.pi, c.po, c.pf = p[:hs], p[hs:2*hs], p[2*hs:]
	}
	if sp.bias != nil && sp.kind.op == "GRU" {
		c.rbh = sp.bias[dir*2*sp.gh+sp.gh+2*hs : (dir+1)*2*sp.gh]
	}
	return c
}

// lstmStep updates the hidden state hb and cell state cb of one instance
// from its input projection xr and recurrent projection hrr (gates i, o, f, c).
func (c *rnnCell) lstmStep(xr, hrr, hb, cb []float32) {
	hs := c.hs
	for j := 0; j < hs; j++ {
		iv := xr[j] + hrr[j]
		ov := xr[hs+j] + hrr[hs+j]
		fv := xr[2*hs+j] + hrr[2*hs+j]
		cv := xr[3*hs+j] + hrr[3*hs+j]
		if c.pi != nil {
			iv += c.pi[j] * cb[j]
			fv += c.pf[j] * cb[j]
		}
		ct := c.f(fv)*cb[j] + c.f(iv)*c.g(cv)
		if c.pi != nil {
			ov += c.po[j] * ct
		}
		cb[j] = ct
		hb[j] = c.f(ov) * c.h(ct)
	}
}

// gruStep updates the hidden state hb of one instance (gates z, r, h).
func (c *rnnCell) gruStep(xr, hrr, hb, cb []float32) {
	hs := c.hs
	for j := 0; j < hs; j++ {
		z := c.f(xr[j] + hrr[j])
		var hv float32
		if c.lbr {
			rt := c.f(xr[hs+j] + hrr[hs+j])
			rbh := float32(0)
			if c.rbh != nil {
				rbh = c.rbh[j]
			}
			hv = c.g(xr[2*hs+j] + rt*(hrr[2*hs+j]+rbh))
		} else {
			hv = c.g(xr[2*hs+j] + hrr[2*hs+j])
		}
		c.hn[j] = (1-z)*hv + z*hb[j]
	}
	copy(hb, c.hn)
}

// rnnStep updates the hidden state hb of one instance of a plain RNN.
func (c *rnnCell) rnnStep(xr, hrr, hb, cb []float32) {
	for j := 0; j < c.hs; j++ {
		hb[j] = c.f(xr[j] + hrr[j])
	}
}

// runDirection runs direction dir over the sequence, writing every step's
// hidden state into y (when wanted).
func (sp *rnnSpec) runDirection(st *rnnState, dir int, y []float32) {
	sp.projectInputs(st, dir)
	sp.initialState(st, dir)
	cell := sp.cell(dir)
	step := sp.kind.step
	rev := sp.reverseOnly || dir == 1
	hs, gh, batch := sp.hs, sp.gh, sp.batch
	for s := 0; s < sp.seq; s++ {
		sp.projectState(st, dir, s, rev, cell)
		for b := 0; b < batch; b++ {
			if s >= sp.lens[b] {
				continue
			}
			t := s
			if rev {
				t = sp.lens[b] - 1 - s
			}
			hb := st.h[b*hs : (b+1)*hs]
			step(cell, st.xw[(t*batch+b)*gh:(t*batch+b+1)*gh], st.hr[b*gh:(b+1)*gh], hb, st.c[b*hs:(b+1)*hs])
			if y != nil {
				copy(y[sp.yAt(t, dir, b):], hb)
			}
		}
	}
}

// projectInputs computes X·Wᵀ for every step of direction dir in one GEMM
// and adds the biases (but Rbh of a GRU with linear_before_reset, which
// stays inside r ⊙ (…)).
func (sp *rnnSpec) projectInputs(st *rnnState, dir int) {
	gh, isz, rows := sp.gh, sp.isz, sp.seq*sp.batch
	wd := sp.w[dir*gh*isz : (dir+1)*gh*isz]
	if rows > 0 && isz > 0 {
		sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(rows, isz, st.xd), general(gh, isz, wd), 0, general(rows, gh, st.xw))
	} else {
		clear(st.xw)
	}
	if sp.bias == nil {
		return
	}
	wb := sp.bias[dir*2*gh : dir*2*gh+gh]
	rb := sp.bias[dir*2*gh+gh : (dir+1)*2*gh]
	keepRbh := sp.kind.op == "GRU" && sp.lbr
	for row := 0; row < rows; row++ {
		xr := st.xw[row*gh : (row+1)*gh]
		for j := range xr {
			xr[j] += wb[j]
			if !(keepRbh && j >= 2*sp.hs) {
				xr[j] += rb[j]
			}
		}
	}
}

// initialState sets every instance's hidden and cell state to initial_h
// and initial_c of direction dir, or zero.
func (sp *rnnSpec) initialState(st *rnnState, dir int) {
	hs := sp.hs
	for b := 0; b < sp.batch; b++ {
		for j := 0; j < hs; j++ {
			st.h[b*hs+j], st.c[b*hs+j] = 0, 0
			if sp.h0 != nil {
				st.h[b*hs+j] = sp.h0[sp.hAt(dir, b)+j]
			}
			if sp.c0 != nil {
				st.c[b*hs+j] = sp.c0[sp.hAt(dir, b)+j]
			}
		}
	}
}

// projectState computes the recurrent projections H·Rᵀ of every
// instance's state for step s in one GEMM; a GRU with
// linear_before_reset=0 projects r ⊙ H for its h gate instead of H.
func (sp *rnnSpec) projectState(st *rnnState, dir, s int, rev bool, cell *rnnCell) {
	hs, gh, batch := sp.hs, sp.gh, sp.batch
	rd := sp.r[dir*gh*hs : (dir+1)*gh*hs]
	gruReset := sp.kind.op == "GRU" && !sp.lbr
	rows := gh
	if gruReset {
		rows = 2 * hs
	}
	if hs > 0 {
		sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(batch, hs, st.h), general(rows, hs, rd[:rows*hs]), 0, general(batch, gh, st.hr))
	}
	if !gruReset {
		return
	}
	for b := 0; b < batch; b++ {
		if s >= sp.lens[b] {
			continue
		}
		t := s
		if rev {
			t = sp.lens[b] - 1 - s
		}
		xr, hrr := st.xw[(t*batch+b)*gh:], st.hr[b*gh:]
		for j := 0; j < hs; j++ {
			rt := cell.f(xr[hs+j] + hrr[hs+j])
			st.rh[b*hs+j] = rt * st.h[b*hs+j]
		}
	}
	if hs > 0 {
		hrh := blas32.General{Rows: batch, Cols: hs, Stride: gh, Data: st.hr[2*hs:]}
		sgemm.Gemm(blas.NoTrans, blas.Trans, 1, general(batch, hs, st.rh), general(hs, hs, rd[2*hs*hs:]), 0, hrh)
	}
}

// storeFinal copies direction dir's final hidden and cell states into Y_h
// and Y_c (when wanted).
func (sp *rnnSpec) storeFinal(st *rnnState, dir int, yh, yc []float32) {
	hs := sp.hs
	for b := 0; b < sp.batch; b++ {
		if yh != nil {
			copy(yh[sp.hAt(dir, b):sp.hAt(dir, b)+hs], st.h[b*hs:(b+1)*hs])
		}
		if yc != nil {
			copy(yc[sp.hAt(dir, b):sp.hAt(dir, b)+hs], st.c[b*hs:(b+1)*hs])
		}
	}
}
