// Package structwrap converts struct values with value methods to
// compiled interfaces in every way the type check sees, and asserts them
// back, for the session's tests (pkgstructwrap.go).
package structwrap

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

var ErrExists = errors.New("exists")

// DupError has value Error and Unwrap methods.
type DupError struct{ Name string }

func (d DupError) Error() string { return "dup " + d.Name }

func (d DupError) Unwrap() error { return ErrExists }

// Plain has a value Error method only.
type Plain struct {
	Code int
	Msg  string
}

func (p Plain) Error() string { return fmt.Sprintf("plain %d %s", p.Code, p.Msg) }

// PtrErr has a pointer Error method.
type PtrErr struct{ N int }

func (p *PtrErr) Error() string { return fmt.Sprint("ptr ", p.N) }

// wrapped holds an error in its last field.
type wrapped struct {
	msg string
	err error
}

func (w wrapped) Error() string { return w.msg + ": " + w.err.Error() }

func (w wrapped) Unwrap() error { return w.err }

// Label is a fmt.Stringer by value.
type Label struct{ Text string }

func (l Label) String() string { return "<" + l.Text + ">" }

// Coded is an interface declared here, held by a struct value.
type Coded interface {
	error
	Code() int
}

type codeErr struct{ c int }

func (c codeErr) Error() string { return fmt.Sprint("code ", c.c) }

func (c codeErr) Code() int { return c.c }

func Register(name string) error { return fmt.Errorf("reg: %w", DupError{name}) }

func ret() error { return Plain{1, "r"} }

// Returns: a returned value asserts back; a wrapped error in the last
// field is not taken for the whole value.
func Returns() string {
	e := ret()
	p, ok := e.(Plain)
	w := error(wrapped{"ctx", &PtrErr{7}})
	_, isPtr := w.(*PtrErr)
	_, isWrapped := w.(wrapped)
	return fmt.Sprint(p.Msg, ok, isPtr, isWrapped)
}

// Chains: errors.Is, errors.As and errors.Unwrap through value Unwrap.
func Chains() string {
	err := Register("a")
	var d DupError
	as := errors.As(err, &d)
	var w error = wrapped{"outer", DupError{"b"}}
	var d2 DupError
	return fmt.Sprint(errors.Is(err, ErrExists), as, d.Name, errors.Is(w, ErrExists), errors.As(w, &d2), d2.Name,
		errors.Unwrap(DupError{"c"}) == ErrExists, errors.Is(DupError{"d"}, ErrExists))
}

// Sites: assignment, declaration, argument, variadic argument, slice and
// map elements, struct field, send and explicit conversion.
func Sites() string {
	var out []string
	var e error
	e = Plain{2, "assign"}
	_, ok0 := e.(Plain)
	out = append(out, fmt.Sprint(ok0))
	var e2 error = Plain{3, "decl"}
	_, ok := e2.(Plain)
	out = append(out, fmt.Sprint(ok))
	out = append(out, fmt.Sprint(check(Plain{4, "arg"})))
	out = append(out, fmt.Sprint(checkAll(Plain{5, "v1"}, Plain{6, "v2"})))
	list := []error{Plain{7, "slice"}, DupError{"s"}}
	m := map[string]error{"k": Plain{8, "map"}}
	type holder struct{ err error }
	h := holder{err: Plain{9, "field"}}
	h2 := holder{Plain{10, "pos"}}
	out = append(out, fmt.Sprint(check(list[0]), check(list[1]), check(m["k"]), check(h.err), check(h2.err)))
	ch := make(chan error, 1)
	ch <- Plain{11, "send"}
	out = append(out, fmt.Sprint(check(<-ch), check(error(Plain{12, "conv"}))))
	var s fmt.Stringer = Label{"x"}
	l, ok := s.(Label)
	out = append(out, fmt.Sprint(l.Text, ok, s))
	return strings.Join(out, " ")
}

// Check tells which of the package's errors err holds, for a cell.
func Check(err error) string { return check(err) }

func check(err error) string {
	switch v := err.(type) {
	case Plain:
		return fmt.Sprint("P", v.Code)
	case DupError:
		return "D" + v.Name
	}
	return "?"
}

func checkAll(errs ...error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(check(e))
	}
	return b.String()
}

// Loop: values made in a loop keep their own values.
func Loop() string {
	var errs []error
	for _, k := range []string{"a", "b", "c"} {
		errs = append(errs, DupError{k})
	}
	var got []string
	for _, e := range errs {
		d, ok := e.(DupError)
		got = append(got, fmt.Sprint(e, ok, d.Name))
	}
	return strings.Join(got, ",")
}

// Iface: a value held in an interface declared here, converted to error.
func Iface() string {
	var c Coded = codeErr{5}
	var e error = c
	v, ok := e.(codeErr)
	return fmt.Sprint(e, " ", ok, " ", v.c, " ", asErr(codeErr{6}))
}

func asErr(c Coded) error { return c }

// Err returns a DupError as an error, for a cell to walk.
func Err(name string) error { return fmt.Errorf("wrap: %w", DupError{name}) }

// Bare returns a DupError as an error.
func Bare(name string) error { return DupError{name} }

// Anys: values held in error, then in any, asserted and switched on.
func Anys() string {
	var e error = &PtrErr{3}
	var p error = Plain{13, "any"}
	var a any = e
	_, ok := a.(*PtrErr)
	b := any(p)
	q := b.(Plain)
	return fmt.Sprint(ok, isPtr(e), q.Msg, kind(e), kind(p), kind(errors.New("x")), kind(Label{"l"}))
}

func isPtr(v any) bool { _, ok := v.(*PtrErr); return ok }

func kind(v any) string {
	switch x := v.(type) {
	case *PtrErr:
		return fmt.Sprint("ptr", x.N)
	case Plain:
		return "plain" + x.Msg
	case fmt.Stringer:
		return "stringer" + x.String()
	}
	return "other"
}

// TypeNames: %T of values held in error, in an any through an error,
// and in an any.
func TypeNames() string {
	var p error = &PtrErr{1}
	var a any = ret()
	var b, c any = Plain{1, "b"}, &wrapped{"c", nil}
	return fmt.Sprintf("%T %T %T %T %T %T %T", ret(), p, a, errors.New("x"), b, c, any(struct{ X int }{1}))
}

// asPath has a value As method setting a compiled error target.
type asPath struct{ err string }

func (e asPath) Error() string { return e.err }

func (e asPath) As(target any) bool {
	pe, ok := target.(**fs.PathError)
	if !ok {
		return false
	}
	*pe = &fs.PathError{Op: "custom", Path: "/", Err: e}
	return true
}

// asOwn has a value As method setting a target of the package's type.
type asOwn struct{ s string }

func (a asOwn) Error() string { return a.s }

func (a asOwn) As(target any) bool {
	p, ok := target.(**PtrErr)
	if ok {
		*p = &PtrErr{5}
	}
	return ok
}

// AsMethods: errors.As asks the package's values' own As methods.
func AsMethods() string {
	var err error = asPath{"an error"}
	var pathError *fs.PathError
	ok := errors.As(err, &pathError)
	var p *PtrErr
	ok2 := errors.As(fmt.Errorf("w: %w", asOwn{"x"}), &p)
	return fmt.Sprint(ok, pathError, ok2, p.N)
}

// AnyIfaces: values held in an any asserted and switched to interfaces.
func AnyIfaces() string {
	var a any = Plain{14, "a"}
	e, ok := a.(error)
	var b any = DupError{"e"}
	var s any = Label{"s"}
	st, ok2 := s.(fmt.Stringer)
	return fmt.Sprint(e, ok, st, ok2, errors.Is(b.(error), ErrExists), describe(a), describe(&PtrErr{4}))
}

func describe(v any) string {
	switch x := v.(type) {
	case error:
		_, isPlain := x.(Plain)
		return fmt.Sprint("error:", x.Error(), isPlain)
	}
	return "other"
}

// Num is an error by value with a basic underlying type.
type Num int

func (n Num) Error() string { return fmt.Sprint("num ", int(n)) }

func is[T any](v any) bool { _, ok := v.(T); return ok }

func as[T any](v any) T { return v.(T) }

// Generic: assertions to a type parameter of values held in error.
func Generic() string {
	var e error = Plain{15, "g"}
	var p error = &PtrErr{6}
	var n error = Num(3)
	return fmt.Sprint(is[Plain](e), is[*PtrErr](p), is[Plain](p), is[int](n), as[Plain](e).Msg)
}

// NilIface: a nil interface declared here converted to error is nil.
func NilIface() string {
	var c Coded
	var e error = c
	return fmt.Sprint(e == nil, asErr(nil) == nil)
}

// toErr converts a value of its type parameter to error.
func toErr[E error](e E) error { return e }

// RangeAssign: a range loop assigning struct values to an error variable
// with =, and a generic function converting its type parameter's value.
func RangeAssign() string {
	var e error
	for _, e = range []Plain{{1, "a"}, {2, "b"}} {
	}
	p, ok := e.(Plain)
	g, ok2 := toErr(Plain{3, "c"}).(Plain)
	_, ok3 := toErr(&PtrErr{4}).(*PtrErr)
	return fmt.Sprint(p.Msg, ok, g.Msg, ok2, ok3, toErr[error](nil) == nil)
}

// Select: a struct value sent in a select case (the conversion's call
// must run before the select, as yaegi runs no call there).
func Select() string {
	ch := make(chan error, 1)
	select {
	case ch <- Plain{6, "sel"}:
	}
	p, ok := (<-ch).(Plain)
	return fmt.Sprint(p.Msg, ok)
}
