package gosession

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Output that compiled code writes to the process's standard output and
// error.
//
// The session's fmt.Print, os.Stdout, log and println write to the cell's
// streams, but compiled code writing to the process's own file descriptors
// 1 and 2 did not: `ast.Print(nil, x)` of go/ast, a package compiled in
// with `activis-kernel build --with` printing with fmt.Println, a C
// library's printf all went to the kernel's own stdout and stderr, which is
// the Jupyter server's terminal, and the notebook showed nothing, without an
// error (ipykernel 6 captures the file descriptors for the same reason).
// CaptureStdio replaces descriptors 1 and 2 by pipes; a reader per pipe
// streams what arrives to the running cell (to the latest one for output
// after it ends, to the original descriptor before the first) as stdout or
// stderr. A cell ends only after what its code wrote has arrived: Execute
// writes a marker through each pipe and waits (at most two seconds) until
// the reader reaches it. A print of the cell's own first waits the same way
// when its stream's pipe holds bytes not yet streamed, so that the two
// kinds of output keep their order in each stream. The kernel logs to the
// original stderr, which CaptureStdio returns, and so does a crash of the
// runtime (debug.SetCrashOutput). Written for this package.

// Stdio is the process's standard output and error captured by
// CaptureStdio; give it to one session in Options.Stdio.
type Stdio struct {
	// Stdout and Stderr are the process's original standard output and
	// error, for the caller's own logs.
	Stdout, Stderr *os.File
	pipes          [2]*stdioPipe
	undo           func() error
}

// stdioPipe is one captured descriptor: its pipe and reader.
type stdioPipe struct {
	name string   // "stdout" or "stderr"
	rfd  int      // the pipe's read end, for pending
	r, w *os.File // the pipe; w is a copy of what fd now is
	orig *os.File // where output goes before a session is attached
	sink atomic.Pointer[func(name string, p []byte) bool]

	mu       sync.Mutex
	held     int               // bytes read and not yet streamed
	inflight bool              // the pipe is readable and the reader about to read it
	waiters  map[string]func() // markers written and not yet read
	seq      atomic.Uint64
	done     chan struct{} // closed when the reader ends
}

// markerPrefix starts the marker sync writes through a pipe; the rest is
// a sequence number and markerEnd. Bytes a program writes rarely hold
// NUL and SOH together.
const (
	markerPrefix = "\x00\x01activis-sync-"
	markerEnd    = "\x01\x00"
)

// syncTimeout bounds the wait for a pipe's reader at the end of a cell;
// orderTimeout the wait before a print of the cell's own.
const (
	syncTimeout  = 2 * time.Second
	orderTimeout = 200 * time.Millisecond
)

// attach makes the pipes stream to s.
func (st *Stdio) attach(s *Session) {
	if st == nil {
		return
	}
	f := func(name string, p []byte) bool {
		c := s.cell()
		if c == nil {
			return false
		}
		c.out.Stream(name, string(p))
		return true
	}
	for _, p := range st.pipes {
		if p != nil {
			p.sink.Store(&f)
		}
	}
}

// Close gives the process its standard output and error back and ends the
// readers once they have streamed what the pipes hold (waiting at most two
// seconds each, for a child process that still holds a pipe).
func (st *Stdio) Close() error {
	if st == nil || st.undo == nil {
		return nil
	}
	err := st.undo()
	st.undo = nil
	for _, p := range st.pipes {
		if p != nil {
			p.w.Close()
			select { // a child process may still hold the pipe
			case <-p.done:
			case <-time.After(syncTimeout):
			}
		}
	}
	return err
}

// sync waits until each pipe's reader has streamed everything written to
// it before the call, or timeout.
func (st *Stdio) sync(timeout time.Duration) {
	if st == nil {
		return
	}
	for _, p := range st.pipes {
		if p != nil {
			p.sync(timeout)
		}
	}
}

// order waits, before a print of the cell's own to the stream name
// ("stdout" or "stderr"), until that stream's pipe has streamed the bytes
// it holds, if any (see above). Only that pipe: asking a pipe costs an
// ioctl, 1.4 µs, against 8 µs for a print in the kernel; the two streams
// are separate in Jupyter too.
func (st *Stdio) order(name string) {
	if st == nil {
		return
	}
	for _, p := range st.pipes {
		if p != nil && p.name == name && p.pending() {
			p.sync(orderTimeout)
		}
	}
}

// sync writes a marker through the pipe and waits until the reader reaches
// it, or timeout.
func (p *stdioPipe) sync(timeout time.Duration) {
	id := strconv.FormatUint(p.seq.Add(1), 10)
	reached := make(chan struct{})
	p.mu.Lock()
	p.waiters[id] = func() { close(reached) }
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.waiters, id)
		p.mu.Unlock()
	}()
	if _, err := p.w.Write([]byte(markerPrefix + id + markerEnd)); err != nil {
		return
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-reached:
	case <-p.done:
	case <-t.C:
	}
}

// read streams what arrives through the pipe until it is closed.
func (p *stdioPipe) read() {
	defer close(p.done)
	var buf []byte
	chunk := make([]byte, 32<<10)
	for {
		// Readable first, then marked in flight, then read: pending sees
		// bytes written before it in the pipe or in flight (stdio_unix.go).
		waitReadable(p.rfd)
		p.mu.Lock()
		p.inflight = true
		p.mu.Unlock()
		n, err := p.r.Read(chunk)
		buf = append(buf, chunk[:max(n, 0)]...)
		p.mu.Lock()
		p.held, p.inflight = len(buf), false
		p.mu.Unlock()
		if n > 0 {
			buf = p.deliver(buf, false)
		}
		if err != nil {
			p.deliver(buf, true)
			return
		}
	}
}

// deliver streams buf up to the first marker, wakes the marker's waiter,
// and so on; it returns what it keeps back: a marker or the start of one,
// or at the end the bytes of an incomplete UTF-8 character (all of buf
// when last).
func (p *stdioPipe) deliver(buf []byte, last bool) []byte {
	for len(buf) > 0 {
		i := bytes.Index(buf, []byte(markerPrefix))
		if i < 0 {
			keep := 0
			if !last {
				keep = partialSuffix(buf, markerPrefix)
				if keep == 0 {
					keep = incompleteRune(buf)
				}
			}
			p.emit(buf[:len(buf)-keep])
			buf = buf[len(buf)-keep:]
			break
		}
		p.emit(buf[:i])
		buf = buf[i:]
		end := bytes.Index(buf[len(markerPrefix):], []byte(markerEnd))
		if end < 0 {
			if last {
				p.emit(buf)
				buf = nil
			}
			break
		}
		id := string(buf[len(markerPrefix) : len(markerPrefix)+end])
		buf = buf[len(markerPrefix)+end+len(markerEnd):]
		p.mu.Lock()
		wake := p.waiters[id]
		p.mu.Unlock()
		if wake != nil {
			wake()
		}
	}
	p.mu.Lock()
	p.held = len(buf)
	p.mu.Unlock()
	return buf
}

// emit streams b to the session, or to the original descriptor when no
// session is attached or no cell has run yet.
func (p *stdioPipe) emit(b []byte) {
	if len(b) == 0 {
		return
	}
	if f := p.sink.Load(); f != nil && (*f)(p.name, b) {
		return
	}
	p.orig.Write(b)
}

// partialSuffix returns the length of the longest end of b that begins
// marker (and is shorter than it).
func partialSuffix(b []byte, marker string) int {
	for k := min(len(marker)-1, len(b)); k > 0; k-- {
		if string(b[len(b)-k:]) == marker[:k] {
			return k
		}
	}
	return 0
}

// incompleteRune returns how many bytes at the end of b start a UTF-8
// character that is not complete yet (0 to 3).
func incompleteRune(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return 0 // ASCII: complete
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}
