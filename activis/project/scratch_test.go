package project

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestScratchPCA(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SCRATCH_N"))
	if n == 0 {
		t.Skip()
	}
	x, _ := loadFashion(t, n)
	c0, w0 := cpuTime(), time.Now()
	_, _, err := pca(x, n, 784, 784, 50, 2)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("pca n", n, "cpu", cpuTime()-c0, "wall", time.Since(w0))
}
