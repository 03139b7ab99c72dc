package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Group is a node of the name-scope hierarchy: a scope such as "layer1" or
// "layer1/conv1" holding sub-scopes and nodes, or a leaf wrapping one node.
type Group struct {
	// Name is the last path element ("conv1"), or the node's name for a leaf.
	Name string
	// Path is the scope path joined with "/" ("layer1/conv1"); for a leaf, the node's name.
	Path string
	// Node is the index of the wrapped node for a leaf, -1 for a scope.
	Node int
	// Parent is the enclosing group (nil for the root).
	Parent *Group
	// Children are sub-scopes and leaves in the order of their first node.
	Children []*Group
	// Nodes are the indices of all nodes inside, in topological order.
	Nodes []int
	// Params counts the weight elements of all nodes inside.
	Params int
	// Output is the tensor that stands for the group: the first data output
	// of its last node that has one ("" if no node inside computes data).
	Output string
}

// composite reports whether a scope holds sub-scopes; a scope of operator
// nodes only (a PyTorch module such as Linear, a Keras layer) is a unit that
// Summary does not open by itself.
func (gr *Group) composite() bool {
	for _, c := range gr.Children {
		if !c.Leaf() {
			return true
		}
	}
	return false
}

// Leaf reports whether the group wraps a single node.
func (gr *Group) Leaf() bool { return gr.Node >= 0 }

// Op returns a short description: the op type for a leaf, else the op
// types inside with counts, e.g. "Conv, Relu, MaxPool".
func (gr *Group) Op(g *Graph) string {
	if gr.Leaf() {
		return g.Nodes[gr.Node].OpType
	}
	var ops []string
	seen := map[string]bool{}
	for _, i := range gr.Nodes {
		op := g.Nodes[i].OpType
		if !seen[op] && !plumbing[op] {
			seen[op] = true
			ops = append(ops, op)
		}
	}
	return strings.Join(ops, ", ")
}

// scopeOf splits a node name ("/layer1/conv1/Conv", "model/dense/MatMul")
// into its scope path, dropping the last element (the op's own name). A
// name without "/" has an empty scope.
func scopeOf(name string) []string {
	var parts []string
	for _, p := range strings.Split(name, "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) <= 1 {
		return nil
	}
	return parts[:len(parts)-1]
}

func (g *Graph) buildGroups() {
	g.Root = &Group{Node: -1}
	g.groups[""] = g.Root
	g.byNode = make([]*Group, len(g.Nodes))
	for _, n := range g.Nodes {
		n.Scope = scopeOf(n.Name)
		if n.Scope == nil {
			n.Scope = g.weightScope(n)
		}
		parent := g.Root
		for d := range n.Scope {
			path := strings.Join(n.Scope[:d+1], "/")
			gr, ok := g.groups[path]
			if !ok {
				gr = &Group{Name: n.Scope[d], Path: path, Node: -1, Parent: parent}
				g.groups[path] = gr
				parent.Children = append(parent.Children, gr)
			}
			parent = gr
		}
		leaf := &Group{Name: n.Name, Path: n.Name, Node: n.Index, Parent: parent, Nodes: []int{n.Index}, Params: n.Params}
		parent.Children = append(parent.Children, leaf)
		g.byNode[n.Index] = leaf
		for p := parent; p != nil; p = p.Parent {
			p.Nodes = append(p.Nodes, n.Index)
			p.Params += n.Params
		}
	}
	var setOutput func(gr *Group)
	setOutput = func(gr *Group) {
		for _, c := range gr.Children {
			setOutput(c)
		}
		for k := len(gr.Nodes) - 1; k >= 0 && gr.Output == ""; k-- {
			for _, o := range g.Nodes[gr.Nodes[k]].Outputs {
				if t := g.Tensors[o]; t != nil && t.Data {
					gr.Output = o
					break
				}
			}
		}
	}
	setOutput(g.Root)
	// PyTorch's qualified module names ("layer1.0.conv1", "enc.layers.0")
	// for the scope paths its exporter writes: a component that repeats its
	// parent's name with a suffix (the children of a Sequential,
	// "layer1/layer1.0") adds only the suffix.
	g.qualified = map[string]*Group{}
	for path, gr := range g.groups {
		if path == "" || gr.Leaf() {
			continue
		}
		parts := strings.Split(path, "/")
		q := parts[0]
		for i := 1; i < len(parts); i++ {
			if prev := parts[i-1]; strings.HasPrefix(parts[i], prev+".") {
				q += parts[i][len(prev):]
			} else {
				q += "." + parts[i]
			}
		}
		if prev, dup := g.qualified[q]; dup {
			// Two paths, one name: keep the one that computes activations
			// (the other holds nodes scoped by their weights' names).
			switch {
			case prev != nil && prev.Output == "":
				g.qualified[q] = gr
			case gr.Output != "":
				g.qualified[q] = nil
			}
			continue
		}
		g.qualified[q] = gr
	}
}

// weightScope is the fallback scope of a node whose name has none (PyTorch
// before 1.13 names nodes "Gemm_7"): the module path of the first weight it
// reads, "features.0.weight" → features › features.0, the scope PyTorch
// 1.13 itself writes for that module.
func (g *Graph) weightScope(n *Node) []string {
	for _, in := range n.Inputs {
		w, ok := g.Initializers[in]
		if !ok || !isFloat(w.DType) {
			continue
		}
		i := strings.LastIndex(in, ".")
		if i <= 0 || strings.ContainsAny(in, "/:") {
			return nil
		}
		parts := strings.Split(in[:i], ".")
		var scope []string
		for k := range parts {
			scope = append(scope, strings.Join(parts[:k+1], "."))
		}
		return scope
	}
	return nil
}

// Group returns the scope group with the given path ("layer1/conv1"), or nil.
func (g *Graph) Group(path string) *Group { return g.groups[path] }

// GroupOf returns the leaf group of node i.
func (g *Graph) GroupOf(i int) *Group { return g.byNode[i] }

// Summary returns a frontier of the hierarchy with at most about max items:
// starting from the root's children it repeatedly expands the largest group
// (by node count) that holds sub-scopes and whose children still fit, and
// always opens scopes whose only child is another scope. Scopes of operator
// nodes only (a PyTorch module such as a Linear, a Keras layer) stay closed
// for the user to open. When scopes alone leave more than max items, runs
// of consecutive items are merged into synthetic groups (see chunk). Leaves that compute no data (Constant, Shape
// and the integer plumbing after it) are left out of the frontier. A graph of hundreds of nodes from a framework with
// name scopes collapses into about a dozen groups; expand them step by step
// with Expand. Items are in graph order.
func (g *Graph) Summary(max int) []*Group {
	if max < 1 {
		max = 1
	}
	items := g.open(g.Root.Children)
	for {
		best := -1
		for i, it := range items {
			if !it.composite() || len(items)-1+len(it.Children) > max {
				continue
			}
			if best < 0 || len(it.Nodes) > len(items[best].Nodes) {
				best = i
			}
		}
		if best < 0 {
			return g.chunk(items, max)
		}
		items = g.replace(items, best)
	}
}

// chunk merges runs of consecutive items into synthetic groups when the
// scopes alone leave more than max items (a graph without name scopes, or
// with many unscoped operators at the top). A synthetic group is named
// after its first and last items ("fc1 … gelu"); Expand opens it.
func (g *Graph) chunk(items []*Group, max int) []*Group {
	if len(items) <= max {
		return items
	}
	size := (len(items) + max - 1) / max
	var out []*Group
	for i := 0; i < len(items); i += size {
		run := items[i:min(i+size, len(items))]
		if len(run) == 1 {
			out = append(out, run[0])
			continue
		}
		first, last := run[0], run[len(run)-1]
		sg := &Group{Name: first.Name + " … " + last.Name, Path: first.Path + " … " + last.Path, Node: -1,
			Parent: first.Parent, Children: append([]*Group(nil), run...)}
		for _, it := range run {
			sg.Nodes = append(sg.Nodes, it.Nodes...)
			sg.Params += it.Params
			if it.Output != "" {
				sg.Output = it.Output
			}
		}
		sort.Ints(sg.Nodes)
		out = append(out, sg)
	}
	return out
}

// open drops leaves that compute no data (constants and shape plumbing,
// which stay inside the groups that contain them) and opens scopes whose
// only child is another scope.
func (g *Graph) open(items []*Group) []*Group {
	out := make([]*Group, 0, len(items))
	for _, it := range items {
		for !it.Leaf() && len(it.Children) == 1 && !it.Children[0].Leaf() {
			it = it.Children[0]
		}
		if it.Leaf() && it.Output == "" {
			continue
		}
		out = append(out, it)
	}
	return out
}

func (g *Graph) replace(items []*Group, i int) []*Group {
	out := append([]*Group{}, items[:i]...)
	out = append(out, g.open(items[i].Children)...)
	return append(out, items[i+1:]...)
}

// Expand returns the frontier with the group at path replaced by its children.
func (g *Graph) Expand(items []*Group, path string) ([]*Group, error) {
	for i, it := range items {
		if it.Path == path && !it.Leaf() {
			return g.replace(items, i), nil
		}
	}
	return nil, fmt.Errorf("graph: %w: no expandable group %q in the frontier", ErrUnknownTensor, path)
}

// Collapse returns the frontier with every item inside the group at path
// replaced by the group itself.
func (g *Graph) Collapse(items []*Group, path string) ([]*Group, error) {
	gr := g.groups[path]
	if gr == nil || path == "" {
		return nil, fmt.Errorf("graph: %w: no group %q", ErrUnknownTensor, path)
	}
	var out []*Group
	placed := false
	for _, it := range items {
		inside := false
		for p := it; p != nil; p = p.Parent {
			if p == gr {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, it)
		} else if !placed {
			out = append(out, gr)
			placed = true
		}
	}
	return out, nil
}

// GroupEdge is an edge between two frontier items, carrying the tensors
// that flow between them.
type GroupEdge struct {
	From, To int // indices into the frontier
	Tensors  []string
}

// FrontierEdges returns the edges between the items of a frontier (from Summary or
// Expand): one per ordered pair of items that a tensor flows between.
// Edges inside an item are dropped.
func (g *Graph) FrontierEdges(items []*Group) []GroupEdge {
	owner := make([]int, len(g.Nodes))
	for i := range owner {
		owner[i] = -1
	}
	for k, it := range items {
		for _, n := range it.Nodes {
			owner[n] = k
		}
	}
	idx := map[[2]int]int{}
	var out []GroupEdge
	for _, e := range g.Edges {
		a, b := owner[e.From], owner[e.To]
		if a < 0 || b < 0 || a == b {
			continue
		}
		k, ok := idx[[2]int{a, b}]
		if !ok {
			k = len(out)
			idx[[2]int{a, b}] = k
			out = append(out, GroupEdge{From: a, To: b})
		}
		if ts := out[k].Tensors; len(ts) == 0 || ts[len(ts)-1] != e.Tensor {
			out[k].Tensors = append(out[k].Tensors, e.Tensor)
		}
	}
	return out
}

// Resolve maps a user-facing name to a tensor name. The rule, in order:
//  1. an ONNX tensor name that is an input or computed by a node ("/fc1/Gemm_output_0");
//  2. a scope path ("layer1/conv1"; "." also separates: "layer1.conv1");
//  3. a PyTorch qualified module name ("layer1.0.conv1", "enc.layers.1")
//     mapped onto the scope paths its exporter writes ("layer1/layer1.0/conv1");
//  4. the last element of exactly one scope path ("fc1", or PyTorch's
//     qualified module name "features.3" as its exporter writes it);
//  5. a node name ("/fc1/Gemm").
//
// A scope resolves to its Output: the first data output of the last node
// inside it that computes one (for PyTorch, the module's output, e.g.
// "/fc1/Gemm_output_0"; a block ending in ReLU gives the ReLU's output). A
// node resolves to its first output. Unknown names give an error wrapping
// ErrUnknownTensor that lists valid names; a last element shared by several
// scopes wraps ErrAmbiguous and lists their paths.
func (g *Graph) Resolve(name string) (string, error) {
	if t, ok := g.Tensors[name]; ok && t.Kind != Weight {
		return name, nil
	}
	scoped := func(gr *Group) (string, error) {
		if gr.Output == "" {
			return "", fmt.Errorf("graph: %w: group %q computes no activations", ErrUnknownTensor, gr.Path)
		}
		return gr.Output, nil
	}
	if gr := g.groups[name]; gr != nil && name != "" {
		return scoped(gr)
	}
	if gr := g.groups[strings.ReplaceAll(name, ".", "/")]; gr != nil && name != "" {
		return scoped(gr)
	}
	if gr := g.qualified[name]; gr != nil {
		return scoped(gr)
	}
	var matches []*Group
	for path, gr := range g.groups {
		if path != "" && gr.Name == name {
			matches = append(matches, gr)
		}
	}
	switch len(matches) {
	case 1:
		return scoped(matches[0])
	case 0:
	default:
		var paths []string
		for _, m := range matches {
			paths = append(paths, m.Path)
		}
		sort.Strings(paths)
		return "", fmt.Errorf("graph: %w: %q matches scopes %s; give the full path", ErrAmbiguous, name, strings.Join(paths, ", "))
	}
	if n := g.Node(name); n != nil && len(n.Outputs) > 0 {
		return n.Outputs[0], nil
	}
	return "", fmt.Errorf("graph: %w: %q is no tensor, scope or node of the model; valid names: %s",
		ErrUnknownTensor, name, strings.Join(g.ValidNames(40), ", "))
}

// ValidNames lists names Resolve accepts: scope paths, then data tensors,
// at most limit of them (0 for all), followed by "…" when cut.
func (g *Graph) ValidNames(limit int) []string {
	var out []string
	var walk func(gr *Group)
	walk = func(gr *Group) {
		for _, c := range gr.Children {
			if !c.Leaf() {
				if c.Output != "" {
					out = append(out, c.Path)
				}
				walk(c)
			}
		}
	}
	walk(g.Root)
	out = append(out, g.DataTensors()...)
	if limit > 0 && len(out) > limit {
		out = append(out[:limit:limit], "…")
	}
	return out
}
