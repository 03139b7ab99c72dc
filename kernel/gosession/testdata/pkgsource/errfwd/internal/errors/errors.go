// Package errors forwards to the standard library's, as
// github.com/go-viper/mapstructure's internal/errors and
// github.com/pkg/errors do.
package errors

import "errors"

// New is errors.New.
func New(text string) error { return errors.New(text) }

// Is is errors.Is.
func Is(err, target error) bool { return errors.Is(err, target) }

// As is errors.As.
func As(err error, target interface{}) bool { return errors.As(err, target) }

// Unwrap is errors.Unwrap.
func Unwrap(err error) error { return errors.Unwrap(err) }

// Join is errors.Join.
func Join(errs ...error) error { return errors.Join(errs...) }
