package activis

import (
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/bits-and-blooms/bitset"
)

// IndexSet is a set of instance indices in [0, Len()): the members of a
// subset (Subset.Members) and the groups Aggregate aggregates. It is a
// bitmap of Len() bits, one bit per instance whatever the number of
// members (125 KB per million instances). The zero value is an empty set
// over no instances; NewIndexSet makes one over n. An IndexSet is not safe
// for concurrent modification; reading it from several goroutines is.
type IndexSet struct {
	n    int
	bits *bitset.BitSet
}

// NewIndexSet returns an empty set over the instances 0..n-1.
func NewIndexSet(n int) *IndexSet {
	n = max(n, 0)
	return &IndexSet{n: n, bits: bitset.New(uint(n))}
}

// IndexSetOf returns the set over 0..n-1 holding idx (in any order,
// repeats allowed). An index outside [0, n) is an error wrapping ErrRange.
func IndexSetOf(n int, idx ...int) (*IndexSet, error) {
	s := NewIndexSet(n)
	for _, i := range idx {
		if i < 0 || i >= s.n {
			return nil, fmt.Errorf("instance index %d out of range [0,%d): %w", i, s.n, ErrRange)
		}
		s.bits.Set(uint(i))
	}
	return s, nil
}

// set returns the bitmap, allocating it for a zero IndexSet.
func (s *IndexSet) set() *bitset.BitSet {
	if s.bits == nil {
		s.bits = bitset.New(uint(s.n))
	}
	return s.bits
}

// Len returns the number of instances the set is over (not the number of
// members: see Count).
func (s *IndexSet) Len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// Count returns the number of members.
func (s *IndexSet) Count() int {
	if s == nil || s.bits == nil {
		return 0
	}
	return int(s.bits.Count())
}

// Has reports whether i is a member (false for i outside [0, Len())).
func (s *IndexSet) Has(i int) bool {
	if s == nil || s.bits == nil || i < 0 || i >= s.n {
		return false
	}
	return s.bits.Test(uint(i))
}

// Add makes i a member. It panics when i is outside [0, Len()), as
// indexing a slice out of range does.
func (s *IndexSet) Add(i int) {
	if i < 0 || i >= s.n {
		panic(fmt.Sprintf("activis: IndexSet.Add(%d) out of range [0,%d)", i, s.n))
	}
	s.set().Set(uint(i))
}

// Remove makes i a non-member (nothing happens when it is not one).
func (s *IndexSet) Remove(i int) {
	if s.bits != nil && i >= 0 && i < s.n {
		s.bits.Clear(uint(i))
	}
}

// Next returns the smallest member ≥ i, or ok == false when there is none.
func (s *IndexSet) Next(i int) (member int, ok bool) {
	if s == nil || s.bits == nil {
		return 0, false
	}
	i = max(i, 0)
	j, ok := s.bits.NextSet(uint(i))
	if !ok || int(j) >= s.n {
		return 0, false
	}
	return int(j), true
}

// All returns the members in increasing order.
func (s *IndexSet) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i, ok := s.Next(0); ok; i, ok = s.Next(i + 1) {
			if !yield(i) {
				return
			}
		}
	}
}

// Indices returns the members in increasing order.
func (s *IndexSet) Indices() []int {
	out := make([]int, 0, s.Count())
	for i := range s.All() {
		out = append(out, i)
	}
	return out
}

// Clone returns an independent copy.
func (s *IndexSet) Clone() *IndexSet {
	if s == nil {
		return NewIndexSet(0)
	}
	return &IndexSet{n: s.n, bits: s.set().Clone()}
}

// Equal reports whether s and t are over the same instances and have the
// same members.
func (s *IndexSet) Equal(t *IndexSet) bool {
	if s.Len() != t.Len() {
		return false
	}
	if s.Count() == 0 || t.Count() == 0 {
		return s.Count() == t.Count()
	}
	return s.bits.Equal(t.bits)
}

// check reports an error when t is over a different number of instances.
func (s *IndexSet) check(op string, t *IndexSet) {
	if s.Len() != t.Len() {
		panic(fmt.Sprintf("activis: IndexSet.%s of sets over %d and %d instances", op, s.Len(), t.Len()))
	}
}

// Union adds t's members to s (in place) and returns s. It panics when t
// is over a different number of instances.
func (s *IndexSet) Union(t *IndexSet) *IndexSet {
	s.check("Union", t)
	s.set().InPlaceUnion(t.set())
	return s
}

// Intersect keeps in s only the members of t (in place) and returns s. It
// panics when t is over a different number of instances.
func (s *IndexSet) Intersect(t *IndexSet) *IndexSet {
	s.check("Intersect", t)
	s.set().InPlaceIntersection(t.set())
	return s
}

// Difference removes t's members from s (in place) and returns s. It
// panics when t is over a different number of instances.
func (s *IndexSet) Difference(t *IndexSet) *IndexSet {
	s.check("Difference", t)
	s.set().InPlaceDifference(t.set())
	return s
}

// Complement returns a new set of the instances of [0, Len()) not in s.
func (s *IndexSet) Complement() *IndexSet {
	c := NewIndexSet(s.Len())
	if c.n > 0 {
		c.bits.FlipRange(0, uint(c.n))
		if s.bits != nil {
			c.bits.InPlaceDifference(s.bits)
		}
	}
	return c
}

// String lists the count and the first members, bounded whatever the size:
// "IndexSet{3 of 10: 1 4 7}".
func (s *IndexSet) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "IndexSet{%d of %d", s.Count(), s.Len())
	k := 0
	for i := range s.All() {
		if k == 0 {
			b.WriteString(":")
		}
		if k == 16 {
			b.WriteString(" …")
			break
		}
		b.WriteString(" " + strconv.Itoa(i))
		k++
	}
	b.WriteString("}")
	return b.String()
}

// word64 returns the 64 membership bits starting at instance i (bit k is
// instance i+k), for the aggregation kernels.
func (s *IndexSet) word64(i int) uint64 {
	if s == nil || s.bits == nil {
		return 0
	}
	return s.bits.GetWord64AtBit(uint(i))
}
