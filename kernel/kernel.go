package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/kernel/wire"
	"github.com/activis-go/activis/widgets/comm"
)

// Version is the implementation version of the activis kernel, reported in
// kernel_info_reply and by `activis-kernel version`.
const Version = "0.1.0"

// Implementation is the implementation name in kernel_info_reply.
const Implementation = "activis"

// Defaults for Config fields left zero.
const (
	DefaultStreamLimit   = 1 << 20 // bytes of stream output sent per cell
	DefaultFlushInterval = 50 * time.Millisecond
)

// Config configures a Kernel.
type Config struct {
	// Session executes code; required.
	Session session.Session
	// Transport carries the messages; required (wire.Listen or wire.Pipe).
	Transport wire.Transport
	// Codec signs and verifies messages; nil means no signing.
	Codec *wire.Codec
	// Connection, when set, answers connect_request.
	Connection *wire.ConnectionInfo
	// History records executed cells; nil keeps them in memory only.
	History *History
	// Logger receives the kernel's log (dropped messages, failures); nil
	// logs to standard error, which Jupyter servers show in their log.
	Logger *slog.Logger
	// StreamLimit caps the stream bytes sent per cell; the rest is dropped
	// and counted in a note. Zero means DefaultStreamLimit.
	StreamLimit int
	// FlushInterval is how long stream output is batched; zero means
	// DefaultFlushInterval. It is at most 100 ms.
	FlushInterval time.Duration
}

// request is one received message and the channel it came on.
type request struct {
	ch  wire.Channel
	msg *wire.Message
}

type handlerFunc func(ctx context.Context, r *request) error

// Kernel serves the Jupyter messaging protocol for one Session. Create it
// with New and serve with Run.
type Kernel struct {
	sess     session.Session
	tr       wire.Transport
	codec    *wire.Codec
	conn     *wire.ConnectionInfo
	history  *History
	log      *slog.Logger
	limit    int
	interval time.Duration
	id       string // the header session of messages the kernel sends

	shell   map[string]handlerFunc
	control map[string]handlerFunc
	comms   *commRegistry
	replay  *replayGuard

	queue  chan *request // shell requests, in arrival order
	abortN int           // queued shell requests to abort if they execute (shell goroutine only)

	execMu sync.Mutex // held while a cell runs (and during a restart)

	mu     sync.Mutex
	count  int                // last execution count used
	parent wire.Header        // the shell request being served
	cancel context.CancelFunc // cancels the running cell, if any
	input  chan string        // waiting input_request, if any

	stopOnce sync.Once
	stopped  chan struct{}
}

// New returns a Kernel for cfg.
func New(cfg Config) (*Kernel, error) {
	if cfg.Session == nil {
		return nil, errors.New("kernel: Config.Session is nil")
	}
	if cfg.Transport == nil {
		return nil, errors.New("kernel: Config.Transport is nil")
	}
	k := &Kernel{
		sess:     cfg.Session,
		tr:       cfg.Transport,
		codec:    cfg.Codec,
		conn:     cfg.Connection,
		history:  cfg.History,
		log:      cfg.Logger,
		limit:    cfg.StreamLimit,
		interval: cfg.FlushInterval,
		id:       uuid.NewString(),
		queue:    make(chan *request, 1024),
		stopped:  make(chan struct{}),
		replay:   newReplayGuard(4096),
	}
	if k.codec == nil {
		k.codec = &wire.Codec{}
	}
	if k.history == nil {
		k.history, _ = NewHistory("") // in memory: cannot fail
	}
	if k.log == nil {
		k.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if k.limit <= 0 {
		k.limit = DefaultStreamLimit
	}
	if k.interval <= 0 || k.interval > 100*time.Millisecond {
		k.interval = DefaultFlushInterval
	}
	k.comms = newCommRegistry(k)
	k.shell = map[string]handlerFunc{
		"execute_request":     k.handleExecute,
		"complete_request":    k.handleComplete,
		"inspect_request":     k.handleInspect,
		"is_complete_request": k.handleIsComplete,
		"history_request":     k.handleHistory,
		"kernel_info_request": k.handleKernelInfo,
		"comm_info_request":   k.handleCommInfo,
		"comm_open":           k.handleCommOpen,
		"comm_msg":            k.handleCommMsg,
		"comm_close":          k.handleCommClose,
		"connect_request":     k.handleConnect,
		"shutdown_request":    k.handleShutdown,
		"interrupt_request":   k.handleInterrupt,
	}
	// Control requests are served while a cell runs, so none of them may
	// call into the Session except to restart it.
	k.control = map[string]handlerFunc{
		"kernel_info_request": k.handleKernelInfo,
		"shutdown_request":    k.handleShutdown,
		"interrupt_request":   k.handleInterrupt,
		"comm_info_request":   k.handleCommInfo,
		"history_request":     k.handleHistory,
		"connect_request":     k.handleConnect,
	}
	return k, nil
}

// Comms returns the kernel's comm registry, on which Go packages register
// comm targets.
func (k *Kernel) Comms() comm.Registry { return k.comms }

// Interrupt cancels the running cell and any input it waits for, as an
// interrupt_request or SIGINT does. The session keeps its state.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cancel != nil {
		k.cancel()
	}
}

// Run serves requests until a shutdown_request without restart, ctx is
// done, or the transport closes. It does not close the transport or the
// session; the caller does.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); k.receive(ctx, wire.Shell, k.queue) }()
	go func() { defer wg.Done(); k.serveControl(ctx) }()
	go func() { defer wg.Done(); k.receiveStdin(ctx) }()
	shellDone := make(chan struct{})
	go func() { defer close(shellDone); k.serveShell(ctx) }()
	var err error
	select {
	case <-k.stopped:
	case <-ctx.Done():
		err = ctx.Err()
	}
	cancel()
	k.Interrupt()
	// A session honours cancellation within a second; do not wait forever
	// on one that does not.
	select {
	case <-shellDone:
	case <-time.After(2 * time.Second):
		k.log.Warn("the running cell did not stop; shutting down anyway")
	}
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(time.Second):
	}
	return err
}

func (k *Kernel) stop() { k.stopOnce.Do(func() { close(k.stopped) }) }

// receive decodes messages from ch and queues them. A message that does not
// decode or whose signature is wrong or missing is logged and dropped.
func (k *Kernel) receive(ctx context.Context, ch wire.Channel, queue chan<- *request) {
	for {
		frames, err := k.tr.Recv(ctx, ch)
		if err != nil {
			if ctx.Err() == nil {
				if !errors.Is(err, wire.ErrClosed) {
					k.log.Error("receiving", "channel", ch.String(), "err", err)
				}
				k.stop()
			}
			return
		}
		msg, err := k.codec.Decode(frames)
		if err != nil {
			k.log.Warn("dropping message", "channel", ch.String(), "err", err)
			continue
		}
		if k.codec.Signer.Enabled() && !k.replay.fresh(wire.Signature(frames)) {
			k.log.Warn("dropping replayed message", "channel", ch.String(), "msg_type", msg.Header.MsgType)
			continue
		}
		select {
		case queue <- &request{ch: ch, msg: msg}:
		case <-ctx.Done():
			return
		}
	}
}

func (k *Kernel) serveShell(ctx context.Context) {
	for {
		select {
		case r := <-k.queue:
			if !k.aborted(r) {
				k.dispatch(ctx, r, k.shell)
			}
		case <-ctx.Done():
			return
		}
	}
}

func (k *Kernel) serveControl(ctx context.Context) {
	q := make(chan *request, 64)
	go k.receive(ctx, wire.Control, q)
	for {
		select {
		case r := <-q:
			k.dispatch(ctx, r, k.control)
		case <-ctx.Done():
			return
		}
	}
}

func (k *Kernel) receiveStdin(ctx context.Context) {
	q := make(chan *request, 16)
	go k.receive(ctx, wire.Stdin, q)
	for {
		select {
		case r := <-q:
			if r.msg.Header.MsgType != "input_reply" {
				k.log.Warn("ignoring message on stdin", "msg_type", r.msg.Header.MsgType)
				continue
			}
			var c inputReply
			if err := r.msg.Decode(&c); err != nil {
				k.log.Warn("dropping input_reply", "err", err)
				continue
			}
			k.mu.Lock()
			in := k.input
			k.input = nil
			k.mu.Unlock()
			if in == nil {
				k.log.Warn("input_reply without a pending input_request")
				continue
			}
			in <- c.Value
		case <-ctx.Done():
			return
		}
	}
}

// dispatch serves one request: busy, the handler from table, idle. A
// failure or panic in the handler is logged and, for a request, answered
// with an error reply; the kernel keeps running.
func (k *Kernel) dispatch(ctx context.Context, r *request, table map[string]handlerFunc) {
	t := r.msg.Header.MsgType
	if r.ch == wire.Shell {
		k.mu.Lock()
		k.parent = r.msg.Header
		k.mu.Unlock()
	}
	k.publish(r.msg.Header, "status", statusContent{"busy"}, nil)
	defer k.publish(r.msg.Header, "status", statusContent{"idle"}, nil)
	h, ok := table[t]
	if !ok {
		k.log.Warn("unknown message type", "channel", r.ch.String(), "msg_type", t)
		return
	}
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("handler panicked", "msg_type", t, "panic", p, "stack", string(debug.Stack()))
			k.replyError(r, "KernelError", fmt.Sprint(p))
		}
	}()
	if err := h(ctx, r); err != nil {
		k.log.Warn("request failed", "channel", r.ch.String(), "msg_type", t, "err", err)
		k.replyError(r, "KernelError", err.Error())
	}
}

// replyError answers a request (not comm messages) with an error status.
func (k *Kernel) replyError(r *request, ename, evalue string) {
	if !strings.HasSuffix(r.msg.Header.MsgType, "_request") {
		return
	}
	k.reply(r, errorReply{Status: "error", errorContent: errorContent{Ename: ename, Evalue: evalue, Traceback: []string{}}})
}

// send encodes and sends one message; failures are logged.
func (k *Kernel) send(ch wire.Channel, ids [][]byte, parent wire.Header, msgType string, content any, buffers [][]byte) error {
	m, err := wire.NewMessage(msgType, k.id, parent, content)
	if err != nil {
		k.log.Error("encoding message", "msg_type", msgType, "err", err)
		return err
	}
	m.Identities = ids
	m.Buffers = buffers
	return k.sendMessage(ch, m)
}

// publishMeta publishes on iopub with message metadata.
func (k *Kernel) publishMeta(parent wire.Header, msgType string, content any, meta map[string]any, buffers [][]byte) error {
	m, err := wire.NewMessage(msgType, k.id, parent, content)
	if err != nil {
		k.log.Error("encoding message", "msg_type", msgType, "err", err)
		return err
	}
	m.Metadata = meta
	m.Buffers = buffers
	return k.sendMessage(wire.IOPub, m)
}

// sendMessage encodes and sends m on ch.
func (k *Kernel) sendMessage(ch wire.Channel, m *wire.Message) error {
	msgType := m.Header.MsgType
	frames, err := k.codec.Encode(m)
	if err == nil {
		err = k.tr.Send(ch, frames)
	}
	if err != nil {
		k.log.Error("sending message", "channel", ch.String(), "msg_type", msgType, "err", err)
	}
	return err
}

// publish sends on iopub.
func (k *Kernel) publish(parent wire.Header, msgType string, content any, buffers [][]byte) error {
	return k.send(wire.IOPub, nil, parent, msgType, content, buffers)
}

// reply answers r on its channel with the matching _reply type.
func (k *Kernel) reply(r *request, content any) error {
	t := strings.TrimSuffix(r.msg.Header.MsgType, "_request") + "_reply"
	return k.send(r.ch, r.msg.Identities, r.msg.Header, t, content, nil)
}

// currentParent is the shell request being (or last) served: the parent of
// messages the kernel sends on its own, such as comm messages.
func (k *Kernel) currentParent() wire.Header {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.parent
}
