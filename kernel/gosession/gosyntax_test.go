package gosession

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// plusP is the Go type whose printing TestPlusVFlags compares with: the
// interpreter gives a session `type P struct{ A, B int; s string; b []byte;
// q *int }` the run-time type plusRT, unnamed, with s renamed Xs.
type plusP struct {
	A, B int
	s    string
	b    []byte
	q    *int
}

type plusRT = struct {
	A, B int
	Xs   string
	Xb   []byte
	Xq   *int
}

// TestPlusVFlags checks that %+v with each flag combination fmt supports
// on v prints a session struct as fmt prints the Go type (flags applied to
// each number, string and byte; yaegi's field names replaced).
func TestPlusVFlags(t *testing.T) {
	table := []any{"P", "P", (*plusRT)(nil), "struct{ A, B int; s string; b []byte; q *int }", ""}
	for _, flags := range []string{"", "6", "-6", "06", "-06", " ", " 4", ".1", "8.2", "-", "0"} {
		want := fmt.Sprintf("%+"+flags+"v|%+"+flags+"v", plusP{1, -2, "hi", []byte{7}, nil}, &plusP{3, 4, "", nil, nil})
		got := ifacePlusV(plusRT{1, -2, "hi", []byte{7}, nil}, "line 1", "P", flags, false, nil, table...) + "|" +
			ifacePlusV(&plusRT{3, 4, "", nil, nil}, "line 1", "*P", flags, false, nil, table...)
		if got != want {
			t.Errorf("%%+%sv = %q, want %q", flags, got, want)
		}
	}
	// In an interface (no static type): the run-time type names P.
	var x any = plusRT{5, 6, "x", nil, nil}
	if got, want := ifacePlusV(x, "line 1", "", "4", false, nil, table...), fmt.Sprintf("%+4v", plusP{5, 6, "x", nil, nil}); got != want {
		t.Errorf("%%+4v of an interface = %q, want %q", got, want)
	}
	if got, want := ifacePlusV(nil, "line 1", "", "6", false, nil, table...), fmt.Sprintf("%+6v", nil); got != want {
		t.Errorf("%%+6v of nil = %q, want %q", got, want)
	}
}

// TestPlusVCompiledPointer checks that a pointer to a compiled type with
// methods held in an interface is printed by fmt (its Error method), not
// walked as a struct (&{s:plain}).
func TestPlusVCompiledPointer(t *testing.T) {
	table := []any{"P", "P", (*plusRT)(nil), "struct{ A, B int; s string; b []byte; q *int }", ""}
	var err error = errors.New("plain")
	for _, flags := range []string{"", "8"} {
		if got, want := ifacePlusV(err, "line 1", "", flags, false, nil, table...), fmt.Sprintf("%+"+flags+"v", err); got != want {
			t.Errorf("%%+%sv of errors.New = %q, want %q", flags, got, want)
		}
	}
}

// TestGoSyntaxUnnamedLookalike checks that %#v of a struct in an
// interface names the session struct of its run-time type only while no
// unnamed struct type of the same fields was written in the session.
func TestGoSyntaxUnnamedLookalike(t *testing.T) {
	table := []any{"A", "A", (*struct{ X int })(nil), "struct{ X int }", ""}
	a := &anonStructs{}
	var v any = struct{ X int }{1}
	if got := a.goSyntax(v, "line 1", "", false, table...); got != "main.A{X:1}" {
		t.Fatalf("%%#v = %q, want main.A{X:1}", got)
	}
	a.like = map[string]string{"A": "struct{ X int }"}
	err := catchPanic(func() { a.goSyntax(v, "line 1", "", false, table...) })
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "A or struct{ X int }") {
		t.Fatalf("%%#v with a look-alike: %v, want a refusal naming both types", err)
	}
	// The syntax shows the type: no refusal.
	if got := a.goSyntax(struct{ X int }{2}, "line 1", "A", false, table...); got != "main.A{X:2}" {
		t.Fatalf("%%#v of an A = %q, want main.A{X:2}", got)
	}
}

// catchPanic runs f and returns the error it panicked with, or nil.
func catchPanic(f func()) (err error) {
	defer func() {
		if e := recover(); e != nil {
			if err, _ = e.(error); err == nil {
				err = fmt.Errorf("panic: %v", e)
			}
		}
	}()
	f()
	return nil
}

// TestPlusVCallsStringer checks that the %+v walk prints the result of
// the call function for values of session types with a String or Error
// method, by the type's name, with the flags, also for a nil pointer
// (<nil> where the method panics), and not inside an unexported field
// (as fmt).
func TestPlusVCallsStringer(t *testing.T) {
	type rt = struct {
		Name string
		St   int
		Xp   int
		E    *struct{ Xcode int }
	}
	table := []any{"Status", "Status", (*int)(nil), "int", "ms", "Err", "Err", (*struct{ Xcode int })(nil), "struct{ code int }", "mS",
		"Task", "Task", (*rt)(nil), "struct{ Name string; St Status; p Status; E *Err }", ""}
	var names []string
	nilErr := "nil err"
	call := func(name string, v any) (string, bool) {
		names = append(names, name)
		switch name {
		case "Status":
			return fmt.Sprint("st", v), true
		case "*Err":
			if v.(*struct{ Xcode int }) == nil {
				if nilErr == "" {
					panic("nil dereference")
				}
				return nilErr, true
			}
			return "err", true
		}
		return "", false
	}
	got := ifacePlusV(rt{"a", 1, 2, &struct{ Xcode int }{3}}, "line 1", "Task", "5", false, call, table...)
	if want := "{Name:    a St:  st1 p:    2 E:  err}"; got != want {
		t.Errorf("%%+5v = %q, want %q", got, want)
	}
	if got := ifacePlusV(rt{"b", 0, 0, nil}, "line 1", "Task", "", false, call, table...); got != "{Name:b St:st0 p:0 E:nil err}" {
		t.Errorf("%%+v with a nil *Err = %q", got)
	}
	nilErr = ""
	if got := ifacePlusV(rt{"b", 0, 0, nil}, "line 1", "Task", "5", false, call, table...); got != "{Name:    b St:  st0 p:    0 E:<nil>}" {
		t.Errorf("%%+5v with a nil *Err whose method panics = %q", got)
	}
	if strings.Join(names, ",") != "Status,*Err,Status,*Err,Status,*Err" {
		t.Errorf("calls for %v, want Status,*Err,Status,*Err,Status,*Err (none for the unexported p)", names)
	}
}
