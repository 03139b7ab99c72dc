package gosession

import (
	"reflect"
	"strings"
	"syscall"
	"testing"

	yaegisyscall "github.com/traefik/yaegi/stdlib/syscall"

	"github.com/activis-go/activis/kernel/gosession/symbols"
)

// rawConnPath stands for compiled code that calls a syscall.RawConn in a
// goroutine of its own (as a poller would).
const rawConnPath = "example.com/rawconn"

func init() {
	symbols.Symbols[rawConnPath+"/rawconn"] = map[string]reflect.Value{
		"ControlAsync": reflect.ValueOf(func(c syscall.RawConn) error {
			errc := make(chan error)
			go func() { errc <- c.Control(func(uintptr) {}) }()
			return <-errc
		}),
	}
}

// TestGuardWrapperSyscall: a session value given to compiled code as a
// syscall.RawConn is called through a guarded wrapper: its Control
// panicking in a goroutine compiled code started ends the cell, and the
// compiled caller gets an error naming the panic; the session goes on.
// Before, yaegi's wrapper let the panic end the process (so the cells run
// in a child process).
func TestGuardWrapperSyscall(t *testing.T) {
	if !inChild(t, "TestGuardWrapperSyscall", "ACTIVIS_GUARDSYSCALL_CHILD") {
		return
	}
	for _, name := range []string{"_Conn", "_RawConn"} {
		if _, ok := guardedSymbols["syscall/syscall"][name]; !ok {
			t.Errorf("syscall %s: no guarded wrapper", name)
		}
		if _, ok := yaegisyscall.Symbols["syscall/syscall"][name]; !ok {
			t.Errorf("syscall %s: not in yaegi's table", name)
		}
	}
	s := newSession(t)
	mustRun(t, s, "import (\n\t\"syscall\"\n\t\""+rawConnPath+"\"\n)\ntype RC struct{}\nfunc (RC) Control(f func(fd uintptr)) error {\n\tpanic(\"control boom\")\n}\nfunc (RC) Read(f func(fd uintptr) bool) error { return nil }\nfunc (RC) Write(f func(fd uintptr) bool) error { return nil }\nvar _ syscall.RawConn = RC{}")
	_, err := run(t, s, "fmt.Println(rawconn.ControlAsync(RC{}))\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil || !strings.Contains(err.Value, "control boom") || !strings.Contains(err.Value, "Control method") {
		t.Errorf("Control in a compiled goroutine: error %s, want the panic control boom", errString(err))
	}
	if r := mustRun(t, s, "1 + 1"); r.result() != "2" {
		t.Errorf("after the panic 1+1 = %s", r.result())
	}
}
