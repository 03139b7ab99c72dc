package gosession

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// Function values made before an interrupt.
//
// yaegi v0.16.1 stops a running program (an interrupt, or a cell ended by
// a panicking goroutine) by incrementing the interpreter's run id: every
// frame carries the id of the run that made it, copied into the frames
// of the calls it makes, and interpreted code runs only while its frame's
// id is the interpreter's. The global frame is given the new id at the
// next run, but the frames that function literals captured keep the old
// one, so after the first interrupt of a session every closure made
// before it did nothing when called, without an error: `inc := func() {
// n++ }` left n as it was, a counter from `mk()` returned 0 (found by
// helper g12; TestClosureAfterInterrupt).
//
// The session puts the id back: before a program runs it notes the id,
// and when the run was stopped, the id before it is restored at the start
// of the next program, after waiting up to 200 ms for the stopped
// program's own goroutine (yaegi's Execute, found in the goroutine stacks
// by the interpreter's address) to end. Code of the stopped cell that was
// running interpreted code saw the stop and ended; code that was blocked
// in a call of compiled code (a time.Sleep, a read, an empty select) goes
// on when that call returns, as a Python kernel's threads go on after a
// KeyboardInterrupt (its top-level statements did so before too: they
// run in the global frame, to which yaegi gives the current id at every
// run), and the next cell says so on stderr. The id is read and written
// through reflect and unsafe (the field `id` of interp.Interpreter, an
// atomic counter); with a yaegi without it the session keeps yaegi's
// behaviour. Written for this package.

// runIDs restores an interpreter's run id after a stopped run (see
// above).
type runIDs struct {
	mu      sync.Mutex
	id      *uint64 // the interpreter's counter; nil: not found
	in      *interp.Interpreter
	pending bool   // a run was stopped: restore before
	before  uint64 // the id before the stopped run
	stopped string // the stopped cell's name, for the note
}

// newRunIDs finds in's run id.
func newRunIDs(in *interp.Interpreter) *runIDs {
	r := &runIDs{in: in}
	v := reflect.ValueOf(in).Elem().FieldByName("id")
	if v.IsValid() && v.Kind() == reflect.Uint64 && v.CanAddr() {
		r.id = (*uint64)(unsafe.Pointer(v.UnsafeAddr()))
	}
	return r
}

// beforeRun restores the id if a stopped run has ended, waiting up to
// wait for it, and returns the id the next run starts with; note is
// called with a message when the stopped run still blocks.
func (r *runIDs) beforeRun(wait time.Duration, note func(string)) uint64 {
	if r == nil || r.id == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending {
		deadline := time.Now().Add(wait)
		for r.executing() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if r.executing() {
			note(fmt.Sprintf("note: the stopped cell %s is still blocked in a call of compiled code (a sleep, a read, a "+
				"select): the interpreter cannot stop it there, and it goes on when that call returns\n", r.stopped))
		}
		atomic.StoreUint64(r.id, r.before)
		r.pending = false
	}
	return atomic.LoadUint64(r.id)
}

// afterRun records that the run started at id was stopped by cell.
func (r *runIDs) afterRun(id uint64, cell string) {
	if r == nil || r.id == nil || atomic.LoadUint64(r.id) == id {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.pending {
		r.pending, r.before = true, id
	}
	r.stopped = cell
}

// executing reports whether a goroutine runs yaegi's Execute on this
// interpreter.
func (r *runIDs) executing() bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	return bytes.Contains(buf, []byte(fmt.Sprintf("interp.(*Interpreter).Execute(%p", r.in)))
}
