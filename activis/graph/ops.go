package graph

import (
	"fmt"
)

//go:generate go test -run ^TestOperatorList$ -update

// shapeRule computes the Info of node n's outputs at the given opset from
// its inputs' Info (nil entries for omitted optional inputs).
type shapeRule func(n *Node, opset int, in []*Info) ([]*Info, error)

// families lists the operator families. A family's shape rules are in the
// file of its name in this package, and its kernels in the file of the same
// name in package infer.
var families = []struct {
	name  string
	rules map[string]shapeRule
}{
	{"constant", constantRules},
	{"conv", convRules},
	{"elementwise", elementwiseRules},
	{"index", indexRules},
	{"matmul", matmulRules},
	{"norm", normRules},
	{"pool", poolRules},
	{"recurrent", recurrentRules},
	{"reduce", reduceRules},
	{"resize", resizeRules},
	{"shape", shapeOpRules},
	{"slice", sliceRules},
	{"transpose", transposeRules},
}

// shapeRules maps an op type to its shape rule: the union of the families'
// tables, built once at package initialisation.
var shapeRules = func() map[string]shapeRule {
	all := map[string]shapeRule{}
	for _, f := range families {
		for op, r := range f.rules {
			if _, dup := all[op]; dup {
				panic(fmt.Sprintf("graph: operator %s has shape rules in two families", op))
			}
			all[op] = r
		}
	}
	return all
}()
