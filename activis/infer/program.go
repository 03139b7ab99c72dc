package infer

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
)

// Sentinel errors; test for them with errors.Is.
var (
	// ErrUnsupported reports an operator (or an attribute value) the runtime does not implement.
	ErrUnsupported = errors.New("unsupported operator")
	// ErrInput reports a missing input or one whose shape does not fit the model.
	ErrInput = errors.New("bad input")
)

// Tensor is a dense row-major float32 tensor. Integer tensors (token ids,
// shapes, indices) are held as float32 values too, exact up to 2^24.
type Tensor struct {
	Shape []int
	Data  []float32
}

// NewTensor wraps data (len must equal the product of shape) without copying.
func NewTensor(shape []int, data []float32) (*Tensor, error) {
	if n := numel(shape); n != len(data) {
		return nil, fmt.Errorf("infer: shape %v needs %d values, got %d", shape, n, len(data))
	}
	return &Tensor{Shape: append([]int{}, shape...), Data: data}, nil
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return numel(t.Shape) }

// DefaultMaxElements bounds the size of one tensor (4 GiB of float32), so
// that a corrupt shape gives an error instead of an allocation failure.
const DefaultMaxElements = 1 << 30

// checkedNumel returns the number of elements of shape, or an error for a
// negative dimension or a tensor larger than maxElements.
func checkedNumel(shape []int, maxElements int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension in shape %v", shape)
		}
		if d > 0 && n > maxElements/d {
			return 0, fmt.Errorf("shape %v exceeds %d elements", shape, maxElements)
		}
		n *= d
	}
	return n, nil
}

func numel(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// kernel computes a node's outputs, whose shapes are already set and whose
// Data have the right length, from its inputs (nil for omitted optional ones).
type kernel func(x *Executor, n *graph.Node, in, out []*Tensor) error

// step is one node to run per batch.
type step struct {
	node    *graph.Node
	run     kernel
	in, out []int // slots; -1 for an omitted input
	// pool, when not nil, is a MaxPool or AveragePool fused after the
	// step (a Conv with its Relu): out are the pool's outputs, whose
	// shapes exec infers through node and then pool.
	pool *graph.Node
}

// Program is a Graph compiled for execution: the kernel of every node,
// constants folded once, and tensor slots. A Program is immutable and safe
// for concurrent use; each goroutine runs it through its own Executor.
type Program struct {
	g      *graph.Graph
	slots  map[string]int
	names  []string
	dtypes []string
	consts []*Tensor // by slot; nil for values computed per run
	steps  []step
	inputs []int // slots of the graph inputs
	// isConst holds the constant tensors, whose derived layouts executors may cache.
	isConst map[*Tensor]bool
	// packed holds the constant Conv weights packed for the GEMM kernel,
	// one *sgemm.Packed per group, keyed by the weight tensor; filled on
	// first use and shared by every Executor.
	packed sync.Map
}

// Compile prepares g for execution. It fails with an error wrapping
// ErrUnsupported, naming the operator and node, when a node's operator is
// not implemented, and evaluates every node that depends on constants only.
func Compile(g *graph.Graph) (*Program, error) {
	p := &Program{g: g, slots: map[string]int{}}
	if err := p.plan(); err != nil {
		return nil, err
	}
	if err := p.foldConstants(); err != nil {
		return nil, err
	}
	return p, nil
}

// slot returns the value slot of tensor name, adding one the first time.
func (p *Program) slot(name string) int {
	if s, ok := p.slots[name]; ok {
		return s
	}
	s := len(p.names)
	p.slots[name] = s
	p.names = append(p.names, name)
	dt := ""
	if t := p.g.Tensors[name]; t != nil {
		dt = t.DType
	}
	p.dtypes = append(p.dtypes, dt)
	p.consts = append(p.consts, nil)
	return s
}

// plan gives every tensor a slot, the weights as constants, and every node
// a step with its kernel; nodes without a kernel, or whose attributes ask
// for what the kernel does not implement, are listed in one error.
func (p *Program) plan() error {
	g := p.g
	for _, name := range g.Inputs {
		p.inputs = append(p.inputs, p.slot(name))
	}
	for name, in := range g.Initializers {
		s := p.slot(name)
		p.consts[s] = &Tensor{Shape: append([]int{}, in.Shape...), Data: in.Float32s()}
	}
	var bad []string
	for _, n := range g.Nodes {
		k, ok := kernels[n.OpType]
		if !ok || (n.Domain != "" && n.Domain != "ai.onnx") {
			bad = append(bad, fmt.Sprintf("node %q (op %s)", n.Name, opName(n)))
			continue
		}
		if check := checks[n.OpType]; check != nil {
			if err := check(n, g.Opset); err != nil {
				bad = append(bad, fmt.Sprintf("node %q (op %s with %v)", n.Name, opName(n), err))
				continue
			}
		}
		st := step{node: n, run: k}
		for _, in := range n.Inputs {
			if in == "" {
				st.in = append(st.in, -1)
			} else {
				st.in = append(st.in, p.slot(in))
			}
		}
		for _, out := range n.Outputs {
			st.out = append(st.out, p.slot(out))
		}
		p.steps = append(p.steps, st)
	}
	if len(bad) > 0 {
		return fmt.Errorf("infer: %w: %s; supported operators: %s", ErrUnsupported, strings.Join(bad, ", "), strings.Join(Supported(), " "))
	}
	return nil
}

// foldConstants runs the steps whose inputs are all constant once, keeps
// their outputs as constants and only the other steps to run per batch.
func (p *Program) foldConstants() error {
	x := p.NewExecutor()
	copy(x.vals, p.consts)
	var dynamic []step
	for _, st := range p.steps {
		static := true
		for _, s := range st.in {
			if s >= 0 && p.consts[s] == nil {
				static = false
			}
		}
		if !static {
			dynamic = append(dynamic, st)
			continue
		}
		if err := x.exec(st); err != nil {
			return fmt.Errorf("infer: folding constants: %w", err)
		}
		for _, s := range st.out {
			if t := x.vals[s]; t != nil {
				p.consts[s] = &Tensor{Shape: t.Shape, Data: append([]float32(nil), t.Data...)}
			}
		}
	}
	p.steps = dynamic
	p.isConst = map[*Tensor]bool{}
	for _, t := range p.consts {
		if t != nil {
			p.isConst[t] = true
		}
	}
	return nil
}

func opName(n *graph.Node) string {
	if n.Domain != "" && n.Domain != "ai.onnx" {
		return n.Domain + "." + n.OpType
	}
	return n.OpType
}

// Supported returns the operator types the runtime implements, sorted.
func Supported() []string {
	var out []string
	for k := range kernels {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Graph returns the compiled graph.
func (p *Program) Graph() *graph.Graph { return p.g }

// Executor runs a Program. It owns the buffers of every intermediate tensor
// and reuses them from one Run to the next, so it must not be shared between
// goroutines; create one per worker with Program.NewExecutor.
type Executor struct {
	// MaxElements bounds the number of elements of any tensor the executor
	// allocates (DefaultMaxElements when 0); a larger one is an error.
	MaxElements int

	p       *Program
	vals    []*Tensor
	bufs    [][]float32
	scratch []float32
	// image holds one image's Conv output when a pooling is fused after it.
	image []float32
	plans map[string][]step
	// transposed caches transposed copies of constant matrices (weights).
	transposed map[*Tensor][]float32
}

// NewExecutor returns an Executor with empty buffers.
func (p *Program) NewExecutor() *Executor {
	return &Executor{p: p, vals: make([]*Tensor, len(p.names)), bufs: make([][]float32, len(p.names)),
		plans: map[string][]step{}, transposed: map[*Tensor][]float32{}}
}

// plan returns the steps needed to compute the wanted slots.
func (x *Executor) plan(want []int) []step {
	key := fmt.Sprint(want)
	if pl, ok := x.plans[key]; ok {
		return pl
	}
	need := make([]bool, len(x.p.names))
	for _, s := range want {
		need[s] = true
	}
	keep := make([]bool, len(x.p.steps))
	for i := len(x.p.steps) - 1; i >= 0; i-- {
		st := x.p.steps[i]
		for _, s := range st.out {
			if need[s] {
				keep[i] = true
			}
		}
		if keep[i] {
			for _, s := range st.in {
				if s >= 0 {
					need[s] = true
				}
			}
		}
	}
	var pl []step
	for i, st := range x.p.steps {
		if keep[i] {
			pl = append(pl, st)
		}
	}
	pl = fuse(pl, want)
	x.plans[key] = pl
	return pl
}

// fuse folds a Relu into the Conv or Gemm before it when nothing else
// reads the Conv's or Gemm's own output (it is neither wanted nor consumed
// by another step): the fused step writes the Relu's output directly. A
// MaxPool or AveragePool that is the only reader of a fused Conv+Relu's
// output is folded in too (fusePool): each image is pooled while its
// convolution is in cache, and the Conv's full output is never stored.
func fuse(pl []step, want []int) []step {
	readers := map[int]int{}
	for _, s := range want {
		readers[s]++
	}
	for _, st := range pl {
		for _, s := range st.in {
			if s >= 0 {
				readers[s]++
			}
		}
	}
	out := make([]step, 0, len(pl))
	skip := map[int]bool{}
	for i, st := range pl {
		if skip[i] {
			continue
		}
		k, ok := fused[st.node.OpType]
		if ok && len(st.out) == 1 && readers[st.out[0]] == 1 {
			for j := i + 1; j < len(pl); j++ {
				r := pl[j]
				if len(r.in) == 1 && r.in[0] == st.out[0] {
					if r.node.OpType == "Relu" && len(r.out) == 1 {
						fs := step{node: st.node, run: k, in: st.in, out: r.out}
						skip[j] = true
						ok = false
						if st.node.OpType == "Conv" && readers[r.out[0]] == 1 {
							fs = fusePool(fs, pl, j, skip)
						}
						out = append(out, fs)
					}
					break
				}
			}
			if !ok {
				continue
			}
		}
		out = append(out, st)
	}
	return out
}

// fusePool folds into the fused Conv+Relu step fs (whose Relu is pl[j])
// the MaxPool or AveragePool that reads its output, if the next step
// reading it is one, with a single output (no MaxPool Indices).
func fusePool(fs step, pl []step, j int, skip map[int]bool) step {
	for i := j + 1; i < len(pl); i++ {
		r := pl[i]
		if len(r.in) == 1 && r.in[0] == fs.out[0] {
			op := r.node.OpType
			if (op == "MaxPool" || op == "AveragePool") && len(r.out) == 1 {
				pn := r.node
				skip[i] = true
				return step{node: fs.node, in: fs.in, out: r.out, pool: pn,
					run: func(x *Executor, n *graph.Node, in, out []*Tensor) error {
						return convReluPool(x, n, pn, in, out)
					}}
			}
			break
		}
	}
	return fs
}

// Run computes the tensors named in want (ONNX tensor names; the graph
// outputs when want is empty) from the inputs, keyed by graph input name.
// The returned tensors live in the Executor's buffers: they stay valid until
// the next Run and must not be modified. Inputs are not copied.
func (x *Executor) Run(inputs map[string]*Tensor, want ...string) (map[string]*Tensor, error) {
	p := x.p
	if len(want) == 0 {
		want = p.g.Outputs
	}
	ws, err := p.wantSlots(want)
	if err != nil {
		return nil, err
	}
	for i := range x.vals {
		x.vals[i] = p.consts[i]
	}
	for _, s := range p.inputs {
		name := p.names[s]
		t, ok := inputs[name]
		if !ok || t == nil {
			return nil, fmt.Errorf("infer: %w: input %q missing", ErrInput, name)
		}
		if len(t.Data) != t.Len() {
			return nil, fmt.Errorf("infer: %w: input %q has %d values for shape %v", ErrInput, name, len(t.Data), t.Shape)
		}
		if decl := p.g.Tensors[name].Shape; decl != nil {
			if len(decl) != len(t.Shape) {
				return nil, fmt.Errorf("infer: %w: input %q has shape %v, the model expects %v", ErrInput, name, t.Shape, decl)
			}
			for d := range decl {
				if decl[d] >= 0 && decl[d] != t.Shape[d] {
					return nil, fmt.Errorf("infer: %w: input %q has shape %v, the model expects %v", ErrInput, name, t.Shape, decl)
				}
			}
		}
		x.vals[s] = t
	}
	for _, st := range x.plan(ws) {
		if err := x.exec(st); err != nil {
			return nil, fmt.Errorf("infer: %w", err)
		}
	}
	out := make(map[string]*Tensor, len(want))
	for i, s := range ws {
		if x.vals[s] == nil {
			return nil, fmt.Errorf("infer: tensor %q was not computed", want[i])
		}
		out[want[i]] = x.vals[s]
	}
	return out, nil
}

// exec runs one step: infers output shapes, sizes output buffers, calls the kernel.
func (x *Executor) exec(st step) error {
	n := st.node
	ins := make([]*Tensor, len(st.in))
	infos := make([]*graph.Info, len(st.in))
	for i, s := range st.in {
		if s < 0 {
			continue
		}
		t := x.vals[s]
		if t == nil {
			return fmt.Errorf("node %q (%s): input %q has no value", n.Name, n.OpType, x.p.names[s])
		}
		ins[i] = t
		info := &graph.Info{DType: x.p.dtypes[s], Shape: t.Shape}
		if len(t.Data) <= 64 {
			info.Value = make([]int64, len(t.Data))
			for k, v := range t.Data {
				info.Value[k] = toInt64(v)
			}
			info.Floats = t.Data
		}
		infos[i] = info
	}
	oi, err := graph.InferNode(n, x.p.g.Opset, infos)
	if err != nil {
		return err
	}
	if st.pool != nil && len(oi) > 0 && oi[0] != nil {
		oi, err = graph.InferNode(st.pool, x.p.g.Opset, []*graph.Info{{DType: oi[0].DType, Shape: oi[0].Shape}})
		if err != nil {
			return fmt.Errorf("node %q (%s, fused after %q): %w", st.pool.Name, st.pool.OpType, n.Name, err)
		}
	}
	outs := make([]*Tensor, len(st.out))
	for i, s := range st.out {
		if i >= len(oi) || oi[i] == nil {
			continue
		}
		limit := x.MaxElements
		if limit <= 0 {
			limit = DefaultMaxElements
		}
		size, err := checkedNumel(oi[i].Shape, limit)
		if err != nil {
			return fmt.Errorf("node %q (%s): output %q: %w", n.Name, n.OpType, x.p.names[s], err)
		}
		if cap(x.bufs[s]) < size {
			x.bufs[s] = make([]float32, size)
		}
		t := &Tensor{Shape: oi[i].Shape, Data: x.bufs[s][:size]}
		outs[i] = t
		x.vals[s] = t
	}
	if err := st.run(x, n, ins, outs); err != nil {
		return fmt.Errorf("node %q (%s): %w", n.Name, n.OpType, err)
	}
	return nil
}

// transpose returns t's data, viewed as a rows × cols matrix, transposed.
// The result is cached when t is a constant of the program (a weight).
func (x *Executor) transpose(t *Tensor, rows, cols int) []float32 {
	if v, ok := x.transposed[t]; ok {
		return v
	}
	v := make([]float32, rows*cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v[j*rows+i] = t.Data[i*cols+j]
		}
	}
	if x.p.isConst[t] {
		x.transposed[t] = v
	}
	return v
}

// packedWeights returns the Conv weight tensor w, m×k per group, packed
// once per Program as the left GEMM operand of each of its groups, or nil
// when w is not a constant of the program (computed per run).
func (x *Executor) packedWeights(w *Tensor, groups, mg, k int) []*sgemm.Packed {
	if !x.p.isConst[w] || len(w.Data) < groups*mg*k {
		return nil // the caller's unpacked path reports a short weight
	}
	if v, ok := x.p.packed.Load(w); ok {
		if ps := v.([]*sgemm.Packed); len(ps) == groups && ps[0].Rows() == mg && ps[0].Cols() == k {
			return ps
		}
	}
	ps := make([]*sgemm.Packed, groups)
	for g := range ps {
		ps[g] = sgemm.PackA(blas.NoTrans, general(mg, k, w.Data[g*mg*k:(g+1)*mg*k]))
	}
	x.p.packed.Store(w, ps)
	return ps
}

// toInt64 converts an integer carried as float32, saturating at the int64
// range (PyTorch writes INT64_MAX for an open slice end).
func toInt64(v float32) int64 {
	switch {
	case v >= 9.2e18:
		return math.MaxInt64
	case v <= -9.2e18:
		return math.MinInt64
	case v != v:
		return 0
	}
	return int64(v)
}

// scratchBuf returns a scratch slice of length n owned by the executor.
func (x *Executor) scratchBuf(n int) []float32 {
	if cap(x.scratch) < n {
		x.scratch = make([]float32, n)
	}
	return x.scratch[:n]
}

// wantSlots returns the value slots of the tensors named in want, or an
// error naming one the model lacks.
func (p *Program) wantSlots(want []string) ([]int, error) {
	ws := make([]int, len(want))
	for i, name := range want {
		s, ok := p.slots[name]
		if !ok {
			return nil, fmt.Errorf("infer: %w: %q is not a tensor of the model", graph.ErrUnknownTensor, name)
		}
		ws[i] = s
	}
	return ws, nil
}
