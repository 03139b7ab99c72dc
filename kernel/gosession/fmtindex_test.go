package gosession

import (
	"fmt"
	"testing"
)

// TestUnindexFormat checks unindexFormat against fmt itself: the format
// without indexes, given the operands in the order it reports, prints
// what fmt prints for the indexed format; formats fmt reports as bad are
// left alone.
func TestUnindexFormat(t *testing.T) {
	args := []any{1, "two", 3.5, 4}
	for _, tc := range []struct {
		format string
		ok     bool
	}{
		{"%[2]v %[1]v", true},
		{"%[1]v %[1]d %[2]s", true},
		{"%[3]*.[2]*[1]f|", true},
		{"%[4]d %v", false}, // the %v after [4] has no operand: MISSING
		{"%[2]v %v %v", true},
		{"%-[1]*[2]v|", true},
		{"%[1]d%%%[2]q", true},
		{"%.[4]*[3]f", true},
		{"%[5]v", false},   // BADINDEX
		{"%[0]v", false},   // BADINDEX
		{"%[x]v", false},   // BADINDEX
		{"%[1]5d", false},  // a width after an index: BADINDEX
		{"%[1].2f", false}, // a precision after an index
		{"%[2]", false},    // NOVERB
		{"%v %d", false},   // no index: left to the other rewrites
		{"%[1]v é %[2]v", true},
	} {
		plain, uses, ok := unindexFormat(tc.format, len(args))
		if ok != tc.ok {
			t.Errorf("%q: ok = %v, want %v", tc.format, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		var reordered []any
		for _, u := range uses {
			reordered = append(reordered, args[u])
		}
		want := fmt.Sprintf(tc.format, args...)
		if got := fmt.Sprintf(plain, reordered...); got != want {
			t.Errorf("%q: %q with %v prints %q, fmt %q", tc.format, plain, uses, got, want)
		}
	}
}
