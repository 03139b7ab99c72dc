package activis

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"codeberg.org/sbinet/npyio/npy"

	"github.com/activis-go/activis/activis/internal/mmap"

	"github.com/activis-go/activis/activis/internal/dtype"
)

// Errors of the NumPy loaders, wrapped with the file name; test them with
// errors.Is.
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

// maxElems bounds N × D so that byte offsets cannot overflow an int.
const maxElems = math.MaxInt / 16

// LoadActivations memory-maps a NumPy .npy file of float32, float16 or
// float64 values in C order. The first dimension is the instance (row); the
// others are flattened into neurons (N × C × H × W becomes N × (C·H·W)); a
// 1-D array is N × 1. The file is never read whole: float32 rows are served
// straight from the map, other dtypes are converted per row, and Scan
// releases pages behind itself for files larger than a quarter of the
// memory (SetReleaseAbove), so files larger than memory can be aggregated
// while smaller ones stay mapped between passes. Call Close when done. Errors name the file and wrap ErrNotNPY,
// ErrDType, ErrFortranOrder or ErrTruncated.
func LoadActivations(path string) (*Activations, error) {
	return loadNPY(path, false, "load activations")
}

// LoadInputs memory-maps a NumPy .npy file of model inputs, one instance
// per row, like LoadActivations, and also accepts integer dtypes: uint8
// images (N × H × W × C or N × C × H × W) and int32/int64 token ids
// (N × T) are converted to float32 per row (integers are exact up to
// 2^24, the largest token id a float32 input carries). Pass the result to
// NewDataset; Activations.Shape keeps the stored shape, so the instance
// shape comes from the file.
func LoadInputs(path string) (*Activations, error) {
	return loadNPY(path, true, "load inputs")
}

// loadNPY memory-maps the .npy file at path; ints admits integer dtypes,
// and what names the operation in errors from opening the file.
func loadNPY(path string, ints bool, what string) (*Activations, error) {
	b, unmap, err := mmap.Map(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	a, err := parseNPY(b, path, ints)
	if err != nil {
		_ = unmap()
		return nil, err
	}
	a.mapping = b
	a.closer = unmap
	mmap.Sequential(b[a.off:])
	return a, nil
}

// npyHeader is what parseNPY learns from a header.
type npyHeader struct {
	dtype   string
	fortran bool
	shape   []int
	off     int // offset of the first data byte
}

// readNPYHeader validates the preamble by hand (npyio's reader would
// slice out of range on some corrupt headers) and decodes the header
// dictionary with npyio.
func readNPYHeader(b []byte, name string) (h npyHeader, err error) {
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
	r, err := newNPYReader(pb)
	if err != nil {
		return h, fmt.Errorf("%s: %w (%v)", name, ErrNotNPY, err)
	}
	h.dtype = r.Header.Descr.Type
	h.dtype = strings.Trim(h.dtype, "'\"")
	h.fortran = r.Header.Descr.Fortran
	h.shape = r.Header.Descr.Shape
	h.off = pre + hlen
	return h, nil
}

// newNPYReader runs npyio's header parser, turning a panic on a malformed
// dictionary into an error (no panics on bad input).
func newNPYReader(b []byte) (r *npy.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("malformed header dictionary")
		}
	}()
	return npy.NewReader(bytes.NewReader(b))
}

// parseNPY builds Activations over the bytes of a whole .npy file without
// copying them; ints admits integer dtypes (model inputs).
func parseNPY(b []byte, name string, ints bool) (*Activations, error) {
	h, err := readNPYHeader(b, name)
	if err != nil {
		return nil, err
	}
	if h.fortran {
		return nil, fmt.Errorf("%s: %w", name, ErrFortranOrder)
	}
	esize, conv, native, ok := dtype.Float(h.dtype)
	if !ok && ints {
		esize, conv, ok = dtype.Int(h.dtype)
		if !ok {
			return nil, fmt.Errorf("%s: %w %q (want a float or integer dtype)", name, ErrDType, h.dtype)
		}
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w %q (want float16, float32 or float64; LoadInputs also reads integers)", name, ErrDType, h.dtype)
	}
	if len(h.shape) == 0 {
		return nil, fmt.Errorf("%s: %w: a scalar, want an N × D array", name, ErrShape)
	}
	n, d := h.shape[0], 1
	for _, s := range h.shape {
		if s < 0 {
			return nil, fmt.Errorf("%s: %w: negative dimension in %v", name, ErrNotNPY, h.shape)
		}
	}
	for _, s := range h.shape[1:] {
		if s != 0 && d > maxElems/s {
			return nil, fmt.Errorf("%s: %w: shape %v too large", name, ErrShape, h.shape)
		}
		d *= s
	}
	if d != 0 && n > maxElems/d {
		return nil, fmt.Errorf("%s: %w: shape %v too large", name, ErrShape, h.shape)
	}
	size := n * d * esize
	if len(b)-h.off < size {
		return nil, fmt.Errorf("%s: %w: shape %v of %s needs %d data bytes, file has %d",
			name, ErrTruncated, h.shape, h.dtype, size, len(b)-h.off)
	}
	a := &Activations{n: n, d: d, esize: esize, dtype: h.dtype, shape: h.shape, path: name, off: h.off}
	data := b[h.off : h.off+size]
	if native && uintptr(unsafe.Pointer(unsafe.SliceData(data)))%4 == 0 {
		if size > 0 {
			a.data = unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(data))), n*d)
		} else {
			a.data = []float32{}
		}
	} else {
		a.raw = data
		a.conv = conv
	}
	return a, nil
}

// SaveNPY writes a as a little-endian float32 .npy file (format 1.0, C
// order) with its stored shape, readable by numpy.load and LoadActivations.
func SaveNPY(path string, a *Activations) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save npy: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("save npy %s: %w", path, cerr)
		}
	}()
	if err := WriteNPY(f, a); err != nil {
		return fmt.Errorf("save npy %s: %w", path, err)
	}
	return nil
}

// WriteNPY writes a to w in the .npy format as SaveNPY does. The header is
// written here because npyio's writer takes 1-D slices or float64 matrices,
// not an N × D float32 matrix held as one flat slice; the layout follows
// the NumPy format specification (magic, version 1.0, little-endian header
// length, a Python dict literal padded with spaces to a multiple of 64
// bytes and ended by a newline).
func WriteNPY(w io.Writer, a *Activations) error {
	shape := a.shape
	prod := 1
	for _, s := range shape {
		prod *= s
	}
	if len(shape) == 0 || prod != a.n*a.d || (len(shape) > 0 && shape[0] != a.n) {
		shape = []int{a.n, a.d}
	}
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
		return fmt.Errorf("npy header of %d bytes too long", len(hdr))
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(npy.Magic[:])
	bw.Write([]byte{1, 0})
	var hl [2]byte
	binary.LittleEndian.PutUint16(hl[:], uint16(len(hdr)))
	bw.Write(hl[:])
	bw.WriteString(hdr)
	var tmp [4]byte
	err := a.Scan(0, a.n, 0, func(_ int, rows []float32) error {
		for _, v := range rows {
			binary.LittleEndian.PutUint32(tmp[:], math.Float32bits(v))
			if _, err := bw.Write(tmp[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
