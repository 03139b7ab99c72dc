package wire

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// zmqTransport is a Transport over go-zeromq/zmq4 sockets, for either side.
type zmqTransport struct {
	ctx    context.Context
	cancel context.CancelFunc
	socks  [HB + 1]zmq4.Socket
	sendMu [HB + 1]sync.Mutex
	in     [HB + 1]chan [][]byte
	pingMu sync.Mutex
	once   sync.Once
	wg     sync.WaitGroup
}

// Listen binds the kernel side of every channel of info: ROUTER sockets for
// shell, control and stdin, PUB for iopub and REP for the heartbeat, which it
// echoes on its own goroutine until Close.
func Listen(info *ConnectionInfo) (Transport, error) {
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("wire: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &zmqTransport{ctx: ctx, cancel: cancel}
	t.socks[Shell] = zmq4.NewRouter(ctx)
	t.socks[Control] = zmq4.NewRouter(ctx)
	t.socks[Stdin] = zmq4.NewRouter(ctx)
	t.socks[IOPub] = zmq4.NewPub(ctx)
	t.socks[HB] = zmq4.NewRep(ctx)
	for ch := Shell; ch <= HB; ch++ {
		if err := t.socks[ch].Listen(info.Endpoint(ch)); err != nil {
			t.Close()
			return nil, fmt.Errorf("wire: %s channel: %w", ch, err)
		}
	}
	for _, ch := range []Channel{Shell, Control, Stdin} {
		t.startReader(ch)
	}
	t.wg.Add(1)
	go t.heartbeat()
	return t, nil
}

// Dial connects the front-end side to a kernel listening on info: DEALER
// sockets with routing identity id for shell, control and stdin, a SUB socket
// subscribed to everything on iopub and a REQ socket for the heartbeat (see
// Pinger). It returns once the sockets are connected.
func Dial(info *ConnectionInfo, id string) (Transport, error) {
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("wire: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &zmqTransport{ctx: ctx, cancel: cancel}
	opts := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(200)}
	withID := append([]zmq4.Option{zmq4.WithID(zmq4.SocketIdentity(id))}, opts...)
	t.socks[Shell] = zmq4.NewDealer(ctx, withID...)
	t.socks[Control] = zmq4.NewDealer(ctx, withID...)
	t.socks[Stdin] = zmq4.NewDealer(ctx, withID...)
	t.socks[IOPub] = zmq4.NewSub(ctx, opts...)
	t.socks[HB] = zmq4.NewReq(ctx, opts...)
	for ch := Shell; ch <= HB; ch++ {
		if err := t.socks[ch].Dial(info.Endpoint(ch)); err != nil {
			t.Close()
			return nil, fmt.Errorf("wire: dialing %s channel: %w", ch, err)
		}
	}
	if err := t.socks[IOPub].SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Close()
		return nil, fmt.Errorf("wire: subscribing to iopub: %w", err)
	}
	for _, ch := range []Channel{Shell, Control, Stdin, IOPub} {
		t.startReader(ch)
	}
	return t, nil
}

// startReader moves messages from a socket into a channel so that Recv can
// honour contexts (zmq4's Recv cannot be cancelled except by Close).
func (t *zmqTransport) startReader(ch Channel) {
	c := make(chan [][]byte, 256)
	t.in[ch] = c
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		for {
			msg, err := t.socks[ch].Recv()
			if err != nil {
				return // closed
			}
			select {
			case c <- msg.Frames:
			case <-t.ctx.Done():
				return
			}
		}
	}()
}

func (t *zmqTransport) heartbeat() {
	defer t.wg.Done()
	for {
		msg, err := t.socks[HB].Recv()
		if err != nil {
			if t.ctx.Err() != nil {
				return
			}
			time.Sleep(10 * time.Millisecond) // do not spin on a failing socket
			continue
		}
		if err := t.socks[HB].Send(msg); err != nil && t.ctx.Err() != nil {
			return
		}
	}
}

// Recv returns the next message read from ch's socket.
func (t *zmqTransport) Recv(ctx context.Context, ch Channel) ([][]byte, error) {
	if err := validChannel(ch); err != nil {
		return nil, err
	}
	c := t.in[ch]
	if c == nil {
		return nil, fmt.Errorf("wire: cannot receive on %s on this side", ch)
	}
	select {
	case f := <-c:
		return f, nil
	case <-t.ctx.Done():
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Send sends frames as one multipart message on ch's socket.
func (t *zmqTransport) Send(ch Channel, frames [][]byte) error {
	if err := validChannel(ch); err != nil {
		return err
	}
	if t.ctx.Err() != nil {
		return ErrClosed
	}
	t.sendMu[ch].Lock()
	defer t.sendMu[ch].Unlock()
	if err := t.socks[ch].SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		if t.ctx.Err() != nil {
			return ErrClosed
		}
		return fmt.Errorf("wire: sending on %s: %w", ch, err)
	}
	return nil
}

// Ping sends payload to the kernel's heartbeat and waits for the echo.
func (t *zmqTransport) Ping(ctx context.Context, payload []byte) ([]byte, error) {
	t.pingMu.Lock()
	defer t.pingMu.Unlock()
	if err := t.socks[HB].Send(zmq4.NewMsg(payload)); err != nil {
		return nil, fmt.Errorf("wire: heartbeat: %w", err)
	}
	type result struct {
		b   []byte
		err error
	}
	r := make(chan result, 1)
	go func() {
		m, err := t.socks[HB].Recv()
		if err != nil {
			r <- result{err: err}
			return
		}
		r <- result{b: m.Bytes()}
	}()
	select {
	case res := <-r:
		return res.b, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close closes every socket and waits for the reader goroutines.
func (t *zmqTransport) Close() error {
	var err error
	t.once.Do(func() {
		t.cancel()
		for _, s := range t.socks {
			if s != nil {
				if e := s.Close(); e != nil && err == nil && !errors.Is(e, context.Canceled) {
					err = e
				}
			}
		}
		t.wg.Wait()
	})
	return err
}
