package graph

import (
	"fmt"
	"slices"
	"strings"
)

// matmulRules are the shape rules of the matrix products.
var matmulRules = map[string]shapeRule{"Gemm": inferGemm, "MatMul": inferMatMul, "Einsum": inferEinsum}

func inferGemm(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	a, b := in[0].Shape, in[1].Shape
	if len(a) != 2 || len(b) != 2 {
		return nil, fmt.Errorf("Gemm needs 2-D inputs, got %v and %v", a, b)
	}
	m, k := a[0], a[1]
	if n.Int("transA", 0) != 0 {
		m, k = k, m
	}
	k2, nn := b[0], b[1]
	if n.Int("transB", 0) != 0 {
		k2, nn = nn, k2
	}
	if k != k2 {
		return nil, fmt.Errorf("Gemm inner dimensions differ: %v and %v", a, b)
	}
	return one(n, dtypeOf(in), []int{m, nn}, nil)
}

// inferMatMul is numpy's matmul: batch dimensions broadcast, 1-D operands
// promoted and their axis dropped from the result.
func inferMatMul(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	a, b := in[0].Shape, in[1].Shape
	if len(a) == 0 || len(b) == 0 {
		return nil, fmt.Errorf("MatMul of a scalar")
	}
	a1, b1 := a, b
	if len(a) == 1 {
		a1 = []int{1, a[0]}
	}
	if len(b) == 1 {
		b1 = []int{b[0], 1}
	}
	if a1[len(a1)-1] != b1[len(b1)-2] {
		return nil, fmt.Errorf("MatMul inner dimensions differ: %v and %v", a, b)
	}
	batch, err := Broadcast(a1[:len(a1)-2], b1[:len(b1)-2])
	if err != nil {
		return nil, err
	}
	s := append(batch, a1[len(a1)-2], b1[len(b1)-1])
	if len(a) == 1 {
		s = append(s[:len(s)-2], s[len(s)-1])
	}
	if len(b) == 1 {
		s = s[:len(s)-1]
	}
	return one(n, dtypeOf(in), s, nil)
}

func inferEinsum(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, len(in)); err != nil {
		return nil, err
	}
	shapes := make([][]int, len(in))
	for i, t := range in {
		shapes[i] = t.Shape
	}
	sp, err := Einsum(n, shapes)
	if err != nil {
		return nil, err
	}
	s := []int{}
	for _, l := range sp.Output {
		s = append(s, sp.Sizes[l])
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: s})
}

// EinsumSpec is a parsed Einsum equation over operands of known shapes:
// every label (a letter, or one axis hidden in "...") is numbered; Inputs
// holds each operand's labels, Output the result's, Sizes each label's size.
type EinsumSpec struct {
	Inputs [][]int
	Output []int
	Sizes  []int
}

// Einsum parses the equation of an Einsum node for operands of the given
// shapes. It supports explicit ("ij,jk->ik") and implicit ("ij,jk") forms,
// repeated labels (diagonals, traces) and "..." with numpy broadcasting.
func Einsum(n *Node, shapes [][]int) (*EinsumSpec, error) {
	eq := ""
	for _, c := range n.String("equation", "") {
		if c != ' ' {
			eq += string(c)
		}
	}
	lhs, rhs, explicit := eq, "", false
	if i := strings.Index(eq, "->"); i >= 0 {
		lhs, rhs, explicit = eq[:i], eq[i+2:], true
	}
	terms := strings.Split(lhs, ",")
	if len(terms) != len(shapes) {
		return nil, fmt.Errorf("equation %q has %d operands, node has %d", eq, len(terms), len(shapes))
	}
	p := &einsumParser{eq: eq, sp: &EinsumSpec{}, ids: map[rune]int{}, count: map[int]int{}}
	ell := 0
	for i, t := range terms {
		ne, err := p.operand(i, t, shapes[i])
		if err != nil {
			return nil, err
		}
		ell = max(ell, ne)
	}
	if err := p.output(rhs, explicit, ell); err != nil {
		return nil, err
	}
	return p.sp, nil
}

// einsumParser numbers the labels of an Einsum equation as it reads the
// operands.
type einsumParser struct {
	eq    string
	sp    *EinsumSpec
	ids   map[rune]int
	count map[int]int // occurrences of each letter label in the operands
	// Ellipsis axes are labelled by their position from the right, shared
	// by all operands: ellIDs[k] is the label of the k-th axis from the
	// right of "...".
	ellIDs []int
}

func (p *einsumParser) label(r rune) int {
	if id, ok := p.ids[r]; ok {
		return id
	}
	p.ids[r] = len(p.sp.Sizes)
	p.sp.Sizes = append(p.sp.Sizes, -1)
	return p.ids[r]
}

func (p *einsumParser) ellLabel(k int) int {
	for len(p.ellIDs) <= k {
		p.ellIDs = append(p.ellIDs, len(p.sp.Sizes))
		p.sp.Sizes = append(p.sp.Sizes, 1)
	}
	return p.ellIDs[k]
}

// operand reads term t of operand i (of the given shape), records its
// labels and their sizes, and returns how many axes its "..." stands for.
func (p *einsumParser) operand(i int, t string, shape []int) (int, error) {
	letters := 0
	hasEll := false
	for j := 0; j < len(t); j++ {
		if strings.HasPrefix(t[j:], "...") {
			if hasEll {
				return 0, fmt.Errorf("operand %d of %q has two ellipses", i, p.eq)
			}
			hasEll = true
			j += 2
			continue
		}
		letters++
	}
	ne := len(shape) - letters
	if ne < 0 || (!hasEll && ne != 0) {
		return 0, fmt.Errorf("operand %d of %q does not match shape %v", i, p.eq, shape)
	}
	var labs []int
	for j := 0; j < len(t); j++ {
		if strings.HasPrefix(t[j:], "...") {
			for k := ne - 1; k >= 0; k-- {
				labs = append(labs, p.ellLabel(k))
			}
			j += 2
			continue
		}
		r := rune(t[j])
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return 0, fmt.Errorf("equation %q: bad label %q", p.eq, r)
		}
		labs = append(labs, p.label(r))
		p.count[p.label(r)]++
	}
	sizes := p.sp.Sizes
	for a, l := range labs {
		d := shape[a]
		isEll := slices.Contains(p.ellIDs, l)
		switch {
		case sizes[l] == -1 || (isEll && sizes[l] == 1):
			sizes[l] = d
		case sizes[l] != d && !(isEll && d == 1):
			return 0, fmt.Errorf("equation %q: label sizes %d and %d differ", p.eq, sizes[l], d)
		}
	}
	p.sp.Inputs = append(p.sp.Inputs, labs)
	return ne, nil
}

// output sets the output labels: those of rhs when explicit, else the
// ellipsis axes (ell of them) then the letters used once, in order.
func (p *einsumParser) output(rhs string, explicit bool, ell int) error {
	if !explicit {
		for k := ell - 1; k >= 0; k-- {
			p.sp.Output = append(p.sp.Output, p.ellLabel(k))
		}
		for r := 'A'; r <= 'z'; r++ {
			if id, ok := p.ids[r]; ok && p.count[id] == 1 {
				p.sp.Output = append(p.sp.Output, id)
			}
		}
		return nil
	}
	for j := 0; j < len(rhs); j++ {
		if strings.HasPrefix(rhs[j:], "...") {
			for k := ell - 1; k >= 0; k-- {
				p.sp.Output = append(p.sp.Output, p.ellLabel(k))
			}
			j += 2
			continue
		}
		id, ok := p.ids[rune(rhs[j])]
		if !ok {
			return fmt.Errorf("equation %q: output label %q is not an input label", p.eq, rhs[j])
		}
		p.sp.Output = append(p.sp.Output, id)
	}
	return nil
}
