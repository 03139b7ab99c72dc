package gosession

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
)

// uniqueIDs holds the identities of package unique's handles
// (gosrc/unique.go.txt), for the process as Go's package unique does.
var uniqueIDs sync.Map

// uniqueID returns the identity of value: the same pointer for equal
// values.
func uniqueID(value any) *int {
	id, _ := uniqueIDs.LoadOrStore(value, new(int))
	return id.(*int)
}

// iterExports returns the iterator functions Go 1.24 added to strings and
// bytes (Lines, SplitSeq, SplitAfterSeq, FieldsSeq, FieldsFuncSeq), which
// yaegi v0.16.1's symbol tables (Go 1.22) lack, for the session's
// interpreter and its type oracle (session.go, typeimport.go). Each is
// the compiled function with its result given as a plain func type
// instead of iter.Seq[string]: yaegi cannot infer type parameters through
// a generic named type (iterseq.go), so slices.Collect(strings.Lines(s))
// would fail. Written for this package.
func iterExports() map[string]map[string]reflect.Value {
	type seq = func(yield func(string) bool)
	type bseq = func(yield func([]byte) bool)
	return map[string]map[string]reflect.Value{
		"strings/strings": {
			"Lines":         reflect.ValueOf(func(s string) seq { return strings.Lines(s) }),
			"SplitSeq":      reflect.ValueOf(func(s, sep string) seq { return strings.SplitSeq(s, sep) }),
			"SplitAfterSeq": reflect.ValueOf(func(s, sep string) seq { return strings.SplitAfterSeq(s, sep) }),
			"FieldsSeq":     reflect.ValueOf(func(s string) seq { return strings.FieldsSeq(s) }),
			"FieldsFuncSeq": reflect.ValueOf(func(s string, f func(rune) bool) seq { return strings.FieldsFuncSeq(s, f) }),
		},
		"bytes/bytes": {
			"Lines":         reflect.ValueOf(func(s []byte) bseq { return bytes.Lines(s) }),
			"SplitSeq":      reflect.ValueOf(func(s, sep []byte) bseq { return bytes.SplitSeq(s, sep) }),
			"SplitAfterSeq": reflect.ValueOf(func(s, sep []byte) bseq { return bytes.SplitAfterSeq(s, sep) }),
			"FieldsSeq":     reflect.ValueOf(func(s []byte) bseq { return bytes.FieldsSeq(s) }),
			"FieldsFuncSeq": reflect.ValueOf(func(s []byte, f func(rune) bool) bseq { return bytes.FieldsFuncSeq(s, f) }),
		},
	}
}
