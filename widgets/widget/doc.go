// Package widget implements Jupyter widgets in Go: models whose state lives
// in the kernel and is kept in sync with every view of them in JupyterLab 4,
// Notebook 7, VS Code and the classic Notebook, over the Jupyter widget
// messaging protocol 2.1 (ipywidgets' packages/schema/messages.md).
//
// # Models
//
// New makes an anywidget model: its front end is an ES module (the _esm
// state key, anywidget's contract: export default {initialize, render}), so
// any front end with the widget manager and anywidget shows it with no
// extension of its own. NewModel makes a model of any front-end class (Spec),
// such as the ipywidgets controls of this package: IntSlider, FloatSlider,
// Dropdown, Checkbox, Text, Button and the HBox and VBox layouts, each with
// the layout and style models the controls 2.0 front end needs.
//
// A model's state is a map of names to values. Set and SetState change it
// and send the change to every view; Get reads it; Observe is called on each
// change, from Go or from a view; OnMessage receives the views' custom
// messages and Send sends one. Every method is safe for concurrent use, and
// a model outlives the cell that made it. Setting a number, string or bool
// to its current value sends nothing; a slice or map is always sent again
// (it may have changed in place).
//
// # Values on the wire
//
// A *Model (or []*Model) in the state travels as "IPY_MODEL_<id>", and the
// model it refers to is opened first. A slice of fixed-size numbers
// ([]byte, []float32, []float64, []int8 … []int64, []uint16 … []uint64),
// anywhere in the state (nested in maps and slices too), travels as a
// little-endian binary buffer at its buffer_paths entry, never as a JSON
// list. Buffers received from a view are put back at their paths as []byte
// (the view sends what its typed array holds; Float32s, Float64s and Int32s
// read them as numbers). Other values from a view are JSON values converted, when
// they replace a number, bool or string, to that Go type (an IntSlider's
// value stays an int).
//
// # Managers
//
// A Manager binds models to the comms of one kernel session: the
// activis-kernel makes one on its comm registry, and interpreted cells use
// it without seeing it. A model made in a cell is bound when it is
// displayed (display.Display(m) or as a cell's last value), and a model it
// refers to (a slider in a box) when the referring one is. Until then it
// works locally. The manager serves the protocol:
//
//   - kernel-made models are opened with comm_open on target
//     "jupyter.widget", metadata {"version": "2.1.0"}, data {state,
//     buffer_paths} and the buffers;
//   - a view's update is echoed at once (echo_update, parented to the
//     update, so the other views of the model follow), then applied and
//     its observers called;
//   - request_state is answered with an update holding the whole state,
//     parented to the request (page reloads, new views);
//   - custom messages go to OnMessage handlers;
//   - a comm_close from the front end frees the model (its state stays
//     readable, it sends nothing more); Close closes it from Go;
//   - on target "jupyter.widget.control", request_states is answered at
//     once with update_states holding every live model and its buffers;
//   - a comm_open on "jupyter.widget" from a front end is closed at once:
//     Go has no class to build for a browser-made model.
//
// Messages a model sends outside a request (a Set from a goroutine after
// its cell ended) have the kernel's latest shell request as parent, so
// front ends route them to the views.
//
// # Display bundle
//
// Bundle returns the view's MIME bundle:
// application/vnd.jupyter.widget-view+json {"model_id", "version_major": 2,
// "version_minor": 1} and a text/plain fallback. Callers may add text/html
// and image/png to its Data for front ends without widgets; they show the
// richest type they can.
//
// The anywidget module version sent is "*" (any installed anywidget); the
// activis-kernel narrows it to the installed version with
// Manager.SetAnywidgetVersion when $ACTIVIS_ANYWIDGET_VERSION is set.
package widget
