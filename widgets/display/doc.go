// Package display turns Go values into Jupyter MIME bundles and publishes
// them: HTML, Markdown, SVG, PNG/JPEG images, JSON, LaTeX, plain text, raw
// bundles, in-place updates, clearing and progress bars.
//
// It is the Go counterpart of IPython's display machinery: Convert plays the
// part of `_repr_mimebundle_` (a value that implements Renderer renders
// itself, any other value becomes readable text, truncated when large), and
// a Publisher carries bundles to the front end as display_data,
// update_display_data (a display id updates an output in place, as
// IPython's `display(..., display_id=True)` does) and clear_output messages.
//
// The package holds no global state. A Publisher, provided by a host such as
// the activis-kernel, carries bundles to the front end; Host binds a
// Publisher and the conversions a notebook cell uses (Display, Update,
// Clear, Progress). Without a Publisher (a plain Go program) a Host discards
// what it is given, so library code may display unconditionally.
package display
