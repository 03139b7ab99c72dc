package activis

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/activis-go/activis/activis/internal/mmap"
	"github.com/activis-go/activis/activis/internal/npy"
)

// Errors of the NumPy loaders, wrapped with the file name; test them with
// errors.Is.
var (
	// ErrNotNPY: the file is not a NumPy .npy file (bad magic or header).
	ErrNotNPY = npy.ErrNotNPY
	// ErrDType: the stored dtype is not float16, float32 or float64.
	ErrDType = npy.ErrDType
	// ErrFortranOrder: the array is stored in Fortran (column-major) order.
	ErrFortranOrder = npy.ErrFortranOrder
	// ErrTruncated: the file holds fewer bytes than its header announces.
	ErrTruncated = npy.ErrTruncated
)

// maxElems bounds N × D so that byte offsets cannot overflow an int (the
// IDX and PNG loaders use the .npy parser's bound).
const maxElems = npy.MaxElems

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

// parseNPY builds Activations over the bytes of a whole .npy file without
// copying them (npy.Parse); ints admits integer dtypes (model inputs).
func parseNPY(b []byte, name string, ints bool) (*Activations, error) {
	arr, err := npy.Parse(b, name, ints, ErrShape)
	if err != nil {
		return nil, err
	}
	return &Activations{n: arr.N, d: arr.D, esize: arr.ESize, dtype: arr.DType, shape: arr.Shape, path: name, off: arr.Offset,
		data: arr.Data, raw: arr.Raw, conv: arr.Conv}, nil
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
// written by activis because npyio's writer takes 1-D slices or float64
// matrices, not an N × D float32 matrix held as one flat slice; the layout
// follows the NumPy format specification (magic, version 1.0, little-endian
// header length, a Python dict literal padded with spaces to a multiple of
// 64 bytes and ended by a newline).
func WriteNPY(w io.Writer, a *Activations) error {
	shape := a.shape
	prod := 1
	for _, s := range shape {
		prod *= s
	}
	if len(shape) == 0 || prod != a.n*a.d || (len(shape) > 0 && shape[0] != a.n) {
		shape = []int{a.n, a.d}
	}
	hdr, err := npy.EncodeHeader(shape)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(hdr)
	var tmp [4]byte
	err = a.Scan(0, a.n, 0, func(_ int, rows []float32) error {
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
