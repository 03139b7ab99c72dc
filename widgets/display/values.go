package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// HTML is HTML source shown as text/html.
type HTML string

// Render returns the HTML with a plain-text fallback.
func (h HTML) Render() Bundle { return textBundle("text/html", string(h), "<HTML>") }

// Markdown is Markdown source shown as text/markdown.
type Markdown string

// Render returns the Markdown; its plain-text fallback is the source itself.
func (m Markdown) Render() Bundle { return textBundle("text/markdown", string(m), string(m)) }

// SVG is an SVG document shown as image/svg+xml.
type SVG string

// Render returns the SVG with a plain-text fallback.
func (s SVG) Render() Bundle { return textBundle("image/svg+xml", string(s), "<SVG image>") }

// LaTeX is LaTeX source (usually math between $ signs) shown as text/latex.
type LaTeX string

// Render returns the LaTeX; its plain-text fallback is the source itself.
func (l LaTeX) Render() Bundle { return textBundle("text/latex", string(l), string(l)) }

// Text is plain text shown as text/plain, without the quoting a Go string
// value gets when it is a cell's result.
type Text string

// Render returns the text as text/plain.
func (t Text) Render() Bundle { return Bundle{Data: map[string]any{"text/plain": string(t)}} }

// PNG holds the bytes of a PNG image.
type PNG []byte

// Render returns the image base64-encoded as image/png.
func (p PNG) Render() Bundle { return imageBundle("image/png", p) }

// JPEG holds the bytes of a JPEG image.
type JPEG []byte

// Render returns the image base64-encoded as image/jpeg.
func (j JPEG) Render() Bundle { return imageBundle("image/jpeg", j) }

// MIME is a raw MIME bundle: MIME type to content, sent as is. Binary
// content must already be base64-encoded.
type MIME map[string]any

// Render returns the bundle, adding a text/plain entry when it has none.
func (m MIME) Render() Bundle {
	data := make(map[string]any, len(m)+1)
	for k, v := range m {
		data[k] = v
	}
	if _, ok := data["text/plain"]; !ok {
		data["text/plain"] = "<MIME bundle>"
	}
	return Bundle{Data: data}
}

// JSONValue is a value shown as application/json; make one with JSON.
type JSONValue struct {
	// V is any value encoding/json can encode.
	V any
}

// JSON wraps v to be shown as application/json (an interactive tree in
// JupyterLab).
func JSON(v any) JSONValue { return JSONValue{V: v} }

// Render encodes the value; a value encoding/json rejects is shown as a
// text/plain error instead.
func (j JSONValue) Render() Bundle {
	b, err := json.Marshal(j.V)
	if err != nil {
		return Bundle{Data: map[string]any{"text/plain": fmt.Sprintf("display.JSON: %v", err)}}
	}
	indented, err := json.MarshalIndent(j.V, "", "  ")
	if err != nil {
		indented = b
	}
	return Bundle{Data: map[string]any{
		"application/json": json.RawMessage(b),
		"text/plain":       string(indented),
	}}
}

func textBundle(mime, s, plain string) Bundle {
	return Bundle{Data: map[string]any{mime: s, "text/plain": plain}}
}

func imageBundle(mime string, b []byte) Bundle {
	return Bundle{Data: map[string]any{
		mime:         base64.StdEncoding.EncodeToString(b),
		"text/plain": fmt.Sprintf("<%s image, %d bytes>", mime, len(b)),
	}}
}
