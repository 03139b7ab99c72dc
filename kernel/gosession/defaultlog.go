package gosession

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"
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

// slog's AddSource in interpreted code.
//
// slog records the program counter of the function that called the
// logger, which for a call from interpreted code is the interpreter's
// (reflect.Value.call): with HandlerOptions.AddSource, a cell's
// slog.Info printed source=/usr/local/go/src/reflect/value.go:586, in a
// package too (the standard library's slog Example_wrapping), without an
// error. The interpreter cannot give the cell's line to compiled code.
// The session's slog.NewTextHandler and NewJSONHandler give a handler
// with AddSource a ReplaceAttr (around the user's own) that panics,
// naming the construct and the workaround, when the source is such a
// frame; a record logged by compiled code keeps its source.

// slogExports replaces slog.NewTextHandler and NewJSONHandler (see
// above).
func slogExports() interp.Exports {
	return interp.Exports{"log/slog/slog": {
		"NewTextHandler": reflect.ValueOf(func(w io.Writer, opts *slog.HandlerOptions) *slog.TextHandler {
			return slog.NewTextHandler(w, sourceChecked(opts))
		}),
		"NewJSONHandler": reflect.ValueOf(func(w io.Writer, opts *slog.HandlerOptions) *slog.JSONHandler {
			return slog.NewJSONHandler(w, sourceChecked(opts))
		}),
	}}
}

// sourceChecked returns opts, or a copy whose ReplaceAttr refuses the
// interpreter's frames as the source when opts has AddSource (see above).
func sourceChecked(opts *slog.HandlerOptions) *slog.HandlerOptions {
	if opts == nil || !opts.AddSource {
		return opts
	}
	o := *opts
	user := opts.ReplaceAttr
	o.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.SourceKey {
			if src, ok := a.Value.Any().(*slog.Source); ok && interpreterFrame(src.Function) {
				panic(fmt.Errorf("log/slog with HandlerOptions.AddSource in interpreted code: the source slog records is "+
					"the interpreter's frame (%s:%d), not the line that logged; leave AddSource off, or log the place "+
					"yourself (slog.String(\"at\", ...)): %w", src.File, src.Line, ErrUnsupported))
			}
		}
		if user != nil {
			return user(groups, a)
		}
		return a
	}
	return &o
}

// interpreterFrame reports whether fn, a function's name as the runtime
// gives it, is the interpreter's (reflect's calls, yaegi's own).
func interpreterFrame(fn string) bool {
	return strings.HasPrefix(fn, "reflect.") || strings.HasPrefix(fn, "github.com/traefik/yaegi/")
}
