//go:build linux && (amd64 || arm64)

package gosession

import (
	"strings"
	"testing"
)

// TestCompiledXSys: golang.org/x/sys's unix and cpu are compiled into the
// kernel (package symbols, per platform), so a cell imports them without
// a download, and the calls that would end the kernel's process are left
// out with an error that says why. Interpreted from source, unix failed
// ("needs assembly (asm_linux_amd64.s)"), and every package over it
// (github.com/mattn/go-isatty, golang.org/x/term) with it.
func TestCompiledXSys(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "import (\n\t\"golang.org/x/sys/cpu\"\n\t\"golang.org/x/sys/unix\"\n)\n"+
		"var u unix.Utsname\nerr := unix.Uname(&u)\n"+
		"fmt.Println(unix.Getpagesize() > 0, unix.O_RDONLY, err, unix.ByteSliceToString(u.Sysname[:]), cpu.IsBigEndian)")
	if got, want := r.stream("stdout"), "true 0 <nil> Linux false\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	_, e := run(t, s, "unix.Exit(3)")
	if msg := errString(e); e == nil || !strings.Contains(msg, "leaves out Exit") {
		t.Errorf("unix.Exit: got %s, want an error saying the kernel leaves it out", msg)
	}
	if r := mustRun(t, s, "1 + 1"); r.result() != "2" {
		t.Errorf("after unix.Exit: 1+1 = %s", r.result())
	}
}
