package gosession

import (
	"fmt"
	"io"
	"path"
	"reflect"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// BenchmarkGuardWrapper measures what the guarded interface wrappers
// (guardwrap.go) cost on a hot path: a session type's methods called by
// compiled code through an interface, on the caller's goroutine. Two
// sessions run the same cells, one with the guarded wrappers (as the
// session runs), one with yaegi's own io.Writer and sort.Interface
// wrappers put back (the baseline); each op runs the workload in both, in
// a rotating order, and the metrics are the time of one run by each:
//
//   - sort: sort.Sort of n shuffled ints by a session type implementing
//     sort.Interface (about 2·n·log2(n) Less and Swap calls);
//   - copy: io.Copy of n bytes, one byte per Read (iotest.OneByteReader),
//     into a session io.Writer: n Write calls.
//
// Run with:
//
//	go test -run '^$' -bench GuardWrapper -benchtime 3x ./kernel/gosession/
func BenchmarkGuardWrapper(b *testing.B) {
	const cells = `import (
	"bytes"
	"io"
	"math/rand"
	"sort"
	"testing/iotest"
)
type ints []int
func (x ints) Len() int { return len(x) }
func (x ints) Less(i, j int) bool { return x[i] < x[j] }
func (x ints) Swap(i, j int) { x[i], x[j] = x[j], x[i] }
type counter struct{ n *int }
func (c counter) Write(p []byte) (int, error) {
	*c.n += len(p)
	return len(p), nil
}
func sortRun(n int) int {
	xs := rand.New(rand.NewSource(1)).Perm(n)
	sort.Sort(ints(xs))
	return xs[n-1]
}
func copyRun(n int) int {
	m := 0
	io.Copy(counter{&m}, iotest.OneByteReader(bytes.NewReader(make([]byte, n))))
	return m
}`
	runs := map[string]map[string]func(int) int{}
	for _, v := range []string{"guarded", "yaegi"} {
		s := newSession(b)
		if v == "yaegi" {
			restoreYaegiWrappers(b, s)
		}
		mustRun(b, s, cells)
		r := mustRun(b, s, "import \""+wrapCheckPath+"\"\nfmt.Print(wrapcheck.Sorter(ints{1}), \" \", wrapcheck.Writer(counter{}))")
		want := map[string]string{"guarded": "guarded_sort_Interface guarded_io_Writer", "yaegi": "_sort_Interface _io_Writer"}[v]
		if got := r.stream("stdout"); got != want {
			b.Fatalf("%s session: wrappers %q, want %q", v, got, want)
		}
		runs[v] = map[string]func(int) int{}
		for _, w := range []string{"sort", "copy"} {
			fv, err := s.state().eval(w + "Run")
			if err != nil {
				b.Fatal(err)
			}
			f, ok := fv.Interface().(func(int) int)
			if !ok {
				b.Fatalf("%sRun is a %s", w, fv.Type())
			}
			runs[v][w] = f
		}
	}
	variants := []string{"guarded", "yaegi"}
	for _, w := range []string{"sort", "copy"} {
		for _, n := range []int{10000, 100000} {
			b.Run(fmt.Sprintf("%s/n=%d", w, n), func(b *testing.B) {
				spent := map[string]time.Duration{}
				rounds := 0
				for b.Loop() {
					for k := range variants {
						v := variants[(k+rounds)%len(variants)]
						start := time.Now()
						got := runs[v][w](n)
						spent[v] += time.Since(start)
						if want := map[string]int{"sort": n - 1, "copy": n}[w]; got != want {
							b.Fatalf("%s %s(%d) = %d, want %d", v, w, n, got, want)
						}
					}
					rounds++
				}
				for _, v := range variants {
					b.ReportMetric(float64(spent[v].Milliseconds())/float64(rounds), v+"-ms/run")
				}
				b.ReportMetric(float64(spent["guarded"])/float64(spent["yaegi"]), "guarded/yaegi")
			})
		}
	}
}

// restoreYaegiWrappers gives the session's interpreter yaegi's own
// io.Writer, io.Reader and sort.Interface wrappers back, with their
// composed wrappers. The tables are keyed "path/_baseline": a package
// already loaded takes the symbols, and yaegi's fmt set-up does not run
// again.
func restoreYaegiWrappers(tb testing.TB, s *Session) {
	tb.Helper()
	orig := interp.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{})}}
	mt := orig["."]["MapTypes"].Interface().(map[reflect.Value][]reflect.Type)
	for _, k := range [][2]string{{"io/io", "_Writer"}, {"io/io", "_Reader"}, {"sort/sort", "_Interface"}} {
		key := path.Dir(k[0]) + "/_baseline"
		if orig[key] == nil {
			orig[key] = map[string]reflect.Value{}
		}
		v := stdlib.Symbols[k[0]][k[1]]
		orig[key][k[1]] = v
		if c, ok := stdlib.MapTypes[v]; ok {
			mt[v] = c
		}
	}
	st := s.state()
	st.interpMu.Lock()
	defer st.interpMu.Unlock()
	if err := st.in.Use(orig); err != nil {
		tb.Fatal(err)
	}
}

// plainWriter is an io.Writer wrapper without the guard, as yaegi's.
type plainWriter struct {
	IValue any
	WWrite func([]byte) (int, error)
}

// Write calls WWrite.
func (W plainWriter) Write(p []byte) (int, error) { return W.WWrite(p) }

// BenchmarkGuardWrapperCall measures the guard alone: a Write through the
// guarded io.Writer wrapper and through an unguarded one, both calling a
// compiled function, from compiled code through the io.Writer interface.
//
//	go test -run '^$' -bench GuardWrapperCall -count 5 ./kernel/gosession/
func BenchmarkGuardWrapperCall(b *testing.B) {
	f := func(p []byte) (int, error) { return len(p), nil }
	p := make([]byte, 8)
	for _, c := range []struct {
		name string
		w    io.Writer
	}{{"guarded", guarded_io_Writer{WWrite: f}}, {"plain", plainWriter{WWrite: f}}} {
		b.Run(c.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				k, _ := c.w.Write(p)
				n += k
			}
			if n != 8*b.N {
				b.Fatal(n)
			}
		})
	}
}

// BenchmarkGuardWrapperPanicPath measures what the guarded wrappers add to
// a panic of interpreted code: for each frame line yaegi writes (one per
// interpreted function a panic leaves), the session looks for a guarded
// wrapper on the goroutine (notePanicFrame). "propagate" is a panic that
// leaves one interpreted function and is recovered by its caller, as the
// session runs it; "callers" is the look-up alone (guardedOnStack), and
// "stack" the formatted stack read that follows it only when a guarded
// wrapper is on the stack.
//
//	go test -run '^$' -bench GuardWrapperPanicPath -count 3 ./kernel/gosession/
func BenchmarkGuardWrapperPanicPath(b *testing.B) {
	b.Run("propagate", func(b *testing.B) {
		s := newSession(b)
		mustRun(b, s, "func thrower(i int) {\n\tpanic(i)\n}\nfunc recoverLoop(n int) int {\n\tk := 0\n\tfor i := range n {\n\t\tfunc() {\n\t\t\tdefer func() {\n\t\t\t\tif recover() != nil {\n\t\t\t\t\tk++\n\t\t\t\t}\n\t\t\t}()\n\t\t\tthrower(i)\n\t\t}()\n\t}\n\treturn k\n}")
		fv, err := s.state().eval("recoverLoop")
		if err != nil {
			b.Fatal(err)
		}
		f := fv.Interface().(func(int) int)
		// A running cell, whose stderr takes yaegi's frame lines.
		c := &cell{out: &recorder{}}
		s.cur.Store(c)
		defer s.cur.Store(nil)
		b.ResetTimer()
		if got := f(b.N); got != b.N {
			b.Fatalf("recovered %d of %d", got, b.N)
		}
		b.StopTimer()
		if len(c.takeFrames()) == 0 {
			b.Fatal("no frame line written")
		}
	})
	b.Run("callers", func(b *testing.B) {
		for b.Loop() {
			if guardedOnStack() {
				b.Fatal("a guarded wrapper on a benchmark's stack")
			}
		}
	})
	b.Run("stack", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n += len(goroutineStack())
		}
		if n == 0 {
			b.Fatal("no stack")
		}
	})
}

// BenchmarkGuardUnseenReceiver measures what guardedIfAsync costs a hot
// callback of a method whose receiver type the syntax does not show:
// (*mat.Dense).Apply over an n×n matrix (n² calls of the function
// literal) on a struct field (the literal starts with `if _activisG {…}`)
// against the same on a variable of the matrix type (no check); each op
// runs both in turn, rotating the order.
//
//	go test -run '^$' -bench GuardUnseenReceiver -benchtime 10x ./kernel/gosession/
func BenchmarkGuardUnseenReceiver(b *testing.B) {
	s := newSession(b)
	mustRun(b, s, `import "gonum.org/v1/gonum/mat"
type holder struct{ m *mat.Dense }
func applyField(n int) float64 {
	h := holder{mat.NewDense(n, n, nil)}
	h.m.Apply(func(i, j int, v float64) float64 { return v + float64(i+j) }, h.m)
	return h.m.At(n-1, n-1)
}
func applyVar(n int) float64 {
	m := mat.NewDense(n, n, nil)
	m.Apply(func(i, j int, v float64) float64 { return v + float64(i+j) }, m)
	return m.At(n-1, n-1)
}`)
	fs := map[string]func(int) float64{}
	for _, v := range []string{"Field", "Var"} {
		fv, err := s.state().eval("apply" + v)
		if err != nil {
			b.Fatal(err)
		}
		fs[v] = fv.Interface().(func(int) float64)
	}
	variants := []string{"Field", "Var"}
	const n = 300
	spent := map[string]time.Duration{}
	rounds := 0
	for b.Loop() {
		for k := range variants {
			v := variants[(k+rounds)%len(variants)]
			start := time.Now()
			if got := fs[v](n); got != 2*(n-1) {
				b.Fatalf("apply%s = %v", v, got)
			}
			spent[v] += time.Since(start)
		}
		rounds++
	}
	for _, v := range variants {
		b.ReportMetric(float64(spent[v].Milliseconds())/float64(rounds), v+"-ms/run")
	}
	b.ReportMetric(float64(spent["Field"])/float64(spent["Var"]), "field/var")
}
