package activis

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/activis-go/activis/activis/internal/mmap"
)

// LoadNPZ opens a NumPy .npz archive (np.savez or np.savez_compressed) and
// returns one Activations per member, keyed by the member name without
// ".npy". Members stored uncompressed (np.savez) are served from one shared
// memory map of the archive, like LoadActivations; compressed members are
// decompressed into memory, so prefer np.savez for large activations. Close
// every returned Activations (the map is released when the last one is
// closed). Errors name the archive and member.
//
// The archive directory is read with archive/zip rather than npyio's npz
// reader because mapping a member needs its byte offset in the file, which
// only archive/zip exposes; each member's header is still decoded by npyio.
func LoadNPZ(path string) (map[string]*Activations, error) {
	b, unmap, err := mmap.Map(path)
	if err != nil {
		return nil, fmt.Errorf("load npz: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		_ = unmap()
		return nil, fmt.Errorf("load npz %s: %w", path, err)
	}
	shared := &sharedMap{unmap: unmap}
	out := make(map[string]*Activations, len(zr.File))
	fail := func(err error) (map[string]*Activations, error) {
		for _, a := range out {
			_ = a.Close()
		}
		if shared.refs == 0 {
			_ = unmap()
		}
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for _, f := range files {
		key := strings.TrimSuffix(f.Name, ".npy")
		name := path + ":" + key
		switch f.Method {
		case zip.Store:
			off, err := f.DataOffset()
			if err != nil {
				return fail(fmt.Errorf("%s: %w", name, err))
			}
			end := off + int64(f.UncompressedSize64)
			if off < 0 || end > int64(len(b)) || end < off {
				return fail(fmt.Errorf("%s: %w (member extends past the archive)", name, ErrTruncated))
			}
			a, err := parseNPY(b[off:end], name, false)
			if err != nil {
				return fail(err)
			}
			a.mapping = b
			a.off += int(off)
			a.closer = shared.ref()
			out[key] = a
		default:
			rc, err := f.Open()
			if err != nil {
				return fail(fmt.Errorf("%s: %w", name, err))
			}
			// Read at most the announced size plus one byte to catch a lie
			// without trusting it for the allocation.
			buf, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
			rc.Close()
			if err != nil {
				return fail(fmt.Errorf("%s: %w (%v)", name, ErrTruncated, err))
			}
			a, err := parseNPY(buf, name, false)
			if err != nil {
				return fail(err)
			}
			out[key] = a
		}
	}
	if shared.refs == 0 {
		_ = unmap()
	} else {
		mmap.Sequential(b)
	}
	return out, nil
}

// sharedMap unmaps an archive when the last member using it is closed.
type sharedMap struct {
	mu    sync.Mutex
	refs  int
	unmap func() error
}

// ref counts one more user and returns its release function.
func (s *sharedMap) ref() func() error {
	s.mu.Lock()
	s.refs++
	s.mu.Unlock()
	return func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.refs--
		if s.refs == 0 {
			return s.unmap()
		}
		return nil
	}
}
