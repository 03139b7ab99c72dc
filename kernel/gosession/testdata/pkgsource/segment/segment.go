// Package segment embeds another package's generic iterator in a generic
// type of its own, gives its constructor an unnamed func for a generic
// func type, and shifts an untyped constant in a byte context, as
// github.com/clipperhouse/uax29 v2.2.0 and github.com/mattn/go-runewidth
// do (TestPackageGenericEmbed).
package segment

import (
	"bufio"

	"example.com/segment/internal/iterators"
)

// Iterator splits into runes.
type Iterator[T iterators.Stringish] struct {
	*iterators.Iterator[T]
}

var (
	splitString = split[string]
	splitBytes  = split[[]byte]
)

// FromString makes an Iterator of s.
func FromString(s string) Iterator[string] {
	return Iterator[string]{
		iterators.New(splitString, s),
	}
}

// FromBytes makes an Iterator of b.
func FromBytes(b []byte) Iterator[[]byte] {
	return Iterator[[]byte]{
		iterators.New(splitBytes, b),
	}
}

func split[T iterators.Stringish](data T, atEOF bool) (advance int, token T, err error) {
	n := 1
	for n < len(data) && data[n]&0xC0 == continuation {
		n++
	}
	return n, data[:n], nil
}

var continuation = byte(0x80)

var bits [(0x10000 - base) / 8]byte

const base = 0x300

func init() {
	for r := rune(0x300); r < 0x370; r++ {
		i := r - base
		bits[i>>3] |= 1 << (uint(i) & 7)
	}
}

// Combining reports whether r is in the bitmap (U+0300–U+036F).
func Combining(r rune) bool {
	if r < base || r >= 0x10000 {
		return false
	}
	i := r - base
	return bits[i>>3]&(1<<(uint(i)&7)) != 0
}

// SplitFunc splits runes for a bufio.Scanner.
var SplitFunc bufio.SplitFunc = split[[]byte]
