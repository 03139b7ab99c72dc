// Package errchain wraps errors with its own types.
package errchain

import (
	"errors"
	"fmt"
)

// ErrBase is the innermost error.
var ErrBase = errors.New("base")

type wrapErr struct{ inner error }

func (w *wrapErr) Error() string { return "wrap: " + w.inner.Error() }
func (w *wrapErr) Unwrap() error { return w.inner }

type codeErr int

func (c codeErr) Error() string        { return fmt.Sprint("code ", int(c)) }
func (c codeErr) Is(target error) bool { return target == ErrBase && c == 7 }

// Chain unwraps and matches errors through the package's types.
func Chain() string {
	e := &wrapErr{&wrapErr{ErrBase}}
	var c error = codeErr(7)
	return fmt.Sprint(errors.Unwrap(e) != nil, errors.Is(e, ErrBase), errors.Is(&wrapErr{c}, ErrBase), errors.Is(e, errors.New("base")), errors.Unwrap(ErrBase) == nil)
}
