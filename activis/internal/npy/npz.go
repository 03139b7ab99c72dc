package npy

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// NPZ is the directory of a NumPy .npz archive (np.savez or
// np.savez_compressed) held in memory or a memory map. It is read with
// archive/zip rather than npyio's npz reader because serving a stored
// member from the map needs its byte offset in the archive, which only
// archive/zip exposes.
type NPZ struct {
	b     []byte
	files []*zip.File // by name
}

// OpenNPZ reads the zip directory of the archive b; the error is
// archive/zip's, for the caller to name the file.
func OpenNPZ(b []byte) (*NPZ, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return &NPZ{b: b, files: files}, nil
}

// Len returns the number of members.
func (z *NPZ) Len() int { return len(z.files) }

// Member is one member of an archive, a whole .npy file.
type Member struct {
	// Key is the member's name without ".npy".
	Key string
	// Name is "archive:key", for errors.
	Name string
	// Data holds the member's bytes: a slice of the archive when Stored,
	// else decompressed into memory.
	Data []byte
	// Stored is set for uncompressed members (np.savez); Offset is then
	// the offset of Data in the archive.
	Stored bool
	Offset int64
}

// Each calls f with every member in name order, stopping at the first
// error, which it returns: f's own, or one naming the member (path:key)
// that could not be read, wrapping ErrTruncated for a stored member that
// extends past the archive or a compressed one that cannot be
// decompressed whole. A compressed member is decompressed just before its
// call, reading at most its announced size plus one byte.
func (z *NPZ) Each(path string, f func(Member) error) error {
	for _, zf := range z.files {
		key := strings.TrimSuffix(zf.Name, ".npy")
		m := Member{Key: key, Name: path + ":" + key}
		switch zf.Method {
		case zip.Store:
			off, err := zf.DataOffset()
			if err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			end := off + int64(zf.UncompressedSize64)
			if off < 0 || end > int64(len(z.b)) || end < off {
				return fmt.Errorf("%s: %w (member extends past the archive)", m.Name, ErrTruncated)
			}
			m.Data, m.Stored, m.Offset = z.b[off:end], true, off
		default:
			rc, err := zf.Open()
			if err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			// Read at most the announced size plus one byte to catch a lie
			// without trusting it for the allocation.
			buf, err := io.ReadAll(io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
			rc.Close()
			if err != nil {
				return fmt.Errorf("%s: %w (%v)", m.Name, ErrTruncated, err)
			}
			m.Data = buf
		}
		if err := f(m); err != nil {
			return err
		}
	}
	return nil
}
