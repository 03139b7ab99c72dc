package activis

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// readJSONL reads JSON Lines (one object per line, blank lines skipped)
// into a table. Strings stay strings (never numeric), numbers keep their
// text, booleans become "true"/"false", null is missing, and nested arrays
// or objects other than "scores" are kept as their JSON text.
func readJSONL(r io.Reader, source string) (*table, error) {
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
func (t *table) jsonRow(line []byte, lineNo int) error {
	where := fmt.Sprintf("line %d", lineNo)
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: %s: %w", t.source, where, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("%s: %s: want a JSON object, got %v", t.source, where, tok)
	}
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%s: %s: %w", t.source, where, err)
		}
		key, _ := kt.(string)
		if seen[key] {
			return fmt.Errorf("%s: %s: key %q appears twice", t.source, where, key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%s: %s: key %q: %w", t.source, where, key, err)
		}
		if key == colScores {
			if string(raw) == "null" {
				continue
			}
			row, err := parseScoreArray(string(raw))
			if err != nil {
				return fmt.Errorf("%s: %s: %q: want an array of numbers: %v", t.source, where, colScores, err)
			}
			if err := t.setScores(row, where); err != nil {
				return err
			}
			continue
		}
		c := t.col(key)
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%s: %s: key %q: %w", t.source, where, key, err)
		}
		switch x := v.(type) {
		case nil:
			c.vals = append(c.vals, "")
		case string:
			c.vals = append(c.vals, x)
			if c.quoted == nil {
				c.quoted = make([]bool, t.n, t.n+1)
			}
			for len(c.quoted) < t.n {
				c.quoted = append(c.quoted, false)
			}
			c.quoted = append(c.quoted, true)
		case bool:
			if x {
				c.vals = append(c.vals, "true")
			} else {
				c.vals = append(c.vals, "false")
			}
		case float64:
			// Numbers keep their exact JSON text.
			c.vals = append(c.vals, string(bytes.TrimSpace(raw)))
		default:
			c.vals = append(c.vals, string(raw))
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%s: %s: %w", t.source, where, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: %s: trailing data after the object", t.source, where)
	}
	if t.width > 0 && len(t.scores) != (t.n+1)*t.width {
		return fmt.Errorf("%s: %s: %q missing (earlier rows have it)", t.source, where, colScores)
	}
	t.endRow()
	return nil
}
