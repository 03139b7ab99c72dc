package gosession

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// inChild runs the test named name in a child process with env set, and
// reports whether this is the child: the cells of the guard tests ended
// the process without the guard.
func inChild(t *testing.T, name, env string) bool {
	t.Helper()
	if os.Getenv(env) != "" {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), env+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("child test: %v\n%s", err, head(string(out), 60))
	}
	return false
}

// wantGoroutinePanic runs each cell (followed by a wait that only the
// panic ends) and wants the panic of the cell's panic("…") reported as
// one of a goroutine compiled code started.
func wantGoroutinePanic(t *testing.T, s *Session, cells []string) {
	t.Helper()
	for _, c := range cells {
		_, err := run(t, s, c+"\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
		want := c[strings.Index(c, "panic(\"")+7:]
		want = want[:strings.Index(want, "\")")]
		if err == nil || !strings.Contains(err.Value, want) || !strings.Contains(err.Value, "that compiled code ran in a goroutine of its own") {
			t.Errorf("%q: error %s, want %q in a goroutine of compiled code", c, errString(err), want)
		}
	}
}

// TestGuardCallReceiver: a function literal passed to a method that runs
// it in a goroutine of its own is guarded when the receiver is the result
// of a call (a package function, a session function or method, an
// element of a call's result), of a static compiled type, of a session
// struct embedding one, or of a session interface holding one (evaluated
// once, into a temporary); the type oracle tells the method, also in a
// session that declares no type. Callbacks that do not panic give their
// results, the loop's variables per iteration, and a receiver with an
// effect is evaluated once (the outputs are go run's). Each panicking
// cell ended the process before (so the cells run in a child process).
func TestGuardCallReceiver(t *testing.T) {
	if !inChild(t, "TestGuardCallReceiver", "ACTIVIS_GUARDRECV_CHILD") {
		return
	}
	s := newSession(t)
	mustRun(t, s, "import \""+asyncPoolPath+"\"")
	wantGoroutinePanic(t, s, []string{
		"asyncpool.New().Go(func() {\n\tpanic(\"untyped session\")\n})",
	})
	mustRun(t, s, `type Runner interface {
	Go(func())
	Wait()
	Do(func() int) (int, error)
}
func runner() Runner { return asyncpool.New() }
type holder struct{ p *asyncpool.Pool }
func (h holder) get() *asyncpool.Pool { return h.p }
h := holder{asyncpool.New()}
func pools() []*asyncpool.Pool { return []*asyncpool.Pool{h.p} }
type myPool struct{ *asyncpool.Pool }
func mine() myPool { return myPool{asyncpool.New()} }`)
	r := mustRun(t, s, `n := 0
var mu sync.Mutex
for i := range 5 {
	p := runner()
	p.Go(func() { mu.Lock(); n += i; mu.Unlock() })
	p.Wait()
	q := mine()
	q.Go(func() { mu.Lock(); n += 100 * i; mu.Unlock() })
	q.Wait()
	runner().Go(func() { mu.Lock(); n += 10 * i; mu.Unlock() })
}
v, err := runner().Do(func() int { return 7 })
time.Sleep(100 * time.Millisecond)
mu.Lock()
fmt.Println(n, v, err)
mu.Unlock()`)
	if got := r.stream("stdout"); got != "1110 7 <nil>\n" {
		t.Errorf("callbacks that do not panic: stdout %q, want 1110 7 <nil>", got)
	}
	// The receiver is evaluated once, before the arguments (go run: 1 1).
	r = mustRun(t, s, "var made int\nfunc next() Runner { made++; return asyncpool.New() }\nx, _ := next().Do(func() int { return made })\nfmt.Println(made, x)")
	if got := r.stream("stdout"); got != "1 1\n" {
		t.Errorf("a receiver with an effect: stdout %q, want 1 1", got)
	}
	wantGoroutinePanic(t, s, []string{
		"asyncpool.New().Go(func() {\n\tpanic(\"package call\")\n})",
		"h.get().Go(func() {\n\tpanic(\"method call\")\n})",
		"pools()[0].Go(func() {\n\tpanic(\"element of a call\")\n})",
		"mine().Go(func() {\n\tpanic(\"embedded\")\n})",
		"runner().Go(func() {\n\tpanic(\"interface\")\n})",
		"fmt.Println(runner().Do(func() int {\n\tpanic(\"results\")\n}))",
	})
	if r := mustRun(t, s, "n + 1"); r.result() != "1111" {
		t.Errorf("after the panics n+1 = %s", r.result())
	}
}

// TestGuardNamedCallback: a session function or func variable passed by
// name to a method whose receiver's type the syntax does not show (a
// field, a session interface variable, a call) is called through a
// guarded literal when the receiver's value is one whose method runs it
// in a goroutine of its own; passed to other methods it is passed as it
// is. Each panicking cell ended the process before.
func TestGuardNamedCallback(t *testing.T) {
	if !inChild(t, "TestGuardNamedCallback", "ACTIVIS_GUARDRECV_CHILD") {
		return
	}
	s := newSession(t)
	mustRun(t, s, "import \""+asyncPoolPath+"\"\nfunc work() {\n\tpanic(\"named\")\n}")
	wantGoroutinePanic(t, s, []string{
		"f := work\nasyncpool.New().Go(f) // panic(\"named\")",
		"func() {\n\tg := func() { panic(\"local\") }\n\tasyncpool.New().Go(g)\n}()",
	})
	mustRun(t, s, `type Runner interface {
	Go(func())
	Wait()
}
func runner() Runner { return asyncpool.New() }
type holder struct{ p *asyncpool.Pool }
func (h holder) get() *asyncpool.Pool { return h.p }
h := holder{asyncpool.New()}
var rr Runner = asyncpool.New()
type myPool struct{ *asyncpool.Pool }
var m = myPool{asyncpool.New()}
var calls int
func count() { calls++ }
type counter struct{ f func() }
func (c counter) Go(f func()) { f() }
func (c counter) Wait()       {}
var cs = []Runner{counter{}}`)
	r := mustRun(t, s, "h.p.Go(count)\nh.p.Wait()\ncs[0].Go(count)\nfmt.Println(calls)")
	if got := r.stream("stdout"); got != "2\n" {
		t.Errorf("callbacks that do not panic: stdout %q, want 2", got)
	}
	wantGoroutinePanic(t, s, []string{
		"h.p.Go(work) // panic(\"named\")",
		"h.get().Go(work) // panic(\"named\")",
		"runner().Go(work) // panic(\"named\")",
		"rr.Go(work) // panic(\"named\")",
		"m.Go(work) // panic(\"named\")",
	})
	// Made after the panics: yaegi's closures made before a run was
	// cancelled do nothing when called after it.
	mustRun(t, s, "fv := func() { panic(\"func variable\") }")
	wantGoroutinePanic(t, s, []string{
		"h.p.Go(fv) // panic(\"func variable\")",
	})
	// A session method that calls its argument gets it as it is.
	out, err := rewriteCell(s, "cs[0].Go(count)")
	if err != nil || !strings.Contains(strings.Join(out, "\n"), "_activisF func() = count") {
		t.Errorf("cs[0].Go(count) rewritten as %q (%v), want count passed as it is when unguarded", out, err)
	}
}
