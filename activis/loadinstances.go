package activis

import (
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/activis-go/activis/activis/internal/table"
)

// InstanceOptions adjusts LoadInstancesWith.
type InstanceOptions struct {
	// Classes fixes the class names and their order (the model's output
	// order). Labels and predictions outside it are an error naming them.
	// When nil, classes come from the score_<class> columns in file order,
	// else from the distinct labels and predictions (sorted, numerically
	// when they are all integers).
	Classes []string
	// Text and Categorical force the kind of the named attribute columns;
	// other string columns are Categorical when they have at most
	// MaxLevels distinct values and no more than half as many as rows, and
	// Text otherwise.
	Text, Categorical []string
	// MaxLevels bounds the distinct values of an inferred Categorical
	// column (0 means 64).
	MaxLevels int
}

// Reserved column names of instance metadata files.
const (
	colID        = "id"
	colLabel     = "label"
	colPredicted = "predicted"
	scorePrefix  = "score_"
)

// LoadInstances reads instance metadata from a CSV (.csv, .tsv) or JSON
// Lines (.jsonl, .ndjson) file, optionally gzipped (.csv.gz, .jsonl.gz).
// Columns (CSV header names or JSON keys):
//
//	id          the instance id (row number when absent); must be unique
//	label       true class name ("" or absent: unknown)
//	predicted   predicted class name ("" or absent: unknown)
//	score_<c>   the score of class c, one column per class, in output order
//	scores      alternatively, all scores as one array (JSON array, or a
//	            JSON array literal inside a CSV cell)
//
// Every other column becomes an attribute: Numeric when every non-empty
// value is a number, else Categorical or Text (see InstanceOptions); text
// is kept verbatim. A label or prediction that is not a class name but an
// integer index into the classes is accepted as that class.
func LoadInstances(path string) (*Instances, error) {
	return LoadInstancesWith(path, InstanceOptions{})
}

// LoadInstancesWith is LoadInstances with options.
func LoadInstancesWith(path string, opt InstanceOptions) (*Instances, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load instances: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	var size int64 // of a plain file, for table.ReadCSV
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("load instances %s: %w", path, err)
		}
		defer zr.Close()
		r, size = zr, 0
		name = strings.TrimSuffix(name, ".gz")
	}
	var t *table.Table
	switch filepath.Ext(name) {
	case ".csv":
		t, err = table.ReadCSV(r, path, ',', size)
	case ".tsv":
		t, err = table.ReadCSV(r, path, '\t', size)
	case ".jsonl", ".ndjson", ".json":
		t, err = table.ReadJSONL(r, path)
	default:
		return nil, fmt.Errorf("load instances %s: unknown extension %q (want .csv, .tsv, .jsonl or .ndjson)", path, filepath.Ext(name))
	}
	if err != nil {
		return nil, err
	}
	return buildInstances(t, opt)
}

// build types the columns and resolves classes.
func buildInstances(t *table.Table, opt InstanceOptions) (*Instances, error) {
	in := &Instances{Source: t.Source}
	n := t.N
	if n == 0 {
		return nil, fmt.Errorf("%s: no instances", t.Source)
	}
	// ids
	if c := t.ByName[colID]; c != nil {
		in.IDs = c.Vals
		seen := make(map[string]int, n)
		for i, id := range c.Vals {
			if id == "" {
				return nil, fmt.Errorf("%s: row %d: empty id", t.Source, i)
			}
			if j, dup := seen[id]; dup {
				return nil, fmt.Errorf("%s: rows %d and %d: duplicate id %q", t.Source, j, i, id)
			}
			seen[id] = i
		}
	} else {
		in.IDs = make([]string, n)
		for i := range in.IDs {
			in.IDs[i] = strconv.Itoa(i)
		}
	}
	// score columns
	var scoreCols []*table.Column
	for _, c := range t.Cols {
		if strings.HasPrefix(c.Name, scorePrefix) && len(c.Name) > len(scorePrefix) {
			scoreCols = append(scoreCols, c)
		}
	}
	if len(scoreCols) > 0 && t.Scores != nil {
		return nil, fmt.Errorf("%s: both a %q array and %s<class> columns", t.Source, table.ScoresColumn, scorePrefix)
	}
	labels, preds := t.ByName[colLabel], t.ByName[colPredicted]
	// classes
	switch {
	case opt.Classes != nil:
		in.Classes = append([]string(nil), opt.Classes...)
	case len(scoreCols) > 0:
		for _, c := range scoreCols {
			in.Classes = append(in.Classes, strings.TrimPrefix(c.Name, scorePrefix))
		}
	default:
		in.Classes = inferClasses(labels, preds, t.Width)
		if t.Width > 0 && len(in.Classes) != t.Width {
			return nil, fmt.Errorf("%s: %d scores per row but the labels and predictions name %d classes (%s); pass InstanceOptions.Classes",
				t.Source, t.Width, len(in.Classes), quoteList(in.Classes))
		}
	}
	if dup := firstDuplicate(in.Classes); dup != "" {
		return nil, fmt.Errorf("%s: class %q listed twice", t.Source, dup)
	}
	var err error
	if in.Labels, err = classIndices(t, in, labels, colLabel); err != nil {
		return nil, err
	}
	if in.Predicted, err = classIndices(t, in, preds, colPredicted); err != nil {
		return nil, err
	}
	// scores
	C := len(in.Classes)
	switch {
	case len(scoreCols) > 0:
		idx := make([]int, len(scoreCols))
		for k, c := range scoreCols {
			j, err := in.ClassIndex(strings.TrimPrefix(c.Name, scorePrefix))
			if err != nil {
				return nil, fmt.Errorf("%s: column %q: %w", t.Source, c.Name, err)
			}
			idx[k] = j
		}
		in.Scores = make([]float32, n*C)
		for i := range in.Scores {
			in.Scores[i] = float32(math.NaN())
		}
		for k, c := range scoreCols {
			for i, s := range c.Vals {
				if s == "" {
					continue
				}
				v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
				if err != nil {
					return nil, fmt.Errorf("%s: row %d (id %q): column %q: %q is not a number", t.Source, i, in.IDs[i], c.Name, s)
				}
				in.Scores[i*C+idx[k]] = float32(v)
			}
		}
	case t.Scores != nil:
		if len(t.Scores) != n*t.Width {
			return nil, fmt.Errorf("%s: %q array missing on some rows", t.Source, table.ScoresColumn)
		}
		if t.Width != C {
			return nil, fmt.Errorf("%s: %d scores per row for %d classes (%s)", t.Source, t.Width, C, quoteList(in.Classes))
		}
		in.Scores = t.Scores
	}
	// attributes
	forced := map[string]AttrKind{}
	for _, s := range opt.Text {
		forced[s] = Text
	}
	for _, s := range opt.Categorical {
		forced[s] = Categorical
	}
	maxLevels := opt.MaxLevels
	if maxLevels <= 0 {
		maxLevels = 64
	}
	for _, c := range t.Cols {
		switch {
		case c.Name == colID || c.Name == colLabel || c.Name == colPredicted || c.Name == table.ScoresColumn:
			continue
		case strings.HasPrefix(c.Name, scorePrefix) && len(c.Name) > len(scorePrefix):
			continue
		}
		in.Attrs = append(in.Attrs, attribute(c, forced, maxLevels))
	}
	for name := range forced {
		if in.Attribute(name) == nil {
			return nil, fmt.Errorf("%s: %w %q in InstanceOptions (attributes: %s)", t.Source, ErrUnknownAttr, name, quoteList(in.AttrNames()))
		}
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return in, nil
}

// classIndices resolves a label or predicted column; the error names every
// unknown class (up to 20) and the first row using each.
func classIndices(t *table.Table, in *Instances, c *table.Column, field string) ([]int, error) {
	out := make([]int, t.N)
	if c == nil {
		for i := range out {
			out[i] = -1
		}
		return out, nil
	}
	index := make(map[string]int, len(in.Classes))
	for i, name := range in.Classes {
		index[name] = i
	}
	var unknown []string
	firstRow := map[string]int{}
	for i, v := range c.Vals {
		if v == "" {
			out[i] = -1
			continue
		}
		if j, ok := index[v]; ok {
			out[i] = j
			continue
		}
		if j, err := strconv.Atoi(v); err == nil && j >= 0 && j < len(in.Classes) {
			out[i] = j
			continue
		}
		if _, seen := firstRow[v]; !seen {
			firstRow[v] = i
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		i := firstRow[unknown[0]]
		return nil, fmt.Errorf("%s: column %q: %w %s (first at row %d, id %q; classes: %s)",
			t.Source, field, ErrUnknownClass, quoteList(unknown), i, in.IDs[i], quoteList(in.Classes))
	}
	return out, nil
}

// inferClasses returns the distinct non-empty labels and predictions,
// sorted numerically when all are integers (and then completed to width
// classes "0".."width-1" when a scores array gives the width).
func inferClasses(labels, preds *table.Column, width int) []string {
	set := map[string]struct{}{}
	for _, c := range []*table.Column{labels, preds} {
		if c == nil {
			continue
		}
		for _, v := range c.Vals {
			if v != "" {
				set[v] = struct{}{}
			}
		}
	}
	names := make([]string, 0, len(set))
	allInt := true
	maxInt := -1
	for v := range set {
		names = append(names, v)
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 || strconv.Itoa(k) != v {
			allInt = false
		} else {
			maxInt = max(maxInt, k)
		}
	}
	if allInt {
		if width > maxInt {
			maxInt = width - 1
		}
		names = names[:0]
		for k := 0; k <= maxInt; k++ {
			names = append(names, strconv.Itoa(k))
		}
		return names
	}
	sort.Strings(names)
	return names
}

func firstDuplicate(names []string) string {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return n
		}
		seen[n] = true
	}
	return ""
}

// attribute types a column.
func attribute(c *table.Column, forced map[string]AttrKind, maxLevels int) *Attribute {
	kind, isForced := forced[c.Name]
	if !isForced {
		kind = Numeric
		for i, s := range c.Vals {
			if s == "" {
				continue
			}
			if c.Quoted != nil && c.Quoted[i] {
				kind = Text
				break
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
				kind = Text
				break
			}
		}
		if kind == Text {
			lv := levels(c.Vals)
			if len(lv) <= maxLevels && 2*len(lv) <= len(c.Vals) {
				kind = Categorical
			}
		}
	}
	a := &Attribute{Name: c.Name, Kind: kind}
	switch kind {
	case Numeric:
		a.Num = make([]float64, len(c.Vals))
		for i, s := range c.Vals {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				v = math.NaN()
			}
			a.Num[i] = v
		}
	case Categorical:
		a.Str = c.Vals
		a.Levels = levels(c.Vals)
	default:
		a.Str = c.Vals
	}
	return a
}
