package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"reflect"
)

// Convert is the fallback converter a host tries last. It handles
//   - values implementing Renderer (their own bundle),
//   - image.Image (encoded as PNG),
//   - errors (their message as text/plain),
//   - anything else as readable text/plain, truncated for large slices, maps
//     and structs with a note of what was cut (see FormatText).
//
// It reports false only for nil, which has nothing to show. pub is unused;
// it is part of the Converter signature.
func Convert(v any, pub Publisher) (Bundle, bool) {
	if v == nil {
		return Bundle{}, false
	}
	switch x := v.(type) {
	case Renderer:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			break
		}
		return x.Render(), true
	case image.Image:
		return imageValue(x), true
	case error:
		return Bundle{Data: map[string]any{"text/plain": x.Error()}}, true
	}
	return Bundle{Data: map[string]any{"text/plain": FormatText(v, DefaultLimits)}}, true
}

// imageValue encodes img as a PNG bundle with its size as metadata.
func imageValue(img image.Image) Bundle {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Bundle{Data: map[string]any{"text/plain": fmt.Sprintf("<image: %v>", err)}}
	}
	b := PNG(buf.Bytes()).Render()
	r := img.Bounds()
	b.Data["text/plain"] = fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy())
	b.Metadata = map[string]any{"image/png": map[string]any{"width": r.Dx(), "height": r.Dy()}}
	return b
}
