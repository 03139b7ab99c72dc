package cnn

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// Options controls training.
type Options struct {
	// Epochs is the number of passes over the training set.
	Epochs int
	// Batch is the mini-batch size.
	Batch int
	// Shards is the number of equal parts each mini-batch is split into;
	// their gradients are computed independently and summed in shard order.
	// The result depends on Shards but not on Threads.
	Shards int
	// Threads is the number of shards computed at once (≤ Shards).
	Threads int
	// LR is Adam's initial learning rate; it is multiplied by Decay after
	// every epoch.
	LR, Decay float64
	// Seed seeds the initial weights, the shuffling and dropout.
	Seed uint64
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// LogEvery is the number of steps between progress lines (0: 100).
	LogEvery int
	// Test, when non-nil, is evaluated after every epoch.
	Test *Set
	// OnEpoch, when non-nil, is called after every epoch with the network
	// as it stands (a checkpoint: the network a run of that many epochs
	// returns) and the epoch's statistics; an error stops training.
	OnEpoch func(net *Net, st EpochStats) error
}

// DefaultOptions are the options the demo model was trained with.
func DefaultOptions() Options {
	return Options{Epochs: 6, Batch: 128, Shards: 2, Threads: 2, LR: 1e-3, Decay: 0.7, Seed: 1, LogEvery: 100}
}

// EpochStats summarises one epoch.
type EpochStats struct {
	Epoch    int
	Loss     float64 // mean training loss (with dropout)
	TrainAcc float64 // training accuracy during the epoch (with dropout)
	TestAcc  float64 // NaN when Options.Test is nil
	Elapsed  time.Duration
}

// adam is the Adam optimiser (Kingma & Ba, 2015) over a Params value.
type adam struct {
	m, v       *Params
	b1, b2, ep float64
	t          int
}

func newAdam(c Config) *adam {
	return &adam{m: NewParams(c), v: NewParams(c), b1: 0.9, b2: 0.999, ep: 1e-8}
}

func (a *adam) step(p, g *Params, lr float64) {
	a.t++
	c1 := 1 - math.Pow(a.b1, float64(a.t))
	c2 := 1 - math.Pow(a.b2, float64(a.t))
	ps, gs, ms, vs := p.slices(), g.slices(), a.m.slices(), a.v.slices()
	b1, b2 := float32(a.b1), float32(a.b2)
	step := float32(lr / c1)
	for k := range ps {
		w, gr, m, v := ps[k], gs[k], ms[k], vs[k]
		for i := range w {
			m[i] = b1*m[i] + (1-b1)*gr[i]
			v[i] = b2*v[i] + (1-b2)*gr[i]*gr[i]
			w[i] -= step * m[i] / (float32(math.Sqrt(float64(v[i])/c2)) + float32(a.ep))
		}
	}
}

// Train trains a new network of configuration c on train and returns it
// with per-epoch statistics. The run is a pure function of c, train and
// the options other than Threads and Log: with the same seed and shard
// count it yields bit-identical parameters on any number of threads.
func Train(ctx context.Context, c Config, train *Set, opt Options) (*Net, []EpochStats, error) {
	if opt.Epochs <= 0 || opt.Batch <= 0 || opt.Shards <= 0 || opt.Batch%opt.Shards != 0 {
		return nil, nil, fmt.Errorf("%w: epochs %d, batch %d and shards %d must be positive and shards must divide batch", ErrConfig, opt.Epochs, opt.Batch, opt.Shards)
	}
	if train.H != c.H || train.W != c.W {
		return nil, nil, fmt.Errorf("%w: images are %d×%d, network expects %d×%d", ErrConfig, train.H, train.W, c.H, c.W)
	}
	if train.N < opt.Batch {
		return nil, nil, fmt.Errorf("%w: %d training images, fewer than one batch of %d", ErrConfig, train.N, opt.Batch)
	}
	for i, l := range train.Labels {
		if int(l) >= c.Classes {
			return nil, nil, fmt.Errorf("%w: label %d of training image %d is not below %d classes", ErrConfig, l, i, c.Classes)
		}
	}
	threads := min(max(opt.Threads, 1), opt.Shards)
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	every := opt.LogEvery
	if every <= 0 {
		every = 100
	}
	net, err := New(c, opt.Seed)
	if err != nil {
		return nil, nil, err
	}
	shard := opt.Batch / opt.Shards
	wss := make([]*Workspace, opt.Shards)
	for i := range wss {
		wss[i] = NewWorkspace(c, shard)
	}
	opts := newAdam(c)
	sum := NewParams(c)
	order := rand.New(rand.NewPCG(opt.Seed, 0x0bde))
	perm := make([]int, train.N)
	for i := range perm {
		perm[i] = i
	}
	d := c.H * c.W
	xs := make([][]float32, opt.Shards)
	ys := make([][]uint8, opt.Shards)
	for s := range xs {
		xs[s] = make([]float32, shard*d)
		ys[s] = make([]uint8, shard)
	}
	losses := make([]float64, opt.Shards)
	hits := make([]int, opt.Shards)
	errs := make([]error, opt.Shards)

	steps := train.N / opt.Batch // the last partial batch is dropped
	var stats []EpochStats
	start := time.Now()
	lr := opt.LR
	for epoch := range opt.Epochs {
		order.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		var eLoss float64
		var eHits, eSeen int
		wLoss, wHits, wSeen := 0.0, 0, 0
		for step := range steps {
			if err := ctx.Err(); err != nil {
				return nil, stats, fmt.Errorf("cnn: training stopped in epoch %d: %w", epoch+1, err)
			}
			batch := perm[step*opt.Batch : (step+1)*opt.Batch]
			for s := range opt.Shards {
				for i, idx := range batch[s*shard : (s+1)*shard] {
					copy(xs[s][i*d:(i+1)*d], train.Image(idx))
					ys[s][i] = train.Labels[idx]
				}
			}
			// Each shard has its own dropout stream keyed by (seed, step,
			// shard), so scheduling cannot change the numbers drawn.
			global := uint64(epoch*steps + step)
			var wg sync.WaitGroup
			sem := make(chan struct{}, threads)
			for s := range opt.Shards {
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer func() { <-sem; wg.Done() }()
					r := rand.New(rand.NewPCG(opt.Seed^0xd209, global*uint64(opt.Shards)+uint64(s)))
					losses[s], _, errs[s] = net.Gradient(wss[s], xs[s], ys[s], shard, float32(1)/float32(opt.Batch), r.Float64)
					hits[s] = countHits(wss[s].logits, ys[s], shard, c.Classes)
				}()
			}
			wg.Wait()
			// Deterministic reduction: shard 0 + shard 1 + … in order.
			ss := sum.slices()
			for k := range ss {
				copy(ss[k], wss[0].grad.slices()[k])
			}
			for s := 1; s < opt.Shards; s++ {
				for k, g := range wss[s].grad.slices() {
					dst := ss[k]
					for i, v := range g {
						dst[i] += v
					}
				}
			}
			for s := range opt.Shards {
				if errs[s] != nil {
					return nil, stats, errs[s]
				}
				wLoss += losses[s]
				wHits += hits[s]
			}
			wSeen += opt.Batch
			opts.step(net.Params, sum, lr)
			if (step+1)%every == 0 || step == steps-1 {
				fmt.Fprintf(logw, "epoch %d step %4d/%d  loss %.4f  acc %.4f  lr %.2g  %s\n",
					epoch+1, step+1, steps, wLoss/float64(wSeen), float64(wHits)/float64(wSeen), lr, time.Since(start).Round(time.Second))
				eLoss += wLoss
				eHits += wHits
				eSeen += wSeen
				wLoss, wHits, wSeen = 0, 0, 0
			}
		}
		st := EpochStats{Epoch: epoch + 1, Loss: eLoss / float64(eSeen), TrainAcc: float64(eHits) / float64(eSeen), TestAcc: math.NaN(), Elapsed: time.Since(start)}
		if opt.Test != nil {
			acc, err := net.Accuracy(opt.Test, opt.Threads)
			if err != nil {
				return nil, stats, err
			}
			st.TestAcc = acc
		}
		fmt.Fprintf(logw, "epoch %d done: loss %.4f  train acc %.4f  test acc %.4f  elapsed %s\n",
			st.Epoch, st.Loss, st.TrainAcc, st.TestAcc, st.Elapsed.Round(time.Second))
		stats = append(stats, st)
		if opt.OnEpoch != nil {
			if err := opt.OnEpoch(net, st); err != nil {
				return nil, stats, fmt.Errorf("cnn: after epoch %d: %w", st.Epoch, err)
			}
		}
		lr *= opt.Decay
	}
	return net, stats, nil
}

// countHits counts rows whose largest logit is at the label.
func countHits(logits []float32, labels []uint8, n, k int) int {
	hits := 0
	for r := range n {
		if argmax(logits[r*k:(r+1)*k]) == int(labels[r]) {
			hits++
		}
	}
	return hits
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
