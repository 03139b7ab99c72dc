//go:build unix && !linux

package gosession

import "errors"

// unreadBytes is not known on this system: pending then tells only the
// bytes the reader holds.
func unreadBytes(int) (int, error) { return 0, errors.ErrUnsupported }
