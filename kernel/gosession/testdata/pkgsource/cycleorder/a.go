// Package cycleorder has struct types that refer to each other, one of
// them holding another by value, for the session's tests
// (pkgcycleorder.go).
package cycleorder

import (
	"fmt"
	"strings"
)

// Read makes values of the types and reads them back.
func Read() string {
	c := &C{N: A{Name: "n", Kind: 2}, Index: []int{7}}
	v := c.N
	leaf := &Leaf{Entry: Entry{Key: "k", Count: 3}, Tags: []string{"x", "y"}}
	idx := &Index{byKey: map[string]*Leaf{"k": leaf}}
	e := Entry{Key: "e", Count: 4, Index: idx}
	got := e.Index.byKey["k"].Entry
	return fmt.Sprintln(c.N.Kind, c.N.Name, c.Index, v.Kind, got.Key, got.Count, strings.Join(leaf.Tags, ","), lookup(idx, "k").Count)
}

func lookup(idx *Index, k string) Entry { return idx.byKey[k].Entry }
