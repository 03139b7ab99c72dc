package wire

import (
	"context"
	"fmt"
	"sync"
)

// Transport moves raw multipart messages on the Jupyter channels. The kernel
// side receives on Shell, Control and Stdin and sends on those and IOPub; the
// front-end side receives on all four and sends on Shell, Control and Stdin.
// The heartbeat is served (kernel side) or probed (front-end side, through
// Ping) by the transport itself. Implementations are safe for concurrent use;
// Recv on one channel must be called from one goroutine at a time.
type Transport interface {
	// Recv returns the next message on ch. It fails with ErrClosed once
	// the transport is closed, or with ctx's error.
	Recv(ctx context.Context, ch Channel) ([][]byte, error)
	// Send sends a message on ch.
	Send(ch Channel, frames [][]byte) error
	// Close releases the sockets; pending Recv calls return ErrClosed.
	Close() error
}

// Pinger is implemented by front-end transports that can probe the
// kernel's heartbeat.
type Pinger interface {
	// Ping sends payload on the heartbeat channel and waits for its echo.
	Ping(ctx context.Context, payload []byte) ([]byte, error)
}

// Pipe returns the two ends of an in-memory transport: kernel for a Kernel,
// frontend for a test client. Messages sent on one end's channel are received
// on the other's; the heartbeat is echoed by the pipe.
func Pipe() (kernel, frontend Transport) {
	done := make(chan struct{})
	p := &pipe{done: done}
	for i := range p.toKernel {
		p.toKernel[i] = make(chan [][]byte, 1024)
		p.toFront[i] = make(chan [][]byte, 4096)
	}
	return &pipeEnd{p: p, kernel: true}, &pipeEnd{p: p}
}

type pipe struct {
	toKernel, toFront [HB + 1]chan [][]byte
	once              sync.Once
	done              chan struct{}
}

type pipeEnd struct {
	p      *pipe
	kernel bool
}

func (e *pipeEnd) in(ch Channel) chan [][]byte {
	if e.kernel {
		return e.p.toKernel[ch]
	}
	return e.p.toFront[ch]
}

func (e *pipeEnd) out(ch Channel) chan [][]byte {
	if e.kernel {
		return e.p.toFront[ch]
	}
	return e.p.toKernel[ch]
}

func validChannel(ch Channel) error {
	if ch < Shell || ch > HB {
		return fmt.Errorf("wire: no channel %d", int(ch))
	}
	return nil
}

// Recv returns the next message the other end sent on ch.
func (e *pipeEnd) Recv(ctx context.Context, ch Channel) ([][]byte, error) {
	if err := validChannel(ch); err != nil {
		return nil, err
	}
	select {
	case f := <-e.in(ch):
		return f, nil
	case <-e.p.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Send copies frames to the other end's ch.
func (e *pipeEnd) Send(ch Channel, frames [][]byte) error {
	if err := validChannel(ch); err != nil {
		return err
	}
	cp := make([][]byte, len(frames))
	for i, f := range frames {
		cp[i] = append([]byte(nil), f...)
	}
	select {
	case <-e.p.done:
		return ErrClosed
	default:
	}
	select {
	case e.out(ch) <- cp:
		return nil
	case <-e.p.done:
		return ErrClosed
	}
}

// Ping echoes payload, as a kernel's heartbeat would.
func (e *pipeEnd) Ping(ctx context.Context, payload []byte) ([]byte, error) {
	select {
	case <-e.p.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	default:
		return append([]byte(nil), payload...), nil
	}
}

// Close closes both ends.
func (e *pipeEnd) Close() error {
	e.p.once.Do(func() { close(e.p.done) })
	return nil
}
