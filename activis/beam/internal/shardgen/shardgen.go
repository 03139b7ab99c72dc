// Package shardgen writes synthetic sharded activation data sets for the
// tests and benchmarks of activisbeam: per shard one float32 .npy file per
// layer (LAYER-NNNNN.npy) and instances-NNNNN.csv (id, label, predicted,
// score per class, a numeric attribute x and a categorical attribute
// kind). Values are class-dependent Gaussian activations, ReLU'd for
// about half the neurons so that "active" fractions vary.
package shardgen

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/activis-go/activis/activis"
)

// Classes are the synthetic data's class names.
var Classes = []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}

// Options sizes a data set.
type Options struct {
	Shards, Rows, Dim int // Rows per shard
	Layer             string
	Seed              uint64
}

// Write writes the data set into dir and returns the activation and
// instance globs.
func Write(dir string, o Options) (input, instances string, err error) {
	if o.Layer == "" {
		o.Layer = "fc"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	// Shards are written in parallel, one per core.
	errs := make([]error, o.Shards)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for s := 0; s < o.Shards; s++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(s int) {
			defer wg.Done()
			errs[s] = writeShard(dir, s, o)
			<-sem
		}(s)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", "", err
	}
	return filepath.Join(dir, o.Layer+"-*.npy"), filepath.Join(dir, "instances-*.csv"), nil
}

func writeShard(dir string, s int, o Options) error {
	rng := rand.New(rand.NewPCG(o.Seed, uint64(s)+1))
	w, err := activis.CreateNPY(filepath.Join(dir, fmt.Sprintf("%s-%05d.npy", o.Layer, s)), o.Rows, o.Dim)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("instances-%05d.csv", s)))
	if err != nil {
		w.Close()
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("id,label,predicted")
	for _, c := range Classes {
		bw.WriteString(",score_" + c)
	}
	bw.WriteString(",x,kind\n")
	const block = 4096
	buf := make([]float32, 0, block*o.Dim)
	for i := 0; i < o.Rows; i++ {
		label := rng.IntN(len(Classes))
		if rng.IntN(50) == 0 {
			label = 9 // a rarer mix: c9 is more frequent, c0 rarer
		} else if label == 0 && rng.IntN(4) > 0 {
			label = 1
		}
		pred := label
		if rng.IntN(5) == 0 {
			pred = rng.IntN(len(Classes))
		}
		bw.WriteString("s" + strconv.Itoa(s) + "-" + strconv.Itoa(i) + "," + Classes[label] + "," + Classes[pred])
		for c := range Classes {
			sc := 0.02
			if c == pred {
				sc = 0.82
			}
			bw.WriteString("," + strconv.FormatFloat(sc, 'g', -1, 64))
		}
		bw.WriteString("," + strconv.FormatFloat(math.Round(rng.NormFloat64()*1000)/1000, 'g', -1, 64) + "," + []string{"a", "b", "c"}[rng.IntN(3)] + "\n")
		for j := 0; j < o.Dim; j++ {
			v := float32(rng.NormFloat64()) + float32((label*7+j)%11)*0.3 - 1
			if j%2 == 1 && v < 0 {
				v = 0
			}
			buf = append(buf, v)
		}
		if len(buf) == cap(buf) || i == o.Rows-1 {
			if err := w.WriteRows(buf); err != nil {
				w.Close()
				f.Close()
				return err
			}
			buf = buf[:0]
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		w.Close()
		return err
	}
	if err := f.Close(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
