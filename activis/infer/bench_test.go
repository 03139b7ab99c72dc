package infer_test

import (
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// benchBatch is the batch size of BenchmarkRun and of the onnxruntime-node
// baseline in testdata/bench/bench.js (`make bench-onnx` runs both).
const benchBatch = 256

// BenchmarkRun runs the Fashion-MNIST-sized CNN of ../testdata/fashion_cnn.onnx
// (Conv 1→16 3×3, ReLU, MaxPool, Conv 16→32, ReLU, MaxPool, Gemm 1568→128,
// ReLU, Gemm 128→10) on one batch of 256 images with one Executor. Run it
// with -cpu 1 to compare with onnxruntime's single-thread figure.
func BenchmarkRun(b *testing.B) {
	g, err := graph.Load("../testdata/fashion_cnn.onnx")
	if err != nil {
		b.Fatal(err)
	}
	p, err := infer.Compile(g)
	if err != nil {
		b.Fatal(err)
	}
	data := make([]float32, benchBatch*28*28)
	s := uint32(12345)
	for i := range data {
		s = s*1103515245 + 12345
		data[i] = float32(s>>8) / (1 << 24)
	}
	in := map[string]*infer.Tensor{g.Inputs[0]: {Shape: []int{benchBatch, 1, 28, 28}, Data: data}}
	x := p.NewExecutor()
	if _, err := x.Run(in); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := x.Run(in); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportTimes(b, c0)
	// The median batch, as bench.js reports onnxruntime's: on a shared
	// machine the mean carries every batch that waited for a core.
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e6, "median-ms/batch")
}

// cpuTime returns the process's user+system CPU time. On a shared machine
// CPU time per batch is steadier than wall time; bench.js reports both too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportTimes(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/batch")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/batch")
}

// BenchmarkRunGEMMFloor is the named baseline of BenchmarkRun: only the
// three GEMMs the convolutions (as im2col would have them) and the first
// fully connected layer reduce to, for the same batch, through the same
// BLAS. The runtime convolves without im2col (conv_shifted.go), at 7%
// (conv1) and 14% (conv2) more multiply-adds over its wide rows;
// BenchmarkRun's excess over the floor is that, the padded copies,
// pooling and the rest.
func BenchmarkRunGEMMFloor(b *testing.B) {
	type mm struct{ m, k, n, times int }
	shapes := []mm{
		{16, 9, 28 * 28, benchBatch},      // conv1 per image
		{32, 16 * 9, 14 * 14, benchBatch}, // conv2 per image
		{benchBatch, 1568, 128, 1},        // fc1
	}
	bufs := make([][3][]float32, len(shapes))
	r := uint32(1)
	rnd := func(n int) []float32 { // non-zero values: gonum skips zero multipliers
		v := make([]float32, n)
		for i := range v {
			r = r*1103515245 + 12345
			v[i] = float32(r>>8)/(1<<24) + 0.01
		}
		return v
	}
	for i, s := range shapes {
		bufs[i] = [3][]float32{rnd(s.m * s.k), rnd(s.k * s.n), make([]float32, s.m*s.n)}
	}
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for j, s := range shapes {
			a := blas32.General{Rows: s.m, Cols: s.k, Stride: s.k, Data: bufs[j][0]}
			bb := blas32.General{Rows: s.k, Cols: s.n, Stride: s.n, Data: bufs[j][1]}
			c := blas32.General{Rows: s.m, Cols: s.n, Stride: s.n, Data: bufs[j][2]}
			for t := 0; t < s.times; t++ {
				sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1, a, bb, 0, c)
			}
		}
	}
	reportTimes(b, c0)
}
