package kernel

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/activis-go/activis/widgets/comm"
)

// ErrCommClosed is returned by Send and Close on a closed comm.
var ErrCommClosed = errors.New("kernel: comm is closed")

// commRegistry is the kernel's comm.Registry: targets registered by Go
// packages, and the comms open on them. Messages the kernel sends on a comm
// have the current shell request as parent. A comm_open on a target nobody
// registered is logged and closed right away, as ipykernel does.
type commRegistry struct {
	k       *Kernel
	mu      sync.Mutex
	targets map[string]comm.Handler
	open    map[string]*kernelComm
}

func newCommRegistry(k *Kernel) *commRegistry {
	return &commRegistry{k: k, targets: map[string]comm.Handler{}, open: map[string]*kernelComm{}}
}

// Register makes target available to front ends.
func (reg *commRegistry) Register(target string, h comm.Handler) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.targets[target] = h
}

// Unregister removes target; comms already open on it stay open.
func (reg *commRegistry) Unregister(target string) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	delete(reg.targets, target)
}

// Open opens a comm from the kernel side (comm_open on iopub).
func (reg *commRegistry) Open(target string, data map[string]any) (comm.Comm, error) {
	return reg.OpenWith(target, data, comm.OpenOptions{})
}

// OpenWith opens a comm from the kernel side with a chosen comm_id (unique
// among the open comms), message metadata and binary buffers.
func (reg *commRegistry) OpenWith(target string, data map[string]any, opt comm.OpenOptions) (comm.Comm, error) {
	if target == "" {
		return nil, errors.New("kernel: comm target name is empty")
	}
	id := opt.ID
	if id == "" {
		id = uuid.NewString()
	}
	c := &kernelComm{reg: reg, id: id, target: target}
	reg.mu.Lock()
	if reg.open[id] != nil {
		reg.mu.Unlock()
		return nil, fmt.Errorf("kernel: opening comm on %q: comm_id %q is already open", target, id)
	}
	reg.open[c.id] = c
	reg.mu.Unlock()
	if err := reg.k.publishMeta(reg.k.currentParent(), "comm_open", commOpen{CommID: c.id, TargetName: target, Data: orEmpty(data)}, opt.Metadata, opt.Buffers); err != nil {
		reg.forget(c.id)
		return nil, fmt.Errorf("kernel: opening comm on %q: %w", target, err)
	}
	return c, nil
}

func (reg *commRegistry) forget(id string) *kernelComm {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	c := reg.open[id]
	delete(reg.open, id)
	return c
}

func (reg *commRegistry) lookup(id string) (*kernelComm, comm.Handler) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	c := reg.open[id]
	if c == nil {
		return nil, nil
	}
	return c, reg.targets[c.target]
}

// closeAll forgets every open comm (after a restart) without messages; the
// handlers of their targets are told the comms closed, so that they free
// what they hold (widget models) and serve no dead comm later.
func (reg *commRegistry) closeAll() {
	type gone struct {
		c *kernelComm
		h comm.Handler
	}
	var closed []gone
	reg.mu.Lock()
	for id, c := range reg.open {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		delete(reg.open, id)
		if h := reg.targets[c.target]; h != nil {
			closed = append(closed, gone{c, h})
		}
	}
	reg.mu.Unlock()
	for _, g := range closed {
		g.h.Closed(g.c, map[string]any{})
	}
}

// kernelComm is one open comm.
type kernelComm struct {
	reg        *commRegistry
	id, target string
	mu         sync.Mutex
	closed     bool
}

// ID is the comm_id.
func (c *kernelComm) ID() string { return c.id }

// Target is the target name the comm was opened on.
func (c *kernelComm) Target() string { return c.target }

// Send sends comm_msg with data and buffers.
func (c *kernelComm) Send(data map[string]any, buffers [][]byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrCommClosed
	}
	return c.reg.k.publish(c.reg.k.currentParent(), "comm_msg", commMsg{CommID: c.id, Data: orEmpty(data)}, buffers)
}

// Close sends comm_close and forgets the comm.
func (c *kernelComm) Close(data map[string]any) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrCommClosed
	}
	c.closed = true
	c.mu.Unlock()
	c.reg.forget(c.id)
	return c.reg.k.publish(c.reg.k.currentParent(), "comm_close", commMsg{CommID: c.id, Data: orEmpty(data)}, nil)
}

func (k *Kernel) handleCommInfo(_ context.Context, r *request) error {
	var c commInfoRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	comms := map[string]commInfo{}
	k.comms.mu.Lock()
	for id, kc := range k.comms.open {
		if c.TargetName == "" || kc.target == c.TargetName {
			comms[id] = commInfo{TargetName: kc.target}
		}
	}
	k.comms.mu.Unlock()
	return k.reply(r, commInfoReply{Status: "ok", Comms: comms})
}

func (k *Kernel) handleCommOpen(_ context.Context, r *request) error {
	var c commOpen
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	if c.CommID == "" {
		return errors.New("comm_open without comm_id")
	}
	reg := k.comms
	reg.mu.Lock()
	h := reg.targets[c.TargetName]
	var kc *kernelComm
	if h != nil {
		kc = &kernelComm{reg: reg, id: c.CommID, target: c.TargetName}
		reg.open[c.CommID] = kc
	}
	reg.mu.Unlock()
	if h == nil {
		k.log.Warn("comm_open on an unknown target; closing it", "target", c.TargetName, "comm_id", c.CommID)
		return k.publish(r.msg.Header, "comm_close", commMsg{CommID: c.CommID, Data: map[string]any{}}, nil)
	}
	h.Open(kc, orEmpty(c.Data))
	return nil
}

func (k *Kernel) handleCommMsg(_ context.Context, r *request) error {
	var c commMsg
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	kc, h := k.comms.lookup(c.CommID)
	if kc == nil {
		k.log.Warn("comm_msg for an unknown comm", "comm_id", c.CommID)
		return nil
	}
	if h == nil {
		k.log.Warn("comm_msg on a target nobody serves", "comm_id", c.CommID, "target", kc.target)
		return nil
	}
	h.Message(kc, orEmpty(c.Data), r.msg.Buffers)
	return nil
}

func (k *Kernel) handleCommClose(_ context.Context, r *request) error {
	var c commMsg
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	kc, h := k.comms.lookup(c.CommID)
	if kc == nil {
		k.log.Warn("comm_close for an unknown comm", "comm_id", c.CommID)
		return nil
	}
	kc.mu.Lock()
	kc.closed = true
	kc.mu.Unlock()
	k.comms.forget(c.CommID)
	if h != nil {
		h.Closed(kc, orEmpty(c.Data))
	}
	return nil
}

var (
	_ comm.Registry      = (*commRegistry)(nil)
	_ comm.OptionsOpener = (*commRegistry)(nil)
	_ comm.Comm          = (*kernelComm)(nil)
)
