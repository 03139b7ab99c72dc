package gosession

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	yaegisyscall "github.com/traefik/yaegi/stdlib/syscall"

	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/activis-go/activis/kernel/gosession/symbols/stdnew"
)

// wrapCheckPath is a compiled package of the tests that reports which
// wrapper a session value reaches compiled code in, and calls a
// fmt.Stringer in a goroutine of its own.
const wrapCheckPath = "example.com/wrapcheck"

// dynTypeName is the name of the dynamic type of x.
func dynTypeName(x any) string { return reflect.TypeOf(x).Name() }

func init() {
	symbols.Symbols[wrapCheckPath+"/wrapcheck"] = map[string]reflect.Value{
		"Writer":  reflect.ValueOf(func(w io.Writer) string { return dynTypeName(w) }),
		"Handler": reflect.ValueOf(func(h http.Handler) string { return dynTypeName(h) }),
		"Sorter":  reflect.ValueOf(func(x sort.Interface) string { return dynTypeName(x) }),
		// StringAsync calls s.String in a goroutine of its own, not under
		// fmt, and waits for it; "ended" when that goroutine ended early.
		"StringAsync": reflect.ValueOf(func(s fmt.Stringer) string {
			out := "ended"
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				out = s.String()
			}()
			wg.Wait()
			return out
		}),
	}
}

// guardedName reports whether name is a guarded wrapper's type.
func guardedName(name string) bool {
	return strings.HasPrefix(name, "guarded")
}

// TestGuardWrapperBareGoroutine: a session method that compiled code calls
// through an interface in a goroutine of its own and that panics ends the
// cell with the panic, not the kernel: os/exec copying a command's output
// to a session io.Writer (its Write returns an error naming the panic, so
// cmd.Run returns), and a String method called in a compiled goroutine
// (no error result: that goroutine ends, its deferred calls run). The
// session goes on. Without the guarded wrappers the process dies, so the
// cells run in a child process.
func TestGuardWrapperBareGoroutine(t *testing.T) {
	if os.Getenv("ACTIVIS_GUARDWRAP_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGuardWrapperBareGoroutine$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "ACTIVIS_GUARDWRAP_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestGuardWrapperBareGoroutine") {
			t.Fatalf("child test: %v\n%s", err, head(string(out), 60))
		}
		return
	}
	s := newSession(t)
	mustRun(t, s, "import \"os/exec\"\nimport \""+wrapCheckPath+"\"\ntype W struct{}\nfunc (W) Write(p []byte) (int, error) {\n\tpanic(\"boom\")\n}\ntype S struct{}\nfunc (S) String() string {\n\tpanic(\"string boom\")\n}")
	_, err := run(t, s, "cmd := exec.Command(\"echo\", \"hi\")\ncmd.Stdout = W{}\nfmt.Println(\"run:\", cmd.Run())\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil || !strings.Contains(err.Value, "boom") || !strings.Contains(err.Value, "Write method") {
		t.Errorf("exec with a panicking Stdout: error %s, want the panic boom of Write", errString(err))
	}
	_, err = run(t, s, "fmt.Println(wrapcheck.StringAsync(S{}))\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil || !strings.Contains(err.Value, "string boom") || !strings.Contains(err.Value, "String method") {
		t.Errorf("String in a compiled goroutine: error %s, want the panic string boom", errString(err))
	}
	// What compiled callers get: a method with an error result returns
	// an error naming the panic (os/exec's copy goroutine then ends and
	// cmd.Run returns); one without ends its goroutine.
	w := guarded_io_Writer{WWrite: func([]byte) (int, error) { panic("direct boom") }}
	errc := make(chan error)
	go func() {
		_, err := w.Write(nil)
		errc <- err
	}()
	var mp *MethodPanicError
	if err := <-errc; !errors.As(err, &mp) || mp.Value != "direct boom" || err.Error() != "io.Writer.Write panicked: direct boom" {
		t.Errorf("Write in a bare goroutine returned %v, want a MethodPanicError", err)
	}
	str := guarded_fmt_Stringer{WString: func() string { panic("direct string boom") }}
	var wg sync.WaitGroup
	wg.Add(1)
	got := "ended"
	go func() {
		defer wg.Done()
		got = str.String()
	}()
	wg.Wait()
	if got != "ended" {
		t.Errorf("String in a bare goroutine returned %q, want its goroutine ended", got)
	}
	if r := mustRun(t, s, "1 + 1"); r.result() != "2" {
		t.Errorf("after the panics 1+1 = %s", r.result())
	}
}

// TestGuardWrapperCellRecover: a panic in a session Write that compiled
// code (fmt.Fprint) calls on the cell's goroutine is recovered by a
// recover in the cell, as in Go; and fmt still prints a panicking String
// method as %!v(PANIC=…). The writer reaches fmt as a guarded wrapper
// (fails without them).
func TestGuardWrapperCellRecover(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "import \""+wrapCheckPath+"\"\ntype W struct{}\nfunc (W) Write(p []byte) (int, error) {\n\tpanic(\"boom\")\n}\ntype S struct{}\nfunc (S) String() string {\n\tpanic(\"string boom\")\n}\n"+
		"func try() (v any) {\n\tdefer func() { v = recover() }()\n\tfmt.Fprint(W{}, \"x\")\n\treturn nil\n}\nfmt.Println(\"recovered:\", try(), wrapcheck.Writer(W{}))\nfmt.Println(S{})")
	out := r.stream("stdout")
	if !strings.HasPrefix(out, "recovered: boom guarded") {
		t.Errorf("stdout %q, want recovered: boom and a guarded wrapper", out)
	}
	if !strings.Contains(out, "%!v(PANIC=String method: string boom)") {
		t.Errorf("stdout %q, want fmt's PANIC= for the String method", out)
	}
}

// TestGuardWrapperHTTPHandler: net/http still recovers a panic in a
// session http.Handler (the client sees the connection closed) and the
// session goes on; the handler reaches net/http as a guarded wrapper.
func TestGuardWrapperHTTPHandler(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "import \"net/http\"\nimport \"net/http/httptest\"\nimport \"io\"\nimport \""+wrapCheckPath+"\"\n"+
		"type H struct{}\nfunc (H) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == \"/boom\" {\n\t\tpanic(\"handler boom\")\n\t}\n\tio.WriteString(w, \"fine\")\n}\n"+
		"srv := httptest.NewServer(H{})\n_, err := http.Get(srv.URL + \"/boom\")\nresp, err2 := http.Get(srv.URL + \"/ok\")\nb, _ := io.ReadAll(resp.Body)\nsrv.Close()\nfmt.Println(err != nil, err2, string(b), wrapcheck.Handler(H{}))")
	if got := r.stream("stdout"); !strings.HasPrefix(got, "true <nil> fine guarded") {
		t.Errorf("stdout %q, want the panicking request failed, the next served, a guarded wrapper", got)
	}
}

// TestGuardWrapperSort: sort.Sort of a session type through the guarded
// sort.Interface wrapper still sorts.
func TestGuardWrapperSort(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "import \"sort\"\nimport \""+wrapCheckPath+"\"\ntype byLen []string\nfunc (b byLen) Len() int { return len(b) }\nfunc (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }\nfunc (b byLen) Swap(i, j int) { b[i], b[j] = b[j], b[i] }\n"+
		"xs := []string{\"ccc\", \"a\", \"dddd\", \"bb\", \"\"}\nsort.Sort(byLen(xs))\nfmt.Println(xs, wrapcheck.Sorter(byLen(xs)))")
	if got := r.stream("stdout"); got != "[ a bb ccc dddd] guarded_sort_Interface\n" {
		t.Errorf("stdout %q, want the sorted strings and the guarded wrapper", got)
	}
}

// TestGuardWrappersComplete: every `_Name` wrapper of the tables the
// session loads (yaegi's stdlib and package symbols, syscall's with
// methods, stdnew's) has a guarded
// replacement with the same fields, and guardWrappers installs it, with
// the composed wrappers keyed by it (fails when genwrappers' output is out
// of date).
func TestGuardWrappersComplete(t *testing.T) {
	n := 0
	for ti, table := range []interp.Exports{stdlib.Symbols, symbols.Symbols, yaegisyscall.Symbols, stdnew.Symbols} {
		for key, syms := range table {
			for name, v := range syms {
				if !strings.HasPrefix(name, "_") || v.Kind() != reflect.Pointer {
					continue
				}
				if (ti == 1 || ti == 2) && v.Type().Elem().NumField() < 2 {
					continue // x/sys/unix's and syscall's wrappers without methods (genwrappers)
				}
				g, ok := guardedSymbols[key][name]
				if !ok {
					t.Errorf("%s %s: no guarded wrapper", key, name)
					continue
				}
				n++
				yt, gt := v.Type().Elem(), g.Type().Elem()
				if yt.NumField() != gt.NumField() {
					t.Errorf("%s %s: %d fields, yaegi's has %d", key, name, gt.NumField(), yt.NumField())
					continue
				}
				for i := range yt.NumField() {
					if yf, gf := yt.Field(i), gt.Field(i); yf.Name != gf.Name || yf.Type != gf.Type {
						t.Errorf("%s %s: field %s %s, yaegi's %s %s", key, name, gf.Name, gf.Type, yf.Name, yf.Type)
					}
				}
			}
		}
	}
	uses, err := guardWrappers([]interp.Exports{stdlib.Symbols, symbols.Symbols, yaegisyscall.Symbols, stdnew.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	if got := uses[0]["io/io"]["_Writer"]; got != guardedSymbols["io/io"]["_Writer"] {
		t.Errorf("io.Writer's wrapper %v, want the guarded one", got.Type())
	}
	if stdlib.Symbols["io/io"]["_Writer"] == guardedSymbols["io/io"]["_Writer"] {
		t.Errorf("guardWrappers changed yaegi's table")
	}
	mt := uses[0]["."]["MapTypes"].Interface().(map[reflect.Value][]reflect.Type)
	if c := mt[guardedSymbols["io/io"]["_Writer"]]; len(c) != 1 || !guardedName(c[0].Name()) {
		t.Errorf("composed wrappers of the guarded io.Writer: %v", c)
	}
	if _, ok := mt[stdlib.Symbols["io/io"]["_Writer"]]; ok {
		t.Errorf("yaegi's io.Writer wrapper still has composed wrappers")
	}
	t.Logf("%d guarded wrappers", n)
}

// TestGuardUnseenReceiver: a function literal passed to a method of a
// compiled type that runs it in a goroutine of its own is guarded also
// when the syntax does not show the receiver's type (a field of a session
// struct, a map or slice element, an interface variable): the type is
// looked up when the literal is made (guardedIfAsync). A panic ends the
// cell, not the kernel; callbacks of other methods run as before. So is
// sync.WaitGroup.Go's. Without it the process dies, so the cells run in a
// child process.
func TestGuardUnseenReceiver(t *testing.T) {
	if os.Getenv("ACTIVIS_GUARDWRAP_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGuardUnseenReceiver$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "ACTIVIS_GUARDWRAP_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestGuardUnseenReceiver") {
			t.Fatalf("child test: %v\n%s", err, head(string(out), 60))
		}
		return
	}
	s := newSession(t)
	mustRun(t, s, "import \""+asyncPoolPath+"\"\ntype holder struct{ p *asyncpool.Pool }\nvar pools = map[string]*asyncpool.Pool{\"a\": asyncpool.New()}\nh := holder{asyncpool.New()}\nps := []*asyncpool.Pool{asyncpool.New()}\nvar i interface {\n\tGo(func())\n\tWait()\n} = asyncpool.New()\nvar wg sync.WaitGroup")
	r := mustRun(t, s, "n := 0\nvar mu sync.Mutex\nh.p.Go(func() { mu.Lock(); n++; mu.Unlock() })\nh.p.Wait()\nps[0].Go(func() { mu.Lock(); n++; mu.Unlock() })\nps[0].Wait()\nfmt.Println(n)")
	if got := r.stream("stdout"); got != "2\n" {
		t.Errorf("callbacks that do not panic: stdout %q, want 2", got)
	}
	for _, c := range []string{
		"h.p.Go(func() {\n\tpanic(\"field boom\")\n})\nh.p.Wait()",
		"pools[\"a\"].Go(func() {\n\tpanic(\"map boom\")\n})\npools[\"a\"].Wait()",
		"ps[0].Go(func() {\n\tpanic(\"slice boom\")\n})\nps[0].Wait()",
		"i.Go(func() {\n\tpanic(\"iface boom\")\n})\ni.Wait()",
		"wg.Go(func() {\n\tpanic(\"wg boom\")\n})\nwg.Wait()",
	} {
		_, err := run(t, s, c+"\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
		want := c[strings.Index(c, "panic(\"")+7 : strings.Index(c, "\")")]
		if err == nil || !strings.Contains(err.Value, want) || !strings.Contains(err.Value, "that compiled code ran in a goroutine of its own") {
			t.Errorf("%q: error %s, want %q in a goroutine of compiled code", c, errString(err), want)
		}
	}
	if r := mustRun(t, s, "1 + 1"); r.result() != "2" {
		t.Errorf("after the panics 1+1 = %s", r.result())
	}
}
