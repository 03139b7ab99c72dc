package comm

// Comm is one open comm channel between the kernel and a front end.
type Comm interface {
	// ID is the comm_id.
	ID() string
	// Target is the target name the comm was opened on.
	Target() string
	// Send sends a comm_msg with data and optional binary buffers.
	Send(data map[string]any, buffers [][]byte) error
	// Close sends comm_close and forgets the comm.
	Close(data map[string]any) error
}

// Handler serves the comms opened on one target.
type Handler interface {
	// Open is called when the front end opens a comm on the target.
	Open(c Comm, data map[string]any)
	// Message is called for each comm_msg the front end sends.
	Message(c Comm, data map[string]any, buffers [][]byte)
	// Closed is called when the front end closes the comm.
	Closed(c Comm, data map[string]any)
}

// Registry holds comm targets and open comms of one session.
type Registry interface {
	// Register makes target available to front ends; a later registration of
	// the same target replaces the earlier one.
	Register(target string, h Handler)
	// Unregister removes target.
	Unregister(target string)
	// Open opens a comm from the kernel side on target with initial data.
	Open(target string, data map[string]any) (Comm, error)
}

// OpenOptions are the optional parts of a comm_open sent by the kernel.
type OpenOptions struct {
	// ID is the comm_id; empty lets the registry choose one.
	ID string
	// Metadata is the message metadata (the Jupyter widget protocol sends
	// {"version": "2.1.0"} there).
	Metadata map[string]any
	// Buffers are binary buffers sent with the comm_open.
	Buffers [][]byte
}

// OptionsOpener is implemented by registries (the activis-kernel's) that
// open comms with a chosen comm_id, message metadata and binary buffers, as
// the Jupyter widget protocol needs.
type OptionsOpener interface {
	// OpenWith opens a comm from the kernel side on target with initial data
	// and the options.
	OpenWith(target string, data map[string]any, opt OpenOptions) (Comm, error)
}
