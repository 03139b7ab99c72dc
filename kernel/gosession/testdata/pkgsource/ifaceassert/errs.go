// Package ifaceassert asserts errors to interfaces, as
// github.com/pkg/errors' Cause does.
package ifaceassert

import (
	"errors"
	"fmt"
)

type wrapErr struct {
	msg   string
	cause error
}

func (w *wrapErr) Error() string { return w.msg + ": " + w.cause.Error() }
func (w *wrapErr) Cause() error  { return w.cause }

// Wrap wraps err with msg.
func Wrap(err error, msg string) error { return &wrapErr{msg, err} }

// Cause returns the innermost cause of err.
func Cause(err error) error {
	type causer interface{ Cause() error }
	for err != nil {
		c, ok := err.(causer)
		if !ok {
			break
		}
		err = c.Cause()
	}
	return err
}

// First returns the cause of err, which must have one.
func First(err error) error { return err.(interface{ Cause() error }).Cause() }

// Kind switches on the type of err.
func Kind(err error) string {
	switch err.(type) {
	case *wrapErr:
		return "wrapped"
	}
	return "other"
}

// Demo prints the causes of a chain.
func Demo() string {
	err := Wrap(Wrap(errors.New("inner"), "middle"), "outer")
	return fmt.Sprint(err, "|", Cause(err), "|", First(err))
}
