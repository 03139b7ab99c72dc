package activis

import (
	"errors"
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/internal/mmap"
)

// Activations is an N × D matrix of activations, one row per instance, held
// in memory or memory-mapped from a NumPy file. Rows are served as float32
// whatever the stored dtype: float32 rows straight from memory or the map,
// float16 and float64 rows converted on the way out.
type Activations struct {
	n, d int
	// data holds the N × D values when they are native float32 (in memory
	// or a view of the map); nil otherwise.
	data []float32
	// raw holds the N × D stored values of any other dtype (a view of the
	// map), decoded per row by conv.
	raw   []byte
	esize int
	conv  func(dst []float32, src []byte)
	// dtype is the NumPy dtype string ("<f4", "<f2", ">f8", ...).
	dtype string
	// shape is the stored shape before rows were flattened to D.
	shape []int
	// path names the file (or "file.npz:name") the values came from.
	path string
	// mapping is the whole mapped region to unmap on Close (nil when in
	// memory); the stored values start at byte off of it.
	mapping []byte
	off     int
	// closer releases the mapping; nil when in memory or shared.
	closer func() error
	// releaseAbove is the mapping size above which Scan drops pages
	// behind itself (0: DefaultReleaseAbove(); < 0: never); see
	// SetReleaseAbove.
	releaseAbove int64
}

// ErrClosed is returned when rows are read from Activations after Close.
var ErrClosed = errors.New("activations closed")

// ErrRange is returned when a row range lies outside 0..Len().
var ErrRange = errors.New("row range out of bounds")

// defaultChunkBytes is the size of the row blocks Scan hands out when the
// caller does not choose one: large enough to amortise the call, small
// enough to stay in cache-friendly territory and to release mapped pages
// behind the scan.
const defaultChunkBytes = 4 << 20

// releaseFraction is the default share of physical memory above which a
// mapped file's pages are dropped behind a Scan (DefaultReleaseAbove).
const releaseFraction = 4

// DefaultReleaseAbove returns the mapping size above which Scan drops the
// pages behind itself unless SetReleaseAbove says otherwise: a quarter of
// the machine's physical memory (256 MB where it cannot be read). Files up
// to that size fit comfortably in memory and stay resident between
// passes, so a second Scan, Aggregate or Explorer.Stats does not fault
// them in again; larger ones are streamed with a resident set of about one
// block per scanning goroutine.
func DefaultReleaseAbove() int64 {
	if m := mmap.TotalMemory(); m > 0 {
		return m / releaseFraction
	}
	return 256 << 20
}

// SetReleaseAbove sets the mapping size, in bytes, above which Scan drops
// the pages it has read (Release) behind itself: 0 restores the default
// (DefaultReleaseAbove), a negative value never drops them. It applies to
// memory-mapped activations (and views made from them afterwards) and
// must not be called while a Scan is running.
func (a *Activations) SetReleaseAbove(bytes int64) { a.releaseAbove = bytes }

// dropBehind reports whether Scan releases pages behind itself.
func (a *Activations) dropBehind() bool {
	if a.mapping == nil {
		return false
	}
	limit := a.releaseAbove
	if limit == 0 {
		limit = DefaultReleaseAbove()
	}
	return limit >= 0 && int64(len(a.mapping)) > limit
}

// NewActivations wraps a row-major N × D slice without copying it.
func NewActivations(data []float32, n, d int) *Activations {
	return &Activations{n: n, d: d, data: data, esize: 4, dtype: "<f4", shape: []int{n, d}}
}

// Len returns N, the number of rows (instances).
func (a *Activations) Len() int { return a.n }

// Dim returns D, the number of neurons per row.
func (a *Activations) Dim() int { return a.d }

// DType returns the stored NumPy dtype, e.g. "<f4", "<f2" or "<f8".
func (a *Activations) DType() string { return a.dtype }

// Shape returns the stored shape; rows are its first dimension and the
// product of the others is Dim.
func (a *Activations) Shape() []int { return append([]int(nil), a.shape...) }

// Path names the file the activations came from ("" when built in memory;
// "file.npz:name" for a member of an .npz archive).
func (a *Activations) Path() string { return a.path }

// Mapped reports whether the values are served from a memory-mapped file.
func (a *Activations) Mapped() bool { return a.mapping != nil }

// Direct reports whether rows are served without conversion (float32 in
// native byte order), so that Row and Rows never allocate or copy.
func (a *Activations) Direct() bool { return a.data != nil || a.n*a.d == 0 }

// name is how errors refer to the activations.
func (a *Activations) name() string {
	if a.path == "" {
		return "activations"
	}
	return a.path
}

// Row returns row i. For float32 data the slice is a view of the memory or
// the map and must not be modified; for other dtypes it is a freshly
// converted copy (use RowInto or Rows with a buffer in loops). Row panics
// like a slice index when i is out of range, and returns nil after Close.
func (a *Activations) Row(i int) []float32 {
	if i < 0 || i >= a.n {
		panic(fmt.Sprintf("activis: row %d out of range [0,%d) of %s", i, a.n, a.name()))
	}
	if a.data != nil {
		return a.data[i*a.d : (i+1)*a.d : (i+1)*a.d]
	}
	if a.raw == nil {
		if a.d == 0 {
			return []float32{}
		}
		return nil
	}
	dst := make([]float32, a.d)
	a.conv(dst, a.raw[i*a.d*a.esize:(i+1)*a.d*a.esize])
	return dst
}

// At returns the value of neuron j in row i as float64, or NaN when i or j
// is out of range or the activations are closed. It never allocates.
func (a *Activations) At(i, j int) float64 {
	if i < 0 || i >= a.n || j < 0 || j >= a.d {
		return math.NaN()
	}
	k := i*a.d + j
	if a.data != nil {
		return float64(a.data[k])
	}
	if a.raw == nil {
		return math.NaN()
	}
	var v [1]float32
	a.conv(v[:], a.raw[k*a.esize:(k+1)*a.esize])
	return float64(v[0])
}

// RowInto copies rows start..end-1 (row-major, (end-start) × D values) into
// dst, which must hold at least that many values, converting the dtype when
// needed.
func (a *Activations) RowInto(start, end int, dst []float32) error {
	if err := a.checkRange(start, end); err != nil {
		return err
	}
	need := (end - start) * a.d
	if len(dst) < need {
		return fmt.Errorf("%s: RowInto(%d, %d): dst holds %d values, need %d", a.name(), start, end, len(dst), need)
	}
	if a.data != nil {
		copy(dst[:need], a.data[start*a.d:end*a.d])
		return nil
	}
	if need == 0 {
		return nil
	}
	a.conv(dst[:need], a.raw[start*a.d*a.esize:end*a.d*a.esize])
	return nil
}

// Rows returns rows start..end-1 as one row-major slice of (end-start) × D
// values. Float32 data is returned as a view without copying (do not
// modify it); other dtypes are converted into buf, grown when too small, so
// a caller that passes the previous result back as buf allocates once.
func (a *Activations) Rows(start, end int, buf []float32) ([]float32, error) {
	if err := a.checkRange(start, end); err != nil {
		return nil, err
	}
	if a.data != nil {
		return a.data[start*a.d : end*a.d : end*a.d], nil
	}
	need := (end - start) * a.d
	if cap(buf) < need {
		buf = make([]float32, need)
	}
	buf = buf[:need]
	if need > 0 {
		a.conv(buf, a.raw[start*a.d*a.esize:end*a.d*a.esize])
	}
	return buf, nil
}

func (a *Activations) checkRange(start, end int) error {
	if start < 0 || end > a.n || start > end {
		return fmt.Errorf("%s: rows [%d,%d) of %d: %w", a.name(), start, end, a.n, ErrRange)
	}
	if a.data == nil && a.raw == nil && a.n*a.d > 0 {
		return fmt.Errorf("%s: %w", a.name(), ErrClosed)
	}
	return nil
}

// ChunkRows returns a number of rows per block that keeps a block near
// 4 MB of float32, at least one row. Parallel aggregations can use it to
// cut [0, Len()) into shards.
func (a *Activations) ChunkRows() int {
	if a.d == 0 {
		return max(a.n, 1)
	}
	return max(defaultChunkBytes/(4*a.d), 1)
}

// Scan calls fn for consecutive blocks of rows in [start, end): first is
// the index of the block's first row and rows holds its rows row-major
// (len(rows)/Dim() rows). chunk is the number of rows per block (0 picks
// ChunkRows). The rows slice is only valid during the call: for converted
// dtypes it is a reused buffer. For mapped files larger than a quarter of
// the memory (see SetReleaseAbove) the pages behind the scan are released
// (see Release), so that scanning a file larger than memory keeps a small
// resident set; smaller files stay mapped for the next pass. Scan stops at the first error fn returns and
// returns it. Concurrent Scans over disjoint ranges are safe.
func (a *Activations) Scan(start, end, chunk int, fn func(first int, rows []float32) error) error {
	if err := a.checkRange(start, end); err != nil {
		return err
	}
	if chunk <= 0 {
		chunk = a.ChunkRows()
	}
	var buf []float32
	drop := a.dropBehind()
	for s := start; s < end; s += chunk {
		e := min(s+chunk, end)
		rows, err := a.Rows(s, e, buf)
		if err != nil {
			return err
		}
		if a.data == nil {
			buf = rows
		}
		if err := fn(s, rows); err != nil {
			return err
		}
		if drop {
			a.Release(s, e)
		}
	}
	return nil
}

// NonFinite counts the NaN and ±Inf values over all rows in one streaming
// pass (the cheap check callers run before averaging).
func (a *Activations) NonFinite() (nan, inf int, err error) {
	err = a.Scan(0, a.n, 0, func(_ int, rows []float32) error {
		n, i := CountNonFinite(rows)
		nan += n
		inf += i
		return nil
	})
	return nan, inf, err
}

// CountNonFinite counts the NaN and ±Inf values in x.
func CountNonFinite(x []float32) (nan, inf int) {
	for _, v := range x {
		if v != v {
			nan++
		} else if v > math.MaxFloat32 || v < -math.MaxFloat32 {
			inf++
		}
	}
	return nan, inf
}

// Close releases the memory map, if any. Reading rows afterwards returns
// ErrClosed (Row returns nil). Close is idempotent; closing in-memory
// activations does nothing. Close must not run while other goroutines are
// still reading rows or holding slices returned by Row, Rows or Scan: they
// point into the map.
func (a *Activations) Close() error {
	if a.mapping == nil {
		return nil
	}
	a.data, a.raw, a.mapping = nil, nil, nil
	if a.closer != nil {
		c := a.closer
		a.closer = nil
		if err := c(); err != nil {
			return fmt.Errorf("%s: close: %w", a.name(), err)
		}
	}
	return nil
}

// Release tells the system that rows start..end-1 of a memory-mapped file
// will not be needed soon: their pages leave this process's resident set
// (they stay in the page cache and come back transparently if read again).
// It is advisory, safe to call at any time, and does nothing for
// activations held in memory. Scan calls it behind itself.
func (a *Activations) Release(start, end int) {
	if a.mapping == nil || start < 0 || end > a.n || start >= end {
		return
	}
	rowBytes := a.d * a.esize
	mmap.Release(a.mapping, a.off+start*rowBytes, a.off+end*rowBytes)
}

// Slice returns a view of rows start..end-1 sharing a's memory or map (no
// copy). Closing the view does not unmap the file; closing a while the
// view is in use invalidates it.
func (a *Activations) Slice(start, end int) (*Activations, error) {
	if err := a.checkRange(start, end); err != nil {
		return nil, err
	}
	v := *a
	v.n = end - start
	v.closer = nil
	v.shape = append([]int{v.n}, a.shape[1:]...)
	if len(a.shape) == 0 {
		v.shape = []int{v.n, a.d}
	}
	if a.data != nil {
		v.data = a.data[start*a.d : end*a.d : end*a.d]
	}
	if a.raw != nil {
		v.raw = a.raw[start*a.d*a.esize : end*a.d*a.esize]
	}
	v.off = a.off + start*a.d*a.esize
	return &v, nil
}
