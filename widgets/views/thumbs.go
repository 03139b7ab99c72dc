package views

import (
	"math"

	"github.com/activis-go/activis/activis"
)

// imageGeometry reads an input shape as an image: [H W], [C H W] or
// [H W C] with C 1 or 3 (channels first is how ONNX models take images).
// It reports false for inputs that are not images (e.g. token ids).
func imageGeometry(shape []int) (c, h, w int, chFirst, ok bool) {
	switch len(shape) {
	case 2:
		return 1, shape[0], shape[1], true, shape[0] >= 4 && shape[1] >= 4
	case 3:
		if shape[0] == 1 || shape[0] == 3 {
			return shape[0], shape[1], shape[2], true, shape[1] >= 4 && shape[2] >= 4
		}
		if shape[2] == 1 || shape[2] == 3 {
			return shape[2], shape[0], shape[1], false, shape[0] >= 4 && shape[1] >= 4
		}
	}
	return 0, 0, 0, false, false
}

// thumbnails packs small uint8 thumbnails of the points' inputs: box
// downsampled by an integer factor to at most opt.ThumbSide pixels a side,
// scaled to 0..255 over the sampled inputs' range, for as many points as
// opt.ThumbBudget allows. It returns nil when the inputs are not images.
func thumbnails(inputs *activis.Activations, shape []int, pts []int, opt Options) *thumbPayload {
	c, h, w, chFirst, ok := imageGeometry(shape)
	if !ok || inputs.Dim() != c*h*w {
		return nil
	}
	f := int(math.Ceil(float64(max(h, w)) / float64(opt.ThumbSide)))
	f = max(f, 1)
	th, tw := h/f, w/f
	size := th * tw * c
	n := min(len(pts), opt.ThumbBudget/size)
	if n == 0 {
		return nil
	}
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for k := range n {
		for _, v := range inputs.Row(pts[k]) {
			if isFinite(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if !(hi > lo) {
		lo, hi = 0, 1
	}
	pix := make([]byte, 0, n*size)
	idx := func(ch, y, x int) int {
		if chFirst {
			return (ch*h+y)*w + x
		}
		return (y*w+x)*c + ch
	}
	for k := range n {
		row := inputs.Row(pts[k])
		for y := range th {
			for x := range tw {
				for ch := range c {
					var s float64
					for dy := range f {
						for dx := range f {
							if v := row[idx(ch, y*f+dy, x*f+dx)]; isFinite(v) {
								s += float64(v)
							}
						}
					}
					t := (s/float64(f*f) - float64(lo)) / float64(hi-lo)
					pix = append(pix, byte(math.Round(math.Min(1, math.Max(0, t))*255)))
				}
			}
		}
	}
	return &thumbPayload{W: tw, H: th, C: c, N: n, Data: b64(pix), pix: pix}
}
