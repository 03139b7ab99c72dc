package cnn

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// tinyConfig is a network small enough for finite differences.
func tinyConfig() Config {
	return Config{H: 8, W: 4, Conv1: 2, Conv2: 3, Hidden: 5, Classes: 3, Dropout: 0.25}
}

// TestNetGradient checks the whole backward pass (dropout off) against
// finite differences of the loss for every parameter of a tiny network.
func TestNetGradient(t *testing.T) {
	c := tinyConfig()
	net, err := New(c, 11)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(12, 12))
	n := 3
	x := make([]float32, n*c.H*c.W)
	for i := range x {
		x[i] = r.Float32()
	}
	labels := []uint8{0, 2, 1}
	ws := NewWorkspace(c, n)
	_, g, err := net.Gradient(ws, x, labels, n, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := NewParams(c)
	for k, s := range g.slices() {
		copy(want.slices()[k], s)
	}
	fws := NewWorkspace(c, n)
	loss := func() float64 {
		lg, err := net.Forward(fws, x, n, nil)
		if err != nil {
			t.Fatal(err)
		}
		return softmaxXent(nil, lg, labels, n, c.Classes, 1)
	}
	for i, ten := range net.Params.Tensors(c) {
		checkGradEps(t, ten.Name, ten.Data, want.Tensors(c)[i].Data, loss, 1e-3)
	}
}

// TestActivations checks that named activations come back in NCHW order
// with the sizes of the exported tensors.
func TestActivations(t *testing.T) {
	c := tinyConfig()
	net, err := New(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 2
	x := make([]float32, n*c.H*c.W)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	ws := NewWorkspace(c, n)
	if _, err := net.Forward(ws, x, n, nil); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name string
		dim  int
	}{{"conv1", 2 * 32}, {"pool1", 2 * 8}, {"conv2", 3 * 8}, {"pool2", 3 * 2}, {"fc1", 5}, {"logits", 3}} {
		a, err := ws.Activations(test.name, n)
		if err != nil {
			t.Fatalf("%s: %v", test.name, err)
		}
		if len(a) != n*test.dim {
			t.Errorf("%s: %d values, want %d", test.name, len(a), n*test.dim)
		}
	}
	// pool2 in CHW order is exactly the input of fc1.
	p2, _ := ws.Activations("pool2", n)
	if !slices.Equal(p2, ws.flat[:n*c.Flat()]) {
		t.Error("pool2 activations differ from the flattened fc1 input")
	}
	if _, err := ws.Activations("nope", n); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown tensor: err = %v, want ErrConfig", err)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, test := range []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"fashion", func(*Config) {}, true},
		{"odd size", func(c *Config) { c.H = 30 }, false},
		{"no channels", func(c *Config) { c.Conv2 = 0 }, false},
		{"one class", func(c *Config) { c.Classes = 1 }, false},
		{"dropout 1", func(c *Config) { c.Dropout = 1 }, false},
	} {
		c := FashionConfig()
		test.edit(&c)
		err := c.Validate()
		if (err == nil) != test.ok || (err != nil && !errors.Is(err, ErrConfig)) {
			t.Errorf("%s: Validate() = %v, want ok=%v", test.name, err, test.ok)
		}
	}
	net, _ := New(tinyConfig(), 1)
	if _, err := net.Forward(NewWorkspace(tinyConfig(), 2), make([]float32, 3*32), 3, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("batch larger than workspace: err = %v, want ErrConfig", err)
	}
}

// bars is a synthetic 3-class set of 8×8 images: a horizontal bar, a
// vertical bar or a diagonal at a random place, plus noise.
func bars(n int, seed uint64) *Set {
	r := rand.New(rand.NewPCG(seed, 99))
	s := &Set{Images: make([]float32, n*64), Labels: make([]uint8, n), N: n, H: 8, W: 8}
	for i := range n {
		img := s.Image(i)
		for j := range img {
			img[j] = 0.2 * r.Float32()
		}
		k := r.IntN(3)
		p := r.IntN(8)
		for q := range 8 {
			switch k {
			case 0:
				img[p*8+q] = 1
			case 1:
				img[q*8+p] = 1
			case 2:
				img[q*8+q] = 1
			}
		}
		s.Labels[i] = uint8(k)
	}
	return s
}

func barsConfig() Config {
	return Config{H: 8, W: 8, Conv1: 4, Conv2: 4, Hidden: 16, Classes: 3, Dropout: 0.1}
}

func TestTrainImprovesLoss(t *testing.T) {
	c := barsConfig()
	train, test := bars(256, 1), bars(128, 2)
	net0, err := New(c, 3)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := net0.Logits(train, 1)
	if err != nil {
		t.Fatal(err)
	}
	before := softmaxXent(nil, lg, train.Labels, train.N, c.Classes, 1) / float64(train.N)

	opt := Options{Epochs: 8, Batch: 16, Shards: 2, Threads: 2, LR: 1e-2, Decay: 0.8, Seed: 3}
	net, stats, err := Train(context.Background(), c, train, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != opt.Epochs || !math.IsNaN(stats[0].TestAcc) {
		t.Fatalf("stats = %+v, want %d epochs without test accuracy", stats, opt.Epochs)
	}
	lg, err = net.Logits(train, 2)
	if err != nil {
		t.Fatal(err)
	}
	after := softmaxXent(nil, lg, train.Labels, train.N, c.Classes, 1) / float64(train.N)
	if after > before/4 {
		t.Errorf("training loss %.4f → %.4f, want at least a fourfold drop", before, after)
	}
	if stats[len(stats)-1].Loss >= stats[0].Loss {
		t.Errorf("epoch loss did not fall: first %.4f, last %.4f", stats[0].Loss, stats[len(stats)-1].Loss)
	}
	acc, err := net.Accuracy(test, 2)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.9 {
		t.Errorf("held-out accuracy %.3f, want ≥ 0.9", acc)
	}
}

// TestTrainDeterministic checks that a run is reproducible from its seed
// and shard count whatever the thread count, and that the seed matters.
func TestTrainDeterministic(t *testing.T) {
	c := barsConfig()
	train := bars(128, 4)
	run := func(seed uint64, threads int) *Params {
		opt := Options{Epochs: 2, Batch: 32, Shards: 4, Threads: threads, LR: 1e-2, Decay: 1, Seed: seed}
		net, _, err := Train(context.Background(), c, train, opt)
		if err != nil {
			t.Fatal(err)
		}
		return net.Params
	}
	same := func(a, b *Params) bool {
		for k, s := range a.slices() {
			if !slices.Equal(s, b.slices()[k]) {
				return false
			}
		}
		return true
	}
	a, b, d := run(5, 1), run(5, 3), run(6, 2)
	if !same(a, b) {
		t.Error("same seed and shards on 1 and 3 threads gave different parameters")
	}
	if same(a, d) {
		t.Error("different seeds gave identical parameters")
	}
}

func TestTrainOptionsErrors(t *testing.T) {
	c := barsConfig()
	train := bars(32, 1)
	for _, opt := range []Options{
		{Epochs: 0, Batch: 8, Shards: 2},
		{Epochs: 1, Batch: 9, Shards: 2},
		{Epochs: 1, Batch: 8, Shards: 0},
	} {
		if _, _, err := Train(context.Background(), c, train, opt); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: err = %v, want ErrConfig", opt, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Train(ctx, c, train, Options{Epochs: 1, Batch: 8, Shards: 2, LR: 1e-3}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
	bad := bars(32, 1)
	bad.Labels[5] = 3
	for name, set := range map[string]*Set{"label out of range": bad, "fewer images than a batch": bars(4, 1)} {
		if _, _, err := Train(context.Background(), c, set, Options{Epochs: 1, Batch: 8, Shards: 2}); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
	net, _ := New(c, 1)
	ws := NewWorkspace(c, 8)
	if _, _, err := net.Gradient(ws, bad.Images, bad.Labels[:2], 4, 1, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("Gradient with 2 labels for 4 images: err = %v, want ErrConfig", err)
	}
	if _, _, err := net.Gradient(ws, bad.Images, bad.Labels, 8, 1, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("Gradient with label 3 of 3 classes: err = %v, want ErrConfig", err)
	}
	wrong := c
	wrong.H = 12
	if _, _, err := Train(context.Background(), wrong, train, Options{Epochs: 1, Batch: 8, Shards: 2}); !errors.Is(err, ErrConfig) {
		t.Errorf("image size mismatch: err = %v, want ErrConfig", err)
	}
}
