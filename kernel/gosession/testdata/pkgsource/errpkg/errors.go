// Package errors forwards Is, As and Unwrap to the standard library's and
// wraps errors with a message, as github.com/pkg/errors does, for the
// session's tests (errorwrap.go's errorsForwarderCall).
package errors

import "errors"

// Is is errors.Is.
func Is(err, target error) bool { return errors.Is(err, target) }

// As is errors.As.
func As(err error, target interface{}) bool { return errors.As(err, target) }

// Unwrap is errors.Unwrap.
func Unwrap(err error) error { return errors.Unwrap(err) }

type withMessage struct {
	cause error
	msg   string
}

func (w *withMessage) Error() string { return w.msg + ": " + w.cause.Error() }

func (w *withMessage) Unwrap() error { return w.cause }

// Wrap annotates err with msg.
func Wrap(err error, msg string) error { return &withMessage{err, msg} }
