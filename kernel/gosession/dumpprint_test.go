package gosession

import (
	"strings"
	"testing"
)

// TestReflectDumpRefused: spew.Dump (and a ConfigState's Dump) of a value
// involving a session type is refused, naming spew, the function and the
// type (dumpprint.go): the real go-spew printed `(struct { Name string;
// …; Xm map[string]int … })` for a cell's `(main.P)`. A dump of plain
// values and spew.Sprint, which prints no types, run. The module served
// stands in for github.com/davecgh/go-spew with spew's names and a Dump
// that prints reflect's type, as spew's does.
func TestReflectDumpRefused(t *testing.T) {
	serveModules(t, map[string]map[string]string{"github.com/davecgh/go-spew": {
		"go.mod": "module github.com/davecgh/go-spew\n\ngo 1.22\n",
		"spew/spew.go": `package spew

import (
	"fmt"
	"reflect"
)

type ConfigState struct{ Indent string }

func (c *ConfigState) Dump(a ...any) { Dump(a...) }

func Dump(a ...any) { fmt.Print(Sdump(a...)) }

func Sdump(a ...any) string {
	s := ""
	for _, v := range a {
		s += fmt.Sprintf("(%s) %v\n", reflect.TypeOf(v), v)
	}
	return s
}

func Sprint(a ...any) string { return fmt.Sprint(a...) }
`}})
	checkReflectDumps(t, "import \"github.com/davecgh/go-spew/spew\"\n"+dumpedP+"spew.Dump([]int{1, 2})\nfmt.Println(spew.Sprint(p))",
		"([]int) [1 2]\n{ann map[k:1]}\n",
		"spew.Dump(p)", "fmt.Print(spew.Sdump(1, &p))", "cfg := spew.ConfigState{}\ncfg.Dump(map[string][]P{})")
}

// dumpedP declares the session type P and a value p of it.
const dumpedP = "type P struct {\n\tName string\n\tm    map[string]int\n}\np := P{\"ann\", map[string]int{\"k\": 1}}\n"

// checkReflectDumps runs setup in a new session and wants it to print
// want, then each of refused to be refused naming P.
func checkReflectDumps(t *testing.T, setup, want string, refused ...string) {
	t.Helper()
	s := newSession(t)
	r := mustRun(t, s, setup)
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	for _, code := range refused {
		_, err := run(t, s, code)
		if err == nil || !strings.Contains(errString(err), "of a value involving P would print the interpreter's run-time type") {
			t.Errorf("%s: error %v, want the refusal naming P", code, err)
		}
	}
}

// TestLitterDumpRefused: litter.Dump and Sdump (and an Options' Sdump) of
// a value involving a session type are refused as spew's are
// (dumpprint.go): the real sanity-io/litter printed `struct { Name
// string; Xm map[string]int "json:\"-\" xml:\"-\"" }{` for a cell's
// `main.P{`. A dump of plain values runs. The module served stands in for
// github.com/sanity-io/litter with litter's names and a Dump that prints
// reflect's type, as litter's does.
func TestLitterDumpRefused(t *testing.T) {
	serveModules(t, map[string]map[string]string{"github.com/sanity-io/litter": {
		"go.mod": "module github.com/sanity-io/litter\n\ngo 1.22\n",
		"litter.go": `package litter

import (
	"fmt"
	"reflect"
)

type Options struct{ Compact bool }

func (o Options) Sdump(a ...any) string { return Sdump(a...) }

func Dump(a ...any) { fmt.Print(Sdump(a...)) }

func Sdump(a ...any) string {
	s := ""
	for _, v := range a {
		s += fmt.Sprintf("%s%v\n", reflect.TypeOf(v), v)
	}
	return s
}
`}})
	checkReflectDumps(t, "import \"github.com/sanity-io/litter\"\n"+dumpedP+"litter.Dump([]int{1, 2})", "[]int[1 2]\n",
		"litter.Dump(p)", "fmt.Print(litter.Sdump(1, &p))", "fmt.Print(litter.Options{}.Sdump([]P{}))")
}
