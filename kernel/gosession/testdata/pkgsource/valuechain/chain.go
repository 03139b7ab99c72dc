// Package valuechain wraps a struct error with Unwrap on a value receiver
// (TestThirdPartyValueChain).
package valuechain

import (
	"errors"
	"fmt"
)

// ErrExists is the sentinel DupError wraps.
var ErrExists = errors.New("exists")

// DupError names a duplicate.
type DupError struct{ Name string }

func (e DupError) Error() string { return "duplicate " + e.Name }
func (e DupError) Unwrap() error { return ErrExists }

// Is reports whether registering wraps ErrExists.
func Is() bool { return errors.Is(fmt.Errorf("reg: %w", DupError{"a"}), ErrExists) }

// As finds the DupError.
func As() string {
	if d, ok := errors.AsType[DupError](fmt.Errorf("reg: %w", DupError{"b"})); ok {
		return d.Name
	}
	return ""
}
