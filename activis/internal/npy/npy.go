package npy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"unsafe"

	"codeberg.org/sbinet/npyio/npy"

	"github.com/activis-go/activis/activis/internal/dtype"
)

// Errors of the parser, wrapped with the file name; activis re-exports
// them (activis.ErrNotNPY is ErrNotNPY, and so on).
var (
	// ErrNotNPY: the file is not a NumPy .npy file (bad magic or header).
	ErrNotNPY = errors.New("not a NumPy .npy file")
	// ErrDType: the stored dtype is not float16, float32 or float64.
	ErrDType = errors.New("unsupported dtype")
	// ErrFortranOrder: the array is stored in Fortran (column-major) order.
	ErrFortranOrder = errors.New("fortran order not supported (save a C-order array, e.g. np.ascontiguousarray)")
	// ErrTruncated: the file holds fewer bytes than its header announces.
	ErrTruncated = errors.New("truncated file")
)

// MaxElems bounds N × D so that byte offsets cannot overflow an int.
const MaxElems = math.MaxInt / 16

// Header is what a .npy header says.
type Header struct {
	// DType is the NumPy dtype string without quotes ("<f4", "|u1", ...).
	DType string
	// Fortran is set for column-major arrays.
	Fortran bool
	// Shape is the stored shape (empty for a scalar).
	Shape []int
	// Offset is the offset of the first data byte in the file.
	Offset int
}

// ReadHeader validates the preamble of the .npy file b by hand (npyio's
// reader would slice out of range on some corrupt headers) and decodes the
// header dictionary with npyio. Errors start with name and wrap ErrNotNPY
// or ErrTruncated.
func ReadHeader(b []byte, name string) (h Header, err error) {
	if len(b) < 10 || !bytes.Equal(b[:6], npy.Magic[:]) {
		return h, fmt.Errorf("%s: %w (bad magic)", name, ErrNotNPY)
	}
	var hlen, pre int
	switch b[6] {
	case 1:
		hlen, pre = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		if len(b) < 12 {
			return h, fmt.Errorf("%s: %w (header cut short)", name, ErrTruncated)
		}
		hlen, pre = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		return h, fmt.Errorf("%s: %w (format version %d.%d)", name, ErrNotNPY, b[6], b[7])
	}
	if pre+hlen > len(b) || hlen < 0 {
		return h, fmt.Errorf("%s: %w (header of %d bytes, file of %d)", name, ErrTruncated, hlen, len(b))
	}
	dict := b[pre : pre+hlen]
	if !bytes.Contains(dict, []byte{'\n'}) || !bytes.Contains(dict, []byte("}")) {
		return h, fmt.Errorf("%s: %w (header dictionary not terminated)", name, ErrNotNPY)
	}
	// npyio parses version 1 and 2 headers; version 3 only differs in the
	// encoding of the dictionary (UTF-8), which ASCII dtypes never use.
	pb := append([]byte(nil), b[:pre+hlen]...)
	if pb[6] == 3 {
		pb[6] = 2
	}
	r, err := newReader(pb)
	if err != nil {
		return h, fmt.Errorf("%s: %w (%v)", name, ErrNotNPY, err)
	}
	h.DType = r.Header.Descr.Type
	h.DType = strings.Trim(h.DType, "'\"")
	h.Fortran = r.Header.Descr.Fortran
	h.Shape = r.Header.Descr.Shape
	h.Offset = pre + hlen
	return h, nil
}

// newReader runs npyio's header parser, turning a panic on a malformed
// dictionary into an error (no panics on bad input).
func newReader(b []byte) (r *npy.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("malformed header dictionary")
		}
	}()
	return npy.NewReader(bytes.NewReader(b))
}

// Array is a .npy file seen as an N × D matrix: the first dimension is the
// row, the others are flattened (N × C × H × W is N × (C·H·W); a 1-D array
// is N × 1). Its values are views of the file's bytes, never copies.
type Array struct {
	// N and D are the rows and the values per row.
	N, D int
	// DType and Shape are the stored dtype and shape.
	DType string
	Shape []int
	// Offset is the offset of the first data byte in the file.
	Offset int
	// ESize is the size of one stored value in bytes.
	ESize int
	// Data views the N × D values when they are float32 in native byte
	// order at a 4-byte aligned address; nil otherwise.
	Data []float32
	// Raw holds the N × D stored values when Data is nil, converted to
	// float32 by Conv (ESize bytes per value).
	Raw  []byte
	Conv dtype.Conv
}

// Parse reads the .npy file b as an N × D Array without copying its data.
// Float16, float32 and float64 dtypes are accepted in either byte order,
// and integer dtypes too when ints is set (model inputs). Errors start
// with name and wrap ErrNotNPY, ErrTruncated, ErrDType, ErrFortranOrder,
// or errShape (the caller's sentinel for unusable shapes, activis.ErrShape)
// for a scalar or a shape whose byte size would overflow.
func Parse(b []byte, name string, ints bool, errShape error) (*Array, error) {
	h, err := ReadHeader(b, name)
	if err != nil {
		return nil, err
	}
	if h.Fortran {
		return nil, fmt.Errorf("%s: %w", name, ErrFortranOrder)
	}
	esize, conv, native, ok := dtype.Float(h.DType)
	if !ok && ints {
		esize, conv, ok = dtype.Int(h.DType)
		if !ok {
			return nil, fmt.Errorf("%s: %w %q (want a float or integer dtype)", name, ErrDType, h.DType)
		}
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w %q (want float16, float32 or float64; LoadInputs also reads integers)", name, ErrDType, h.DType)
	}
	if len(h.Shape) == 0 {
		return nil, fmt.Errorf("%s: %w: a scalar, want an N × D array", name, errShape)
	}
	n, d := h.Shape[0], 1
	for _, s := range h.Shape {
		if s < 0 {
			return nil, fmt.Errorf("%s: %w: negative dimension in %v", name, ErrNotNPY, h.Shape)
		}
	}
	for _, s := range h.Shape[1:] {
		if s != 0 && d > MaxElems/s {
			return nil, fmt.Errorf("%s: %w: shape %v too large", name, errShape, h.Shape)
		}
		d *= s
	}
	if d != 0 && n > MaxElems/d {
		return nil, fmt.Errorf("%s: %w: shape %v too large", name, errShape, h.Shape)
	}
	size := n * d * esize
	if len(b)-h.Offset < size {
		return nil, fmt.Errorf("%s: %w: shape %v of %s needs %d data bytes, file has %d",
			name, ErrTruncated, h.Shape, h.DType, size, len(b)-h.Offset)
	}
	a := &Array{N: n, D: d, ESize: esize, DType: h.DType, Shape: h.Shape, Offset: h.Offset}
	data := b[h.Offset : h.Offset+size]
	if native && uintptr(unsafe.Pointer(unsafe.SliceData(data)))%4 == 0 {
		if size > 0 {
			a.Data = unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(data))), n*d)
		} else {
			a.Data = []float32{}
		}
	} else {
		a.Raw = data
		a.Conv = conv
	}
	return a, nil
}
