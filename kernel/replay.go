package kernel

import "sync"

// replayGuard remembers the signatures of recent messages so that a signed
// message captured and sent again is dropped, as ipykernel does with its
// digest history. It holds at most size signatures, forgetting the oldest.
type replayGuard struct {
	mu   sync.Mutex
	seen map[string]struct{}
	ring []string
	next int
}

func newReplayGuard(size int) *replayGuard {
	return &replayGuard{seen: make(map[string]struct{}, size), ring: make([]string, size)}
}

// fresh records sig and reports whether it was not seen before. Empty
// signatures (unsigned sessions) are always fresh.
func (g *replayGuard) fresh(sig []byte) bool {
	if len(sig) == 0 {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s := string(sig)
	if _, ok := g.seen[s]; ok {
		return false
	}
	if old := g.ring[g.next]; old != "" {
		delete(g.seen, old)
	}
	g.ring[g.next] = s
	g.seen[s] = struct{}{}
	g.next = (g.next + 1) % len(g.ring)
	return true
}
