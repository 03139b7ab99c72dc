package kernel

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// HistoryEntry is one executed cell.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	// Output is the text/plain of the cell's execute_result, if any.
	Output string `json:"output,omitempty"`
}

// History keeps the cells executed with store_history, numbered by session
// (one per kernel start or restart) and line (the execution count), in
// memory and, when it has a file, appended to that file as JSON lines so that
// later sessions can search earlier ones. It is safe for concurrent use.
type History struct {
	mu      sync.Mutex
	entries []HistoryEntry
	session int
	file    string
}

// maxHistory bounds the entries kept in memory and loaded from the file.
const maxHistory = 10000

// NewHistory returns a History persisted in file ("" keeps it in memory
// only). Earlier sessions found in the file are loaded (the last 10000
// entries); the new session is numbered after them. A damaged line is
// skipped.
func NewHistory(file string) (*History, error) {
	h := &History{file: file}
	if file != "" {
		if err := h.load(); err != nil {
			return nil, err
		}
	}
	h.session++
	return h, nil
}

func (h *History) load() error {
	f, err := os.Open(h.file)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("kernel: history file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	lines := 0
	for sc.Scan() {
		lines++
		var e HistoryEntry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Session <= 0 {
			continue
		}
		h.entries = append(h.entries, e)
		h.session = max(h.session, e.Session)
		if len(h.entries) > 2*maxHistory {
			h.entries = append(h.entries[:0], h.entries[len(h.entries)-maxHistory:]...)
		}
	}
	if len(h.entries) > maxHistory {
		h.entries = append(h.entries[:0], h.entries[len(h.entries)-maxHistory:]...)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("kernel: reading history file %s: %w", h.file, err)
	}
	if lines > 2*maxHistory {
		h.compact()
	}
	return nil
}

// compact rewrites the file with the entries kept in memory.
func (h *History) compact() {
	tmp := h.file + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, e := range h.entries {
		enc.Encode(e) //nolint:errcheck // checked through Flush
	}
	if w.Flush() != nil || f.Close() != nil {
		os.Remove(tmp)
		return
	}
	os.Rename(tmp, h.file) //nolint:errcheck // best effort: the old file stays usable
}

// Session returns the number of the current session.
func (h *History) Session() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.session
}

// NewSession starts a new session (after a restart).
func (h *History) NewSession() {
	h.mu.Lock()
	h.session++
	h.mu.Unlock()
}

// Add records input as line of the current session, with the text of its
// result (may be empty). It returns an error only when the file cannot be
// written; the entry is kept in memory regardless.
func (h *History) Add(line int, input, output string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := HistoryEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if len(h.entries) > 2*maxHistory {
		h.entries = append(h.entries[:0], h.entries[len(h.entries)-maxHistory:]...)
	}
	if h.file == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(h.file), 0o700); err != nil {
		return fmt.Errorf("kernel: history directory: %w", err)
	}
	f, err := os.OpenFile(h.file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("kernel: history file: %w", err)
	}
	b, _ := json.Marshal(e)
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("kernel: writing history file %s: %w", h.file, err)
	}
	return nil
}

// Tail returns the last n entries, oldest first.
func (h *History) Tail(n int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	n = min(max(n, 0), len(h.entries))
	return append([]HistoryEntry(nil), h.entries[len(h.entries)-n:]...)
}

// Range returns the entries of session with start <= line < stop (stop <= 0
// means no upper bound). Session 0 is the current session and a negative
// session counts back from it, as in IPython.
func (h *History) Range(session, start, stop int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if session <= 0 {
		session += h.session
	}
	var out []HistoryEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the entries whose input matches the glob pattern ("*" and
// "?" wildcards, as IPython's history search), oldest first. With unique,
// only the latest of equal inputs is kept; n > 0 keeps the last n matches.
// A malformed pattern matches nothing.
func (h *History) Search(pattern string, n int, unique bool) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if pattern == "" {
		pattern = "*"
	}
	re, err := globRegexp(pattern)
	if err != nil {
		return nil
	}
	var rev []HistoryEntry
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0; i-- {
		e := h.entries[i]
		if !re.MatchString(e.Input) {
			continue
		}
		if unique {
			if seen[e.Input] {
				continue
			}
			seen[e.Input] = true
		}
		rev = append(rev, e)
		if n > 0 && len(rev) == n {
			break
		}
	}
	out := make([]HistoryEntry, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}

// globRegexp translates a SQLite GLOB pattern (what IPython's history search
// takes): "*" matches any text including newlines and "/", "?" one
// character, "[...]" a class ("[^...]" negated); everything else is literal.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := i + 1
			if j < len(rs) && rs[j] == '^' {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(regexp.QuoteMeta(string(rs[i:])))
				i = len(rs)
				break
			}
			class := string(rs[i+1 : j])
			neg := strings.HasPrefix(class, "^")
			class = strings.TrimPrefix(class, "^")
			b.WriteByte('[')
			if neg {
				b.WriteByte('^')
			}
			b.WriteString(strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(class))
			b.WriteByte(']')
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.Compile(b.String())
}
