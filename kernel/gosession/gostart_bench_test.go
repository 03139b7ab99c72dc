package gosession

import (
	"testing"
)

// BenchmarkGoStart measures what starting a goroutine costs in interpreted
// code, per goroutine (ns/goroutine): a function starts 1,000 goroutines
// in a loop, each passing its loop variable and calling wg.Done, and waits
// for them. Variants, in the same run:
//
//   - session: the cell as the session runs it now (go statements start
//     their goroutine through _activis.Go, gostart.go);
//   - yaegi-go-recover: the previous rewrite, evaluated without the
//     session's rewriting (`go func(i int) { defer _activisRecover(line);
//     … }(i)`: yaegi's go statement, which could start a nil function);
//   - yaegi-go: yaegi's go statement without the deferred recover.
//
// Run with:
//
//	go test -run '^$' -bench GoStart -benchtime 20x -count 3 ./kernel/gosession/
func BenchmarkGoStart(b *testing.B) {
	const n = 1000
	s := newSession(b)
	st := s.state()
	mustRun(b, s, `import "sync"`)
	mustRun(b, s, `func benchSession(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = i
		}()
	}
	wg.Wait()
}`)
	for _, src := range []string{`func benchYaegiRecover(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer _activisRecover(1)
			defer wg.Done()
			_ = i
		}(i)
	}
	wg.Wait()
}`, `func benchYaegi(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_ = i
		}(i)
	}
	wg.Wait()
}`} {
		if _, err := st.eval(src); err != nil { // not rewritten
			b.Fatal(err)
		}
	}
	for _, v := range []struct{ name, fn string }{
		{"session", "benchSession"},
		{"yaegi-go-recover", "benchYaegiRecover"},
		{"yaegi-go", "benchYaegi"},
	} {
		fv, err := st.eval(v.fn)
		if err != nil {
			b.Fatal(err)
		}
		f, ok := fv.Interface().(func(int))
		if !ok {
			b.Fatalf("%s is a %s", v.fn, fv.Type())
		}
		b.Run(v.name, func(b *testing.B) {
			for range b.N {
				f(n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/goroutine")
		})
	}
}
