package activis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Subset is a named set of instances defined by a rule: a class, a
// predicted class, correctness, an attribute or neuron condition, a Go
// predicate, a string expression, an explicit list of instances, or a
// composition of subsets with And, Or and Not. A Subset is a description;
// Members evaluates it against a run. Subsets are immutable and safe to
// share.
//
// Expressions use github.com/expr-lang/expr syntax over one instance at a
// time, with these names:
//
//	label, predicted   true and predicted class name ("" when unknown)
//	correct            predicted == label (false when either is unknown)
//	id, index          the instance's id and row index
//	score("Shirt")     the model's score for a class (NaN when absent)
//	act("fc1", 17)     the activation of neuron 17 of tensor fc1
//	attr("x")          a numeric attribute (NaN when missing)
//	text("review")     a text or categorical attribute verbatim
//	words              lower-cased words of all text attributes
//	tokens(s)          lower-cased words of the string s
//	<attribute name>   every attribute whose name is an identifier, as a
//	                   number or a string
//
// for example `label == "Shirt" && predicted != label && score("Shirt") > 0.3`,
// `"great" in words` or `act("fc1", 17) > 0.8`. Unknown class, attribute
// and tensor names written as literals are errors that name them and point
// at them in the expression.
type Subset struct {
	name string
	expr string
	// indices are IndexSubset's instances.
	indices []int
	eval    func(r *Run) (*IndexSet, error)
}

// Name returns the subset's name.
func (s *Subset) Name() string { return s.name }

// Expr returns the subset's expression, or "" when it has none (Go
// predicates, and compositions of them).
func (s *Subset) Expr() string { return s.expr }

// String returns the name and, when there is one, the expression.
func (s *Subset) String() string {
	if s.expr == "" {
		return s.name
	}
	return s.name + ": " + s.expr
}

// Members evaluates the subset on every instance of r and returns the
// member indices as a set over r.Len() instances. The error names the
// subset.
func (s *Subset) Members(r *Run) (*IndexSet, error) {
	if r == nil || r.Instances == nil {
		return nil, fmt.Errorf("subset %q: no instances", s.name)
	}
	b, err := s.eval(r)
	if err != nil {
		return nil, fmt.Errorf("subset %q: %w", s.name, err)
	}
	return b, nil
}

// NewSubset returns the subset of instances for which the expression is
// true. The expression is compiled against a run's instances when Members
// is first called; Check compiles it without evaluating.
func NewSubset(name, expression string) *Subset {
	return &Subset{name: name, expr: expression, eval: func(r *Run) (*IndexSet, error) {
		p, err := CompileExpr(expression, r)
		if err != nil {
			return nil, err
		}
		return p.Members(r)
	}}
}

// Check compiles the subset's expression (and those of its parts) against
// r without evaluating it, so that a typo is reported at once.
func (s *Subset) Check(r *Run) error {
	if s.expr == "" {
		return nil
	}
	if _, err := CompileExpr(s.expr, r); err != nil {
		return fmt.Errorf("subset %q: %w", s.name, err)
	}
	return nil
}

// SubsetFunc returns the subset of instances for which pred is true. pred
// is called once per instance, from one goroutine, in index order; a panic
// in pred is returned as an error naming the instance.
func SubsetFunc(name string, pred func(Instance) bool) *Subset {
	return &Subset{name: name, eval: func(r *Run) (b *IndexSet, err error) {
		if pred == nil {
			return nil, errors.New("nil predicate")
		}
		n := r.Len()
		b = NewIndexSet(n)
		i := 0
		defer func() {
			if p := recover(); p != nil {
				b, err = nil, fmt.Errorf("predicate panicked on instance %d (id %q): %v", i, r.Instances.IDs[i], p)
			}
		}()
		for ; i < n; i++ {
			if pred(r.At(i)) {
				b.Add(i)
			}
		}
		return b, nil
	}}
}

// ClassSubset is the subset of instances whose true class is class; its
// name is the class name. Classes are subsets from the start in an
// Explorer.
func ClassSubset(class string) *Subset {
	return NewSubset(class, "label == "+strconv.Quote(class))
}

// PredictedSubset is the subset of instances predicted as class, named
// "predicted <class>".
func PredictedSubset(class string) *Subset {
	return NewSubset("predicted "+class, "predicted == "+strconv.Quote(class))
}

// CorrectSubset is the subset of correctly classified instances (or of
// misclassified ones when correct is false), named "correct" or
// "misclassified".
func CorrectSubset(correct bool) *Subset {
	if correct {
		return NewSubset("correct", "correct")
	}
	return NewSubset("misclassified", "!correct")
}

// AttrRange is the subset of instances whose numeric attribute lies in
// [lo, hi) (use ±Inf for open ends).
func AttrRange(name, attr string, lo, hi float64) *Subset {
	a := "attr(" + strconv.Quote(attr) + ")"
	var parts []string
	if !math.IsInf(lo, -1) {
		parts = append(parts, a+" >= "+formatFloat(lo))
	}
	if !math.IsInf(hi, 1) {
		parts = append(parts, a+" < "+formatFloat(hi))
	}
	if len(parts) == 0 {
		parts = append(parts, a+" == "+a) // every instance with a value
	}
	return NewSubset(name, strings.Join(parts, " && "))
}

// AttrEquals is the subset of instances whose text or categorical
// attribute equals value.
func AttrEquals(name, attr, value string) *Subset {
	return NewSubset(name, "text("+strconv.Quote(attr)+") == "+strconv.Quote(value))
}

// AttrContains is the subset of instances whose text attribute contains
// word as a word (case-insensitive).
func AttrContains(name, attr, word string) *Subset {
	return NewSubset(name, strconv.Quote(strings.ToLower(word))+" in tokens(text("+strconv.Quote(attr)+"))")
}

// NeuronAbove is the subset of instances where neuron of tensor is above
// threshold.
func NeuronAbove(name, tensor string, neuron int, threshold float64) *Subset {
	return NewSubset(name, "act("+strconv.Quote(tensor)+", "+strconv.Itoa(neuron)+") > "+formatFloat(threshold))
}

// IndexSubset is the subset holding exactly the given instance indices
// (for example a lasso selection). It keeps the indices (sorted, without
// repeats), not an expression: its Expr is "", so a selection of any size
// adds nothing to a view's payload. Indices out of range are an error from
// Members.
func IndexSubset(name string, idx ...int) *Subset {
	idx = slices.Clone(idx)
	slices.Sort(idx)
	idx = slices.Compact(idx)
	return &Subset{name: name, indices: idx, eval: func(r *Run) (*IndexSet, error) {
		return IndexSetOf(r.Len(), idx...)
	}}
}

// Indices returns the indices of a subset made by IndexSubset (sorted,
// without repeats; a copy), or nil for other subsets.
func (s *Subset) Indices() []int { return slices.Clone(s.indices) }

// And is the subset of instances in every one of subs (all instances when
// subs is empty).
func And(name string, subs ...*Subset) *Subset {
	return compose(name, "&&", subs, func(a, b *IndexSet) { a.Intersect(b) }, true)
}

// Or is the subset of instances in any of subs (none when subs is empty).
func Or(name string, subs ...*Subset) *Subset {
	return compose(name, "||", subs, func(a, b *IndexSet) { a.Union(b) }, false)
}

// Not is the subset of instances not in s.
func Not(name string, s *Subset) *Subset {
	e := ""
	if s.expr != "" {
		e = "!(" + s.expr + ")"
	}
	return &Subset{name: name, expr: e, eval: func(r *Run) (*IndexSet, error) {
		b, err := s.Members(r)
		if err != nil {
			return nil, err
		}
		return complement(b, r.Len()), nil
	}}
}

// And returns the subset of instances in both s and t, named name.
func (s *Subset) And(name string, t *Subset) *Subset { return And(name, s, t) }

// Or returns the subset of instances in s or t, named name.
func (s *Subset) Or(name string, t *Subset) *Subset { return Or(name, s, t) }

// Not returns the subset of instances not in s, named name.
func (s *Subset) Not(name string) *Subset { return Not(name, s) }

func compose(name, op string, subs []*Subset, combine func(a, b *IndexSet), all bool) *Subset {
	subs = append([]*Subset(nil), subs...)
	exprs := make([]string, len(subs))
	for k, s := range subs {
		if s == nil || s.expr == "" {
			exprs = nil
			break
		}
		exprs[k] = "(" + s.expr + ")"
	}
	e := strings.Join(exprs, " "+op+" ")
	if exprs != nil && len(subs) == 0 {
		e = strconv.FormatBool(all)
	}
	return &Subset{name: name, expr: e, eval: func(r *Run) (*IndexSet, error) {
		n := r.Len()
		out := NewIndexSet(n)
		if all {
			out = out.Complement()
		}
		for _, s := range subs {
			if s == nil {
				return nil, errors.New("nil subset in composition")
			}
			b, err := s.Members(r)
			if err != nil {
				return nil, err
			}
			combine(out, b)
		}
		return out, nil
	}}
}

// complement returns the instances of 0..n-1 not in b (b may be over
// fewer instances: members of an Expr or a predicate's set are over
// r.Len()).
func complement(b *IndexSet, n int) *IndexSet {
	if b.Len() == n {
		return b.Complement()
	}
	c := NewIndexSet(n)
	for i := range b.All() {
		if i < n {
			c.Add(i)
		}
	}
	return c.Complement()
}

func formatFloat(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}
