package gosession

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCaptureStdio runs TestCaptureStdioChild in a child process, whose
// standard output and error it replaces: compiled code writing to file
// descriptors 1 and 2 (go/ast's Print, syscall.Write) wrote to the
// kernel's terminal, not to the cell (stdio.go).
func TestCaptureStdio(t *testing.T) {
	if os.Getenv("ACTIVIS_STDIO_CHILD") != "" {
		t.Skip("the child runs TestCaptureStdioChild")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCaptureStdioChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ACTIVIS_STDIO_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstdout:\n%.2000s\nstderr:\n%.2000s", err, stdout.String(), stderr.String())
	}
	var res []struct{ Stdout, Stderr, Err string }
	for _, line := range strings.Split(stdout.String(), "\n") {
		if r, ok := strings.CutPrefix(line, "RESULT "); ok {
			if err := json.Unmarshal([]byte(r), &res); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(res) != 3 {
		t.Fatalf("child reported %d cells, want 3\nstdout:\n%.2000s\nstderr:\n%.2000s", len(res), stdout.String(), stderr.String())
	}
	for i, r := range res {
		if r.Err != "" {
			t.Errorf("cell %d: %s", i, r.Err)
		}
	}
	if want := "     0  []int (len = 1) {\n     1  .  0: 1\n     2  }\nafter\n"; res[0].Stdout != want {
		t.Errorf("ast.Print then fmt.Println printed %q, want %q", res[0].Stdout, want)
	}
	if want := "raw stderr\n"; res[0].Stderr != want {
		t.Errorf("syscall.Write(2, …) printed %q to stderr, want %q", res[0].Stderr, want)
	}
	if want := strings.Repeat("0123456789", 20000) + "\nend\n"; res[1].Stdout != want {
		t.Errorf("200 KB written to descriptor 1 then end: %d bytes arrived (want %d), ending %q", len(res[1].Stdout), len(want), res[1].Stdout[max(0, len(res[1].Stdout)-20):])
	}
	if want := "a\x00\x01b é\n"; res[2].Stdout != want {
		t.Errorf("bytes like a marker's and a split character: %q, want %q", res[2].Stdout, want)
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if !strings.HasPrefix(line, "RESULT ") && strings.Contains(line, "[]int (len = 1)") {
			t.Errorf("the cell's output reached the process's own stdout: %q", line)
		}
	}
	if strings.Contains(stderr.String(), "raw stderr") {
		t.Errorf("the cell's output reached the process's own stderr:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "the kernel's log") {
		t.Errorf("a write to Stdio.Stderr did not reach the process's stderr:\n%s", stderr.String())
	}
}

// TestCaptureStdioChild is the child of TestCaptureStdio: it captures the
// process's standard output and error, runs cells and reports what each
// cell streamed on the original stdout.
func TestCaptureStdioChild(t *testing.T) {
	if os.Getenv("ACTIVIS_STDIO_CHILD") == "" {
		t.Skip("run by TestCaptureStdio in a child process")
	}
	st, err := CaptureStdio()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fmt.Fprintln(st.Stderr, "the kernel's log")
	s, err := New(Options{Stdio: st})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type result struct{ Stdout, Stderr, Err string }
	var res []result
	for _, code := range []string{
		"import (\n\"fmt\"\n\"go/ast\"\n\"syscall\"\n)\nast.Print(nil, []int{1})\nfmt.Println(\"after\")\nsyscall.Write(2, []byte(\"raw stderr\\n\"))",
		"import \"strings\"\nsyscall.Write(1, []byte(strings.Repeat(\"0123456789\", 20000)+\"\\n\"))\nfmt.Println(\"end\")",
		"syscall.Write(1, []byte(\"a\\x00\\x01b \\xc3\"))\nsyscall.Write(1, []byte(\"\\xa9\\n\"))",
	} {
		r, err := run(t, s, code)
		e := ""
		if err != nil {
			e = errString(err)
		}
		res = append(res, result{r.stream("stdout"), r.stream("stderr"), e})
	}
	b, _ := json.Marshal(res)
	fmt.Fprintf(st.Stdout, "RESULT %s\n", b)
}
