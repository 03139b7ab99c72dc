package gosession

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/activis-go/activis/kernel/gosession/symbols"
)

// asyncPool stands for a package compiled into the kernel with
// `activis-kernel build --with` that runs callbacks in worker goroutines
// of its own, without a recover (as an errgroup does).
type asyncPool struct{ wg sync.WaitGroup }

// Go runs f in a goroutine of the pool.
func (p *asyncPool) Go(f func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

// Wait waits for the pool's goroutines.
func (p *asyncPool) Wait() { p.wg.Wait() }

// Do runs f in a goroutine of the pool and returns its result.
func (p *asyncPool) Do(f func() int) (int, error) {
	ch := make(chan int)
	p.Go(func() { ch <- f() })
	return <-ch, nil
}

// asyncPoolPath is its import path.
const asyncPoolPath = "example.com/asyncpool"

func init() {
	symbols.Symbols[asyncPoolPath+"/asyncpool"] = map[string]reflect.Value{
		"Pool": reflect.ValueOf((*asyncPool)(nil)),
		"New":  reflect.ValueOf(func() *asyncPool { return &asyncPool{} }),
		"Run": reflect.ValueOf(func(f func() int) int {
			ch := make(chan int)
			go func() { ch <- f() }()
			return <-ch
		}),
	}
}

// TestGuardCompiledPackage: callbacks of a package compiled into the
// kernel that runs them in goroutines of its own (asyncPool) are guarded,
// as a function argument (asyncpool.Run) and as a method argument on a
// variable whose type the session knows (p.Go): a panic ends the cell,
// the session survives, and callbacks that do not panic give their results.
func TestGuardCompiledPackage(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "import \""+asyncPoolPath+"\"\nvar p asyncpool.Pool\nsum := 0\nvar mu sync.Mutex\nfor i := range 10 {\n\tp.Go(func() { mu.Lock(); sum += i; mu.Unlock() })\n}\np.Wait()\nfmt.Println(sum, asyncpool.Run(func() int { return 7 }))")
	if got := r.stream("stdout"); got != "45 7\n" {
		t.Errorf("stdout %q, want 45 7", got)
	}
	for _, c := range []struct{ cell, want string }{
		{"asyncpool.Run(func() int {\n\tpanic(\"run boom\")\n})\nfor {\n\ttime.Sleep(time.Millisecond)\n}", "run boom"},
		{"p.Go(func() {\n\tpanic(\"pool boom\")\n})\np.Wait()\nfor {\n\ttime.Sleep(time.Millisecond)\n}", "pool boom"},
	} {
		_, err := run(t, s, c.cell)
		if err == nil || !strings.Contains(err.Value, c.want) || !strings.Contains(err.Value, "line 1) that compiled code ran in a goroutine of its own") {
			t.Errorf("%q: error %s, want %q in a goroutine of compiled code", c.cell, errString(err), c.want)
		}
	}
	// Session functions and func variables handed to it are guarded too.
	r = mustRun(t, s, "func seven() int { return 7 }\nfunc boom() int {\n\tpanic(\"named boom\")\n}\nf := func() int { return 8 }\nfmt.Println(asyncpool.Run(seven), asyncpool.Run(f))")
	if got := r.stream("stdout"); got != "7 8\n" {
		t.Errorf("stdout %q, want 7 8", got)
	}
	_, err := run(t, s, "asyncpool.Run(boom)\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil || !strings.Contains(err.Value, "named boom") || !strings.Contains(err.Value, "that compiled code ran in a goroutine of its own") {
		t.Errorf("asyncpool.Run(boom): error %s", errString(err))
	}
	r = mustRun(t, s, "sum + 1")
	if got := r.result(); got != "46" {
		t.Errorf("after the panics sum+1 = %s", got)
	}
}

// TestGuardCallbackGoroutine: a function literal that a compiled function
// runs in a goroutine of its own (testing.Benchmark) and panics ends the
// cell with the panic, where it ended the kernel process; the session and
// its variables survive.
func TestGuardCallbackGoroutine(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \"testing\"\nkept := 41")
	// Only the first call panics: testing.Benchmark goes on calling
	// after the cell ended.
	r, err := run(t, s, "calls := 0\nres := testing.Benchmark(func(b *testing.B) {\n\tif calls++; calls == 1 {\n\t\tpanic(\"boom in a benchmark\")\n\t}\n})\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil {
		t.Fatalf("the callback's panic did not end the cell:\n%s", r.stream("stderr"))
	}
	for _, want := range []string{"boom in a benchmark", "that compiled code ran in a goroutine of its own"} {
		if !strings.Contains(err.Value, want) {
			t.Errorf("error %q lacks %q", err.Value, want)
		}
	}
	r = mustRun(t, s, "fmt.Println(kept + 1)")
	if got := r.stream("stdout"); got != "42\n" {
		t.Errorf("after the panic: %q", got)
	}
}

// TestGuardCallbackCellGoroutine: a guarded callback that the compiled
// function calls on the cell's goroutine (sort.Slice's less) panics as in
// Go: the cell ends with the panic value and line, and a recover around the
// call in the cell sees it.
func TestGuardCallbackCellGoroutine(t *testing.T) {
	s := newSession(t)
	_, err := run(t, s, "xs := []int{3, 1, 2}\nsort.Slice(xs, func(i, j int) bool {\n\tpanic(\"bad less\")\n})")
	if err == nil || err.Value != "bad less" {
		t.Fatalf("error %s, want the panic value bad less", errString(err))
	}
	if tb := strings.Join(err.Traceback, "\n"); !strings.Contains(tb, "line 3") {
		t.Errorf("traceback does not name line 3:\n%s", tb)
	}
	r := mustRun(t, s, `func safeSort(xs []int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	sort.Slice(xs, func(i, j int) bool { panic("less") })
	return nil
}
fmt.Println(safeSort([]int{2, 1}))
ys := []int{3, 1, 2}
sort.Slice(ys, func(i, j int) bool { return ys[i] < ys[j] })
fmt.Println(ys, strings.Map(func(r rune) rune { return r + 1 }, "HAL"))`)
	if got := r.stream("stdout"); got != "recovered: less\n[1 2 3] IBM\n" {
		t.Errorf("stdout %q", got)
	}
}

// TestGuardRewrite: function literals passed to the standard library's
// functions and methods that run them in goroutines of their own get the
// guard once; those passed to functions that call them on the caller's
// goroutine (sort, strings), to the session's interpreted slices
// functions, to time.AfterFunc (wrapped otherwise) and to session
// functions do not.
func TestGuardRewrite(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import (\n\t\"slices\"\n\t\"sort\"\n\t\"strings\"\n\t\"testing\"\n\t\"net/http\"\n\t\"time\"\n)\nfunc apply(f func()) { f() }\nshared := &http.Server{}\nfunc benchNamed(b *testing.B) {}\nfunc less(i, j int) bool { return false }")
	for _, c := range []struct {
		cell  string
		count int
	}{
		{"sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })", 0},
		{"strings.FieldsFunc(s, func(r rune) bool { return r == ',' })", 0},
		{"testing.Benchmark(func(b *testing.B) { b.RunParallel(func(pb *testing.PB) {}) })", 2},
		{"func f() { var srv http.Server; srv.RegisterOnShutdown(func() {}) }", 1},
		{"shared.RegisterOnShutdown(func() {})", 1},
		{"slices.SortFunc(xs, func(a, b int) int { return a - b })", 0},
		{"time.AfterFunc(time.Second, func() {})", 0},
		{"apply(func() {})", 0},
		{"testing.Benchmark(benchNamed)", 1},
		{"sort.Slice(xs, less)", 0},
		{"func f() { testing.Benchmark(func(b *testing.B) { sort.SearchInts(nil, func() int { return 1 }()) }) }", 1},
	} {
		out, err := rewriteCell(s, c.cell)
		if err != nil {
			t.Fatalf("%s: %v", c.cell, err)
		}
		got := strings.Count(strings.Join(out, "\n"), "_activisGuard(")
		if got != c.count {
			t.Errorf("%s: %d guards, want %d:\n%s", c.cell, got, c.count, strings.Join(out, "\n"))
		}
	}
}

// TestCallbackLoopVariables: a function literal passed to compiled code in
// a loop captures that iteration's variables (Go 1.22), also when the
// compiled code calls it after the loop moved on (sync.OnceFunc), from
// goroutines of its own (asyncpool), or as a method argument; writes to
// captured variables are seen; yaegi gave every callback the last
// iteration's variables (222).
func TestCallbackLoopVariables(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \""+asyncPoolPath+"\"")
	const body = `var fs []func()
for i := range 3 {
	fs = append(fs, sync.OnceFunc(func() { fmt.Print(i) }))
}
for _, f := range fs {
	f()
}
for _, w := range []string{"a", "b", "c"} {
	up := strings.ToUpper(w)
	fs = append(fs, sync.OnceFunc(func() { fmt.Print(w, up) }))
}
for _, f := range fs[3:] {
	f()
}
var p asyncpool.Pool
var mu sync.Mutex
sum, calls := 0, 0
for i := range 100 {
	p.Go(func() { mu.Lock(); sum += i; mu.Unlock() })
}
p.Wait()
xs := []int{3, 1, 2}
sort.Slice(xs, func(i, j int) bool { calls++; return xs[i] < xs[j] })
fmt.Println("", sum, xs, calls > 0)`
	const want = "012aAbBcC 4950 [1 2 3] true\n"
	for _, cell := range []string{body, "func() {\n" + body + "\n}()"} {
		r := mustRun(t, s, cell)
		if got := r.stream("stdout"); got != want {
			t.Errorf("stdout %q, want %q for\n%s", got, want, cell)
		}
	}
}

// TestWidgetCallbacks: widget observers registered by a cell run where the
// change is made, here a goroutine that is not the cell's (as the kernel's
// message loop runs a view's change): a panicking observer is recovered by
// the widget's callback runner (the process goes on, the other observers
// run), and observers registered in a loop see their own iteration's
// variables (yaegi gave them all the last one).
func TestWidgetCallbacks(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `m := widget.New("export default {}", map[string]any{"x": 0})
var mu sync.Mutex
var got []string
m.Observe("x", func(v any) { panic("observer boom") })
for i, name := range []string{"a", "b", "c"} {
	m.Observe("x", func(v any) { mu.Lock(); got = append(got, fmt.Sprint(name, i, v)); mu.Unlock() })
}`)
	mv, err := s.state().eval("m")
	if err != nil {
		t.Fatal(err)
	}
	set, ok := mv.MethodByName("Set").Interface().(func(string, any))
	if !ok {
		t.Fatalf("m.Set is a %s", mv.MethodByName("Set").Type())
	}
	done := make(chan struct{})
	go func() { defer close(done); set("x", 7) }()
	<-done
	r := mustRun(t, s, "mu.Lock()\nfmt.Println(got)\nmu.Unlock()")
	if out := r.stream("stdout"); out != "[a0 7 b1 7 c2 7]\n" {
		t.Errorf("observers saw %q, want [a0 7 b1 7 c2 7]", out)
	}
}

// deepCall calls f under n frames of recursion.
func deepCall(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	deepCall(n-1, f)
}

// TestCurrentGoroutineDeepStack: the goroutine is classified by the
// frames at the bottom of its stack, also under a deep recursion (the
// runtime elides the middle of a deep stack, not its bottom).
func TestCurrentGoroutineDeepStack(t *testing.T) {
	got := make(chan goroutineKind, 2)
	goReported(func() { deepCall(5000, func() { got <- currentGoroutine() }) }, func(v any) { t.Errorf("panic %v", v) })
	if k := <-got; k != caughtGoroutine {
		t.Errorf("a goroutine the session started, 5000 frames deep: kind %d, want caught", k)
	}
	go deepCall(5000, func() { got <- currentGoroutine() })
	if k := <-got; k != bareGoroutine {
		t.Errorf("a bare goroutine, 5000 frames deep: kind %d, want bare", k)
	}
}

// TestGuardFinalizer: a finalizer that panics (run by the runtime's
// finalizer goroutine) ends the cell with the panic and the line of its
// SetFinalizer, where it ended the process, and the finalizer goroutine
// goes on running later finalizers.
func TestGuardFinalizer(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type res struct {
	buf [64]byte
	n   int
}
var ran int
var mu sync.Mutex
func boom(p *res) { panic("finalizer boom") }
func count(p *res) { mu.Lock(); ran += p.n; mu.Unlock() }
func leak(n int, f func(*res)) {
	p := &res{n: n}
	runtime.SetFinalizer(p, f)
}`)
	_, err := run(t, s, "leak(1, boom)\nfor i := 0; i < 1000; i++ {\n\truntime.GC()\n\ttime.Sleep(2 * time.Millisecond)\n}")
	if err == nil || !strings.Contains(err.Value, "finalizer boom (in a finalizer set at In[") || !strings.Contains(err.Value, "line 11)") {
		t.Fatalf("error %s, want the finalizer's panic and the SetFinalizer line", errString(err))
	}
	r := mustRun(t, s, `leak(5, count)
for i := 0; i < 1000; i++ {
	runtime.GC()
	time.Sleep(2 * time.Millisecond)
	mu.Lock()
	done := ran > 0
	mu.Unlock()
	if done {
		break
	}
}
fmt.Println(ran)`)
	if got := r.stream("stdout"); got != "5\n" {
		t.Errorf("a later finalizer: ran = %q, want 5", got)
	}
}
