package kernelcmd

import "syscall"

// prSetPdeathsig is PR_SET_PDEATHSIG of prctl(2).
const prSetPdeathsig = 1

// setParentDeathSignal asks Linux to send SIGTERM to the kernel when its
// parent dies; the poll in watchParent covers the rest.
func setParentDeathSignal() {
	syscall.RawSyscall(syscall.SYS_PRCTL, prSetPdeathsig, uintptr(syscall.SIGTERM), 0)
}
