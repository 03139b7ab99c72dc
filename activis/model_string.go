package activis

import (
	"fmt"
	"strings"
)

// String summarises the model in a few lines: its name, opset, size, inputs
// and outputs, and the top-level groups of its graph with the layer each
// stands for (the names Run accepts).
func (m *Model) String() string {
	g := m.Graph
	if g == nil {
		return "activis.Model (no graph)"
	}
	var b strings.Builder
	name := g.Name
	if name == "" {
		name = m.Path
	}
	fmt.Fprintf(&b, "ONNX model %q (opset %d): %d nodes, %s parameters\n", name, g.Opset, len(g.Nodes), thousands(g.Params()))
	shape := func(t string) string {
		if ti := g.Tensors[t]; ti != nil && ti.Shape != nil {
			dims := make([]string, len(ti.Shape))
			for i, d := range ti.Shape {
				dims[i] = fmt.Sprint(d)
				if d < 0 {
					dims[i] = "N"
				}
			}
			return t + " [" + strings.Join(dims, " ") + "]"
		}
		return t
	}
	ins := make([]string, len(g.Inputs))
	for i, t := range g.Inputs {
		ins[i] = shape(t)
	}
	outs := make([]string, len(g.Outputs))
	for i, t := range g.Outputs {
		outs[i] = shape(t)
	}
	fmt.Fprintf(&b, "  inputs:  %s\n  outputs: %s\n", strings.Join(ins, ", "), strings.Join(outs, ", "))
	fmt.Fprintf(&b, "  groups:\n")
	groups := g.Summary(12)
	if g.Root != nil && len(g.Root.Children) <= 16 {
		groups = g.Root.Children // the top level, as the graph view first shows it
	}
	for _, gr := range groups {
		out := ""
		if gr.Output != "" {
			out = " → " + shape(gr.Output)
		}
		op := gr.Op(g)
		if op == "" {
			op = fmt.Sprintf("%d nodes", len(gr.Nodes))
		}
		fmt.Fprintf(&b, "    %-14s %-12s %9s params%s\n", gr.Name, op, thousands(gr.Params), out)
	}
	if err := m.Runnable(); err != nil {
		fmt.Fprintf(&b, "  not runnable here: %v\n", err)
	}
	return strings.TrimRight(b.String(), "\n")
}

// thousands formats n with thin separators: 1234567 → "1,234,567".
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
