//go:build unix

package gosession

import (
	"fmt"
	"os"
	"runtime/debug"

	"golang.org/x/sys/unix"
)

// CaptureStdio replaces the process's standard output and error (file
// descriptors 1 and 2) by pipes whose contents the session given the
// result in Options.Stdio streams to its cells (see stdio.go), and makes
// the runtime write a crash report to the original stderr too. Call it
// once, before starting goroutines that write to either; Close undoes it.
func CaptureStdio() (*Stdio, error) {
	st := &Stdio{}
	var saved []int
	st.undo = func() error {
		var first error
		for i, fd := range saved {
			if err := unix.Dup2(fd, i+1); err != nil && first == nil {
				first = fmt.Errorf("restoring file descriptor %d: %w", i+1, err)
			}
		}
		return first
	}
	for i, name := range []string{"stdout", "stderr"} {
		p, orig, err := capturePipe(i+1, name)
		if err != nil {
			st.Close() // the descriptor captured before, if any, and its reader
			return nil, err
		}
		saved = append(saved, orig)
		st.pipes[i] = p
		go p.read()
	}
	st.Stdout, st.Stderr = st.pipes[0].orig, st.pipes[1].orig
	debug.SetCrashOutput(st.Stderr, debug.CrashOptions{})
	return st, nil
}

// capturePipe replaces descriptor fd by the write end of a new pipe and
// returns the pipe and a copy of the original descriptor; on an error it
// leaves fd as it was and closes what it opened.
func capturePipe(fd int, name string) (*stdioPipe, int, error) {
	orig, err := unix.Dup(fd)
	if err != nil {
		return nil, 0, fmt.Errorf("capturing %s: %w", name, err)
	}
	unix.CloseOnExec(orig)
	// A pipe in blocking mode: compiled code writing to descriptor 1
	// (C's printf, syscall.Write) must not see EAGAIN when it is full.
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		unix.Close(orig)
		return nil, 0, fmt.Errorf("capturing %s: %w", name, err)
	}
	unix.CloseOnExec(fds[0])
	unix.CloseOnExec(fds[1])
	if err := unix.Dup2(fds[1], fd); err != nil {
		unix.Close(fds[0])
		unix.Close(fds[1])
		unix.Close(orig)
		return nil, 0, fmt.Errorf("capturing %s: %w", name, err)
	}
	p := &stdioPipe{name: name, rfd: fds[0], r: os.NewFile(uintptr(fds[0]), name+" pipe"),
		w: os.NewFile(uintptr(fds[1]), name+" pipe"), orig: os.NewFile(uintptr(orig), "/dev/"+name),
		waiters: map[string]func(){}, done: make(chan struct{})}
	return p, orig, nil
}

// pending reports whether the pipe holds bytes its reader has not
// streamed yet: in the pipe (asked first), or read or about to be read
// (asked after, so that bytes the reader takes in between are seen).
func (p *stdioPipe) pending() bool {
	if n, err := unreadBytes(p.rfd); err == nil && n > 0 {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held > 0 || p.inflight
}

// waitReadable returns when the pipe read end fd has bytes or is closed.
func waitReadable(fd int) {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != unix.EINTR {
			return
		}
	}
}
