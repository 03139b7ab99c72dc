package gosession

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestExecute checks values, output and errors of typical cells, each in a
// session prepared by setup.
func TestExecute(t *testing.T) {
	for _, test := range []struct {
		name   string
		setup  []string
		code   string
		result string // text/plain of the execute_result ("" for none)
		stdout string
		stderr string
		err    string // substring of "Name: Value"
	}{
		{name: "hello", code: "import \"fmt\"\nfmt.Println(\"hello, world\")", stdout: "hello, world\n"},
		{name: "auto import", code: "fmt.Println(strings.ToUpper(\"a\"))", stdout: "A\n"},
		{name: "stderr", code: "fmt.Fprintln(os.Stderr, \"oops\")", stderr: "oops\n"},
		{name: "os.Stdout", code: "os.Stdout.Write([]byte(\"raw\"))", stdout: "raw"},
		{name: "log", code: "log.SetFlags(0)\nlog.Println(\"logged\")", stderr: "logged\n"},
		{name: "expr", code: "1 + 2", result: "3"},
		{name: "string quoted", code: `"a" + "b"`, result: `"ab"`},
		{name: "statement not shown", code: "x := 5"},
		{name: "void call not shown", code: "func f() {}\nf()"},
		{name: "multi-value call not shown", code: "fmt.Println(\"p\")", stdout: "p\n"},
		{name: "nil error not shown", code: "var e error\ne"},
		{name: "error shown", code: "errors.New(\"bad\")", result: "bad"},
		{name: "mixed cell", code: "import \"strings\"\ntype P struct{ X, Y int }\nfunc (p P) Sum() int { return p.X + p.Y }\np := P{1, 2}\nfmt.Println(strings.Repeat(\"-\", 2))\np.Sum()", stdout: "--\n", result: "3"},
		{name: "state persists", setup: []string{"x := 20", "func double(v int) int { return 2 * v }"}, code: "double(x) + 2", result: "42"},
		{name: "struct", code: "type Q struct{ A int; B string }\nQ{1, \"b\"}", result: `{A:1 B:"b"}`},
		{name: "large slice truncated", code: "make([]int, 1000)", result: "(cut: showing 20 of 1000 elements of []int)"},
		{name: "syntax error", code: "x := )", err: "SyntaxError: In["},
		{name: "undefined", code: "y := nothing + 1", err: "undefined: nothing"},
		{name: "compile error line", code: "a := 1\n\nb := a + \"s\"", err: "line 3"},
		{name: "unknown import", code: "import \"example.com/nope\"", err: "can be imported"},
		{name: "gonum", code: "m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nmat.Det(m)", result: "-2"},
		{name: "os.Exit(0) ends quietly", code: "fmt.Println(\"before\")\nos.Exit(0)\nfmt.Println(\"after\")", stdout: "before\n"},
		{name: "os.Exit(2)", code: "os.Exit(2)", err: "Exit: os.Exit(2) ended the cell"},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := newSession(t)
			for _, c := range test.setup {
				mustRun(t, s, c)
			}
			r, err := run(t, s, test.code)
			if test.err != "" {
				if err == nil || !strings.Contains(errString(err), test.err) {
					t.Fatalf("error = %s, want it to contain %q", errString(err), test.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %s\n%s", errString(err), strings.Join(err.Traceback, "\n"))
			}
			if got := r.result(); !strings.Contains(got, test.result) || (test.result == "" && got != "") {
				t.Errorf("result = %q, want %q", got, test.result)
			}
			if got := r.stream("stdout"); got != test.stdout {
				t.Errorf("stdout = %q, want %q", got, test.stdout)
			}
			if got := r.stream("stderr"); got != test.stderr {
				t.Errorf("stderr = %q, want %q", got, test.stderr)
			}
		})
	}
}

func TestRedefinition(t *testing.T) {
	s := newSession(t)
	for i, step := range []struct{ code, want string }{
		{"func f() int { return 1 }", ""},
		{"f()", "1"},
		{"func f() string { return \"two\" }", ""},
		{"f()", `"two"`},
		{"var v = 3", ""},
		{"var v = \"s\"", ""},
		{"v", `"s"`},
		{"x := 1", ""},
		{"x := []int{1}", ""},
		{"x", "[1]"},
		{"type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nold := T{5}", ""},
		{"type T struct{ A, B int }\nfunc (t T) Get() int { return t.A + t.B }\nT{1, 2}.Get()", "3"},
		{"old.Get()", "5"}, // values made before keep their type
		{"T{A: 4, B: 5}", "{A:4 B:5}"},
		// Re-running an identical declaration keeps the type.
		{"type U struct{ A int }\nu := U{1}", ""},
		{"type U struct{ A int }\nvar w U = u\nw.A", "1"},
		// A redefined method takes effect for new values, also when the
		// cell does not repeat the type declaration.
		{"type M struct{ X int }\nfunc (m M) Get() int { return m.X }\nfunc (m M) Twice() int { return 2 * m.Get() }\nkept := M{1}", ""},
		{"func (m M) Get() int { return m.X * 10 }\nM{2}.Twice()", "40"},
		{"kept.Get()", "1"},
		{"type M struct{ X int }\nfunc (m M) Get() int { return m.X * 100 }\nfunc (m M) Twice() int { return 2 * m.Get() }\nM{1}.Twice()", "200"},
		// A declaration that failed does not count as the type's definition.
		{"type F struct{ A int }\nfunc broken() { undefinedFn() }", "error"},
		{"type F struct{ A int }\nF{3}", "{A:3}"},
	} {
		r, err := run(t, s, step.code)
		if step.want == "error" {
			if err == nil {
				t.Errorf("step %d %q: no error", i, step.code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d %q: %s", i, step.code, errString(err))
		}
		if got := r.result(); got != step.want {
			t.Errorf("step %d %q: result %q, want %q", i, step.code, got, step.want)
		}
	}
}

func TestModernSyntax(t *testing.T) {
	for _, test := range []struct {
		name, code, stdout, result string
	}{
		{"range int literal", "for i := range 3 { fmt.Print(i) }", "012", ""},
		{"range int var", "n := 4\nfor i := range n { fmt.Print(i) }", "0123", ""},
		{"range int no var", "c := 0\nfor range 5 { c++ }\nc", "", "5"},
		{"range len", "s := []string{\"a\", \"b\"}\nfor i := range len(s) { fmt.Print(i) }", "01", ""},
		{"range int param", "func f(n int) (t int) { for i := range n { t += i }; return }\nf(5)", "", "10"},
		{"range int64", "var n int64 = 3\nfor i := range n { fmt.Printf(\"%T \", i) }", "int64 int64 int64 ", ""},
		{"range int label", "outer:\nfor i := range 3 { for j := range 3 { if j == 1 { continue outer }; if i == 2 { break outer }; fmt.Print(i, j, \" \") } }", "0 0 1 0 ", ""},
		{"range func", "func count(n int) func(func(int) bool) { return func(yield func(int) bool) { for i := 0; i < n; i++ { if !yield(i) { return } } } }\nfor v := range count(10) { if v == 1 { continue }; if v == 4 { break }; fmt.Print(v) }", "023", ""},
		{"range func2", "seq := func(yield func(int, string) bool) { _ = yield(1, \"a\") && yield(2, \"b\") }\nfor k, v := range seq { fmt.Print(k, v) }", "1a2b", ""},
		{"range func key only", "seq := func(yield func(int, string) bool) { _ = yield(1, \"a\") && yield(2, \"b\") }\nfor k := range seq { fmt.Print(k) }", "12", ""},
		{"range slices.All", "for i, v := range slices.All([]string{\"x\", \"y\"}) { fmt.Print(i, v) }", "0x1y", ""},
		{"range slices.Values", "for v := range slices.Values([]int{7, 8}) { fmt.Print(v) }", "78", ""},
		{"range slices.Backward", "for i, v := range slices.Backward([]int{7, 8}) { fmt.Print(i, v) }", "1 80 7", ""},
		{"range maps.Keys", "m := map[string]int{\"k\": 1}\nfor k := range maps.Keys(m) { fmt.Print(k) }", "k", ""},
		{"min max", "fmt.Println(min(3, 1, 2), max(2.5, 1), min(\"b\", \"a\"))", "1 2.5 a\n", ""},
		{"clear map", "m := map[int]int{1: 1}\nclear(m)\nlen(m)", "", "0"},
		{"clear slice", "s := []int{1, 2}\nclear(s)\ns", "", "[0 0]"},
		{"slices.Max", "slices.Max([]float64{1, 5, 2})", "", "5"},
		{"slices.Sort", "s := []int{3, 1, 2}\nslices.Sort(s)\ns", "", "[1 2 3]"},
		{"slices.Contains", "slices.Contains([]string{\"a\"}, \"a\")", "", "true"},
		{"slices.Index", "slices.Index([]int{4, 5}, 5)", "", "1"},
		{"slices.SortFunc", "s := []string{\"bb\", \"a\", \"ccc\"}\nslices.SortFunc(s, func(a, b string) int { return len(b) - len(a) })\ns", "", `["ccc" "bb" "a"]`},
		{"sorted keys", "m := map[string]int{\"b\": 1, \"a\": 2}\nslices.Sorted(maps.Keys(m))", "", `["a" "b"]`},
		{"collect values", "slices.Collect(maps.Values(map[int]int{1: 9}))", "", "[9]"},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := newSession(t)
			r := mustRun(t, s, test.code)
			if got := r.stream("stdout"); got != test.stdout {
				t.Errorf("stdout = %q, want %q", got, test.stdout)
			}
			if got := r.result(); got != test.result {
				t.Errorf("result = %q, want %q", got, test.result)
			}
		})
	}
}

func TestUnsupportedSyntaxSaysWhat(t *testing.T) {
	s := newSession(t)
	_, err := run(t, s, "func count(yield func(int) bool) {}\nfunc first() { for v := range count { defer func() { _ = recover(); _ = v }() } }")
	if err == nil || !strings.Contains(err.Value, "calls recover inside a range-over-func loop") || !strings.Contains(err.Value, "defer it before the loop") {
		t.Fatalf("error = %s, want one naming the construct and the alternative", errString(err))
	}
}

// TestRangeOverMethodResult: the type oracle gives the rewriter the type
// of a method's result to range over (rangefunc.go); yaegi alone failed.
func TestRangeOverMethodResult(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "type S struct{}\nfunc (S) N() int { return 3 }\nfor i := range (S{}).N() { fmt.Print(i) }")
	if got := r.stream("stdout"); got != "012" {
		t.Fatalf("stdout = %q, want 012", got)
	}
	if got := mustRun(t, s, "1 + 1").result(); got != "2" {
		t.Errorf("session broken after the interpreter failed: %q", got)
	}
}

func TestPanics(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "keep := 7")
	for _, test := range []struct {
		name, code, want, line string
	}{
		{"panic", "x := 1\npanic(\"boom\")", "panic: boom", "line 2"},
		{"runtime error", "func f() { var m map[string]int; m[\"a\"] = 1 }\n\nf()", "assignment to entry in nil map", "line 1"},
		{"index", "s := []int{}\n_ = s[3]", "index out of range", "In["},
		{"goroutine", "go func() {\n\tpanic(\"in goroutine\")\n}()\ntime.Sleep(2 * time.Second)", "in goroutine", "line 1"},
		{"goroutine named func", "func bad(v int) { panic(v) }\ngo bad(42)\ntime.Sleep(2 * time.Second)", "42", "line 2"},
		{"log.Fatal", "log.Fatal(\"fatal\")", "fatal", ""},
		{"panic line", strings.Repeat("_ = 0\n", 13) + "err := errors.New(\"bad\")\nif err != nil {\n\tpanic(err)\n}", "panic: bad", "at In[?] line 16 (main)"},
		{"panic line in func", "func g(v int) {\n\tif v > 2 {\n\t\tpanic(fmt.Sprint(\"big \", v))\n\t}\n}\nfor i := 0; i < 5; i++ {\n\tg(i)\n}", "big 3", "at In[?] line 3 (main.g)"},
		{"panic line in goroutine", "go func() {\n\t_ = 1\n\tpanic(\"in goroutine\")\n}()\ntime.Sleep(2 * time.Second)", "in goroutine", "at In[?] line 3"},
	} {
		t.Run(test.name, func(t *testing.T) {
			start := time.Now()
			r, err := run(t, s, test.code)
			if err == nil {
				t.Fatal("no error")
			}
			all := errString(err) + "\n" + strings.Join(err.Traceback, "\n")
			all = regexp.MustCompile(`In\[\d+\]`).ReplaceAllString(all, "In[?]")
			if !strings.Contains(all, test.want) || !strings.Contains(all, test.line) {
				t.Errorf("error %q\ntraceback %q\nwant %q at %q", errString(err), err.Traceback, test.want, test.line)
			}
			if strings.Contains(r.stream("stderr"), "panic:") {
				t.Errorf("yaegi's panic frames leaked to stderr: %q", r.stream("stderr"))
			}
			if d := time.Since(start); d > 1500*time.Millisecond {
				t.Errorf("the cell ran %v after the goroutine panicked", d)
			}
		})
	}
	if got := mustRun(t, s, "keep").result(); got != "7" {
		t.Errorf("state lost after panics: keep = %q", got)
	}
}

// TestRuntimeErrorNames checks that a run-time error ends the cell named
// once, as Jupyter shows it ("runtime error: integer divide by zero", not
// "runtime error: runtime error: …"), and that reflect's panics for an
// index, a slice expression or a nil pointer read as Go's runtime errors,
// with Go's line in the traceback (io.go's panicError).
func TestRuntimeErrorNames(t *testing.T) {
	s := newSession(t)
	for _, test := range []struct{ code, value string }{
		{"a, b := 10, 0\n_ = a / b", "integer divide by zero"},
		{"xs := []int{1}\ni := 3\n_ = xs[i]", "index out of range (the interpreter does not report the index and length)"},
		{"xs := []int{1}\ni := 3\n_ = xs[:i]", "slice bounds out of range (the interpreter does not report the index and length)"},
		{"var p *struct{ X int }\n_ = p.X", "invalid memory address or nil pointer dereference"},
	} {
		_, err := run(t, s, test.code)
		if err == nil {
			t.Errorf("%q: no error", test.code)
			continue
		}
		if err.Name != "runtime error" || err.Value != test.value {
			t.Errorf("%q: error %q: %q, want \"runtime error\": %q", test.code, err.Name, err.Value, test.value)
		}
		if len(err.Traceback) == 0 || err.Traceback[0] != "panic: runtime error: "+test.value {
			t.Errorf("%q: traceback %q, want it to start with Go's panic line", test.code, err.Traceback)
		}
	}
}

// TestInterpreterPanicPosition gives a panic yaegi raises itself with its
// own line number (`200002:9: constant 18446744073709551615 overflows
// int64` for line 2 of the second cell) the cell's line, as compile errors
// have; a user's panic message that starts with digits is left alone.
func TestInterpreterPanicPosition(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "a := 1")
	mustRun(t, s, "b := 2")
	e := s.panicError(nil, fmt.Errorf("%d:9: constant 18446744073709551615 overflows int64", s.cellLine(2, 2)), nil)
	if !regexp.MustCompile(`^In\[\d+\] line 2: constant 18446744073709551615 overflows int64$`).MatchString(e.Value) {
		t.Errorf("panic value %q, want the cell's line", e.Value)
	}
	if e := s.panicError(nil, "12 items: too many", nil); e.Value != "12 items: too many" {
		t.Errorf("user panic value %q changed", e.Value)
	}
}

func TestInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "x := 41")
	for _, code := range []string{"for {}", "for { time.Sleep(time.Millisecond) }", "n := 0\nfor { n++ }", "select {}",
		"m := map[int]int{}\nfor { v, ok := m[1]; _, _ = v, ok }"} {
		start := time.Now()
		_, err := runCtx(t, s, withTimeout(t, 200*time.Millisecond), code)
		d := time.Since(start)
		if err == nil || err.Name != "Interrupted" {
			t.Errorf("%q: error %s, want Interrupted", code, errString(err))
		}
		if d > 1200*time.Millisecond {
			t.Errorf("%q: stopped after %v, want within 1 s of the interrupt", code, d)
		}
	}
	if got := mustRun(t, s, "x + 1").result(); got != "42" {
		t.Errorf("after interrupts x+1 = %q, want 42", got)
	}
}

func TestStdin(t *testing.T) {
	s := newSession(t)
	r := &recorder{inputs: []string{"alice", "bob smith"}}
	res := s.Execute(withTimeout(t, 5*time.Second), kernelReq(
		"var name string\nfmt.Scanln(&name)\nrd := bufio.NewReader(os.Stdin)\nline, _ := rd.ReadString('\\n')\nfmt.Printf(\"%s|%s\", name, line)"), r)
	if res.Err != nil {
		t.Fatal(errString(res.Err))
	}
	if got := r.stream("stdout"); got != "alice|bob smith\n" {
		t.Errorf("stdout = %q", got)
	}
	r = &recorder{noStdin: true}
	res = s.Execute(withTimeout(t, 5*time.Second), kernelReq("var v string\n_, err := fmt.Scanln(&v)\nerr != nil"), r)
	if res.Err != nil {
		t.Fatal(errString(res.Err))
	}
	if r.result() != "true" || !strings.Contains(r.stream("stderr"), "stdin not allowed") {
		t.Errorf("without stdin: result %q stderr %q, want a failed read and a clear message", r.result(), r.stream("stderr"))
	}
}

// TestStreaming checks that output arrives while the cell runs.
func TestStreaming(t *testing.T) {
	s := newSession(t)
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		s.Execute(withTimeout(t, 10*time.Second), kernelReq("fmt.Println(\"early\")\ngo func() { fmt.Println(\"from goroutine\") }()\ntime.Sleep(1500 * time.Millisecond)"), r)
		close(done)
	}()
	time.Sleep(700 * time.Millisecond)
	if got := r.stream("stdout"); got != "early\nfrom goroutine\n" {
		t.Errorf("while running, stdout = %q", got)
	}
	<-done
}

func TestDisplayAPI(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "id := display.Display(display.HTML(\"<b>1</b>\"))\ndisplay.Update(id, display.Markdown(\"*2*\"))\ndisplay.Clear(true)")
	if len(r.displays) != 1 || r.displays[0].Data["text/html"] != "<b>1</b>" || r.displays[0].DisplayID == "" {
		t.Errorf("displays = %+v", r.displays)
	}
	if len(r.updates) != 1 || r.updates[0].Data["text/markdown"] != "*2*" || r.updates[0].DisplayID != r.displays[0].DisplayID {
		t.Errorf("updates = %+v", r.updates)
	}
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears = %v", r.clears)
	}
	r = mustRun(t, s, "p := display.Progress(\"work\")\nfor i := range 3 { p.Step(\"step\", i+1, 3) }")
	if len(r.displays) != 1 || len(r.updates) == 0 {
		t.Errorf("progress: %d displays %d updates", len(r.displays), len(r.updates))
	}
	r = mustRun(t, s, "display.SVG(\"<svg/>\")")
	if len(r.results) != 1 || r.results[0].Data["image/svg+xml"] != "<svg/>" {
		t.Errorf("trailing renderer: %+v", r.results)
	}
	r = mustRun(t, s, "img := image.NewGray(image.Rect(0, 0, 2, 3))\nimg")
	if len(r.results) != 1 || r.results[0].Data["image/png"] == nil {
		t.Errorf("image result: %+v", r.results)
	}
}

func TestConverters(t *testing.T) {
	called := 0
	s, err := New(Options{Converters: []displayConverter{func(v any, _ displayPublisher) (displayBundle, bool) {
		called++
		if n, ok := v.(int); ok && n == 42 {
			return displayBundle{Data: map[string]any{"text/plain": "the answer"}}, true
		}
		return displayBundle{}, false
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustRun(t, s, "40 + 2").result(); got != "the answer" {
		t.Errorf("converter result = %q", got)
	}
	if got := mustRun(t, s, "1").result(); got != "1" {
		t.Errorf("fallback result = %q", got)
	}
	if called != 2 {
		t.Errorf("converter called %d times, want 2", called)
	}
}

func TestRestart(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "x := 1")
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, s, "x"); err == nil {
		t.Error("x survived a restart")
	}
	if got := mustRun(t, s, "2").result(); got != "2" {
		t.Errorf("after restart: %q", got)
	}
}
