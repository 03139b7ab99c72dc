package gosession

import (
	"strings"
	"testing"
)

// TestFatalRuntimeCalls: runtime.Breakpoint panics in the cell (it would
// kill the kernel with SIGTRAP) and the session goes on.
func TestFatalRuntimeCalls(t *testing.T) {
	s := newSession(t)
	_, err := run(t, s, "import \"runtime\"\nx := 41\nruntime.Breakpoint()")
	if err == nil || !strings.Contains(errString(err), "runtime.Breakpoint: no debugger") {
		t.Fatalf("error = %s", errString(err))
	}
	r, err := run(t, s, "x + 1")
	if err != nil || r.result() != "42" {
		t.Fatalf("after Breakpoint: %q %s", r.result(), errString(err))
	}
}

// TestUnsafe: the unsafe package can be imported.
func TestUnsafe(t *testing.T) {
	s := newSession(t)
	r, err := run(t, s, "import \"unsafe\"\nf := 1.5\nb := *(*uint64)(unsafe.Pointer(&f))\nfmt.Printf(\"%x %d\\n\", b, unsafe.Sizeof(f))")
	if err != nil {
		t.Fatal(errString(err))
	}
	if got := r.stream("stdout"); got != "3ff8000000000000 8\n" {
		t.Errorf("stdout = %q", got)
	}
}

// TestOffsetof: unsafe.Offsetof and Alignof give the compiled layout.
func TestOffsetof(t *testing.T) {
	s := newSession(t)
	r, err := run(t, s, "import \"unsafe\"\ntype S struct{ A int8; B int64; C int16 }\nvar v S\nfmt.Println(unsafe.Offsetof(S{}.B), unsafe.Offsetof(v.C), unsafe.Alignof(int64(0)), unsafe.Sizeof(v))")
	if err != nil {
		t.Fatal(errString(err))
	}
	if got := r.stream("stdout"); got != "8 16 8 24\n" {
		t.Errorf("stdout = %q, want the compiled layout 8 16 8 24", got)
	}
}
