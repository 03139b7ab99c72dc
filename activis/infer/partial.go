package infer

import (
	"fmt"
	"sort"

	"github.com/activis-go/activis/activis/graph"
)

// RunFrom computes the tensors named in want, as Run does, from values
// given for any tensors of the graph: graph inputs and intermediate
// tensors alike. The nodes that compute a given tensor do not run, so the
// rest of the graph runs from the given value; this is how a neuron is
// ablated (zero it in a layer's output and run the layers after it). Only
// the nodes the wanted tensors need run; a graph input they need and that
// is not given is an error wrapping ErrInput, and so is a given tensor
// that is a constant of the model (a weight or a folded value).
//
// Given tensors are not copied and must not change during the call; the
// returned tensors live in the Executor's buffers as Run's do.
func (x *Executor) RunFrom(given map[string]*Tensor, want ...string) (map[string]*Tensor, error) {
	p := x.p
	if len(want) == 0 {
		want = p.g.Outputs
	}
	ws, err := p.wantSlots(want)
	if err != nil {
		return nil, err
	}
	gs := make([]int, 0, len(given))
	isGiven := make(map[int]*Tensor, len(given))
	for name, t := range given {
		s, ok := p.slots[name]
		if !ok {
			return nil, fmt.Errorf("infer: %w: given %q is not a tensor of the model", graph.ErrUnknownTensor, name)
		}
		if p.consts[s] != nil {
			return nil, fmt.Errorf("infer: %w: given %q is a constant of the model", ErrInput, name)
		}
		if t == nil || len(t.Data) != t.Len() {
			return nil, fmt.Errorf("infer: %w: given %q has no data or the wrong number of values for its shape", ErrInput, name)
		}
		gs = append(gs, s)
		isGiven[s] = t
	}
	sort.Ints(gs)
	pl, err := x.planFrom(ws, gs, isGiven)
	if err != nil {
		return nil, err
	}
	for i := range x.vals {
		x.vals[i] = p.consts[i]
	}
	for s, t := range isGiven {
		x.vals[s] = t
	}
	for _, st := range pl {
		if err := x.exec(st); err != nil {
			return nil, fmt.Errorf("infer: %w", err)
		}
		// A node with several outputs may compute a given one too: the
		// given value stands.
		for _, s := range st.out {
			if t, ok := isGiven[s]; ok {
				x.vals[s] = t
			}
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

// planFrom returns the steps that compute the wanted slots ws when the
// slots gs (ascending) are given: a given slot's producer is not needed
// for it. It fails when a graph input is needed and not given.
func (x *Executor) planFrom(ws, gs []int, given map[int]*Tensor) ([]step, error) {
	key := fmt.Sprint("from", gs, "want", ws)
	if pl, ok := x.plans[key]; ok {
		return pl, nil
	}
	p := x.p
	need := make([]bool, len(p.names))
	for _, s := range ws {
		need[s] = true
	}
	keep := make([]bool, len(p.steps))
	for i := len(p.steps) - 1; i >= 0; i-- {
		st := p.steps[i]
		for _, s := range st.out {
			if need[s] && given[s] == nil {
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
	for _, s := range p.inputs {
		if need[s] && given[s] == nil {
			return nil, fmt.Errorf("infer: %w: input %q is needed and not given", ErrInput, p.names[s])
		}
	}
	var pl []step
	for i, st := range p.steps {
		if keep[i] {
			pl = append(pl, st)
		}
	}
	pl = fuse(pl, ws)
	x.plans[key] = pl
	return pl, nil
}

// Constant returns the value of a tensor that is constant in the program:
// a weight, or the output of a node whose inputs are all constant (folded
// by Compile). It reports false for inputs and values computed per run.
// The tensor is the program's own and must not be modified.
func (p *Program) Constant(name string) (*Tensor, bool) {
	s, ok := p.slots[name]
	if !ok || p.consts[s] == nil {
		return nil, false
	}
	return p.consts[s], true
}
