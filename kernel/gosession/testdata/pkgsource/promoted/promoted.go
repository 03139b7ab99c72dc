// Package promoted calls, through interfaces, methods its struct types
// get from embedded fields of compiled types (a *csv.Writer, as
// github.com/gocarina/gocsv's SafeCSVWriter embeds, a time.Duration, a
// sync.Mutex, a *bytes.Buffer), for the session's tests (pkgpromoted.go).
package promoted

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
	"time"
)

// CSVWriter is what the encoder writes to.
type CSVWriter interface {
	Write(row []string) error
	Flush()
	Error() error
}

// SafeWriter guards a csv.Writer.
type SafeWriter struct {
	*csv.Writer
	m sync.Mutex
}

// Write writes a row.
func (w *SafeWriter) Write(row []string) error {
	w.m.Lock()
	defer w.m.Unlock()
	return w.Writer.Write(row)
}

// Stamp is a labelled duration.
type Stamp struct {
	time.Duration
	Label string
}

// Counter is a counter behind its own mutex.
type Counter struct {
	sync.Mutex
	n int
}

// Sizer has a length.
type Sizer interface{ Len() int }

// Buf is a buffer with a count.
type Buf struct {
	*bytes.Buffer
	n int
}

// Run encodes rows through the interface and asks the others theirs.
func Run() string {
	var sb strings.Builder
	var w CSVWriter = &SafeWriter{Writer: csv.NewWriter(&sb)}
	w.Write([]string{"a", "b"})
	w.Flush()
	var s fmt.Stringer = Stamp{1500 * time.Millisecond, "x"}
	var l sync.Locker = &Counter{}
	l.Lock()
	l.Unlock()
	var z Sizer = &Buf{Buffer: bytes.NewBufferString("abc")}
	return fmt.Sprint(strings.TrimSpace(sb.String()), " ", w.Error(), " ", s.String(), " ", z.Len())
}
