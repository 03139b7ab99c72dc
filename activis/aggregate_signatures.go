// Membership signatures: instances partitioned by the set of groups they
// belong to, so that shared memberships are aggregated once.

package activis

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// sigID numbers a signature (1-based; 0 is no group): two bytes per
// instance, since sharing stops at a few thousand signatures.
type sigID = uint16

// maxSignatures is the most signatures a sigID can number.
const maxSignatures = 1<<16 - 1

// signatures partitions the instances offset..offset+n-1 by the set of
// groups they belong to ("signature"). It returns, for instance offset+k,
// ids[k] = 1 + its signature (0 when it is in no group), and the groups of
// each signature, or ok == false as soon as there are more than limit
// signatures.
func signatures(groups []*IndexSet, offset, n, limit int) (ids []sigID, rows [][]int, ok bool) {
	limit = min(limit, maxSignatures)
	if len(groups) <= 64 {
		return signatures64(groups, offset, n, limit)
	}
	nw := (len(groups) + 63) / 64
	// keys[b] is the signature of instance base+b, built from the set bits
	// of each group's word (cost proportional to the memberships, not to
	// groups × 64); touched lists the bits that got one.
	keys := make([]uint64, 64*nw)
	keyBytes := make([]byte, 8*nw)
	seen := make(map[string]int)
	ids = make([]sigID, n)
	var touched uint64
	for base := offset &^ 63; base < offset+n; base += 64 {
		for r, g := range groups {
			w := g.word64(base)
			for w != 0 {
				b := bits.TrailingZeros64(w)
				keys[b*nw+r>>6] |= 1 << uint(r&63)
				touched |= 1 << uint(b)
				w &= w - 1
			}
		}
		for t := touched; t != 0; t &= t - 1 {
			b := bits.TrailingZeros64(t)
			key := keys[b*nw : (b+1)*nw]
			i := base + b
			if i < offset || i >= offset+n {
				clear(key)
				continue
			}
			for k, w := range key {
				binary.LittleEndian.PutUint64(keyBytes[8*k:], w)
			}
			clear(key)
			s, ok := seen[string(keyBytes)]
			if !ok {
				if len(rows) == limit {
					return nil, nil, false
				}
				s = len(rows)
				seen[string(keyBytes)] = s
				var rs []int
				for r := range groups {
					if keyBytes[r>>3]>>uint(r&7)&1 != 0 {
						rs = append(rs, r)
					}
				}
				rows = append(rows, rs)
			}
			ids[i-offset] = sigID(s + 1)
		}
		touched = 0
	}
	return ids, rows, true
}

// signatures64 is signatures for at most 64 groups, with the signature as
// a uint64 key. The instances are cut into ranges aligned to 64 that are
// keyed in parallel; their signatures are then numbered in range order, so
// the result does not depend on the number of ranges.
func signatures64(groups []*IndexSet, offset, n, limit int) (ids []sigID, rows [][]int, ok bool) {
	limit = min(limit, maxSignatures)
	ids = make([]sigID, n) // as in signatures
	parts := max(min(runtime.GOMAXPROCS(0), n/65536), 1)
	// Range boundaries are global indices, multiples of 64 but for the ends.
	cut := make([]int, parts+1)
	cut[0], cut[parts] = offset, offset+n
	for p := 1; p < parts; p++ {
		cut[p] = max((offset+p*n/parts)&^63, cut[p-1])
	}
	keys := make([][]uint64, parts) // each range's signatures, local id order
	var wg sync.WaitGroup
	var over atomic.Bool
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			k, ok := keyRange(groups, offset, cut[p], cut[p+1], limit, ids, &over)
			if !ok {
				over.Store(true)
			}
			keys[p] = k
		}(p)
	}
	wg.Wait()
	if over.Load() {
		return nil, nil, false
	}
	// Number the signatures globally in range order and renumber each range.
	global := make(map[uint64]sigID)
	for p := range parts {
		remap := make([]sigID, len(keys[p])+1)
		for l, key := range keys[p] {
			g, seen := global[key]
			if !seen {
				if len(rows) == limit {
					return nil, nil, false
				}
				g = sigID(len(rows) + 1)
				global[key] = g
				var rs []int
				for r := range groups {
					if key>>uint(r)&1 != 0 {
						rs = append(rs, r)
					}
				}
				rows = append(rows, rs)
			}
			remap[l+1] = g
		}
		if p > 0 { // range 0 numbered first: its ids are already global
			seg := ids[cut[p]-offset : cut[p+1]-offset]
			for i, id := range seg {
				seg[i] = remap[id]
			}
		}
	}
	return ids, rows, true
}

// keyRange writes into ids (indexed from offset) 1 + the local number of
// the signature of every instance in [lo, hi), 0 for none, and returns the
// signatures' keys in local number order, or ok == false past limit of
// them or once another range has given up (over).
func keyRange(groups []*IndexSet, offset, lo, hi, limit int, ids []sigID, over *atomic.Bool) (keys []uint64, ok bool) {
	seen := make(map[uint64]sigID)
	// A direct-mapped cache in front of seen: signatures are few, so
	// almost every lookup hits it and skips the map's hashing (key 0, no
	// group, is never looked up, so it marks an empty slot).
	var cache [256]struct {
		key uint64
		id  sigID
	}
	// Each group's membership words (nil for none): base is a multiple
	// of 64, so a word is one of the set's.
	sets := make([][]uint64, len(groups))
	for r, g := range groups {
		if g != nil && g.bits != nil {
			sets[r] = g.bits.Words()
		}
	}
	var byBit [64]uint64
	for base := lo &^ 63; base < hi; base += 64 {
		if base&(1<<16-1) == 0 && over.Load() {
			return nil, false
		}
		// Transpose: byBit[b] gets bit r from group r's bit b.
		wi := base >> 6
		if len(sets) <= 16 {
			// Few groups: bit by bit.
			clear(byBit[:])
			for r, ws := range sets {
				if wi >= len(ws) {
					continue
				}
				for w := ws[wi]; w != 0; w &= w - 1 {
					byBit[bits.TrailingZeros64(w)] |= 1 << uint(r)
				}
			}
		} else {
			// Many groups: the bit loop's branches mispredict (metadata
			// of BenchmarkAggregateCore, 60 groups: 35–84 ms against 16–20
			// per 1,000,000 instances on one core at load 6–8).
			for r, ws := range sets {
				byBit[r] = 0
				if wi < len(ws) {
					byBit[r] = ws[wi]
				}
			}
			clear(byBit[len(sets):])
			transpose64(&byBit)
		}
		for b, key := range byBit {
			i := base + b
			if key == 0 || i < lo || i >= hi {
				continue
			}
			slot := &cache[(key*0x9e3779b97f4a7c15)>>56]
			if slot.key != key {
				id, found := seen[key]
				if !found {
					if len(keys) == limit {
						return nil, false
					}
					keys = append(keys, key)
					id = sigID(len(keys))
					seen[key] = id
				}
				slot.key, slot.id = key, id
			}
			ids[i-offset] = slot.id
		}
	}
	return keys, true
}

// transpose64 transposes the 64 × 64 bit matrix a in place: bit c of a[r]
// becomes bit r of a[c] (the recursive block swap of Hacker's Delight,
// 7-3), branch-free.
func transpose64(a *[64]uint64) {
	m := uint64(0x00000000FFFFFFFF)
	for j := 32; j != 0; {
		for k := 0; k < 64; k = ((k | j) + 1) &^ j {
			t := (a[k]>>uint(j) ^ a[k|j]) & m
			a[k] ^= t << uint(j)
			a[k|j] ^= t
		}
		j >>= 1
		m ^= m << uint(j)
	}
}
