// Package treemap implements mapsclash/maps.Map, which it imports by its
// name maps (TestStdNameClashInPackages).
package treemap

import "example.com/mapsclash/maps"

var _ maps.Map = (*Tree)(nil)

// Tree is a map.
type Tree struct{ m map[any]any }

// New returns an empty tree.
func New() *Tree { return &Tree{m: map[any]any{}} }

// Put sets k to v.
func (t *Tree) Put(k, v any) { t.m[k] = v }

// Size returns the number of keys.
func (t *Tree) Size() int { return len(t.m) }

// AsMap returns t as a maps.Map.
func AsMap(t *Tree) maps.Map { return t }
