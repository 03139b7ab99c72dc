// Package hunt, at the import path example.com/go-hunt, has the
// constructs of github.com/tidwall/gjson, github.com/hashicorp/go-multierror
// and github.com/pkg/errors that failed to import or gave wrong answers
// (TestThirdPartyHunt).
package hunt

import (
	"fmt"
	"math"
	"strings"
)

// Enabled uses a variable declared later from a comparison (boolvar.go).
func Enabled() bool {
	if disabled {
		return false
	}
	return true
}

var flagText = "false"
var disabled = flagText == "true"

// Count counts the commas outside quotes, with a labelled loop in a case
// clause (caselabel.go).
func Count(path string) int {
	n := 0
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case ',':
			n++
		case '"':
			i++
		loop:
			for ; i < len(path); i++ {
				switch path[i] {
				case '\\':
					i++
				case '"':
					break loop
				}
			}
		}
	}
	return n
}

// Clamp returns a constant past int64 (bigconst.go).
func Clamp(f float64) uint64 {
	if f >= math.MaxUint64 {
		return math.MaxUint64
	}
	return uint64(f)
}

// Multi holds several errors.
type Multi struct{ Errors []error }

func (m *Multi) Error() string {
	var s []string
	for _, e := range m.Errors {
		s = append(s, e.Error())
	}
	return fmt.Sprintf("%d errors: %s", len(m.Errors), strings.Join(s, "; "))
}

// Unwrap gives the errors as a chain.
func (m *Multi) Unwrap() error {
	if len(m.Errors) == 0 {
		return nil
	}
	return chain(m.Errors)
}

// chain is an unexported error type with Unwrap and Is (go-multierror's).
type chain []error

func (c chain) Error() string { return c[0].Error() }

func (c chain) Unwrap() error {
	if len(c) == 1 {
		return nil
	}
	return c[1:]
}

func (c chain) Is(target error) bool { return c[0] == target }

// Append appends errs to err, a *Multi or another error (a type switch on
// error with a case of the package's type, and a spread call passing one
// for an error parameter: pkgassertchain.go, ifaceloop.go).
func Append(err error, errs ...error) *Multi {
	switch err := err.(type) {
	case *Multi:
		if err == nil {
			err = new(Multi)
		}
		for _, e := range errs {
			switch e := e.(type) {
			case *Multi:
				if e != nil {
					err.Errors = append(err.Errors, e.Errors...)
				}
			default:
				if e != nil {
					err.Errors = append(err.Errors, e)
				}
			}
		}
		return err
	default:
		all := make([]error, 0, len(errs)+1)
		if err != nil {
			all = append(all, err)
		}
		all = append(all, errs...)
		return Append(&Multi{}, all...)
	}
}

// withMessage is an unexported wrapper (github.com/pkg/errors').
type withMessage struct {
	cause error
	msg   string
}

func (w *withMessage) Error() string { return w.msg + ": " + w.cause.Error() }
func (w *withMessage) Unwrap() error { return w.cause }

// Wrap returns err with a message, as an unexported type (errorhook.go).
func Wrap(err error, msg string) error { return &withMessage{err, msg} }

// valueErr is a struct error with a value Error method
// (github.com/montanaflynn/stats' statsError).
type valueErr struct{ msg string }

func (v valueErr) Error() string { return v.msg }

// ErrEmpty is a value of valueErr.
var ErrEmpty = valueErr{"empty input"}

// Mean returns ErrEmpty for no values.
func Mean(xs []float64) (float64, error) {
	if len(xs) == 0 {
		return 0, ErrEmpty
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs)), nil
}

type position byte

const (
	begin, between, end position = 0, 1, 2
)

// Iter is an iterator whose Next jumps to a label named like a constant
// (github.com/emirpasic/gods' red-black tree iterator: labelname.go).
type Iter struct {
	pos position
	n   int
}

// Next reports whether there is a next step, three times.
func (it *Iter) Next() bool {
	if it.pos == end {
		goto end
	}
	if it.n++; it.n > 3 {
		it.pos = end
		goto end
	}
	return true
end:
	return false
}

// Soft is an error type whose Error method handles a nil receiver.
type Soft struct {
	msg  string
	code int
}

func (s *Soft) Error() string {
	if s == nil {
		return "no soft error"
	}
	return s.msg
}

// NilSoft returns a nil *Soft.
func NilSoft() *Soft { return nil }

// extValue is a parsed value with a field named like a result below.
type extValue struct{ t int }

// Timestamp returns named uint32 results through a return statement that
// reads a field named like one (go.mongodb.org/mongo-driver's bsonrw:
// the statement was rewritten with untyped temporaries, "cannot use
// _activisR1 (type intT) as type uint32T").
func Timestamp(kind int) (t, i uint32, err error) {
	v := extValue{kind}
	if v.t != 3 {
		return 0, 0, fmt.Errorf("$timestamp value should be object, but instead is %d", v.t)
	}
	t, i = 7, 9
	return i, t, nil
}
