// Package chainvalue asserts a struct error with value-receiver Error and
// Unwrap methods back from an any and from an error, for the session's
// tests (pkgiface.go's heldChainValue).
package chainvalue

import (
	"errors"
	"fmt"
)

type wrapped struct{ inner error }

func (w wrapped) Error() string { return "wrapped: " + w.inner.Error() }

func (w wrapped) Unwrap() error { return w.inner }

var ErrBase = errors.New("base")

func anyParam(v any) bool { _, ok := v.(wrapped); return ok }

func errParam(err error) bool { _, ok := err.(wrapped); return ok }

func A1() string {
	var a any = wrapped{ErrBase}
	_, ok := a.(wrapped)
	return fmt.Sprint(ok, anyParam(wrapped{ErrBase}))
}

func A2() string { return fmt.Sprint(errParam(wrapped{ErrBase})) }

func A3() string {
	w := wrapped{ErrBase}
	return w.Error() + " " + fmt.Sprint(w.Unwrap() == ErrBase)
}

func errSwitch(err error) string {
	switch err.(type) {
	case wrapped:
		return "wrapped"
	}
	return "other"
}

func A4() string { return errSwitch(wrapped{ErrBase}) }
