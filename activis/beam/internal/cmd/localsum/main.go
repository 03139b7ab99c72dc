// Command localsum is the single-machine baseline of bench-beam: the
// summary of the same shards as activis-beam, computed in this process
// with the core library alone (per shard: the instances, the subset
// expressions, one activis.Aggregate pass per layer and the sample, via
// activis.SummarizeSpec; the shards' summaries merged), for the same plan.
// With -make it writes the synthetic shards first.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/activis-go/activis/activis"
	activisbeam "github.com/activis-go/activis/activis/beam"
	"github.com/activis-go/activis/activis/beam/internal/shardgen"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
)

type subsets []string

func (s *subsets) String() string     { return fmt.Sprint(*s) }
func (s *subsets) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var cfg activisbeam.Config
	var subs subsets
	mk := flag.String("make", "", "write synthetic shards into this folder first (rows,dim,shards from -rows -dim -shards)")
	rows := flag.Int("rows", 1000000, "instances in all (with -make)")
	dim := flag.Int("dim", 512, "neurons (with -make)")
	shards := flag.Int("shards", 20, "shards (with -make)")
	flag.StringVar(&cfg.Input, "input", "", "activation glob")
	flag.StringVar(&cfg.Instances, "instances", "", "instances glob")
	flag.Var(&subs, "subset", "name=expression (repeatable)")
	flag.IntVar(&cfg.SamplePerClass, "per_class", 500, "sample per class")
	flag.StringVar(&cfg.Out, "out", "", "summary to write (optional)")
	flag.Parse()
	if *mk != "" {
		start := time.Now()
		in, inst, err := shardgen.Write(*mk, shardgen.Options{Shards: *shards, Rows: *rows / *shards, Dim: *dim, Seed: 1})
		if err != nil {
			fail(err)
		}
		fmt.Printf("localsum: wrote %d shards of %d × %d float32 in %v: %s %s\n", *shards, *rows / *shards, *dim, time.Since(start).Round(time.Millisecond), in, inst)
		return
	}
	cfg.Subsets = subs
	ctx := context.Background()
	start := time.Now()
	plan, err := activisbeam.MakePlan(ctx, cfg)
	if err != nil {
		fail(err)
	}
	total := activis.NewSummary(plan.Spec)
	for _, sh := range plan.Shards {
		in, err := activis.LoadInstancesWith(sh.Instances, plan.Options)
		if err != nil {
			fail(err)
		}
		acts := map[string]*activis.Activations{}
		for layer, f := range sh.Layers {
			if acts[layer], err = activis.LoadActivations(f); err != nil {
				fail(err)
			}
		}
		run, err := activis.NewRun(in, acts)
		if err != nil {
			fail(err)
		}
		s, err := activis.SummarizeSpec(ctx, run, plan.Spec, nil)
		if err != nil {
			fail(err)
		}
		if err := total.Merge(s); err != nil {
			fail(err)
		}
		run.Close()
	}
	if cfg.Out != "" {
		if err := total.Save(cfg.Out); err != nil {
			fail(err)
		}
	}
	fmt.Printf("localsum: %v in %v\n", total, time.Since(start).Round(time.Millisecond))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "localsum:", err)
	os.Exit(1)
}
