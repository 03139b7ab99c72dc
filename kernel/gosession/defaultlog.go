package gosession

import (
	"io"
	"log"
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
// one session. The log package's own functions in cells are yaegi's,
// which write to the cell's stderr already through a logger of their own:
// log.SetFlags, SetPrefix and SetOutput in a cell change that one, not
// the default logger (slog's lines keep their date after
// log.SetFlags(0)). Written for this package.

// routeDefaultLog sends the process's default logger to stderr, a
// session's stderr stream (see above).
func routeDefaultLog(stderr io.Writer) { log.SetOutput(stderr) }
