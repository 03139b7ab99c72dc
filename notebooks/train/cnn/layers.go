package cnn

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// The layer kernels. Activations are kept row-major in NHWC order, one
// spatial position per row, so a 3×3 convolution is an im2col gather
// followed by one GEMM per mini-batch shard. Parameters are kept in ONNX
// layout (a convolution weight is K×C×3×3, a Gemm weight is out×in), so the
// exporter copies them unchanged.

// general wraps a row-major r×c slice as a BLAS matrix.
func general(data []float32, r, c int) blas32.General {
	return blas32.General{Rows: r, Cols: c, Stride: c, Data: data[:r*c]}
}

// linearForward computes y = x·Wᵀ + b for x rows×in, W out×in, b out.
func linearForward(y, x, w, b []float32, rows, in, out int) {
	yy := general(y, rows, out)
	for r := range rows {
		copy(yy.Data[r*out:(r+1)*out], b)
	}
	blas32.Gemm(blas.NoTrans, blas.Trans, 1, general(x, rows, in), general(w, out, in), 1, yy)
}

// linearBackward accumulates dW += dyᵀ·x and db += Σ dy, and sets
// dx = dy·W unless dx is nil.
func linearBackward(dx, dw, db, dy, x, w []float32, rows, in, out int) {
	blas32.Gemm(blas.Trans, blas.NoTrans, 1, general(dy, rows, out), general(x, rows, in), 1, general(dw, out, in))
	for r := range rows {
		row := dy[r*out : (r+1)*out]
		for k, v := range row {
			db[k] += v
		}
	}
	if dx != nil {
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(dy, rows, out), general(w, out, in), 0, general(dx, rows, in))
	}
}

// im2col3x3 gathers the 3×3 neighbourhoods (zero padding 1, stride 1) of
// an NHWC tensor src (n×h×w×c) into dst, one row per output position and
// column ci·9 + kh·3 + kw, matching an ONNX K×C×3×3 weight.
func im2col3x3(dst, src []float32, n, h, w, c int) {
	cols := c * 9
	for b := range n {
		img := src[b*h*w*c : (b+1)*h*w*c]
		for y := range h {
			for x := range w {
				row := dst[((b*h+y)*w+x)*cols : ((b*h+y)*w+x+1)*cols]
				for kh := range 3 {
					yy := y + kh - 1
					for kw := range 3 {
						xx := x + kw - 1
						k := kh*3 + kw
						if yy < 0 || yy >= h || xx < 0 || xx >= w {
							for ci := range c {
								row[ci*9+k] = 0
							}
							continue
						}
						px := img[(yy*w+xx)*c : (yy*w+xx+1)*c]
						for ci, v := range px {
							row[ci*9+k] = v
						}
					}
				}
			}
		}
	}
}

// col2im3x3 is the adjoint of im2col3x3: it sets dst (n×h×w×c) to the sum
// of the column gradients src scattered back to their pixels.
func col2im3x3(dst, src []float32, n, h, w, c int) {
	clear(dst[:n*h*w*c])
	cols := c * 9
	for b := range n {
		img := dst[b*h*w*c : (b+1)*h*w*c]
		for y := range h {
			for x := range w {
				row := src[((b*h+y)*w+x)*cols : ((b*h+y)*w+x+1)*cols]
				for kh := range 3 {
					yy := y + kh - 1
					if yy < 0 || yy >= h {
						continue
					}
					for kw := range 3 {
						xx := x + kw - 1
						if xx < 0 || xx >= w {
							continue
						}
						k := kh*3 + kw
						px := img[(yy*w+xx)*c : (yy*w+xx+1)*c]
						for ci := range px {
							px[ci] += row[ci*9+k]
						}
					}
				}
			}
		}
	}
}

// relu sets x to max(x, 0) in place.
func relu(x []float32) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}

// reluBackward zeroes the gradients dy where the ReLU output y is not
// positive.
func reluBackward(dy, y []float32) {
	for i, v := range y {
		if v <= 0 {
			dy[i] = 0
		}
	}
}

// maxPool2 computes a 2×2, stride 2 max pool of the NHWC tensor src
// (n×h×w×c, h and w even) into dst (n×h/2×w/2×c), recording in arg the
// index into src of each maximum (the first one on ties, in row-major
// window order, as ONNX runtimes do).
func maxPool2(dst []float32, arg []int32, src []float32, n, h, w, c int) {
	oh, ow := h/2, w/2
	for b := range n {
		for y := range oh {
			for x := range ow {
				o := ((b*oh+y)*ow + x) * c
				i00 := ((b*h+2*y)*w + 2*x) * c
				for ci := range c {
					best := int32(i00 + ci)
					bv := src[best]
					for _, off := range [3]int{c, w * c, w*c + c} {
						j := int32(i00 + off + ci)
						if src[j] > bv {
							best, bv = j, src[j]
						}
					}
					dst[o+ci] = bv
					arg[o+ci] = best
				}
			}
		}
	}
}

// maxPool2Backward sets dsrc (of length size) to the pooled gradients ddst
// routed back to the recorded maxima.
func maxPool2Backward(dsrc []float32, size int, ddst []float32, arg []int32) {
	clear(dsrc[:size])
	for i, j := range arg {
		dsrc[j] += ddst[i]
	}
}

// toCHW reorders n images from HWC (hw positions × c channels) to CHW, the
// order ONNX's Flatten uses on an NCHW tensor.
func toCHW(dst, src []float32, n, hw, c int) {
	for b := range n {
		s := src[b*hw*c : (b+1)*hw*c]
		d := dst[b*hw*c : (b+1)*hw*c]
		for p := range hw {
			for ci := range c {
				d[ci*hw+p] = s[p*c+ci]
			}
		}
	}
}

// fromCHW is the inverse of toCHW.
func fromCHW(dst, src []float32, n, hw, c int) {
	for b := range n {
		s := src[b*hw*c : (b+1)*hw*c]
		d := dst[b*hw*c : (b+1)*hw*c]
		for p := range hw {
			for ci := range c {
				d[p*c+ci] = s[ci*hw+p]
			}
		}
	}
}

// dropout zeroes each element of x with probability p and scales the
// others by 1/(1-p) (inverted dropout), recording the per-element factor
// in mask. u supplies uniform [0, 1) numbers.
func dropout(x, mask []float32, p float32, u func() float64) {
	keep := 1 / (1 - p)
	for i := range x {
		if u() < float64(p) {
			mask[i] = 0
		} else {
			mask[i] = keep
		}
		x[i] *= mask[i]
	}
}

// softmaxXent returns the summed cross-entropy of rows×k logits against
// labels and, unless dlogits is nil, sets dlogits to scale·(softmax − onehot).
func softmaxXent(dlogits, logits []float32, labels []uint8, rows, k int, scale float32) float64 {
	var loss float64
	p := make([]float64, k)
	for r := range rows {
		z := logits[r*k : (r+1)*k]
		m := z[0]
		for _, v := range z {
			m = max(m, v)
		}
		var s float64
		for j, v := range z {
			p[j] = math.Exp(float64(v - m))
			s += p[j]
		}
		y := int(labels[r])
		loss += math.Log(s) - float64(z[y]-m)
		if dlogits == nil {
			continue
		}
		d := dlogits[r*k : (r+1)*k]
		for j := range d {
			g := p[j] / s
			if j == y {
				g--
			}
			d[j] = scale * float32(g)
		}
	}
	return loss
}
