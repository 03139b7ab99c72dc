package activis

import (
	"errors"
	"fmt"
)

// ErrNotInSummary is returned (wrapped, naming the subset and listing the
// summary's rows) when a subset added to an explorer of a summary was not
// aggregated into the summary: its statistics over every instance cannot
// be had from the sample alone.
var ErrNotInSummary = errors.New("subset not in the summary")

// NewExplorerFromSummary returns an explorer that shows a summary as
// NewExplorer shows local data: the class rows and the summary's own
// subsets (SummaryOptions.Subsets, activis-beam --subset) are rows from the
// start, with the statistics of every instance summarized; the instance
// views, instance rows and the projection use the summary's sample, which
// is the explorer's Run (Explorer.Run, Explorer.Sample). m may be nil.
//
// Adding a subset whose expression is one of the summary's rows (for
// example PredictedSubset("Shirt") or CorrectSubset(false), always in a
// summary) shows that row's statistics. A selection of sampled instances
// (IndexSubset, a lasso in the projection) is aggregated from those
// instances, exactly. Any other subset is an error wrapping
// ErrNotInSummary: compute it where the data is (Summarize or activis-beam
// with the subset) and open the new summary.
func NewExplorerFromSummary(m *Model, s *Summary) (*Explorer, error) {
	if s == nil {
		return nil, errors.New("explorer from summary: nil summary")
	}
	run, err := s.SampleRun()
	if err != nil {
		return nil, fmt.Errorf("explorer from summary: %w", err)
	}
	ex := NewExplorer(m, run)
	ex.summary = s
	ex.SampleSize = max(run.Len(), 1)
	ex.Seed = s.Seed
	for _, l := range s.Layers {
		acc := s.Stats[l.Name]
		if acc == nil || acc.Rows() != len(s.Rows)+1 {
			return nil, fmt.Errorf("explorer from summary: layer %q: %w (statistics missing or of the wrong shape)", l.Name, ErrSummary)
		}
		all := acc.Row(len(s.Rows))
		c := &layerCache{rows: map[int]RowStats{}, all: &all}
		c.nan, c.inf, _ = acc.NonFinite()
		ex.cache[l.Name] = c
	}
	// The class rows NewExplorer made match the summary's class rows by
	// expression.
	for _, r := range ex.rows {
		k := s.rowByExpr(r.expr)
		if k < 0 {
			return nil, fmt.Errorf("explorer from summary: class %q: %w", r.name, ErrNotInSummary)
		}
		ex.seedRow(r.id, k)
	}
	for k, r := range s.Rows {
		if !r.User {
			continue
		}
		if err := ex.addSummaryRowAt(r.Name, k); err != nil {
			return nil, fmt.Errorf("explorer from summary: %w", err)
		}
	}
	return ex, nil
}

// Summary returns the summary the explorer shows (nil for an explorer of
// local data).
func (ex *Explorer) Summary() *Summary { return ex.summary }

// rowByExpr returns the index of the row with expression e, or -1.
func (s *Summary) rowByExpr(e string) int {
	for k, r := range s.Rows {
		if r.Expr == e {
			return k
		}
	}
	return -1
}

// seedRow caches summary row k as the statistics of explorer row id at
// every layer.
func (ex *Explorer) seedRow(id, k int) {
	for _, l := range ex.summary.Layers {
		ex.cache[l.Name].rows[id] = ex.summary.Stats[l.Name].Row(k)
	}
}

// addSummaryRow adds a subset to an explorer of a summary (see
// NewExplorerFromSummary).
func (ex *Explorer) addSummaryRow(s *Subset) error {
	k := -1
	if s.Expr() != "" {
		k = ex.summary.rowByExpr(s.Expr())
	}
	if k < 0 {
		what := "expression " + s.Expr()
		if s.Expr() == "" {
			what = "a Go predicate"
		}
		names := make([]string, len(ex.summary.Rows))
		for j, r := range ex.summary.Rows {
			names[j] = r.Name + ": " + r.Expr
		}
		return fmt.Errorf("add subset %q (%s): %w; the summary aggregated %s (summarize again with this subset, e.g. activis-beam --subset)",
			s.Name(), what, ErrNotInSummary, quoteList(names))
	}
	if err := ex.addSummaryRowAt(s.Name(), k); err != nil {
		return err
	}
	ex.changed()
	return nil
}

// addSummaryRowAt adds summary row k under name, its members over the
// sample (for highlighting) and its statistics from the summary.
func (ex *Explorer) addSummaryRowAt(name string, k int) error {
	row := ex.summary.Rows[k]
	members, err := NewSubset(name, row.Expr).Members(ex.run)
	if err != nil {
		return err
	}
	ex.mu.Lock()
	defer ex.mu.Unlock()
	if err := ex.nameFreeLocked(name); err != nil {
		return err
	}
	r := &exRow{id: ex.nextRow, name: name, kind: SubsetRow, expr: row.Expr, members: members}
	ex.nextRow++
	ex.rows = append(ex.rows, r)
	ex.seedRow(r.id, k)
	return nil
}
