package activis

import (
	"bufio"
	"fmt"
	"os"

	"github.com/activis-go/activis/activis/internal/npy"
)

// NPYWriter streams an N × D float32 matrix into a .npy file a block of rows
// at a time, so that activation files larger than memory can be written (for
// example by a Go evaluation loop, or to make test data). Create one with
// CreateNPY, call WriteRows until N rows are written, then Close.
type NPYWriter struct {
	path    string
	f       *os.File
	bw      *bufio.Writer
	n, d    int
	written int
	buf     []byte
}

// CreateNPY creates (or truncates) path and writes the header of an N × D
// little-endian float32 .npy file.
func CreateNPY(path string, n, d int) (*NPYWriter, error) {
	if n < 0 || d <= 0 {
		return nil, fmt.Errorf("activis: CreateNPY %s: bad shape %d × %d", path, n, d)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("activis: CreateNPY: %w", err)
	}
	w := &NPYWriter{path: path, f: f, bw: bufio.NewWriterSize(f, 1<<20), n: n, d: d}
	hdr, err := npy.EncodeHeader([]int{n, d})
	if err == nil {
		_, err = w.bw.Write(hdr)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("activis: CreateNPY %s: %w", path, err)
	}
	return w, nil
}

// WriteRows appends whole rows (a multiple of D values, row-major).
func (w *NPYWriter) WriteRows(rows []float32) error {
	if len(rows)%w.d != 0 {
		return fmt.Errorf("activis: %s: %d values is not a whole number of %d-value rows: %w", w.path, len(rows), w.d, ErrShape)
	}
	if k := len(rows) / w.d; w.written+k > w.n {
		return fmt.Errorf("activis: %s: writing %d rows after %d exceeds the declared %d: %w", w.path, k, w.written, w.n, ErrShape)
	}
	if cap(w.buf) < 4*len(rows) {
		w.buf = make([]byte, 4*len(rows))
	}
	b := w.buf[:4*len(rows)]
	npy.PutFloat32s(b, rows)
	if _, err := w.bw.Write(b); err != nil {
		return fmt.Errorf("activis: %s: %w", w.path, err)
	}
	w.written += len(rows) / w.d
	return nil
}

// Close flushes the file and closes it; it fails when fewer rows than
// declared were written (the file would not be a valid .npy).
func (w *NPYWriter) Close() error {
	ferr := w.bw.Flush()
	cerr := w.f.Close()
	switch {
	case ferr != nil:
		return fmt.Errorf("activis: %s: %w", w.path, ferr)
	case cerr != nil:
		return fmt.Errorf("activis: %s: %w", w.path, cerr)
	case w.written != w.n:
		return fmt.Errorf("activis: %s: %d of %d declared rows written: %w", w.path, w.written, w.n, ErrShape)
	}
	return nil
}
