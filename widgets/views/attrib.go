package views

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/activis-go/activis/activis"
)

// attribPayload is the payload's "attrib" field: which attributions the
// kernel can compute for the views (see doc.go, "Attribution").
type attribPayload struct {
	// Contrib: neuron contributions to a class (Explorer.Contributions).
	Contrib bool `json:"contrib"`
	// Input: input attribution maps (Explorer.Attribute).
	Input bool `json:"input"`
}

// attribAvailable tells which attributions the explorer can compute: the
// model's graph for contributions, the run's inputs for input maps.
func (s *explorerSource) attribAvailable() *attribPayload {
	m, run := s.ex.Model(), s.ex.Run()
	a := &attribPayload{
		Contrib: m != nil && m.Graph != nil,
		Input:   m != nil && m.Graph != nil && run != nil && run.Data != nil && run.Data.Inputs != nil && s.ex.Summary() == nil,
	}
	if !a.Contrib && !a.Input {
		return nil
	}
	return a
}

// querier answers the views' requests whose reply carries data:
// {"type": "contributions", "layer", "class"} and {"type": "attribute",
// "index", "class"}. The reply is the message to send back.
type querier interface {
	query(msg map[string]any) (map[string]any, error)
}

// isQuery tells the message types a querier answers.
func isQuery(typ string) bool { return typ == "contributions" || typ == "attribute" }

// answer runs q's query for msg in its own goroutine (contributions by
// ablation and occlusion maps take from milliseconds to seconds; the
// kernel's comm goes on meanwhile) and sends the reply, or {"type":
// "error", "message", "request": typ}, with send.
func answer(q querier, msg map[string]any, send func(map[string]any)) {
	typ, _ := msg["type"].(string)
	go func() {
		reply, err := q.query(msg)
		if err != nil {
			send(map[string]any{"type": "error", "request": typ, "message": err.Error()})
			return
		}
		send(reply)
	}()
}

// intOf reads a JSON number that must be a non-negative integer.
func intOf(v any, what string) (int, error) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		return 0, fmt.Errorf("%s: %v is not a non-negative integer", what, v)
	}
	return int(f), nil
}

// query answers "contributions" with ex.Contributions and "attribute"
// with ex.Attribute.
func (s *explorerSource) query(msg map[string]any) (map[string]any, error) {
	typ, _ := msg["type"].(string)
	class, err := intOf(msg["class"], typ+" class")
	if err != nil {
		return nil, err
	}
	switch typ {
	case "contributions":
		layer, _ := msg["layer"].(string)
		c, err := s.ex.Contributions(layer, class)
		if err != nil {
			return nil, err
		}
		return contributionsReply(c), nil
	case "attribute":
		i, err := intOf(msg["index"], "attribute index")
		if err != nil {
			return nil, err
		}
		a, err := s.ex.AttributeWith(i, class, activis.AttributeOptions{Vocab: s.vocab})
		if err != nil {
			return nil, err
		}
		inputs, shape := s.inputs()
		var img []byte
		if inputs != nil && i < inputs.Len() {
			img = greyImage(inputs.Row(i), shape, a.Height, a.Width)
		}
		return attributionReply(a, img), nil
	}
	return nil, fmt.Errorf("unknown request %q", typ)
}

// contributionsReply is the message carrying contributions to the views:
// {"type": "contributions", layer, class, className, method, rows (names),
// counts, bias, values (base64 little-endian float32, rows × neurons)}.
func contributionsReply(c *activis.Contributions) map[string]any {
	neurons := 0
	for _, v := range c.Values {
		neurons = max(neurons, len(v))
	}
	buf := make([]byte, 0, 4*neurons*len(c.Values))
	for _, row := range c.Values {
		for j := range neurons {
			v := float32(math.NaN())
			if j < len(row) {
				v = row[j]
			}
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		}
	}
	return map[string]any{
		"type": "contributions", "layer": c.Layer, "class": c.Class, "className": c.ClassName,
		"method": c.Method, "rows": c.Rows, "counts": c.Counts, "bias": finite(c.Bias),
		"neurons": neurons, "values": b64(buf), "sample": c.Sample,
	}
}

// attributionReply is the message carrying an input attribution to the
// views: {"type": "attribution", index, class, className, method, score,
// base, h, w, map (base64 little-endian float32, h × w), image? (base64
// uint8 h × w, the input in grey), tokens?, words?, patch, stride,
// copies}.
func attributionReply(a *activis.Attribution, img []byte) map[string]any {
	buf := make([]byte, 0, 4*len(a.Map))
	for _, v := range a.Map {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	m := map[string]any{
		"type": "attribution", "index": a.Instance, "class": a.Class, "className": a.ClassName,
		"method": a.Method, "score": a.Score, "base": finite(a.Base), "h": a.Height, "w": a.Width,
		"map": b64(buf), "patch": a.Patch, "stride": a.Stride, "copies": a.Copies,
	}
	if img != nil {
		m["image"] = b64(img)
	}
	if a.Tokens != nil {
		m["tokens"] = a.Tokens
	}
	if a.Words != nil {
		m["words"] = a.Words
	}
	return m
}

// greyImage renders one input as h × w grey bytes over its own range (the
// mean over channels), or nil when it is not an image of that size.
func greyImage(row []float32, shape []int, h, w int) []byte {
	c, ih, iw, chFirst, ok := imageGeometry(shape)
	if !ok || ih != h || iw != w || len(row) != c*h*w {
		return nil
	}
	grey := make([]float64, h*w)
	lo, hi := math.Inf(1), math.Inf(-1)
	for y := range h {
		for x := range w {
			var s float64
			for ch := range c {
				i := (y*w+x)*c + ch
				if chFirst {
					i = (ch*h+y)*w + x
				}
				if v := row[i]; isFinite(v) {
					s += float64(v)
				}
			}
			s /= float64(c)
			grey[y*w+x] = s
			lo, hi = math.Min(lo, s), math.Max(hi, s)
		}
	}
	if !(hi > lo) {
		lo, hi = lo-1, lo
	}
	out := make([]byte, h*w)
	for i, v := range grey {
		out[i] = byte(math.Round((v - lo) / (hi - lo) * 255))
	}
	return out
}
