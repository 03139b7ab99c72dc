package gosession

import "testing"

// TestCompiledIfaceFields checks composite literals of compiled struct
// types whose interface fields are given values of session types: each
// panicked in yaegi ("reflect.Set: value of type *struct {...} is not
// assignable"; see compiledlit.go).
func TestCompiledIfaceFields(t *testing.T) {
	s := newSession(t)
	cells := []struct{ code, want string }{
		{`import "github.com/activis-go/activis/activis"
type Counter struct{ n int }
func (c *Counter) Step(task string, done, total int) { c.n += done }
type Reader struct{ left int }
func (r *Reader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	r.left--
	p[0] = 'x'
	return 1, nil
}
type Quiet struct{ tag string }
func (q Quiet) Step(task string, done, total int) { fmt.Println(q.tag, task, done) }`, ""},
		{`c := &Counter{}
opt := activis.AggregateOptions{Threads: 2, Progress: c}
opt.Progress.Step("a", 3, 3)
fmt.Println(opt.Threads, c.n)`, "2 3\n"},
		{`p := &activis.AggregateOptions{Progress: Quiet{"q"}}
p.Progress.Step("b", 1, 2)`, "q b 1\n"},
		{`lr := io.LimitedReader{&Reader{5}, 3}
b, err := io.ReadAll(&lr)
fmt.Println(string(b), err)`, "xxx <nil>\n"},
		{`rs := []io.LimitedReader{{R: &Reader{4}, N: 2}, {N: 1}}
b2, _ := io.ReadAll(&rs[0])
fmt.Println(string(b2), rs[1].R == nil)`, "xx true\n"},
		{`order := []string{}
note := func(s string, v any) any { order = append(order, s); return v }
opt2 := activis.AggregateOptions{Threads: note("threads", 1).(int), Progress: note("progress", c).(*Counter), Offset: note("offset", 2).(int)}
fmt.Println(order, opt2.Offset)`, "[threads progress offset] 2\n"},
	}
	for _, c := range cells {
		r, e := run(t, s, c.code)
		if e != nil {
			t.Fatalf("%s\n: %s", c.code, errString(e))
		}
		if got := r.stream("stdout"); got != c.want {
			t.Errorf("%s\nprinted %q, want %q", c.code, got, c.want)
		}
	}
}
