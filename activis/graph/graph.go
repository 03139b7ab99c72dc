package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

// Sentinel errors; test for them with errors.Is.
var (
	// ErrFormat reports a file that is not a well-formed ONNX model:
	// truncated, corrupt, or missing a required part.
	ErrFormat = errors.New("malformed ONNX model")
	// ErrUnknownTensor reports a tensor, group or node name that is not in the graph.
	ErrUnknownTensor = errors.New("unknown tensor")
	// ErrAmbiguous reports a name that matches more than one group.
	ErrAmbiguous = errors.New("ambiguous name")
)

// Graph is a decoded ONNX model graph: its nodes in topological order, every
// tensor with dtype and (inferred) shape, the edges between nodes, the
// initializers (weights) and a hierarchy of name-scope groups.
type Graph struct {
	// Name is the graph's name; Source the file it was loaded from ("" when decoded from bytes).
	Name, Source string
	// Producer is the exporter that wrote the file, e.g. "pytorch 1.13.0".
	Producer string
	// Opset is the version of the default ("" or "ai.onnx") operator set.
	Opset int
	// Nodes are the operator nodes in topological order; Node.Index is the position.
	Nodes []*Node
	// Tensors maps every tensor name (inputs, initializers, intermediates, outputs) to its description.
	Tensors map[string]*Tensor
	// Inputs are the graph's data inputs (graph inputs that are not initializers), in file order.
	Inputs []string
	// Outputs are the graph's outputs, in file order.
	Outputs []string
	// Initializers maps a weight tensor's name to its stored value.
	Initializers map[string]*Initializer
	// Edges connect producer to consumer nodes, one per (tensor, consumer) pair, in node order.
	Edges []Edge
	// Root is the top of the name-scope hierarchy (Path ""); see Summary.
	Root *Group

	groups map[string]*Group // by path
	// qualified maps PyTorch qualified module names to scope groups.
	qualified map[string]*Group
	byNode    []*Group // leaf group of each node
}

// Node is one operator application.
type Node struct {
	// Index is the node's position in Graph.Nodes (topological order).
	Index int
	// Name is the node's name as stored (may be empty in the file; then a name is made up from its op and index).
	Name string
	// OpType is the operator, e.g. "Conv"; Domain its operator-set domain ("" for the default).
	OpType, Domain string
	// Inputs and Outputs are tensor names; an empty input name is an omitted optional input.
	Inputs, Outputs []string
	// Attrs holds the node's attributes by name.
	Attrs map[string]*Attr
	// Params counts the weight elements (float initializers) this node is the first consumer of.
	Params int
	// Scope is the name-scope path of the node, e.g. ["layer1", "conv1"] for "/layer1/conv1/Conv".
	Scope []string
}

// TensorKind says where a tensor's value comes from.
type TensorKind int

// Tensor kinds.
const (
	// Intermediate tensors are computed by a node.
	Intermediate TensorKind = iota
	// Input tensors are fed by the caller.
	Input
	// Weight tensors are initializers stored in the file.
	Weight
)

// String returns "intermediate", "input" or "weight".
func (k TensorKind) String() string {
	switch k {
	case Input:
		return "input"
	case Weight:
		return "weight"
	}
	return "intermediate"
}

// Tensor describes one tensor of the graph.
type Tensor struct {
	// Name is the tensor's ONNX name.
	Name string
	// DType is the element type, e.g. "float32", "int64"; "" when unknown.
	DType string
	// Shape holds the dimensions; -1 marks a dimension that depends on the
	// batch size (or is otherwise unknown). Nil when the rank is unknown.
	Shape []int
	// DimNames holds symbolic names of dimensions (e.g. "batch") where the file gives them; same length as Shape or nil.
	DimNames []string
	// Kind says whether the tensor is an input, a weight or computed.
	Kind TensorKind
	// Producer is the index of the node that computes it, -1 for inputs and weights.
	Producer int
	// Consumers are the indices of nodes that read it, in node order.
	Consumers []int
	// Output reports whether the tensor is a graph output.
	Output bool
	// Data reports whether the tensor is a data node: an activation computed
	// from the model input by a compute operator, whose values can be
	// inspected per instance (not a weight, constant or shape computation).
	Data bool
}

// Edge is a data dependency: tensor Tensor flows from node From to node To.
type Edge struct {
	From, To int
	Tensor   string
}

// AttrType tells which field of an Attr holds its value.
type AttrType int

// Attribute value types (the ONNX AttributeProto types the runtime uses).
const (
	AttrUnknown AttrType = iota
	AttrFloat
	AttrInt
	AttrString
	AttrTensor
	AttrFloats
	AttrInts
	AttrStrings
)

// Attr is a node attribute.
type Attr struct {
	Name    string
	Type    AttrType
	F       float32
	I       int64
	S       string
	T       *Initializer
	Floats  []float32
	Ints    []int64
	Strings []string
}

// String formats the attribute's value.
func (a *Attr) String() string {
	switch a.Type {
	case AttrFloat:
		return fmt.Sprint(a.F)
	case AttrInt:
		return fmt.Sprint(a.I)
	case AttrString:
		return fmt.Sprintf("%q", a.S)
	case AttrTensor:
		return fmt.Sprintf("tensor %s%v", a.T.DType, a.T.Shape)
	case AttrFloats:
		return fmt.Sprint(a.Floats)
	case AttrInts:
		return fmt.Sprint(a.Ints)
	case AttrStrings:
		return fmt.Sprint(a.Strings)
	}
	return "?"
}

// Int returns the integer attribute name, or def when the node lacks it.
func (n *Node) Int(name string, def int64) int64 {
	if a, ok := n.Attrs[name]; ok && a.Type == AttrInt {
		return a.I
	}
	return def
}

// Float returns the float attribute name, or def when the node lacks it.
func (n *Node) Float(name string, def float32) float32 {
	if a, ok := n.Attrs[name]; ok && a.Type == AttrFloat {
		return a.F
	}
	return def
}

// String returns the string attribute name, or def when the node lacks it.
func (n *Node) String(name, def string) string {
	if a, ok := n.Attrs[name]; ok && a.Type == AttrString {
		return a.S
	}
	return def
}

// Ints returns the integer-list attribute name and whether the node has it.
func (n *Node) Ints(name string) ([]int64, bool) {
	if a, ok := n.Attrs[name]; ok && (a.Type == AttrInts || a.Type == AttrInt) {
		if a.Type == AttrInt {
			return []int64{a.I}, true
		}
		return a.Ints, true
	}
	return nil, false
}

// Input returns input i, or "" when the node has fewer inputs (an omitted optional input).
func (n *Node) Input(i int) string {
	if i < len(n.Inputs) {
		return n.Inputs[i]
	}
	return ""
}

// Load reads and decodes the ONNX file at path. Errors name the file and
// wrap ErrFormat when the file is truncated or corrupt.
func Load(path string) (*Graph, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	mp, err := unmarshal(b)
	if err == nil {
		err = loadExternal(mp, filepath.Dir(path))
		if err != nil {
			err = fmt.Errorf("%w: %v", ErrFormat, err)
		}
	}
	var g *Graph
	if err == nil {
		g, err = FromProto(mp)
	}
	if err != nil {
		return nil, fmt.Errorf("graph: %s: %w", path, err)
	}
	g.Source = path
	return g, nil
}

// Decode decodes a serialized ONNX ModelProto.
// Weights in external data files need the model's folder: use Load.
func Decode(b []byte) (*Graph, error) {
	mp, err := unmarshal(b)
	if err != nil {
		return nil, err
	}
	return FromProto(mp)
}

// unmarshal decodes the protobuf of a model file.
func unmarshal(b []byte) (*onnx.ModelProto, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrFormat)
	}
	mp := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, mp); err != nil {
		return nil, fmt.Errorf("%w: truncated or corrupt protobuf (%d bytes): %v", ErrFormat, len(b), err)
	}
	return mp, nil
}

// FromProto builds a Graph from a decoded ModelProto, checks that every node
// input is defined, orders the nodes topologically, infers missing tensor
// shapes and builds the scope hierarchy.
func FromProto(mp *onnx.ModelProto) (*Graph, error) {
	gp := mp.GetGraph()
	if gp == nil {
		return nil, fmt.Errorf("%w: no graph (truncated file?)", ErrFormat)
	}
	if len(mp.GetOpsetImport()) == 0 {
		return nil, fmt.Errorf("%w: no opset_import (truncated file?)", ErrFormat)
	}
	g := &Graph{
		Name:         gp.GetName(),
		Producer:     strings.TrimSpace(mp.GetProducerName() + " " + mp.GetProducerVersion()),
		Tensors:      map[string]*Tensor{},
		Initializers: map[string]*Initializer{},
		groups:       map[string]*Group{},
	}
	for _, o := range mp.GetOpsetImport() {
		if d := o.GetDomain(); d == "" || d == "ai.onnx" {
			g.Opset = int(o.GetVersion())
		}
	}
	for _, tp := range gp.GetInitializer() {
		in, err := newInitializer(tp)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		g.Initializers[in.Name] = in
		g.Tensors[in.Name] = &Tensor{Name: in.Name, DType: in.DType, Shape: in.Shape, Kind: Weight, Producer: -1}
	}
	for _, vi := range gp.GetInput() {
		name := vi.GetName()
		if _, ok := g.Initializers[name]; ok {
			continue // older exporters list weights as inputs too
		}
		t := &Tensor{Name: name, Kind: Input, Producer: -1}
		setType(t, vi.GetType())
		g.Tensors[name] = t
		g.Inputs = append(g.Inputs, name)
	}
	nodes, err := decodeNodes(gp.GetNode())
	if err != nil {
		return nil, err
	}
	sorted, err := g.topoSort(nodes)
	if err != nil {
		return nil, err
	}
	g.Nodes = sorted
	g.link()
	// Declared types: value_info and outputs.
	for _, vi := range append(append([]*onnx.ValueInfoProto(nil), gp.GetValueInfo()...), gp.GetOutput()...) {
		if t, ok := g.Tensors[vi.GetName()]; ok && t.Kind == Intermediate {
			setType(t, vi.GetType())
		}
	}
	for _, vi := range gp.GetOutput() {
		t, ok := g.Tensors[vi.GetName()]
		if !ok {
			return nil, fmt.Errorf("%w: graph output %q is not produced by any node", ErrFormat, vi.GetName())
		}
		t.Output = true
		g.Outputs = append(g.Outputs, vi.GetName())
	}
	g.inferShapes()
	g.markData()
	g.buildGroups()
	return g, nil
}

// decodeNodes decodes the nodes in the file's order, naming unnamed ones
// OPTYPE_INDEX.
func decodeNodes(nps []*onnx.NodeProto) ([]*Node, error) {
	var nodes []*Node
	for i, np := range nps {
		n := &Node{
			Name: np.GetName(), OpType: np.GetOpType(), Domain: np.GetDomain(),
			Inputs: append([]string(nil), np.GetInput()...), Outputs: append([]string(nil), np.GetOutput()...),
			Attrs: map[string]*Attr{},
		}
		if n.OpType == "" {
			return nil, fmt.Errorf("%w: node %d (%q) has no op_type", ErrFormat, i, n.Name)
		}
		if n.Name == "" {
			n.Name = fmt.Sprintf("%s_%d", n.OpType, i)
		}
		for _, ap := range np.GetAttribute() {
			a, err := newAttr(ap)
			if err != nil {
				return nil, fmt.Errorf("%w: node %q attribute %q: %v", ErrFormat, n.Name, ap.GetName(), err)
			}
			n.Attrs[a.Name] = a
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// link indexes the sorted nodes, adds their output tensors, and records
// every tensor's consumers, the edges between nodes and each node's
// parameter count (the float weights it is the first consumer of).
func (g *Graph) link() {
	for i, n := range g.Nodes {
		n.Index = i
		for _, out := range n.Outputs {
			if out == "" {
				continue
			}
			g.Tensors[out] = &Tensor{Name: out, Kind: Intermediate, Producer: i}
		}
	}
	counted := map[string]bool{}
	for i, n := range g.Nodes {
		for _, in := range n.Inputs {
			if in == "" {
				continue
			}
			t := g.Tensors[in]
			if len(t.Consumers) == 0 || t.Consumers[len(t.Consumers)-1] != i {
				t.Consumers = append(t.Consumers, i)
				if t.Producer >= 0 {
					g.Edges = append(g.Edges, Edge{From: t.Producer, To: i, Tensor: in})
				}
			}
			if init, ok := g.Initializers[in]; ok && !counted[in] && isFloat(init.DType) {
				counted[in] = true
				n.Params += init.Len()
			}
		}
	}
}

// topoSort checks that every input is defined and returns the nodes in a
// topological order (the file's order when it already is one).
func (g *Graph) topoSort(nodes []*Node) ([]*Node, error) {
	producer := map[string]int{}
	for i, n := range nodes {
		for _, out := range n.Outputs {
			if out == "" {
				continue
			}
			if _, dup := producer[out]; dup {
				return nil, fmt.Errorf("%w: tensor %q is produced twice (node %q)", ErrFormat, out, n.Name)
			}
			if t, ok := g.Tensors[out]; ok {
				return nil, fmt.Errorf("%w: node %q overwrites %s %q", ErrFormat, n.Name, t.Kind, out)
			}
			producer[out] = i
		}
	}
	indeg := make([]int, len(nodes))
	users := make([][]int, len(nodes))
	for i, n := range nodes {
		for _, in := range n.Inputs {
			if in == "" {
				continue
			}
			if p, ok := producer[in]; ok {
				indeg[i]++
				users[p] = append(users[p], i)
			} else if _, ok := g.Tensors[in]; !ok {
				return nil, fmt.Errorf("%w: node %q (%s) reads %q, which no input, initializer or node defines", ErrFormat, n.Name, n.OpType, in)
			}
		}
	}
	// Kahn's algorithm, always taking the lowest ready index keeps file order.
	var ready []int
	for i := range nodes {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	out := make([]*Node, 0, len(nodes))
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		out = append(out, nodes[i])
		for _, u := range users[i] {
			indeg[u]--
			if indeg[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(out) != len(nodes) {
		return nil, fmt.Errorf("%w: the graph has a cycle", ErrFormat)
	}
	return out, nil
}

func setType(t *Tensor, tp *onnx.TypeProto) {
	tt := tp.GetTensorType()
	if tt == nil {
		return
	}
	if dt := dtypeName(tt.GetElemType()); dt != "" {
		t.DType = dt
	}
	if tt.GetShape() == nil {
		return
	}
	dims := tt.GetShape().GetDim()
	t.Shape = make([]int, len(dims))
	var names []string
	for i, d := range dims {
		if v := d.GetDimValue(); v > 0 {
			t.Shape[i] = int(v)
		} else {
			t.Shape[i] = -1
		}
		if p := d.GetDimParam(); p != "" {
			if names == nil {
				names = make([]string, len(dims))
			}
			names[i] = p
		}
	}
	t.DimNames = names
}

// plumbing operators compute shapes or constants, never activations.
var plumbing = map[string]bool{
	"Shape": true, "Size": true, "Constant": true, "ConstantOfShape": true,
}

// markData marks the data nodes: tensors computed from a graph input by a
// non-plumbing operator. Shape outputs do not depend on input values, so the
// shape computations that follow them (Gather, Unsqueeze, Concat) are not
// data either. Dropout's mask output is not data.
func (g *Graph) markData() {
	dep := map[string]bool{}
	for _, in := range g.Inputs {
		dep[in] = true
	}
	for _, n := range g.Nodes {
		if plumbing[n.OpType] {
			continue
		}
		from := false
		for _, in := range n.Inputs {
			from = from || dep[in]
		}
		if !from {
			continue
		}
		for i, out := range n.Outputs {
			if out == "" || (n.OpType == "Dropout" && i > 0) {
				continue
			}
			dep[out] = true
			t := g.Tensors[out]
			t.Data = t.DType == "" || isFloat(t.DType)
		}
	}
}

// DataTensors returns the names of the data-node tensors in node order.
func (g *Graph) DataTensors() []string {
	var out []string
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			if t := g.Tensors[o]; t != nil && t.Data {
				out = append(out, o)
			}
		}
	}
	return out
}

// Params returns the total number of weight elements of the graph.
func (g *Graph) Params() int {
	s := 0
	for _, n := range g.Nodes {
		s += n.Params
	}
	return s
}

// Node returns the node with the given name, or nil.
func (g *Graph) Node(name string) *Node {
	for _, n := range g.Nodes {
		if n.Name == name {
			return n
		}
	}
	return nil
}

func isFloat(dt string) bool {
	return dt == "float32" || dt == "float64" || dt == "float16" || dt == "bfloat16"
}
