package activis

import (
	"fmt"
	"sync"

	"github.com/activis-go/activis/activis/internal/mmap"
	"github.com/activis-go/activis/activis/internal/npy"
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
	z, err := npy.OpenNPZ(b)
	if err != nil {
		_ = unmap()
		return nil, fmt.Errorf("load npz %s: %w", path, err)
	}
	shared := &sharedMap{unmap: unmap}
	out := make(map[string]*Activations, z.Len())
	err = z.Each(path, func(m npy.Member) error {
		a, err := parseNPY(m.Data, m.Name, false)
		if err != nil {
			return err
		}
		if m.Stored {
			a.mapping = b
			a.off += int(m.Offset)
			a.closer = shared.ref()
		}
		out[m.Key] = a
		return nil
	})
	if err != nil {
		for _, a := range out {
			_ = a.Close()
		}
		if shared.refs == 0 {
			_ = unmap()
		}
		return nil, err
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
