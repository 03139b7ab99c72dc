package gosession

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/activis-go/activis/kernel/session"
)

// panicFrame matches the line yaegi writes to the interpreter's stderr for
// each interpreted frame a panic unwinds ("In[3]:2:5: panic: main.f(...)").
// The session turns those lines into the traceback instead of output.
var panicFrame = regexp.MustCompile(`^(?:(\S*\.go):)?(\d+)(?::(\d+))?: panic: (.*)\(\.\.\.\)\n?$`)

// streamWriter sends what interpreted code writes to stdout or stderr to
// the running cell's output as it happens (or to the latest cell's, for
// goroutines that outlive their cell).
type streamWriter struct {
	s    *Session
	name string
}

// Write streams p; it never fails.
func (w streamWriter) Write(p []byte) (int, error) {
	c := w.s.cell()
	if c == nil {
		return len(p), nil
	}
	w.s.opt.Stdio.order(w.name) // output of compiled code first (stdio.go)
	if w.name == "stderr" && panicFrame.Match(p) {
		w.s.notePanicFrame() // guardwrap.go
		c.addFrame(string(p))
		return len(p), nil
	}
	c.out.Stream(w.name, string(p))
	return len(p), nil
}

// stdinReader serves os.Stdin and fmt.Scan* of interpreted code: each line
// is asked from the front end through Output.Input when the code reads.
type stdinReader struct {
	s   *Session
	mu  sync.Mutex
	buf []byte
}

// Read returns buffered input, asking the front end for a new line when
// the buffer is empty. Without a running cell it reports io.EOF.
func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		c := r.s.cur.Load()
		if c == nil {
			return 0, io.EOF
		}
		line, err := c.out.Input("", false)
		if err != nil {
			c.out.Stream("stderr", fmt.Sprintf("stdin: %v\n", err))
			return 0, fmt.Errorf("reading stdin: %w", err)
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// reset drops input left over by the previous cell.
func (r *stdinReader) reset() {
	r.mu.Lock()
	r.buf = nil
	r.mu.Unlock()
}

// goPanic is called (through the prelude's _activisRecover) by a goroutine
// of interpreted code that panicked. The running cell stops with the panic
// as its error; after the cell ended it is reported on stderr.
func (s *Session) goPanic(line int, v any) {
	s.goPanicAt("a goroutine started at "+s.where(line), v)
}

// goPanicAt is goPanic for the goroutine that where describes ("a
// goroutine started at " a cell line or a file of an interpreted package:
// pkgsource.go; a callback: guard.go).
func (s *Session) goPanicAt(where string, v any) {
	c := s.cur.Load()
	if c == nil {
		if c = s.last.Load(); c != nil {
			c.takeFrames()
			c.out.Stream("stderr", fmt.Sprintf("panic in %s: %v\n", where, v))
		}
		return
	}
	frames := c.takeFrames()
	e := s.panicError(c, v, frames)
	e.Value = fmt.Sprintf("%s (in %s)", e.Value, where)
	if e.Name == "Exit" {
		e.Value = fmt.Sprintf("%v in %s ended the cell (the kernel keeps running)", v, where)
	}
	e.Traceback = append([]string{"panic in " + where}, e.Traceback...)
	c.mu.Lock()
	if c.goErr == nil {
		c.goErr = e
	}
	c.mu.Unlock()
	c.cancel()
}

// interpPanicPos matches the interpreter position that starts the message
// of a panic yaegi raises itself (line:column of lineBase's numbering).
var interpPanicPos = regexp.MustCompile(`^(\d{6,}):\d+:`)

// panicError describes a recovered panic value with yaegi's frame lines.
// yaegi names the function of each frame but not the line that was running
// (it gives the function's first statement), so the innermost frame takes
// the line of the panic call the rewriter marked (see panicAt); other
// frames say where their code starts.
func (s *Session) panicError(c *cell, v any, frames []string) *session.ExecError {
	if code, ok := exitCode(v); ok {
		return &session.ExecError{Name: "Exit", Value: fmt.Sprintf("os.Exit(%d) ended the cell (the kernel keeps running)", code),
			Traceback: []string{fmt.Sprintf("os.Exit(%d): the cell stopped; the session and its state are kept", code)}}
	}
	switch v.(type) {
	case string, *reflect.ValueError:
		// A reflect call's panic for what Go raises as a runtime error
		// ("reflect: slice index out of range" for xs[5]): Go's message
		// (recovered.go).
		if rt := interpRuntimeError(v); rt != nil {
			v = rt
		}
	}
	e := &session.ExecError{Name: "panic", Value: fmt.Sprint(v)}
	if err, ok := v.(error); ok {
		e.Value = err.Error()
		if _, rt := v.(interface{ RuntimeError() }); rt {
			e.Name = "runtime error"
		}
	}
	if m := interpPanicPos.FindStringSubmatch(e.Value); m != nil {
		// The interpreter's own panic at a position of the cell
		// ("200002:9: constant 18446744073709551615 overflows int64").
		if n, err := strconv.Atoi(m[1]); err == nil {
			e.Value = s.where(n) + ":" + e.Value[len(m[0]):]
		}
	}
	e.Value = taggedTypeNames(e.Value) // recovered.go
	e.Value += sameTypeHint(e.Value)   // recursivelit.go
	e.Traceback = append(e.Traceback, "panic: "+e.Value)
	if e.Name == "runtime error" {
		// Shown as "runtime error: integer divide by zero", not with the
		// name twice; the traceback keeps Go's line.
		e.Value = strings.TrimPrefix(e.Value, "runtime error: ")
	}
	line := 0
	if c != nil {
		line = c.takePanicLine(v)
	}
	first := true
	for _, f := range frames {
		m := panicFrame.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		if m[1] != "" && m[1] != "_.go" {
			continue // a frame in an interpreted library package
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		if first && line > 0 {
			e.Traceback = append(e.Traceback, fmt.Sprintf("    at %s (%s)", s.where(line), m[4]))
		} else {
			e.Traceback = append(e.Traceback, fmt.Sprintf("    in %s (%s onwards)", m[4], s.where(n)))
		}
		first = false
	}
	if first && line > 0 {
		e.Traceback = append(e.Traceback, "    at "+s.where(line))
	}
	return e
}

// panicAt is called (through the prelude's _activisPanicAt) with the value
// of every panic call of a cell and the interpreter line of the call, just
// before the panic: the cell keeps the line for the traceback.
func (s *Session) panicAt(line int, v any) any {
	if c := s.cell(); c != nil {
		c.mu.Lock()
		c.panicLine, c.panicVal = line, v
		c.mu.Unlock()
	}
	return v
}

// exitCode recognises the panic yaegi's restricted os.Exit raises.
func exitCode(v any) (int, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	var code int
	if n, err := fmt.Sscanf(s, "os.Exit(%d)", &code); err == nil && n == 1 {
		return code, true
	}
	return 0, false
}

// clearValue implements the clear builtin for the prelude: it deletes all
// entries of a map and zeroes all elements of a slice.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	}
}

// OutputStream is the type of the session's os.Stdout and os.Stderr: the
// running cell's stream, with the methods of *os.File that code writing
// output calls (os.Stdout.WriteString failed with "undefined method:
// WriteString" when they were plain io.Writer values).
type OutputStream struct {
	w    streamWriter
	fd   uintptr
	name string
}

// Write streams p to the cell; it never fails.
func (o *OutputStream) Write(p []byte) (int, error) { return o.w.Write(p) }

// WriteString streams s to the cell; it never fails.
func (o *OutputStream) WriteString(s string) (int, error) { return o.w.Write([]byte(s)) }

// Sync returns nil: what was written has been streamed.
func (o *OutputStream) Sync() error { return nil }

// Fd returns the process's file descriptor of the stream (1 or 2), which
// the kernel streams to the cell too (stdio.go).
func (o *OutputStream) Fd() uintptr { return o.fd }

// Name returns "/dev/stdout" or "/dev/stderr", as os.Stdout.Name does.
func (o *OutputStream) Name() string { return o.name }
