package npy

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// EncodeHeader returns the header of a little-endian float32 .npy file of
// the given shape in C order: the magic, format version 1.0, the
// little-endian header length and a Python dict literal padded with
// spaces to a multiple of 64 bytes and ended by a newline, as the NumPy
// format specification lays it out. It is written here because npyio's
// writer takes 1-D slices or float64 matrices, not an N × D float32 matrix
// held as one flat slice. A header longer than version 1.0 allows (64 KB:
// a shape of thousands of dimensions) is an error.
func EncodeHeader(shape []int) ([]byte, error) {
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = strconv.Itoa(s)
	}
	tuple := "(" + strings.Join(dims, ", ")
	if len(dims) == 1 {
		tuple += ","
	}
	tuple += ")"
	dict := "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }"
	total := 10 + len(dict) + 1
	pad := (64 - total%64) % 64
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	if len(hdr) > math.MaxUint16 {
		return nil, fmt.Errorf("npy header of %d bytes too long", len(hdr))
	}
	b := make([]byte, 0, 10+len(hdr))
	b = append(b, npy.Magic[:]...)
	b = append(b, 1, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(hdr)))
	return append(b, hdr...), nil
}

// PutFloat32s stores src in dst as little-endian float32 values, the data
// of a file EncodeHeader describes; dst holds at least 4·len(src) bytes.
func PutFloat32s(dst []byte, src []float32) {
	dst = dst[:4*len(src)]
	for i, v := range src {
		binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
	}
}
