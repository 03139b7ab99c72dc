package graph

import (
	"fmt"
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
	sp := &EinsumSpec{}
	ids := map[rune]int{}
	label := func(r rune) int {
		if id, ok := ids[r]; ok {
			return id
		}
		ids[r] = len(sp.Sizes)
		sp.Sizes = append(sp.Sizes, -1)
		return ids[r]
	}
	// Ellipsis axes are labelled by their position from the right, shared by all operands.
	ell := 0
	ellIDs := []int{} // ellIDs[k] is the label of the k-th axis from the right of "..."
	ellLabel := func(k int) int {
		for len(ellIDs) <= k {
			ellIDs = append(ellIDs, len(sp.Sizes))
			sp.Sizes = append(sp.Sizes, 1)
		}
		return ellIDs[k]
	}
	count := map[int]int{}
	for i, t := range terms {
		letters := 0
		hasEll := false
		for j := 0; j < len(t); j++ {
			if strings.HasPrefix(t[j:], "...") {
				if hasEll {
					return nil, fmt.Errorf("operand %d of %q has two ellipses", i, eq)
				}
				hasEll = true
				j += 2
				continue
			}
			letters++
		}
		ne := len(shapes[i]) - letters
		if ne < 0 || (!hasEll && ne != 0) {
			return nil, fmt.Errorf("operand %d of %q does not match shape %v", i, eq, shapes[i])
		}
		ell = max(ell, ne)
		var labs []int
		for j := 0; j < len(t); j++ {
			if strings.HasPrefix(t[j:], "...") {
				for k := ne - 1; k >= 0; k-- {
					labs = append(labs, ellLabel(k))
				}
				j += 2
				continue
			}
			r := rune(t[j])
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return nil, fmt.Errorf("equation %q: bad label %q", eq, r)
			}
			labs = append(labs, label(r))
			count[label(r)]++
		}
		for a, l := range labs {
			d := shapes[i][a]
			isEll := false
			for _, e := range ellIDs {
				isEll = isEll || e == l
			}
			switch {
			case sp.Sizes[l] == -1 || (isEll && sp.Sizes[l] == 1):
				sp.Sizes[l] = d
			case sp.Sizes[l] != d && !(isEll && d == 1):
				return nil, fmt.Errorf("equation %q: label sizes %d and %d differ", eq, sp.Sizes[l], d)
			}
		}
		sp.Inputs = append(sp.Inputs, labs)
	}
	if explicit {
		for j := 0; j < len(rhs); j++ {
			if strings.HasPrefix(rhs[j:], "...") {
				for k := ell - 1; k >= 0; k-- {
					sp.Output = append(sp.Output, ellLabel(k))
				}
				j += 2
				continue
			}
			id, ok := ids[rune(rhs[j])]
			if !ok {
				return nil, fmt.Errorf("equation %q: output label %q is not an input label", eq, rhs[j])
			}
			sp.Output = append(sp.Output, id)
		}
	} else {
		for k := ell - 1; k >= 0; k-- {
			sp.Output = append(sp.Output, ellLabel(k))
		}
		for r := 'A'; r <= 'z'; r++ {
			if id, ok := ids[r]; ok && count[id] == 1 {
				sp.Output = append(sp.Output, id)
			}
		}
	}
	return sp, nil
}
