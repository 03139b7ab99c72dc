package errchain

import (
	"errors"
	"fmt"
)

// coder is an error with a code, declared here.
type coder interface {
	error
	Code() int
}

type codedErr struct{ code int }

func (c *codedErr) Error() string { return fmt.Sprint("coded ", c.code) }
func (c *codedErr) Code() int     { return c.code }

// IfaceTargets looks through errors for interfaces the package declares:
// a joined compiled error (as go-viper/mapstructure's Decode does) and
// the package's own coded error behind a wrapper.
func IfaceTargets() string {
	joined := errors.Join(errors.New("a"), errors.New("b"))
	var j interface{ Unwrap() []error }
	okJ := errors.As(joined, &j)
	var j2 interface{ Unwrap() []error }
	okPlain := errors.As(ErrBase, &j2)
	var c coder
	okC := errors.As(&wrapErr{&codedErr{42}}, &c)
	var c2 coder
	okMiss := errors.As(&wrapErr{ErrBase}, &c2)
	return fmt.Sprintln(okJ, len(j.Unwrap()), okPlain, j2 == nil, okC, c.Code(), okMiss, c2 == nil)
}
