package gosession

import (
	"testing"
	"time"
)

// BenchmarkGuardNeedsTypes measures what guardNeedsTypes costs a cell of a
// session that declares no type: a method call on a call's result with a
// variable among its arguments that may name a function (defined from a
// call) is type-checked, the same call with a variable defined from a
// literal is not. Each op
// rewrites both in turn (rewriteCell: the session's steps up to
// compiling), rotating the order.
//
//	go test -run '^$' -bench GuardNeedsTypes -benchtime 200x ./kernel/gosession/
func BenchmarkGuardNeedsTypes(b *testing.B) {
	s := newSession(b)
	mustRun(b, s, "s := \"abc\"\nfunc up(x string) string { return strings.ToUpper(x) }")
	cells := map[string]string{
		"checked":   "x := up(s)\nfmt.Println(strings.NewReplacer(\"a\", \"b\").Replace(x))",
		"unchecked": "x := \"abc\"\nfmt.Println(strings.NewReplacer(\"a\", \"b\").Replace(x))",
	}
	variants := []string{"checked", "unchecked"}
	spent := map[string]time.Duration{}
	rounds := 0
	for b.Loop() {
		for k := range variants {
			v := variants[(k+rounds)%len(variants)]
			start := time.Now()
			if _, err := rewriteCell(s, cells[v]); err != nil {
				b.Fatal(err)
			}
			spent[v] += time.Since(start)
		}
		rounds++
	}
	for _, v := range variants {
		b.ReportMetric(float64(spent[v].Microseconds())/float64(rounds), v+"-µs/cell")
	}
}
