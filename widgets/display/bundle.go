package display

// Bundle is a Jupyter MIME bundle: data keyed by MIME type, with optional
// metadata, and an optional display id that later updates refer to.
type Bundle struct {
	// Data maps a MIME type ("text/plain", "text/html", "image/png", ...) to
	// its content: a string for text types and base64 for binary ones, or a
	// JSON-encodable value for JSON types.
	Data map[string]any
	// Metadata maps a MIME type to its metadata (for example image size).
	Metadata map[string]any
	// DisplayID, when set, names the output so that Update can replace it.
	DisplayID string
}

// Renderer is implemented by values that know how to show themselves. A value
// implementing Renderer renders richly when it is a cell's trailing
// expression or is passed to a Publisher.
type Renderer interface {
	Render() Bundle
}

// Publisher sends display messages to the front end of one session.
type Publisher interface {
	// Display shows b as a new output (display_data); when b.DisplayID is
	// set the output can be updated later.
	Display(b Bundle) error
	// Update replaces the output named b.DisplayID (update_display_data).
	Update(b Bundle) error
	// Clear clears the cell's output; with wait, only when new output arrives.
	Clear(wait bool) error
}

// Converter turns a value into a bundle for display, reporting false when it
// does not handle the value. A host tries its converters in order. The
// publisher lets live values (such as the ActiVis explorer) update their
// output in place later; pub may be nil when there is no front end.
type Converter func(v any, pub Publisher) (b Bundle, ok bool)
