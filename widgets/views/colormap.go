package views

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette/moreland"
)

// rampSize is the number of colours in each activation ramp.
const rampSize = 256

// rampsPayload carries the activation colour maps to the front end, so
// that the live matrix and the PNG snapshot colour a value identically:
// Seq (Moreland's Kindlmann, perceptually uniform) over [lo, hi] for
// non-negative layers, Div (Moreland's smooth blue–red) over [−m, m],
// m = max(|lo|, |hi|), for signed ones. Colour i stands for t = i/255
// along the domain; a value takes the colour of round(t·255), clamped.
type rampsPayload struct {
	Seq []string `json:"seq"`
	Div []string `json:"div"`
}

// activationRamp samples the sequential or diverging map at rampSize points.
func activationRamp(signed bool) []color.RGBA {
	var cm interface {
		SetMin(float64)
		SetMax(float64)
		At(float64) (color.Color, error)
	}
	if signed {
		cm = moreland.SmoothBlueRed()
	} else {
		cm = moreland.Kindlmann()
	}
	cm.SetMin(0)
	cm.SetMax(1)
	out := make([]color.RGBA, rampSize)
	for i := range out {
		c, err := cm.At(float64(i) / (rampSize - 1))
		if err != nil {
			out[i] = missingRGBA
			continue
		}
		r, g, b, _ := c.RGBA()
		out[i] = color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
	}
	return out
}

// missingRGBA is the colour of missing values (NaN), as in the front end.
var missingRGBA = color.RGBA{136, 136, 136, 255}

// ramps returns both ramps as #rrggbb strings for the payload.
func ramps() *rampsPayload {
	hex := func(cs []color.RGBA) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
		}
		return out
	}
	return &rampsPayload{Seq: hex(activationRamp(false)), Div: hex(activationRamp(true))}
}

// rampIndex is the ramp colour of v for a layer over [lo, hi] (signed:
// diverging over [−m, m]); the front end's colors.js computes the same.
func rampIndex(v, lo, hi float64, signed bool) int {
	if signed {
		m := math.Max(math.Abs(lo), math.Abs(hi))
		if m == 0 {
			m = 1
		}
		lo, hi = -m, m
	} else if !(hi > lo) {
		hi = lo + 1
	}
	t := (v - lo) / (hi - lo)
	t = math.Max(0, math.Min(1, t))
	return int(math.Round(t * (rampSize - 1)))
}

// activationLUT returns the colours of quantised values 0..254 of a layer
// (255, NaN, is drawn in missingRGBA).
func activationLUT(q quantiser, signed bool) []color.RGBA {
	ramp := activationRamp(signed)
	lut := make([]color.RGBA, 255)
	for b := range lut {
		lut[b] = ramp[rampIndex(float64(q.value(byte(b))), float64(q.Lo), float64(q.Hi), signed)]
	}
	return lut
}
