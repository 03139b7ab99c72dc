package gosession

import (
	"io"
	"log"
	"log/slog"
)

// The process's default logger.
//
// Compiled code that logs through the log package's default logger wrote
// to the kernel process's standard error, which a notebook does not show:
// slog's default logger writes through it, so `slog.Info("loaded",
// "rows", n)` in a cell printed nothing in the notebook, and so do
// compiled packages that log (net/http's server errors). A session sends
// that logger's output to the running cell's stderr stream (a write with
// no cell running is dropped, as the cell streams do). The process has
// one default logger, so the session started last gets it; a kernel runs
// one session. The log package's functions in cells and in interpreted
// packages are the real ones (logExports), so log.SetFlags, SetPrefix and
// SetOutput change that logger, for slog's default logger too, as in Go.
// A new interpreter (a new session, %restart) starts from the defaults:
// the standard flags, no prefix, slog's default logger. Written for this
// package.

// defaultSlog is slog's default logger as the process started, before any
// cell could set another.
var defaultSlog = slog.Default()

// routeDefaultLog sends the process's default logger to stderr, a
// session's stderr stream, with the standard flags and no prefix, and
// puts back slog's default logger (see above).
func routeDefaultLog(stderr io.Writer) {
	slog.SetDefault(defaultSlog)
	log.SetOutput(stderr)
	log.SetFlags(log.LstdFlags)
	log.SetPrefix("")
}
