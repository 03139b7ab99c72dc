package kernel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/kernel/wire"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// Errors of Output.Input and Publisher.Update; callers test them with
// errors.Is.
var (
	// ErrStdinNotAllowed: the execute_request did not allow stdin.
	ErrStdinNotAllowed = errors.New("kernel: input requested but this front end does not support stdin (allow_stdin is false)")
	// ErrNoDisplayID: Update needs a bundle with a DisplayID.
	ErrNoDisplayID = errors.New("kernel: update_display_data needs a display id")
)

// flushAt is the buffered size at which stream output is sent at once
// rather than at the next tick.
const flushAt = 256 << 10

// cellOutput is the Output of one execute_request. Every message it sends
// has that request as parent, also when a goroutine the cell started writes
// after the cell finished. Stream text is batched and sent at least every
// FlushInterval, and before any other output, so the order of outputs is
// kept. At most the kernel's stream limit is sent per cell; the rest is
// counted and a note on stderr says how much was dropped.
type cellOutput struct {
	k          *Kernel
	parent     wire.Header
	ids        [][]byte
	ctx        context.Context
	count      int
	silent     bool
	allowStdin bool

	mu       sync.Mutex
	pending  []streamContent
	size     int // bytes in pending
	sent     int // stream bytes accepted so far
	dropped  int
	noted    int // dropped bytes already reported
	timer    *time.Timer
	finished bool
	result   string // text/plain of the execute_result, for history
}

func newCellOutput(k *Kernel, r *request, ctx context.Context, count int, silent, allowStdin bool) *cellOutput {
	return &cellOutput{k: k, parent: r.msg.Header, ids: r.msg.Identities, ctx: ctx, count: count, silent: silent, allowStdin: allowStdin}
}

// Stream queues text on stdout or stderr (any other name counts as stdout).
func (o *cellOutput) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	if name != "stderr" {
		name = "stdout"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if room := o.k.limit - o.sent; len(text) > room {
		cut := max(room, 0)
		for cut > 0 && cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut--
		}
		o.dropped += len(text) - cut
		text = text[:cut]
	}
	if text == "" {
		o.schedule() // so that a note about dropped output goes out
		return
	}
	o.sent += len(text)
	o.size += len(text)
	if n := len(o.pending); n > 0 && o.pending[n-1].Name == name {
		o.pending[n-1].Text += text
	} else {
		o.pending = append(o.pending, streamContent{Name: name, Text: text})
	}
	if o.size >= flushAt {
		o.flushLocked(false)
		return
	}
	o.schedule()
}

func (o *cellOutput) schedule() {
	if o.timer == nil {
		o.timer = time.AfterFunc(o.k.interval, o.tick)
	}
}

func (o *cellOutput) tick() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.timer = nil
	o.flushLocked(false)
}

// flushLocked sends the pending stream text. Unless final, an incomplete
// UTF-8 sequence at the very end waits for the rest of its bytes.
func (o *cellOutput) flushLocked(final bool) {
	if o.timer != nil && final {
		o.timer.Stop()
		o.timer = nil
	}
	var hold streamContent
	for i, s := range o.pending {
		if i == len(o.pending)-1 && !final {
			if j := incompleteTail(s.Text); j < len(s.Text) {
				hold = streamContent{Name: s.Name, Text: s.Text[j:]}
				s.Text = s.Text[:j]
			}
		}
		if s.Text != "" {
			o.k.publish(o.parent, "stream", s, nil)
		}
	}
	o.pending = o.pending[:0]
	o.size = 0
	if hold.Text != "" {
		o.pending = append(o.pending, hold)
		o.size = len(hold.Text)
		o.schedule()
	}
	if (final || o.finished) && o.dropped > o.noted {
		o.k.publish(o.parent, "stream", streamContent{Name: "stderr", Text: fmt.Sprintf(
			"\n[activis-kernel: %d bytes of output dropped; a cell sends at most %d bytes of stdout and stderr]\n",
			o.dropped-o.noted, o.k.limit)}, nil)
		o.noted = o.dropped
	}
}

// incompleteTail returns the index where an incomplete UTF-8 sequence at the
// end of s starts, or len(s).
func incompleteTail(s string) int {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				return i
			}
			break
		}
	}
	return len(s)
}

// finish flushes everything when the cell ends; later output (from
// goroutines the cell started) keeps flowing with the same parent.
func (o *cellOutput) finish() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
	o.finished = true
}

func (o *cellOutput) resultText() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.result
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Display sends b as display_data.
func (o *cellOutput) Display(b display.Bundle) error {
	if o.silent {
		return nil
	}
	c := displayContent{Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata)}
	if b.DisplayID != "" {
		c.Transient = map[string]any{"display_id": b.DisplayID}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(o.finished)
	return o.k.publish(o.parent, "display_data", c, nil)
}

// Update sends b as update_display_data for b.DisplayID.
func (o *cellOutput) Update(b display.Bundle) error {
	if b.DisplayID == "" {
		return ErrNoDisplayID
	}
	if o.silent {
		return nil
	}
	c := displayContent{Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata), Transient: map[string]any{"display_id": b.DisplayID}}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(o.finished)
	// A live output (the ActiVis explorer) is updated by later cells: send
	// the update as part of the request being served now, as clients such
	// as nbclient only read iopub messages of the running request; display
	// ids route it to the output wherever that is.
	parent := o.parent
	if o.finished {
		o.k.mu.Lock()
		if o.k.parent.MsgID != "" {
			parent = o.k.parent
		}
		o.k.mu.Unlock()
	}
	return o.k.publish(parent, "update_display_data", c, nil)
}

// Clear sends clear_output.
func (o *cellOutput) Clear(wait bool) error {
	if o.silent {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(o.finished)
	return o.k.publish(o.parent, "clear_output", clearOutputContent{Wait: wait}, nil)
}

// Result sends the cell's execute_result.
func (o *cellOutput) Result(b display.Bundle) {
	if o.silent {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if s, ok := b.Data["text/plain"].(string); ok {
		o.result = s
	}
	o.flushLocked(o.finished)
	if b.DisplayID != "" {
		// A live value (one that later cells update in place) goes out as
		// display_data with its display id: front ends route
		// update_display_data only to outputs that carried the id.
		c := displayContent{Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata), Transient: map[string]any{"display_id": b.DisplayID}}
		o.k.publish(o.parent, "display_data", c, nil)
		return
	}
	c := executeResultContent{ExecutionCount: o.count, Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata)}
	o.k.publish(o.parent, "execute_result", c, nil)
}

// Input sends input_request on stdin and waits for the reply, an interrupt
// or the kernel's shutdown.
func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrStdinNotAllowed
	}
	o.mu.Lock()
	o.flushLocked(o.finished)
	o.mu.Unlock()
	ch := make(chan string, 1)
	o.k.mu.Lock()
	if o.k.input != nil {
		o.k.mu.Unlock()
		return "", errors.New("kernel: another input request is pending")
	}
	o.k.input = ch
	o.k.mu.Unlock()
	defer func() {
		o.k.mu.Lock()
		if o.k.input == ch {
			o.k.input = nil
		}
		o.k.mu.Unlock()
	}()
	if err := o.k.send(wire.Stdin, o.ids, o.parent, "input_request", inputRequest{Prompt: prompt, Password: password}, nil); err != nil {
		return "", fmt.Errorf("kernel: sending input_request: %w", err)
	}
	select {
	case v := <-ch:
		return v, nil
	case <-o.ctx.Done():
		return "", fmt.Errorf("kernel: input interrupted: %w", o.ctx.Err())
	case <-o.k.stopped:
		return "", errors.New("kernel: input interrupted by shutdown")
	}
}

// Comms returns the kernel's comm registry.
func (o *cellOutput) Comms() comm.Registry { return o.k.comms }

var _ session.Output = (*cellOutput)(nil)
