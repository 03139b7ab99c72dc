package activis

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a CSV (or TSV) file with a header row into a table. Every
// record must have as many fields as the header; the error names the line.
func readCSV(r io.Reader, source string, comma rune) (*table, error) {
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
	cols := make([]*column, len(header))
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
		if c.name == colScores {
			scoresAt = i
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		for i, v := range rec {
			cols[i].vals = append(cols[i].vals, strings.Clone(v))
		}
		if scoresAt >= 0 && rec[scoresAt] != "" {
			line, _ := cr.FieldPos(scoresAt)
			row, err := parseScoreArray(rec[scoresAt])
			if err != nil {
				return nil, fmt.Errorf("%s: line %d: column %q: %v", source, line, colScores, err)
			}
			if err := t.setScores(row, fmt.Sprintf("line %d", line)); err != nil {
				return nil, err
			}
		}
		t.endRow()
	}
	return t, nil
}
