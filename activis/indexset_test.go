package activis

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestIndexSet(t *testing.T) {
	s, err := IndexSetOf(130, 5, 64, 2, 129, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Indices(); !slices.Equal(got, []int{2, 5, 64, 129}) {
		t.Fatalf("Indices %v", got)
	}
	if s.Len() != 130 || s.Count() != 4 || !s.Has(64) || s.Has(63) || s.Has(-1) || s.Has(130) {
		t.Fatalf("Len %d Count %d Has(64) %v", s.Len(), s.Count(), s.Has(64))
	}
	if i, ok := s.Next(6); !ok || i != 64 {
		t.Fatalf("Next(6) = %d, %v", i, ok)
	}
	if _, ok := s.Next(130); ok {
		t.Fatal("Next past the end found a member")
	}
	c := s.Complement()
	if c.Count() != 126 || c.Has(5) || !c.Has(0) || !c.Has(128) {
		t.Fatalf("Complement: %v", c)
	}
	u := s.Clone().Union(c)
	if u.Count() != 130 || s.Count() != 4 {
		t.Fatalf("Union %d, original %d", u.Count(), s.Count())
	}
	if u.Intersect(s); !u.Equal(s) {
		t.Fatalf("Intersect: %v", u)
	}
	if u.Difference(s); u.Count() != 0 {
		t.Fatalf("Difference: %v", u)
	}
	s.Remove(5)
	s.Remove(500)
	if s.Has(5) || s.Count() != 3 {
		t.Fatalf("Remove: %v", s)
	}
	if _, err := IndexSetOf(10, 10); !errors.Is(err, ErrRange) {
		t.Fatalf("IndexSetOf out of range: %v", err)
	}
	var zero IndexSet
	if zero.Count() != 0 || zero.Has(0) || len(zero.Indices()) != 0 || !zero.Equal(NewIndexSet(0)) {
		t.Fatal("zero IndexSet not empty")
	}
	big := NewIndexSet(1000)
	for i := range 1000 {
		big.Add(i)
	}
	if str := big.String(); len(str) > 100 || !strings.HasPrefix(str, "IndexSet{1000 of 1000: 0 1") {
		t.Fatalf("String not bounded: %q", str)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Add out of range did not panic")
		}
	}()
	big.Add(1000)
}

// TestIndexSubsetBounded: a lasso of 500,000 instances keeps its indices
// and makes no expression (which the views would copy into every layer's
// payload).
func TestIndexSubsetBounded(t *testing.T) {
	const n = 600_000
	idx := make([]int, 0, 500_000)
	for i := n - 1; i >= 0 && len(idx) < 500_000; i-- {
		idx = append(idx, i)
	}
	idx = append(idx, n-1) // a repeat
	s := IndexSubset("lasso", idx...)
	if s.Expr() != "" || s.String() != "lasso" {
		t.Fatalf("Expr %d bytes, String %q", len(s.Expr()), s.String())
	}
	if got := s.Indices(); len(got) != 500_000 || got[0] != n-500_000 || !slices.IsSorted(got) {
		t.Fatalf("Indices: %d, first %d", len(got), got[0])
	}
	in := NewInstances([]string{"a"}, n)
	r, err := NewRun(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Members(r)
	if err != nil || m.Count() != 500_000 || m.Has(n-500_001) || !m.Has(n-1) {
		t.Fatalf("Members: %v, %v", m, err)
	}
	if _, err := IndexSubset("x", n).Members(r); !errors.Is(err, ErrRange) {
		t.Fatalf("out of range: %v", err)
	}
	if NewSubset("e", "true").Indices() != nil {
		t.Fatal("an expression subset has indices")
	}
}
