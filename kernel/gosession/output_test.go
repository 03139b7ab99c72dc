package gosession

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// recorder is a session.Output that keeps everything a cell produces.
type recorder struct {
	mu       sync.Mutex
	streams  []string // "stdout:text" / "stderr:text" in order
	results  []display.Bundle
	displays []display.Bundle
	updates  []display.Bundle
	clears   []bool
	inputs   []string // lines to answer input requests with
	noStdin  bool
}

func (r *recorder) Display(b display.Bundle) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, b)
	return nil
}

func (r *recorder) Update(b display.Bundle) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates = append(r.updates, b)
	return nil
}

func (r *recorder) Clear(wait bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
	return nil
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.streams = append(r.streams, name+":"+text)
}

func (r *recorder) Result(b display.Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results = append(r.results, b)
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.noStdin {
		return "", errors.New("stdin not allowed")
	}
	if len(r.inputs) == 0 {
		return "", errors.New("no more input")
	}
	l := r.inputs[0]
	r.inputs = r.inputs[1:]
	return l, nil
}

func (r *recorder) Comms() comm.Registry { return nil }

// stream returns the concatenated text of one stream.
func (r *recorder) stream(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, s := range r.streams {
		if t, ok := strings.CutPrefix(s, name+":"); ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

// result returns the text/plain of the cell's result, or "".
func (r *recorder) result() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.results) == 0 {
		return ""
	}
	s, _ := r.results[len(r.results)-1].Data["text/plain"].(string)
	return s
}

var _ session.Output = (*recorder)(nil)

// newSession starts a session for a test.
func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run executes code as cell n and returns the output and error.
func run(t testing.TB, s *Session, code string) (*recorder, *session.ExecError) {
	t.Helper()
	return runCtx(t, s, context.Background(), code)
}

var cellCount int

func runCtx(t testing.TB, s *Session, ctx context.Context, code string) (*recorder, *session.ExecError) {
	t.Helper()
	cellCount++
	r := &recorder{}
	res := s.Execute(ctx, session.ExecuteRequest{Code: code, Count: cellCount, StoreHistory: true, AllowStdin: true}, r)
	return r, res.Err
}

// mustRun executes code and fails the test on an error.
func mustRun(t testing.TB, s *Session, code string) *recorder {
	t.Helper()
	r, err := run(t, s, code)
	if err != nil {
		t.Fatalf("cell %q failed: %s: %s\n%s", code, err.Name, err.Value, strings.Join(err.Traceback, "\n"))
	}
	return r
}

func errString(e *session.ExecError) string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Value)
}

// withTimeout returns a context cancelled after d.
func withTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func kernelReq(code string) session.ExecuteRequest {
	cellCount++
	return session.ExecuteRequest{Code: code, Count: cellCount, AllowStdin: true, StoreHistory: true}
}

type (
	displayConverter = display.Converter
	displayPublisher = display.Publisher
	displayBundle    = display.Bundle
)
