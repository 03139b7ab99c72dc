package widget_test

import (
	"sync"

	"github.com/activis-go/activis/widgets/comm"
)

// sent is one message a recording registry's comm sent.
type sent struct {
	Type     string // comm_open, comm_msg, comm_close
	ID       string
	Data     map[string]any
	Metadata map[string]any
	Buffers  [][]byte
}

// recorder is an in-memory comm registry (a kernel session's stand-in for
// unit tests): it records what comms send and lets a test play the front
// end through the registered handlers.
type recorder struct {
	mu       sync.Mutex
	targets  map[string]comm.Handler
	comms    map[string]*recComm
	messages []sent
}

func newRecorder() *recorder {
	return &recorder{targets: map[string]comm.Handler{}, comms: map[string]*recComm{}}
}

func (r *recorder) Register(target string, h comm.Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.targets[target] = h
}

func (r *recorder) Unregister(target string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.targets, target)
}

func (r *recorder) Open(target string, data map[string]any) (comm.Comm, error) {
	return r.OpenWith(target, data, comm.OpenOptions{})
}

func (r *recorder) OpenWith(target string, data map[string]any, opt comm.OpenOptions) (comm.Comm, error) {
	c := &recComm{r: r, id: opt.ID, target: target}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.comms[c.id] = c
	r.messages = append(r.messages, sent{"comm_open", c.id, data, opt.Metadata, opt.Buffers})
	return c, nil
}

func (r *recorder) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.messages
	r.messages = nil
	return out
}

// front plays a front-end comm_msg on comm id.
func (r *recorder) front(id string, data map[string]any, buffers [][]byte) {
	r.mu.Lock()
	c := r.comms[id]
	h := r.targets[c.target]
	r.mu.Unlock()
	h.Message(c, data, buffers)
}

type recComm struct {
	r          *recorder
	id, target string
}

func (c *recComm) ID() string     { return c.id }
func (c *recComm) Target() string { return c.target }
func (c *recComm) Send(data map[string]any, buffers [][]byte) error {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	c.r.messages = append(c.r.messages, sent{"comm_msg", c.id, data, nil, buffers})
	return nil
}
func (c *recComm) Close(data map[string]any) error {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	c.r.messages = append(c.r.messages, sent{"comm_close", c.id, data, nil, nil})
	return nil
}
