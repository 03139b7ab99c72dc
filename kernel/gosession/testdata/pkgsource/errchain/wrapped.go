package errchain

import (
	"errors"
	"fmt"
)

// Wrapped finds errors through fmt.Errorf and errors.Join wrappers, and
// its own types with errors.As.
func Wrapped() string {
	a := fmt.Errorf("x: %w", ErrBase)
	b := errors.Join(errors.New("o"), ErrBase)
	c := fmt.Errorf("y: %w", &wrapErr{ErrBase})
	d := &wrapErr{fmt.Errorf("z: %w", ErrBase)}
	var w *wrapErr
	var ce codeErr
	return fmt.Sprint(errors.Is(a, ErrBase), errors.Is(b, ErrBase), errors.Is(c, ErrBase), errors.Is(d, ErrBase), errors.Unwrap(a) == ErrBase, errors.As(c, &w), errors.As(&wrapErr{codeErr(7)}, &ce), ce == 7, c.Error())
}
