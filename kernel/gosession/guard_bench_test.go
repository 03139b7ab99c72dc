package gosession

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkGuardSortSlice measures the callback rewrites of guard.go on a
// hot callback path: sort.Slice of n shuffled ints with a less function
// literal of the session. Each op sorts a fresh shuffle with each variant
// in turn (rotating the order); the metrics are the time of one sort by
// each variant:
//
//   - session: as the session runs it now (the literal made by a call of
//     its own, madeByCall; sort.Slice's callbacks are not guarded);
//   - yaegi: the same function evaluated without the session's rewriting
//     (the literal passed to sort.Slice directly, as before);
//   - guarded: as session, with `defer _activisGuard(1)` first in the
//     literal: what guarding a hot callback would cost.
//
// Run with:
//
//	go test -run '^$' -bench GuardSortSlice -benchtime 5x ./kernel/gosession/
func BenchmarkGuardSortSlice(b *testing.B) {
	s := newSession(b)
	st := s.state()
	mustRun(b, s, `import (
	"math/rand"
	"sort"
)`)
	mustRun(b, s, `func shuffled(n int) []int {
	r := rand.New(rand.NewSource(1))
	return r.Perm(n)
}
func sortSession(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
}
func sortGuarded(xs []int) {
	sort.Slice(xs, func(i, j int) bool {
		defer _activisGuard(1)
		return xs[i] < xs[j]
	})
}`)
	if _, err := st.eval(`func sortYaegi(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
}`); err != nil { // not rewritten
		b.Fatal(err)
	}
	sorts := map[string]func([]int){}
	for _, v := range []string{"session", "yaegi", "guarded"} {
		name := "sort" + string(v[0]-'a'+'A') + v[1:]
		fv, err := st.eval(name)
		if err != nil {
			b.Fatal(err)
		}
		f, ok := fv.Interface().(func([]int))
		if !ok {
			b.Fatalf("%s is a %s", name, fv.Type())
		}
		sorts[v] = f
	}
	fv, err := st.eval("shuffled")
	if err != nil {
		b.Fatal(err)
	}
	shuffled := fv.Interface().(func(int) []int)
	variants := []string{"session", "yaegi", "guarded"}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			spent := map[string]time.Duration{}
			rounds := 0
			for b.Loop() {
				// The variants in turn, in a rotating order.
				for k := range variants {
					v := variants[(k+rounds)%len(variants)]
					xs := shuffled(n)
					start := time.Now()
					sorts[v](xs)
					spent[v] += time.Since(start)
					for i := range xs {
						if xs[i] != i {
							b.Fatalf("%s: xs[%d] = %d", v, i, xs[i])
						}
					}
				}
				rounds++
			}
			for _, v := range variants {
				b.ReportMetric(float64(spent[v].Nanoseconds())/float64(rounds), v+"-ns/sort")
			}
		})
	}
}
