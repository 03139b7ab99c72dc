// Package comm defines Jupyter comms as Go interfaces: a host (the
// activis-kernel) implements Registry, and packages such as the ActiVis views
// and package widgets/widget register targets on it to talk with their
// front-end code.
//
// A comm is the Jupyter messaging protocol's channel between kernel-side
// and front-end objects (comm_open, comm_msg, comm_close, with optional
// binary buffers). The interfaces mirror ipykernel's `comm` package: a
// target name, a Handler called as the front end opens and messages a comm,
// and a Comm that sends back. The Jupyter widget protocol (package
// widgets/widget) is built on them: it opens its comms on the
// `jupyter.widget` target through OptionsOpener, which adds the comm_id,
// the message metadata and the buffers the protocol needs.
//
// The package holds contracts only, no state and no wire code, so widget
// code compiles and is tested without a kernel; package kernel implements
// Registry for the front end it serves and hands it to widget code through
// the cell's publisher (a value with a `Comms() Registry` method).
package comm
