package cnn_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/activis-go/activis/notebooks/train/cnn"
)

// stripes is a toy set of 8×8 images: a bright row (class 0) or column
// (class 1) at a random place.
func stripes(n int, seed uint64) *cnn.Set {
	r := rand.New(rand.NewPCG(seed, 0))
	s := &cnn.Set{Images: make([]float32, n*64), Labels: make([]uint8, n), N: n, H: 8, W: 8}
	for i := range n {
		k, p := r.IntN(2), r.IntN(8)
		for q := range 8 {
			if k == 0 {
				s.Image(i)[p*8+q] = 1
			} else {
				s.Image(i)[q*8+p] = 1
			}
		}
		s.Labels[i] = uint8(k)
	}
	return s
}

func ExampleTrain() {
	c := cnn.Config{H: 8, W: 8, Conv1: 4, Conv2: 4, Hidden: 8, Classes: 2}
	opt := cnn.Options{Epochs: 3, Batch: 16, Shards: 2, Threads: 2, LR: 1e-2, Decay: 1, Seed: 1}
	net, stats, err := cnn.Train(context.Background(), c, stripes(160, 1), opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, err := net.Accuracy(stripes(100, 2), 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d epochs, %d parameters, held-out accuracy ≥ 0.95: %v\n", len(stats), net.Params.Count(), acc >= 0.95)
	// Output: 3 epochs, 342 parameters, held-out accuracy ≥ 0.95: true
}
