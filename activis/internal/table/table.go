// Package table reads instance metadata files — CSV, TSV and JSON Lines —
// into untyped string columns: a header (or the objects' keys) names the
// columns, every row gets a value in every column ("" when missing), and a
// "scores" array (a JSON array in a CSV cell, or a JSON array value) is
// collected as an N × Width matrix. Typing the columns and resolving classes
// is the caller's job (activis.LoadInstances).
package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ScoresColumn is the reserved name of the per-class scores array.
const ScoresColumn = "scores"

// Table is a metadata file read into string columns, before typing.
type Table struct {
	// Source names the file, for errors.
	Source string
	// N is the number of rows.
	N int
	// Cols are the columns in order of first appearance.
	Cols []*Column
	// ByName finds a column by name.
	ByName map[string]*Column
	// Scores holds the "scores" arrays, N × Width, or nil.
	Scores []float32
	// Width is the length of every row's scores array (0 without them).
	Width int
}

// Column holds one column's raw values ("" for missing).
type Column struct {
	// Name is the header name or JSON key.
	Name string
	// Vals holds one value per row.
	Vals []string
	// Quoted marks values that were JSON strings (never numeric) per row;
	// nil for CSV.
	Quoted []bool
}

func newTable(source string) *Table {
	return &Table{Source: source, ByName: map[string]*Column{}}
}

// Col returns the named column, creating it padded to the current rows.
func (t *Table) col(name string) *Column {
	c := t.ByName[name]
	if c == nil {
		c = &Column{Name: name, Vals: make([]string, t.N, t.N+1)}
		t.ByName[name] = c
		t.Cols = append(t.Cols, c)
	}
	return c
}

// endRow pads every column to N rows.
func (t *Table) endRow() {
	t.N++
	for _, c := range t.Cols {
		for len(c.Vals) < t.N {
			c.Vals = append(c.Vals, "")
		}
		if c.Quoted != nil {
			for len(c.Quoted) < t.N {
				c.Quoted = append(c.Quoted, false)
			}
		}
	}
}

// setScores records the scores array of the current row.
func (t *Table) setScores(row []float32, where string) error {
	if t.Scores == nil && t.N > 0 && t.Width == 0 {
		return fmt.Errorf("%s: %s: scores appear after %d rows without them", t.Source, where, t.N)
	}
	if t.Width == 0 {
		t.Width = len(row)
		if t.Width == 0 {
			return fmt.Errorf("%s: %s: empty scores array", t.Source, where)
		}
	}
	if len(row) != t.Width {
		return fmt.Errorf("%s: %s: %d scores, earlier rows have %d", t.Source, where, len(row), t.Width)
	}
	if len(t.Scores) != t.N*t.Width {
		return fmt.Errorf("%s: %s: scores missing on an earlier row", t.Source, where)
	}
	t.Scores = append(t.Scores, row...)
	return nil
}

// parseScores parses a JSON array literal of numbers (a CSV "scores" cell).
func parseScores(s string) ([]float32, error) {
	var v []float64
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, err
	}
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out, nil
}

// ReadCSV reads a CSV (or TSV) file with a header row into a Table. Every
// record must have as many fields as the header; the error names the line.
// size is the number of bytes r holds when known (a plain file's size; 0
// otherwise): the columns are then sized once from the first rows'
// length instead of grown row by row, which allocates several times the
// final columns.
func ReadCSV(r io.Reader, source string, comma rune, size int64) (*Table, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file (want a header row)", source)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", source, err)
	}
	t := newTable(source)
	cols := make([]*Column, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("%s: header: column %d has no name", source, i+1)
		}
		if seen[h] {
			return nil, fmt.Errorf("%s: header: column %q appears twice", source, h)
		}
		seen[h] = true
		cols[i] = t.col(h)
	}
	scoresAt := -1
	for i, c := range cols {
		if c.Name == ScoresColumn {
			scoresAt = i
		}
	}
	interns := make([]interner, len(cols))
	for rows := 0; ; rows++ {
		if rows == sizeAfter && size > 0 {
			presize(cols, size, cr.InputOffset(), rows)
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		for i, v := range rec {
			cols[i].Vals = append(cols[i].Vals, interns[i].clone(v))
		}
		if scoresAt >= 0 && rec[scoresAt] != "" {
			line, _ := cr.FieldPos(scoresAt)
			row, err := parseScores(rec[scoresAt])
			if err != nil {
				return nil, fmt.Errorf("%s: line %d: column %q: %v", source, line, ScoresColumn, err)
			}
			if err := t.setScores(row, fmt.Sprintf("line %d", line)); err != nil {
				return nil, err
			}
		}
		t.endRow()
	}
	return t, nil
}

// ReadJSONL reads JSON Lines (one object per line, blank lines skipped)
// into a Table. Strings stay strings (never numeric), numbers keep their
// text, booleans become "true"/"false", null is missing, and nested arrays
// or objects other than "scores" are kept as their JSON text.
func ReadJSONL(r io.Reader, source string) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	t := newTable(source)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: line %d: %w", source, lineNo, err)
		}
		eof := err != nil
		if trimmed := bytes.TrimSpace(line); len(trimmed) > 0 {
			if err := t.jsonRow(trimmed, lineNo); err != nil {
				return nil, err
			}
		}
		if eof {
			break
		}
	}
	return t, nil
}

// jsonRow adds one JSON object as a row, walking its keys in order.
func (t *Table) jsonRow(line []byte, lineNo int) error {
	where := fmt.Sprintf("line %d", lineNo)
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: %s: %w", t.Source, where, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("%s: %s: want a JSON object, got %v", t.Source, where, tok)
	}
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%s: %s: %w", t.Source, where, err)
		}
		key, _ := kt.(string)
		if seen[key] {
			return fmt.Errorf("%s: %s: key %q appears twice", t.Source, where, key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%s: %s: key %q: %w", t.Source, where, key, err)
		}
		if key == ScoresColumn {
			if string(raw) == "null" {
				continue
			}
			row, err := parseScores(string(raw))
			if err != nil {
				return fmt.Errorf("%s: %s: %q: want an array of numbers: %v", t.Source, where, ScoresColumn, err)
			}
			if err := t.setScores(row, where); err != nil {
				return err
			}
			continue
		}
		c := t.col(key)
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%s: %s: key %q: %w", t.Source, where, key, err)
		}
		switch x := v.(type) {
		case nil:
			c.Vals = append(c.Vals, "")
		case string:
			c.Vals = append(c.Vals, x)
			if c.Quoted == nil {
				c.Quoted = make([]bool, t.N, t.N+1)
			}
			for len(c.Quoted) < t.N {
				c.Quoted = append(c.Quoted, false)
			}
			c.Quoted = append(c.Quoted, true)
		case bool:
			if x {
				c.Vals = append(c.Vals, "true")
			} else {
				c.Vals = append(c.Vals, "false")
			}
		case float64:
			// Numbers keep their exact JSON text.
			c.Vals = append(c.Vals, string(bytes.TrimSpace(raw)))
		default:
			c.Vals = append(c.Vals, string(raw))
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%s: %s: %w", t.Source, where, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: %s: trailing data after the object", t.Source, where)
	}
	if t.Width > 0 && len(t.Scores) != (t.N+1)*t.Width {
		return fmt.Errorf("%s: %s: %q missing (earlier rows have it)", t.Source, where, ScoresColumn)
	}
	t.endRow()
	return nil
}

// sizeAfter is the number of rows ReadCSV reads before it sizes the
// columns from their average length.
const sizeAfter = 1024

// presize grows every column to the rows a file of size bytes holds when
// its remaining rows are as long as the first rows (read bytes in all),
// with a margin of 1/8.
func presize(cols []*Column, size, read int64, rows int) {
	if rows == 0 || read <= 0 || size <= read {
		return
	}
	est := int64(rows) * size / read
	est += est/8 + 16
	if est > 1<<31 {
		return
	}
	for _, c := range cols {
		c.Vals = slices.Grow(c.Vals, int(est)-len(c.Vals))
	}
}

// interner shares the strings of a column's repeated values (class names,
// categories, rounded scores) instead of copying each one; it gives up on
// a column once it has seen maxInterned distinct values.
type interner struct {
	seen map[string]string
	off  bool
}

// maxInterned bounds the distinct values an interner keeps per column.
const maxInterned = 4096

// clone returns v as a string that outlives the CSV reader's buffer.
func (in *interner) clone(v string) string {
	if in.off {
		return strings.Clone(v)
	}
	if s, ok := in.seen[v]; ok {
		return s
	}
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	if len(in.seen) >= maxInterned {
		in.off, in.seen = true, nil
		return strings.Clone(v)
	}
	s := strings.Clone(v)
	in.seen[s] = s
	return s
}
