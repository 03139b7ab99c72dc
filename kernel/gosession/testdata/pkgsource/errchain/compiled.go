package errchain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

type lineErr struct {
	line int
	err  error
}

func (e *lineErr) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *lineErr) Unwrap() error { return e.err }

// CompiledTargets looks through the package's error for errors of
// compiled types: errors.As with targets *strconv.NumError and
// *fs.PathError, and errors.AsType.
func CompiledTargets() string {
	_, perr := strconv.ParseFloat("x", 64)
	_, oerr := os.Open("/nonexistent/activis")
	var err error = &lineErr{4, perr}
	wrapped := fmt.Errorf("load: %w", &lineErr{5, oerr})
	var ne *strconv.NumError
	var pe *fs.PathError
	le, ok := errors.AsType[*lineErr](wrapped)
	pe2, ok2 := errors.AsType[*fs.PathError](wrapped)
	return fmt.Sprint(errors.As(err, &ne), ne.Func, errors.As(wrapped, &pe), pe.Op, errors.As(err, &pe),
		ok, le.line, ok2, pe2.Path)
}
