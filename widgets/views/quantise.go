package views

import (
	"encoding/base64"
	"encoding/binary"
	"math"
)

// quantiser maps float32 values in [Lo, Hi] to bytes 0..254 (255 marks NaN
// and other non-finite values). The largest error of a finite value inside
// the range is (Hi−Lo)/508, half a step.
type quantiser struct {
	Lo, Hi float32
}

// newQuantiser returns a quantiser spanning the finite values of every
// slice; an empty or constant range is widened to one unit so that steps
// are never zero.
func newQuantiser(slices ...[]float32) quantiser {
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, s := range slices {
		for _, v := range s {
			if isFinite(v) {
				lo = min(lo, v)
				hi = max(hi, v)
			}
		}
	}
	if lo > hi {
		return quantiser{0, 1}
	}
	if hi == lo {
		hi = lo + 1
	}
	return quantiser{lo, hi}
}

func isFinite(v float32) bool {
	return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0)
}

// q quantises one value.
func (q quantiser) q(v float32) byte {
	if !isFinite(v) {
		return 255
	}
	t := (float64(v) - float64(q.Lo)) / (float64(q.Hi) - float64(q.Lo))
	return byte(math.Round(math.Min(1, math.Max(0, t)) * 254))
}

// value is the value byte b stands for (NaN for 255).
func (q quantiser) value(b byte) float32 {
	if b == 255 {
		return float32(math.NaN())
	}
	return q.Lo + float32(b)/254*(q.Hi-q.Lo)
}

// appendQ appends the quantised values of src to dst.
func (q quantiser) appendQ(dst []byte, src []float32) []byte {
	for _, v := range src {
		dst = append(dst, q.q(v))
	}
	return dst
}

// b64 encodes bytes as standard base64.
func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// float32B64 packs values as little-endian float32 and encodes them.
func float32B64(vals []float64) string {
	b := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(float32(v)))
	}
	return b64(b)
}
