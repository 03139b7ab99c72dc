package gosession

import "testing"

// TestGuardGoStmtCallback: a function literal passed to a method that runs
// it in a goroutine of its own (sync.WaitGroup's Go) is guarded also when
// the call is a go statement's, whose rewrite (gostart.go) moves the
// receiver into a temporary: the type oracle tells the method. The panic
// ended the process before (so the cells run in a child process).
func TestGuardGoStmtCallback(t *testing.T) {
	if !inChild(t, "TestGuardGoStmtCallback", "ACTIVIS_GOSTMTGUARD_CHILD") {
		return
	}
	s := newSession(t)
	mustRun(t, s, "import \"sync\"\nvar wg sync.WaitGroup\nfunc group() *sync.WaitGroup { return &wg }")
	r := mustRun(t, s, `done := make(chan int, 1)
go wg.Go(func() { done <- 7 })
fmt.Println(<-done)`)
	if got := r.stream("stdout"); got != "7\n" {
		t.Errorf("go wg.Go(callback): stdout %q, want 7", got)
	}
	wantGoroutinePanic(t, s, []string{
		"go wg.Go(func() {\n\tpanic(\"go statement, variable\")\n})",
		"go group().Go(func() {\n\tpanic(\"go statement, call\")\n})",
	})
}
