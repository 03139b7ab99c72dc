//go:build unix

package kernelcmd

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// parentPoll is how often watchParent checks that the kernel's parent and
// JPY_PARENT_PID are alive.
const parentPoll = 500 * time.Millisecond

// watchParent makes the kernel end when the process that started it dies,
// as ipykernel does: on Linux through a parent-death signal (SIGTERM, which
// serve turns into a clean shutdown), everywhere by polling the parent
// process id (a change means it died and the kernel was re-parented) and
// the process named by JPY_PARENT_PID, which Jupyter sets. It sends SIGTERM
// to the kernel itself when either is gone.
func watchParent() {
	ppid := os.Getppid()
	setParentDeathSignal()
	jpy := 0
	if s := os.Getenv("JPY_PARENT_PID"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 1 {
			jpy = n
		}
	}
	go func() {
		for {
			if os.Getppid() != ppid || (jpy != 0 && !alive(jpy)) {
				syscall.Kill(os.Getpid(), syscall.SIGTERM)
				return
			}
			time.Sleep(parentPoll)
		}
	}()
}

// alive reports whether process pid exists (signal 0 checks without sending).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
