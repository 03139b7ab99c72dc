package kernel_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/kerneltest"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/kernel/wire"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// fakeSession is a Session double for the dispatcher: each line of a cell
// is a command ("print TEXT", "eprint TEXT", "result TEXT", "display",
// "update ID", "clear", "error", "panic", "loop", "input PROMPT",
// "flood N", "later TEXT", "page TEXT", "sleep MS") so that tests can make
// the dispatcher see every kind of output. It counts the calls it gets.
type fakeSession struct {
	mu       sync.Mutex
	executed []string
	restarts int
	started  chan struct{}  // receives when "loop" starts
	kept     session.Output // the output a "keep" line saved, for "updatekept"
}

func newFake() *fakeSession { return &fakeSession{started: make(chan struct{}, 10)} }

func (f *fakeSession) Execute(ctx context.Context, req session.ExecuteRequest, out session.Output) session.ExecuteResult {
	f.mu.Lock()
	f.executed = append(f.executed, req.Code)
	f.mu.Unlock()
	var res session.ExecuteResult
	for _, line := range strings.Split(req.Code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			out.Stream("stdout", arg+"\n")
		case "eprint":
			out.Stream("stderr", arg+"\n")
		case "result":
			out.Result(display.Bundle{Data: map[string]any{"text/plain": arg}})
		case "display":
			out.Display(display.Bundle{Data: map[string]any{"text/html": "<b>x</b>"}, DisplayID: arg})
		case "update":
			if err := out.Update(display.Bundle{Data: map[string]any{"text/plain": "new"}, DisplayID: arg}); err != nil {
				out.Stream("stderr", err.Error())
			}
		case "liveresult":
			out.Result(display.Bundle{Data: map[string]any{"text/plain": "live"}, DisplayID: arg})
		case "keep":
			f.mu.Lock()
			f.kept = out
			f.mu.Unlock()
		case "updatekept":
			f.mu.Lock()
			kept := f.kept
			f.mu.Unlock()
			if err := kept.Update(display.Bundle{Data: map[string]any{"text/plain": "newer"}, DisplayID: arg}); err != nil {
				out.Stream("stderr", err.Error())
			}
		case "clear":
			out.Clear(arg == "wait")
		case "error":
			return session.ExecuteResult{Err: &session.ExecError{Name: "ErrorName", Value: "went wrong", Traceback: []string{"cell:1"}}}
		case "panic":
			panic("boom")
		case "loop":
			f.started <- struct{}{}
			<-ctx.Done()
			return session.ExecuteResult{Err: &session.ExecError{Name: "Interrupted", Value: ctx.Err().Error()}}
		case "input":
			v, err := out.Input(arg, false)
			if err != nil {
				return session.ExecuteResult{Err: &session.ExecError{Name: "InputError", Value: err.Error()}}
			}
			out.Stream("stdout", "got "+v+"\n")
		case "flood":
			n, _ := strconv.Atoi(arg)
			chunk := strings.Repeat("x", 1000)
			for i := 0; i < n/1000; i++ {
				out.Stream("stdout", chunk)
			}
		case "later":
			go func() {
				time.Sleep(50 * time.Millisecond)
				out.Stream("stdout", arg)
			}()
		case "sleep":
			ms, _ := strconv.Atoi(arg)
			time.Sleep(time.Duration(ms) * time.Millisecond)
		case "page":
			res.Payload = append(res.Payload, map[string]any{"source": "page", "data": map[string]any{"text/plain": arg}, "start": 0})
		case "opencomm":
			c, err := out.Comms().Open(arg, map[string]any{"hello": 1})
			if err != nil {
				return session.ExecuteResult{Err: &session.ExecError{Name: "CommError", Value: err.Error()}}
			}
			c.Send(map[string]any{"n": 2}, [][]byte{{1, 2}})
		}
	}
	return res
}

func (f *fakeSession) Complete(code string, cursor int) session.Completion {
	return session.Completion{Matches: []string{"fmt.Println", "fmt.Printf"}, CursorStart: 0, CursorEnd: cursor}
}

func (f *fakeSession) Inspect(code string, cursor, detail int) session.Inspection {
	if !strings.Contains(code, "fmt") {
		return session.Inspection{}
	}
	return session.Inspection{Found: true, Data: map[string]any{"text/plain": "func Println(a ...any) (n int, err error)" + strings.Repeat("!", detail)}}
}

func (f *fakeSession) IsComplete(code string) (string, string) {
	switch {
	case strings.HasSuffix(code, "{"):
		return "incomplete", "\t"
	case strings.HasPrefix(code, "}"):
		return "invalid", ""
	}
	return "complete", ""
}

func (f *fakeSession) Info() session.LanguageInfo {
	return session.LanguageInfo{Name: "go", Version: "1.26", Mimetype: "text/x-go", FileExtension: ".go", PygmentsLexer: "go", CodemirrorMode: "go", Banner: "fake"}
}

func (f *fakeSession) Restart() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.restarts++
	return nil
}

func (f *fakeSession) Close() error { return nil }

func start(t *testing.T, cfg kernel.Config) (*fakeSession, *kerneltest.Server, context.Context) {
	t.Helper()
	f := newFake()
	srv := kerneltest.NewServer(f, cfg)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return f, srv, ctx
}

func decode[T any](t *testing.T, m *wire.Message) T {
	t.Helper()
	var v T
	if err := m.Decode(&v); err != nil {
		t.Fatalf("%s: %v", m.Header.MsgType, err)
	}
	return v
}

func TestKernelInfo(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	for _, ch := range []wire.Channel{wire.Shell, wire.Control} {
		rep, out, err := srv.Client.Request(ctx, ch, "kernel_info_request", struct{}{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Header.MsgType != "kernel_info_reply" || rep.Header.Version != "5.3" {
			t.Errorf("%s: header %+v", ch, rep.Header)
		}
		info := decode[struct {
			Status                string
			ProtocolVersion       string `json:"protocol_version"`
			Implementation        string `json:"implementation"`
			ImplementationVersion string `json:"implementation_version"`
			Banner                string `json:"banner"`
			LanguageInfo          struct {
				Name, Version, Mimetype string
				FileExtension           string `json:"file_extension"`
				PygmentsLexer           string `json:"pygments_lexer"`
				CodemirrorMode          string `json:"codemirror_mode"`
			} `json:"language_info"`
			HelpLinks []struct{ Text, URL string } `json:"help_links"`
		}](t, rep)
		if info.Status != "ok" || info.ProtocolVersion != "5.3" || info.Implementation != "activis" ||
			info.ImplementationVersion != kernel.Version || info.Banner != "fake" || len(info.HelpLinks) == 0 {
			t.Errorf("%s: %+v", ch, info)
		}
		li := info.LanguageInfo
		if li.Name != "go" || li.Mimetype != "text/x-go" || li.FileExtension != ".go" || li.PygmentsLexer != "go" || li.CodemirrorMode != "go" {
			t.Errorf("%s: language_info %+v", ch, li)
		}
		if len(out) != 0 {
			t.Errorf("%s: kernel_info published %v", ch, out)
		}
	}
}

func TestExecuteOutputs(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	for i, test := range []struct {
		code   string
		types  []string
		stdout string
		status string
	}{
		{"print hello", []string{"execute_input", "stream"}, "hello\n", "ok"},
		{"print a\nprint b\nresult 42", []string{"execute_input", "stream", "execute_result"}, "a\nb\n", "ok"},
		{"print a\ndisplay d1\nprint b", []string{"execute_input", "stream", "display_data", "stream"}, "a\nb\n", "ok"},
		{"display d2\nupdate d2\nclear wait", []string{"execute_input", "display_data", "update_display_data", "clear_output"}, "", "ok"},
		{"print before\nerror", []string{"execute_input", "stream", "error"}, "before\n", "error"},
		{"panic", []string{"execute_input", "error"}, "", "error"},
	} {
		res, err := srv.Client.Execute(ctx, test.code)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !slices.Equal(res.Types(), test.types) {
			t.Errorf("case %d %q: outputs %v, want %v", i, test.code, res.Types(), test.types)
		}
		if test.status == "error" {
			var e struct {
				Ename     *string   `json:"ename"`
				Evalue    *string   `json:"evalue"`
				Traceback *[]string `json:"traceback"`
				Count     *int      `json:"execution_count"`
			}
			if err := res.Reply.Decode(&e); err != nil || e.Ename == nil || e.Evalue == nil || e.Traceback == nil || e.Count == nil {
				t.Errorf("case %d: error reply %s lacks a field the protocol requires", i, res.Reply.Content)
			}
		}
		if res.Stdout() != test.stdout || res.Status != test.status {
			t.Errorf("case %d: stdout %q status %q, want %q %q", i, res.Stdout(), res.Status, test.stdout, test.status)
		}
	}
	if errs := srv.Client.DecodeErrors(); len(errs) > 0 {
		t.Errorf("undecodable kernel messages: %v", errs)
	}
}

func TestExecuteCountsAndHistory(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	run := func(req kerneltest.ExecuteRequest) *kerneltest.Result {
		t.Helper()
		res, err := c.ExecuteRequest(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(kerneltest.NewExecute("result 1")); res.Count != 1 {
		t.Errorf("first count %d", res.Count)
	}
	noStore := kerneltest.NewExecute("result 2")
	noStore.StoreHistory = false
	if res := run(noStore); res.Count != 1 || !slices.Equal(res.Types(), []string{"execute_input", "execute_result"}) {
		t.Errorf("store_history=false: count %d outputs %v", res.Count, res.Types())
	}
	silent := kerneltest.NewExecute("print quiet\nresult 3\nerror")
	silent.Silent = true
	if res := run(silent); res.Count != 1 || len(res.Outputs) != 0 || res.Status != "error" {
		t.Errorf("silent: count %d outputs %v status %s", res.Count, res.Types(), res.Status)
	}
	if res := run(kerneltest.NewExecute("result 4")); res.Count != 2 {
		t.Errorf("count after unstored runs = %d, want 2", res.Count)
	}
	run(kerneltest.NewExecute("result 1"))
	run(kerneltest.NewExecute("print x"))

	type row = []any
	for _, test := range []struct {
		name    string
		req     map[string]any
		inputs  []string
		outputs bool
	}{
		{"tail", map[string]any{"hist_access_type": "tail", "n": 2, "output": false, "raw": true}, []string{"result 1", "print x"}, false},
		{"range", map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 3, "output": false, "raw": true}, []string{"result 4"}, false},
		{"search", map[string]any{"hist_access_type": "search", "pattern": "result*", "output": false, "raw": true}, []string{"result 1", "result 4", "result 1"}, false},
		{"search unique", map[string]any{"hist_access_type": "search", "pattern": "result*", "unique": true, "output": false, "raw": true}, []string{"result 4", "result 1"}, false},
		{"search n", map[string]any{"hist_access_type": "search", "pattern": "*1", "n": 1, "output": false, "raw": true}, []string{"result 1"}, false},
		{"tail output", map[string]any{"hist_access_type": "tail", "n": 1, "output": true, "raw": true}, []string{"print x"}, true},
	} {
		rep, _, err := c.Request(ctx, wire.Shell, "history_request", test.req)
		if err != nil {
			t.Fatal(err)
		}
		h := decode[struct {
			Status  string
			History []row
		}](t, rep)
		var got []string
		for _, r := range h.History {
			if len(r) != 3 {
				t.Fatalf("%s: row %v", test.name, r)
			}
			if test.outputs {
				pair, ok := r[2].([]any)
				if !ok || len(pair) != 2 {
					t.Fatalf("%s: row %v, want [input, output]", test.name, r)
				}
				got = append(got, fmt.Sprint(pair[0]))
			} else {
				got = append(got, fmt.Sprint(r[2]))
			}
		}
		if h.Status != "ok" || !slices.Equal(got, test.inputs) {
			t.Errorf("%s: %s %q, want %q", test.name, h.Status, got, test.inputs)
		}
	}
}

func TestCompleteInspectIsComplete(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	rep, _, err := c.Request(ctx, wire.Shell, "complete_request", map[string]any{"code": "fmt.Pr", "cursor_pos": 6})
	if err != nil {
		t.Fatal(err)
	}
	comp := decode[struct {
		Status      string
		Matches     []string
		CursorStart int            `json:"cursor_start"`
		CursorEnd   int            `json:"cursor_end"`
		Metadata    map[string]any `json:"metadata"`
	}](t, rep)
	if comp.Status != "ok" || len(comp.Matches) != 2 || comp.CursorEnd != 6 || comp.Metadata == nil {
		t.Errorf("complete_reply %+v", comp)
	}
	for _, test := range []struct {
		code   string
		detail int
		found  bool
	}{{"fmt.Println", 0, true}, {"fmt.Println", 1, true}, {"nothing", 0, false}} {
		rep, _, err := c.Request(ctx, wire.Shell, "inspect_request", map[string]any{"code": test.code, "cursor_pos": 3, "detail_level": test.detail})
		if err != nil {
			t.Fatal(err)
		}
		in := decode[struct {
			Status   string
			Found    bool
			Data     map[string]any
			Metadata map[string]any
		}](t, rep)
		if in.Status != "ok" || in.Found != test.found || in.Data == nil || in.Metadata == nil {
			t.Errorf("inspect %q: %+v", test.code, in)
		}
		if test.found && !strings.HasSuffix(fmt.Sprint(in.Data["text/plain"]), strings.Repeat("!", test.detail)+"") {
			t.Errorf("inspect detail %d: %v", test.detail, in.Data)
		}
	}
	for _, test := range []struct{ code, status, indent string }{
		{"x := 1", "complete", ""}, {"func f() {", "incomplete", "\t"}, {"}", "invalid", ""},
	} {
		rep, _, err := c.Request(ctx, wire.Shell, "is_complete_request", map[string]any{"code": test.code})
		if err != nil {
			t.Fatal(err)
		}
		ic := decode[struct{ Status, Indent string }](t, rep)
		if ic.Status != test.status || ic.Indent != test.indent {
			t.Errorf("is_complete %q: %+v, want %s %q", test.code, ic, test.status, test.indent)
		}
	}
}

func TestInterruptWhileRunning(t *testing.T) {
	f, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	exec, err := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("loop"))
	if err != nil {
		t.Fatal(err)
	}
	<-f.started
	// Control is served while the cell runs.
	if _, _, err := c.Request(ctx, wire.Control, "kernel_info_request", struct{}{}); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	rep, _, err := c.Request(ctx, wire.Control, "interrupt_request", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	if s := decode[struct{ Status string }](t, rep); s.Status != "ok" {
		t.Errorf("interrupt_reply %+v", s)
	}
	er, err := c.Reply(ctx, wire.Shell, exec.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("cell stopped %v after the interrupt", d)
	}
	if s := decode[struct{ Status, Ename string }](t, er); s.Status != "error" || s.Ename != "Interrupted" {
		t.Errorf("interrupted reply %+v", s)
	}
	if res, err := c.Execute(ctx, "print alive"); err != nil || res.Stdout() != "alive\n" {
		t.Errorf("after interrupt: %v %v", res, err)
	}
}

func TestStopOnErrorAbortsQueued(t *testing.T) {
	f, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	first, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("sleep 100\nerror"))
	second, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("print never"))
	info, _ := c.Send(wire.Shell, "kernel_info_request", struct{}{})
	var status []string
	for _, m := range []*wire.Message{first, second, info} {
		rep, err := c.Reply(ctx, wire.Shell, m.Header.MsgID)
		if err != nil {
			t.Fatal(err)
		}
		status = append(status, decode[struct{ Status string }](t, rep).Status)
	}
	if !slices.Equal(status, []string{"error", "aborted", "ok"}) {
		t.Errorf("reply statuses %v, want error, aborted, ok", status)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if slices.Contains(f.executed, "print never") {
		t.Error("a queued execute ran after an error with stop_on_error")
	}
}

func TestInput(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	exec, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("print first\ninput name?"))
	req, err := c.Wait(ctx, wire.Stdin, kerneltest.ChildOf(exec.Header.MsgID))
	if err != nil {
		t.Fatal(err)
	}
	if in := decode[struct{ Prompt string }](t, req); req.Header.MsgType != "input_request" || in.Prompt != "name?" {
		t.Errorf("input_request %s %+v", req.Header.MsgType, in)
	}
	rep, _ := c.NewRequest("input_reply", map[string]string{"value": "gopher"})
	rep.Parent = req.Header
	if err := c.SendMessage(wire.Stdin, rep); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reply(ctx, wire.Shell, exec.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	out, err := c.IOPub(ctx, exec.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	res := &kerneltest.Result{Outputs: out}
	if res.Stdout() != "first\ngot gopher\n" {
		t.Errorf("stdout %q", res.Stdout())
	}

	// Without allow_stdin the cell gets an error and no request is sent.
	noStdin := kerneltest.NewExecute("input x")
	noStdin.AllowStdin = false
	r, err := c.ExecuteRequest(ctx, noStdin)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "error" || !strings.Contains(r.Evalue, "allow_stdin") {
		t.Errorf("input without allow_stdin: %s %q", r.Status, r.Evalue)
	}
	if p := c.Pending(wire.Stdin); len(p) != 0 {
		t.Errorf("input_request sent without allow_stdin: %v", p)
	}
}

func TestStreamCapAndBatching(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{StreamLimit: 10000})
	res, err := srv.Client.Execute(ctx, "flood 50000")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Stdout()); n != 10000 {
		t.Errorf("%d stdout bytes sent, want the 10000 limit", n)
	}
	if !strings.Contains(res.Stderr(), "40000 bytes of output dropped") {
		t.Errorf("no note of the dropped output: stderr %q", res.Stderr())
	}
	streams := 0
	for _, ty := range res.Types() {
		if ty == "stream" {
			streams++
		}
	}
	if streams > 5 {
		t.Errorf("%d stream messages for 50 writes: output not batched", streams)
	}
}

func TestStreamFlushedWhileRunning(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	exec, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("print early\nsleep 600"))
	began := time.Now()
	if _, err := c.Wait(ctx, wire.IOPub, func(m *wire.Message) bool {
		return m.Parent.MsgID == exec.Header.MsgID && m.Header.MsgType == "stream"
	}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > 300*time.Millisecond {
		t.Errorf("stream arrived after %v, while the cell runs 600 ms", d)
	}
	if _, err := c.Reply(ctx, wire.Shell, exec.Header.MsgID); err != nil {
		t.Fatal(err)
	}
}

// TestLiveResult: a trailing value with a display id (the ActiVis explorer)
// goes out as display_data carrying the id, and a later cell's update of it
// is sent as part of that later request, where clients such as nbclient
// look for it.
func TestLiveResult(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	res, err := c.Execute(ctx, "liveresult L1\nkeep")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Types(); !slices.Equal(got, []string{"execute_input", "display_data"}) {
		t.Fatalf("live result sent as %v, want display_data", got)
	}
	if !strings.Contains(string(res.Outputs[len(res.Outputs)-1].Content), `"display_id":"L1"`) {
		t.Errorf("live result lacks its display id: %s", res.Outputs[len(res.Outputs)-1].Content)
	}
	res2, err := c.Execute(ctx, "updatekept L1")
	if err != nil {
		t.Fatal(err)
	}
	if got := res2.Types(); !slices.Equal(got, []string{"execute_input", "update_display_data"}) {
		t.Errorf("update from a later cell: outputs of that cell %v, want update_display_data among them", got)
	}
}

func TestBackgroundOutputKeepsParent(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	res, err := c.Execute(ctx, "later from-goroutine")
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Wait(ctx, wire.IOPub, func(m *wire.Message) bool { return m.Header.MsgType == "stream" })
	if err != nil {
		t.Fatal(err)
	}
	if m.Parent.MsgID != res.Reply.Parent.MsgID || !strings.Contains(string(m.Content), "from-goroutine") {
		t.Errorf("background stream %s with parent %s, want parent %s", m.Content, m.Parent.MsgID, res.Reply.Parent.MsgID)
	}
}

func TestDroppedMessages(t *testing.T) {
	f, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	unsigned := &wire.Codec{}
	wrong, _ := wire.NewCodec("hmac-sha256", "not-the-key")
	for _, codec := range []*wire.Codec{unsigned, wrong} {
		m, _ := c.NewRequest("execute_request", kerneltest.NewExecute("print must-not-run"))
		frames, _ := codec.Encode(m)
		c.SendFrames(wire.Shell, frames)
		c.SendFrames(wire.Control, frames)
	}
	c.SendFrames(wire.Shell, [][]byte{[]byte("garbage")})
	m, _ := c.NewRequest("execute_request", kerneltest.NewExecute("print x"))
	good, _ := c.Codec().Encode(m)
	good[len(good)-1] = []byte(`{"code": 12}`) // tampered after signing
	c.SendFrames(wire.Shell, good)
	// Typed decoding rejects content of the wrong shape, even when signed.
	bad, _ := c.NewRequest("execute_request", map[string]any{"code": 12})
	c.SendMessage(wire.Shell, bad)
	res, err := c.Execute(ctx, "print alive")
	if err != nil || res.Stdout() != "alive\n" {
		t.Fatalf("kernel after bad messages: %v %v", res, err)
	}
	// A signed message sent again (a replay) is dropped.
	once, _ := c.NewRequest("execute_request", kerneltest.NewExecute("print once"))
	frames, _ := c.Codec().Encode(once)
	c.SendFrames(wire.Shell, frames)
	c.SendFrames(wire.Shell, frames)
	if _, err := c.IOPub(ctx, once.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(ctx, "print sync"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Equal(f.executed, []string{"print alive", "print once", "print sync"}) {
		t.Errorf("executed %q, want only the signed request", f.executed)
	}
	for _, r := range c.Pending(wire.Shell) {
		if r.Parent.MsgID != bad.Header.MsgID && r.Parent.MsgID != once.Header.MsgID {
			t.Errorf("reply to a dropped message: %+v", r.Header)
		}
	}
}

type echoHandler struct {
	mu     sync.Mutex
	events []string
}

func (h *echoHandler) Open(c comm.Comm, data map[string]any) {
	h.mu.Lock()
	h.events = append(h.events, "open")
	h.mu.Unlock()
	c.Send(map[string]any{"opened": true}, nil)
}
func (h *echoHandler) Message(c comm.Comm, data map[string]any, buffers [][]byte) {
	h.mu.Lock()
	h.events = append(h.events, fmt.Sprintf("msg %v %d", data["x"], len(buffers)))
	h.mu.Unlock()
	c.Send(data, buffers)
}
func (h *echoHandler) Closed(c comm.Comm, data map[string]any) {
	h.mu.Lock()
	h.events = append(h.events, "closed")
	h.mu.Unlock()
}

func TestComms(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	h := &echoHandler{}
	srv.Kernel.Comms().Register("echo", h)

	notify := func(msgType string, content any) []*wire.Message {
		t.Helper()
		m, err := c.Send(wire.Shell, msgType, content)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.IOPub(ctx, m.Header.MsgID)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := notify("comm_open", map[string]any{"comm_id": "c1", "target_name": "echo", "data": map[string]any{}})
	if len(out) != 1 || out[0].Header.MsgType != "comm_msg" {
		t.Errorf("comm_open outputs %v", out)
	}
	out = notify("comm_open", map[string]any{"comm_id": "c2", "target_name": "nobody", "data": map[string]any{}})
	if len(out) != 1 || out[0].Header.MsgType != "comm_close" || !strings.Contains(string(out[0].Content), "c2") {
		t.Errorf("comm_open on an unknown target: outputs %v, want comm_close", out)
	}
	for _, test := range []struct {
		target string
		want   []string
	}{{"", []string{"c1"}}, {"echo", []string{"c1"}}, {"other", nil}} {
		rep, _, err := c.Request(ctx, wire.Shell, "comm_info_request", map[string]any{"target_name": test.target})
		if err != nil {
			t.Fatal(err)
		}
		info := decode[struct {
			Status string
			Comms  map[string]struct {
				TargetName string `json:"target_name"`
			}
		}](t, rep)
		var ids []string
		for id, ci := range info.Comms {
			ids = append(ids, id)
			if ci.TargetName != "echo" {
				t.Errorf("comm %s target %q", id, ci.TargetName)
			}
		}
		if info.Status != "ok" || !slices.Equal(ids, test.want) {
			t.Errorf("comm_info %q: %v, want %v", test.target, ids, test.want)
		}
	}
	m, _ := c.NewRequest("comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{"x": "hi"}})
	m.Buffers = [][]byte{{0, 255}}
	c.SendMessage(wire.Shell, m)
	out, err := c.IOPub(ctx, m.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || len(out[0].Buffers) != 1 || out[0].Buffers[0][1] != 255 {
		t.Errorf("echoed comm_msg %v", out)
	}
	notify("comm_close", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	h.mu.Lock()
	got := slices.Clone(h.events)
	h.mu.Unlock()
	if !slices.Equal(got, []string{"open", "msg hi 1", "closed"}) {
		t.Errorf("handler events %q", got)
	}
	// A comm opened by the kernel from a cell.
	res, err := c.Execute(ctx, "opencomm echo")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Types(), []string{"execute_input", "comm_open", "comm_msg"}) {
		t.Errorf("kernel-opened comm outputs %v", res.Types())
	}
}

func TestShutdownRestart(t *testing.T) {
	f, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	c.Execute(ctx, "print 1")
	rep, _, err := c.Request(ctx, wire.Control, "shutdown_request", map[string]any{"restart": true})
	if err != nil {
		t.Fatal(err)
	}
	if s := decode[struct {
		Status  string
		Restart bool
	}](t, rep); s.Status != "ok" || !s.Restart {
		t.Errorf("shutdown_reply %+v", s)
	}
	if f.restarts != 1 {
		t.Errorf("%d restarts", f.restarts)
	}
	if res, err := c.Execute(ctx, "print again"); err != nil || res.Count != 1 {
		t.Errorf("count after restart: %v %v", res, err)
	}
	if _, _, err := c.Request(ctx, wire.Control, "shutdown_request", map[string]any{"restart": false}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-srv.Done():
		if err != nil {
			t.Errorf("Run after shutdown: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Run did not return after shutdown_request")
	}
}

func TestPagerPayloadAndUnknownType(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	res, err := c.Execute(ctx, "page doc text")
	if err != nil {
		t.Fatal(err)
	}
	p := decode[struct {
		Payload []struct {
			Source string
			Data   map[string]string
		}
	}](t, res.Reply)
	if len(p.Payload) != 1 || p.Payload[0].Source != "page" || p.Payload[0].Data["text/plain"] != "doc text" {
		t.Errorf("payload %+v", p)
	}
	m, _ := c.Send(wire.Shell, "no_such_request", struct{}{})
	if _, err := c.IOPub(ctx, m.Header.MsgID); err != nil {
		t.Errorf("unknown type: no busy/idle: %v", err)
	}
	if res, err := c.Execute(ctx, "print ok"); err != nil || res.Status != "ok" {
		t.Errorf("after an unknown type: %v %v", res, err)
	}
}
