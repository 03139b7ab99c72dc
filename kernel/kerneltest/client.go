package kerneltest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/activis-go/activis/kernel/wire"
)

// Client is a fake front end: it signs and sends requests and keeps every
// message the kernel sends until a test takes it. It is safe for concurrent
// use.
type Client struct {
	tr      wire.Transport
	codec   *wire.Codec
	session string

	mu      sync.Mutex
	inbox   map[wire.Channel][]*wire.Message
	changed chan struct{} // closed and replaced when inbox changes
	errs    []error       // frames that did not decode
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// NewClient returns a Client on the front-end side of tr, signing with codec
// (nil: unsigned). It reads shell, control, stdin and iopub until Close.
func NewClient(tr wire.Transport, codec *wire.Codec) *Client {
	if codec == nil {
		codec = &wire.Codec{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		tr: tr, codec: codec, session: uuid.NewString(),
		inbox: map[wire.Channel][]*wire.Message{}, changed: make(chan struct{}), cancel: cancel,
	}
	for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin, wire.IOPub} {
		c.wg.Add(1)
		go c.read(ctx, ch)
	}
	return c
}

func (c *Client) read(ctx context.Context, ch wire.Channel) {
	defer c.wg.Done()
	for {
		frames, err := c.tr.Recv(ctx, ch)
		if err != nil {
			return
		}
		m, err := c.codec.Decode(frames)
		c.mu.Lock()
		if err != nil {
			c.errs = append(c.errs, fmt.Errorf("%s: %w", ch, err))
		} else {
			c.inbox[ch] = append(c.inbox[ch], m)
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	}
}

// Close stops reading and closes the transport.
func (c *Client) Close() error {
	c.cancel()
	err := c.tr.Close()
	c.wg.Wait()
	return err
}

// Session is the header session of the client's messages.
func (c *Client) Session() string { return c.session }

// Codec is the codec the client signs with.
func (c *Client) Codec() *wire.Codec { return c.codec }

// DecodeErrors returns the kernel messages that the client could not decode
// (a kernel must never send those).
func (c *Client) DecodeErrors() []error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]error(nil), c.errs...)
}

// NewRequest returns a message of msgType with content, ready to send.
func (c *Client) NewRequest(msgType string, content any) (*wire.Message, error) {
	m, err := wire.NewMessage(msgType, c.session, wire.Header{}, content)
	if err != nil {
		return nil, err
	}
	m.Header.Username = "kerneltest"
	return m, nil
}

// Send signs and sends a request of msgType on ch and returns it (its
// Header.MsgID is what replies name as parent).
func (c *Client) Send(ch wire.Channel, msgType string, content any) (*wire.Message, error) {
	m, err := c.NewRequest(msgType, content)
	if err != nil {
		return nil, err
	}
	return m, c.SendMessage(ch, m)
}

// SendMessage signs and sends m on ch.
func (c *Client) SendMessage(ch wire.Channel, m *wire.Message) error {
	frames, err := c.codec.Encode(m)
	if err != nil {
		return err
	}
	return c.SendFrames(ch, frames)
}

// SendFrames sends raw frames on ch, unchecked.
func (c *Client) SendFrames(ch wire.Channel, frames [][]byte) error {
	return c.tr.Send(ch, frames)
}

// Wait removes and returns the first message on ch for which match reports
// true, waiting for it until ctx is done.
func (c *Client) Wait(ctx context.Context, ch wire.Channel, match func(*wire.Message) bool) (*wire.Message, error) {
	for {
		c.mu.Lock()
		for i, m := range c.inbox[ch] {
			if match(m) {
				c.inbox[ch] = append(c.inbox[ch][:i:i], c.inbox[ch][i+1:]...)
				c.mu.Unlock()
				return m, nil
			}
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("kerneltest: waiting on %s: %w", ch, ctx.Err())
		}
	}
}

// Pending returns (without removing) the messages received on ch and not
// yet taken.
func (c *Client) Pending(ch wire.Channel) []*wire.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*wire.Message(nil), c.inbox[ch]...)
}

// ChildOf matches messages whose parent is msgID.
func ChildOf(msgID string) func(*wire.Message) bool {
	return func(m *wire.Message) bool { return m.Parent.MsgID == msgID }
}

// Reply waits for the reply to request msgID on ch.
func (c *Client) Reply(ctx context.Context, ch wire.Channel, msgID string) (*wire.Message, error) {
	return c.Wait(ctx, ch, ChildOf(msgID))
}

// IOPub waits until the kernel published idle for request msgID and returns
// the iopub messages of that request between busy and idle.
func (c *Client) IOPub(ctx context.Context, msgID string) ([]*wire.Message, error) {
	_, err := c.Wait(ctx, wire.IOPub, func(m *wire.Message) bool {
		return m.Parent.MsgID == msgID && m.Header.MsgType == "status" && strings.Contains(string(m.Content), `"idle"`)
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out, rest []*wire.Message
	for _, m := range c.inbox[wire.IOPub] {
		switch {
		case m.Parent.MsgID != msgID:
			rest = append(rest, m)
		case m.Header.MsgType == "status":
		default:
			out = append(out, m)
		}
	}
	c.inbox[wire.IOPub] = rest
	return out, nil
}

// Request sends msgType with content on ch and returns the reply and the
// request's iopub messages.
func (c *Client) Request(ctx context.Context, ch wire.Channel, msgType string, content any) (*wire.Message, []*wire.Message, error) {
	m, err := c.Send(ch, msgType, content)
	if err != nil {
		return nil, nil, err
	}
	rep, err := c.Reply(ctx, ch, m.Header.MsgID)
	if err != nil {
		return nil, nil, err
	}
	out, err := c.IOPub(ctx, m.Header.MsgID)
	return rep, out, err
}

// ExecuteRequest is the content of an execute_request, as a front end
// sends it.
type ExecuteRequest struct {
	Code            string         `json:"code"`
	Silent          bool           `json:"silent"`
	StoreHistory    bool           `json:"store_history"`
	UserExpressions map[string]any `json:"user_expressions"`
	AllowStdin      bool           `json:"allow_stdin"`
	StopOnError     bool           `json:"stop_on_error"`
}

// NewExecute returns the execute_request that Jupyter front ends send for a
// cell: not silent, stored in history, stdin allowed, stop on error.
func NewExecute(code string) ExecuteRequest {
	return ExecuteRequest{Code: code, StoreHistory: true, UserExpressions: map[string]any{}, AllowStdin: true, StopOnError: true}
}

// Result is what one execute_request produced.
type Result struct {
	Reply   *wire.Message
	Status  string // "ok", "error" or "aborted"
	Count   int    // execution_count of the reply
	Ename   string // on error
	Evalue  string
	Outputs []*wire.Message // iopub messages between busy and idle
}

// Execute runs code as a notebook cell does and waits for its reply and
// idle status.
func (c *Client) Execute(ctx context.Context, code string) (*Result, error) {
	return c.ExecuteRequest(ctx, NewExecute(code))
}

// ExecuteRequest sends req and waits for its reply and idle status.
func (c *Client) ExecuteRequest(ctx context.Context, req ExecuteRequest) (*Result, error) {
	rep, out, err := c.Request(ctx, wire.Shell, "execute_request", req)
	if err != nil {
		return nil, err
	}
	var content struct {
		Status         string `json:"status"`
		ExecutionCount int    `json:"execution_count"`
		Ename          string `json:"ename"`
		Evalue         string `json:"evalue"`
	}
	if err := rep.Decode(&content); err != nil {
		return nil, err
	}
	return &Result{Reply: rep, Status: content.Status, Count: content.ExecutionCount, Ename: content.Ename, Evalue: content.Evalue, Outputs: out}, nil
}

// Types lists the msg_type of each output, in order.
func (r *Result) Types() []string {
	var t []string
	for _, m := range r.Outputs {
		t = append(t, m.Header.MsgType)
	}
	return t
}

// Stream returns the concatenated text of the stream outputs named name.
func (r *Result) Stream(name string) string {
	var b strings.Builder
	for _, m := range r.Outputs {
		if m.Header.MsgType != "stream" {
			continue
		}
		var s struct{ Name, Text string }
		if m.Decode(&s) == nil && s.Name == name {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Stdout returns what the cell printed on stdout.
func (r *Result) Stdout() string { return r.Stream("stdout") }

// Stderr returns what the cell printed on stderr.
func (r *Result) Stderr() string { return r.Stream("stderr") }

// Data returns the data bundle of the first output of msgType
// (execute_result, display_data, ...), or nil.
func (r *Result) Data(msgType string) map[string]any {
	for _, m := range r.Outputs {
		if m.Header.MsgType != msgType {
			continue
		}
		var d struct {
			Data map[string]any `json:"data"`
		}
		if m.Decode(&d) == nil {
			return d.Data
		}
	}
	return nil
}

// WaitReady sends kernel_info_request on shell until the kernel answers
// and an iopub message arrives, which tells that the iopub subscription is
// in place (ZeroMQ drops what a PUB socket sends before that).
func (c *Client) WaitReady(ctx context.Context) error {
	for {
		m, err := c.Send(wire.Shell, "kernel_info_request", struct{}{})
		if err != nil {
			return err
		}
		try, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		_, err = c.Wait(try, wire.IOPub, ChildOf(m.Header.MsgID))
		cancel()
		if err == nil {
			_, err = c.Reply(ctx, wire.Shell, m.Header.MsgID)
			if err != nil {
				return err
			}
			// Let the rest of this request's iopub arrive, then drop it.
			if _, err := c.IOPub(ctx, m.Header.MsgID); err != nil {
				return err
			}
			c.mu.Lock()
			c.inbox[wire.Shell] = nil
			c.mu.Unlock()
			return nil
		}
		if ctx.Err() != nil {
			return errors.New("kerneltest: kernel not ready: " + ctx.Err().Error())
		}
	}
}

// Transport is the client's transport (for the heartbeat: it implements
// wire.Pinger).
func (c *Client) Transport() wire.Transport { return c.tr }
