// Package toolkit is a small generic toolkit (TestThirdPartyToolkit).
package toolkit

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// Stack is a LIFO.
type Stack[T any] struct{ items []T }

// Push adds.
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// Pop removes.
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

// Len is the size.
func (s *Stack[T]) Len() int { return len(s.items) }

// Map maps.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Filter filters.
func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Reduce folds.
func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

// Row is a table row.
type Row struct {
	Name  string
	Score float64
	Tags  []string
}

// Score is a typed float.
type Score float64

func (s Score) String() string { return fmt.Sprintf("%.1f%%", float64(s)*100) }

type byScore []Row

func (b byScore) Len() int           { return len(b) }
func (b byScore) Less(i, j int) bool { return b[i].Score > b[j].Score }
func (b byScore) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// Demo runs.
func Demo() {
	var st Stack[string]
	for _, w := range strings.Fields("a b c") {
		st.Push(w)
	}
	v, ok := st.Pop()
	fmt.Println(v, ok, st.Len())
	var is Stack[int]
	_, ok = is.Pop()
	fmt.Println(ok)
	rows := []Row{{"x", 0.5, []string{"a"}}, {"y", 0.9, nil}, {"z", 0.7, []string{"b", "c"}}}
	sort.Sort(byScore(rows))
	names := Map(rows, func(r Row) string { return strings.ToUpper(r.Name) })
	fmt.Println(names)
	good := Filter(rows, func(r Row) bool { return r.Score > 0.6 })
	total := Reduce(good, 0.0, func(a float64, r Row) float64 { return a + r.Score })
	fmt.Printf("%d %.2f\n", len(good), total)
	scores := Map(rows, func(r Row) Score { return Score(r.Score) })
	fmt.Println(scores, scores[0])
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 1, ' ', 0)
	fmt.Fprintln(tw, "name\tscore\ttags")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%v\t%v\n", r.Name, Score(r.Score), r.Tags)
	}
	tw.Flush()
	fmt.Printf("%+v\n", rows[0])
	byLen := map[int][]string{}
	for _, r := range rows {
		byLen[len(r.Tags)] = append(byLen[len(r.Tags)], r.Name)
	}
	fmt.Println(byLen)
}
