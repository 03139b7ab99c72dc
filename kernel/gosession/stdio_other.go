//go:build !unix

package gosession

import (
	"errors"
	"runtime"
)

// CaptureStdio is not supported on this system (see stdio_unix.go).
func CaptureStdio() (*Stdio, error) {
	return nil, errors.New("capturing standard output is not supported on " + runtime.GOOS)
}

// pending reports whether the pipe holds bytes not yet streamed.
func (p *stdioPipe) pending() bool { return false }

// waitReadable returns at once: reads block instead.
func waitReadable(int) {}
