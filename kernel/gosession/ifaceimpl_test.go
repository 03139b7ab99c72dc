package gosession

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// TestIfaceImplementsSignatures checks that the signatures the rewriter
// prints for an interface declared in a cell match what reflect prints
// for compiled methods, so ifaceImplements answers as Go's assertion.
func TestIfaceImplementsSignatures(t *testing.T) {
	src := `package p
type W interface{ Write(p []byte) (n int, err error) }
type S interface{ String() string }
type R interface{ ReadFrom(r io.Reader) (int64, error) }
type V interface{ Printf(format string, args ...any) }
type Bad interface{ String() int }
type Both interface {
	S
	Len() int
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := &rewriter{fset: fset, sc: fakeScope{}}
	sigs := map[string][]string{}
	for _, d := range f.Decls {
		ts := d.(*ast.GenDecl).Specs[0].(*ast.TypeSpec)
		s, ok := r.sessionIfaceSigs(ts.Name)
		if !ok {
			t.Fatalf("%s: not a session interface", ts.Name.Name)
		}
		sigs[ts.Name.Name] = s
	}
	if got := strings.Join(sigs["W"], " "); got != "Write func([]uint8) (int, error)" {
		t.Errorf("W = %q", got)
	}
	var buf bytes.Buffer
	for _, c := range []struct {
		iface string
		v     any
		want  bool
	}{
		{"W", &buf, true},
		{"W", buf, false}, // Write has a pointer receiver
		{"S", time.Second, true},
		{"Bad", time.Second, false},
		{"R", &buf, true},
		{"S", 5, false},
		{"Both", &buf, true},
		{"Both", time.Second, false},
		{"V", time.Second, false},
	} {
		if got := ifaceImplements(c.v, sigs[c.iface]...); got != c.want {
			t.Errorf("%T as %s: %v, want %v (sigs %q)", c.v, c.iface, got, c.want, sigs[c.iface])
		}
	}
}
