package gosession

import "golang.org/x/sys/unix"

// unreadBytes returns how many bytes the pipe read end fd holds.
func unreadBytes(fd int) (int, error) { return unix.IoctlGetInt(fd, unix.TIOCINQ) }
