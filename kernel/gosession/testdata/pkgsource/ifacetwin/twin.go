// Package ifacetwin asserts errors made by compiled code to interfaces
// written as literals.
package ifacetwin

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// multiErr is the package's own error with several causes.
type multiErr struct{ errs []error }

func (m *multiErr) Error() string   { return "multi" }
func (m *multiErr) Unwrap() []error { return m.errs }

// Causes prints the causes of errors made by errors.Join, fmt.Errorf and
// the package.
func Causes() {
	joined := errors.Join(errors.New("a"), errors.New("b"))
	fmt.Println(joined.(interface{ Unwrap() []error }).Unwrap())
	for _, err := range []error{joined, fmt.Errorf("w: %w", joined), &multiErr{[]error{io.EOF}}, io.EOF} {
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			fmt.Println("several:", len(u.Unwrap()))
		} else if u, ok := err.(interface{ Unwrap() error }); ok {
			fmt.Println("one:", u.Unwrap())
		} else {
			fmt.Println("none:", err)
		}
	}
}

// Closer closes what it is given when it can.
func Closer(r io.Reader) string {
	if c, ok := r.(interface{ Close() error }); ok {
		return fmt.Sprint("closed ", c.Close())
	}
	return "not closable"
}

// Reader returns a reader that cannot be closed.
func Reader() io.Reader { return strings.NewReader("x") }
