package kerneltest

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/google/uuid"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/kernel/wire"
)

// Server is a kernel serving a Session on an in-memory transport, with a
// Client connected to it.
type Server struct {
	Kernel *kernel.Kernel
	Client *Client
	cancel context.CancelFunc
	done   chan error
}

// NewServer starts a kernel for sess with cfg (its Session, Transport and
// Codec are filled in: messages are signed with a random key; a nil Logger
// discards the log) and connects a Client. It panics if the kernel cannot
// be created, as httptest.NewServer does when it cannot listen.
func NewServer(sess session.Session, cfg kernel.Config) *Server {
	kt, ft := wire.Pipe()
	codec, err := wire.NewCodec("hmac-sha256", uuid.NewString())
	if err != nil {
		panic(fmt.Sprintf("kerneltest: %v", err))
	}
	cfg.Session, cfg.Transport, cfg.Codec = sess, kt, codec
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	k, err := kernel.New(cfg)
	if err != nil {
		panic(fmt.Sprintf("kerneltest: %v", err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Kernel: k, Client: NewClient(ft, codec), cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- k.Run(ctx) }()
	return s
}

// Done returns a channel that receives Run's result when the
// kernel stops (after a shutdown_request or Close).
func (s *Server) Done() <-chan error { return s.done }

// Close stops the kernel and the client.
func (s *Server) Close() {
	s.cancel()
	s.Client.Close()
}

// Dial connects a Client to a kernel listening on info (for example the
// activis-kernel binary started on a connection file) and waits until it
// answers kernel_info_request with iopub connected.
func Dial(ctx context.Context, info *wire.ConnectionInfo) (*Client, error) {
	codec, err := wire.NewCodec(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}
	id := uuid.NewString()
	tr, err := wire.Dial(info, id)
	if err != nil {
		return nil, err
	}
	c := NewClient(tr, codec)
	c.session = id
	if err := c.WaitReady(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
