//go:build linux

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/activis-go/activis/kernel/wire"
)

// TestParentDeath starts the kernel from a shell that is then killed
// (parent-death signal and re-parenting), and beside a process named by
// JPY_PARENT_PID that is then killed: each time the kernel must be gone
// within 2 s.
func TestParentDeath(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "activis-kernel")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	conn := func(name string) string {
		info, err := wire.LocalConnectionInfo("parent-key")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := wire.WriteConnectionFile(p, info); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("parent killed", func(t *testing.T) {
		sh := exec.Command("sh", "-c", `"$0" "$1" 2>/dev/null & echo $!; wait`, bin, conn("a.json"))
		sh.Env = append(os.Environ(), "ACTIVIS_HISTORY=off")
		out, err := sh.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := sh.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(line))
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Kill(pid, syscall.SIGKILL)
		waitRunning(t, pid)
		sh.Process.Kill()
		sh.Wait()
		if !goneWithin(pid, 2*time.Second) {
			t.Fatalf("kernel %d still running 2 s after its parent was killed", pid)
		}
	})

	t.Run("JPY_PARENT_PID killed", func(t *testing.T) {
		client := exec.Command("sleep", "60")
		if err := client.Start(); err != nil {
			t.Fatal(err)
		}
		defer client.Process.Kill()
		k := exec.Command(bin, conn("b.json"))
		k.Env = append(os.Environ(), "ACTIVIS_HISTORY=off", "JPY_PARENT_PID="+strconv.Itoa(client.Process.Pid))
		if err := k.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- k.Wait() }()
		defer k.Process.Kill()
		waitRunning(t, k.Process.Pid)
		client.Process.Kill()
		client.Wait()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatal("kernel still running 2 s after the JPY_PARENT_PID process was killed")
		}
	})
}

// waitRunning waits until process pid has been running a moment, so that
// it has set up its watch before the test kills its parent.
func waitRunning(t *testing.T, pid int) {
	t.Helper()
	time.Sleep(time.Second)
	if goneWithin(pid, 0) {
		t.Fatalf("kernel %d exited at start", pid)
	}
}

// goneWithin reports whether process pid has exited (or is a zombie
// waiting to be reaped) within d.
func goneWithin(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return true
		}
		if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) > 0 && f[0] == "Z" {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}
