// Command activis-beam computes an ActiVis summary (activis.Summary) of
// sharded activations with Apache Beam, on prism (in-process), Dataflow,
// Flink or Spark, and writes one summary file that
// activis.LoadSummary and activis.NewExplorerFromSummary open.
//
//	activis-beam --input 'shards/*.npy' --instances 'shards/instances-*.csv' \
//	  --subset 'misclassified shirts=label == "Shirt" && !correct' \
//	  --sample 10000 --out summary.npz --runner prism
//
// See the package documentation of activisbeam for the shard layout and
// the runners' flags; --help lists every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/activis-go/activis/activis"
	activisbeam "github.com/activis-go/activis/activis/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
)

// subsetFlags collects repeated --subset flags.
type subsetFlags []string

func (s *subsetFlags) String() string     { return strings.Join(*s, "; ") }
func (s *subsetFlags) Set(v string) error { *s = append(*s, v); return nil }

// ours lists this command's flags, shown first by --help.
var ours = map[string]bool{"input": true, "instances": true, "subset": true, "sample": true, "seed": true,
	"classes": true, "range_rows": true, "out": true, "verbose": true}

func main() {
	var (
		cfg     activisbeam.Config
		subsets subsetFlags
		sample  = flag.Int("sample", 5000, "instances to sample in all, split equally over the classes (and the unknown-label instances): ceil(N / classes) per class")
		classes = flag.String("classes", "", "comma-separated class names in the model's output order (default: from the first instances shard)")
		seed    = flag.Uint64("seed", 0, "seed of the sample's keys (same seed and ids: same sample however the data is sharded)")
		verbose = flag.Bool("verbose", false, "show every log line of the runner (default: progress, warnings and errors)")
	)
	flag.StringVar(&cfg.Input, "input", "", "glob of activation shards: LAYER-NNNN.npy, NNNN/LAYER.npy or NNNN.npz (local disk, gs://)")
	flag.StringVar(&cfg.Instances, "instances", "", "glob of instance metadata shards: instances-NNNN.csv/.jsonl (paired by NNNN or by folder)")
	flag.Var(&subsets, "subset", "a subset row as 'name=expression' in the activis subset expression language (repeatable)")
	flag.IntVar(&cfg.RangeRows, "range_rows", activisbeam.DefaultRangeRows, "rows per work item (bounds a worker's memory for remote shards)")
	flag.StringVar(&cfg.Out, "out", "summary.npz", "summary file to write (local path or gs://)")
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "activis-beam: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	if f := flag.Lookup("runner"); f != nil && f.Value.String() == "" {
		f.Value.Set("prism")
	}
	beam.Init()
	if !*verbose { // after Init, which sets Beam's own handler
		activisbeam.QuietLogs(os.Stderr)
	}
	cfg.Subsets = subsets
	cfg.Seed = *seed
	if *classes != "" {
		cfg.Classes = strings.Split(*classes, ",")
	}
	ctx := context.Background()
	start := time.Now()
	// The per-class sample size needs the number of classes: plan once to
	// learn it (the plan checks every shard's header and fails early).
	plan, err := activisbeam.MakePlan(ctx, cfg)
	if err != nil {
		fail(err)
	}
	strata := len(plan.Spec.Classes) + 1
	cfg.SamplePerClass = max(int(math.Ceil(float64(*sample)/float64(strata))), 1)
	plan.Spec.SamplePerClass = cfg.SamplePerClass
	rows := 0
	for _, s := range plan.Shards {
		rows += s.Rows
	}
	fmt.Fprintf(os.Stderr, "activis-beam: %d shards, %d instances, layers %v, %d rows (+ every instance), %d work items, sample %d per class; runner %s\n",
		len(plan.Shards), rows, plan.Spec.Layers, len(plan.Spec.Rows), len(plan.Tasks), cfg.SamplePerClass, flag.Lookup("runner").Value)
	counters, err := activisbeam.RunPlan(ctx, plan, cfg.Out)
	if err != nil {
		fail(err)
	}
	names := make([]string, 0, len(counters))
	for n := range counters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "activis-beam: counter activis/%s = %d\n", n, counters[n])
	}
	s, err := activis.LoadSummary(cfg.Out)
	if err == nil {
		fmt.Fprintf(os.Stderr, "activis-beam: wrote %s in %v: %v\n", cfg.Out, time.Since(start).Round(time.Millisecond), s)
	} else {
		// A remote output is not re-read here.
		fmt.Fprintf(os.Stderr, "activis-beam: wrote %s in %v\n", cfg.Out, time.Since(start).Round(time.Millisecond))
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "activis-beam: %s\n", activisbeam.Cause(err))
	var ee interface{ ExitCode() int }
	if errors.As(err, &ee) {
		os.Exit(ee.ExitCode())
	}
	os.Exit(1)
}

func usage() {
	w := flag.CommandLine.Output()
	fmt.Fprint(w, `activis-beam computes an ActiVis summary of sharded activations with Apache Beam.

Usage:
  activis-beam --input 'shards/*.npy' --instances 'shards/instances-*.csv' \
    [--subset 'name=expression' ...] [--sample 10000] [--out summary.npz] \
    [--runner prism|dataflow|flink|spark] [Beam runner flags]

The summary holds, per layer, the statistics of every class, predicted
class, correct and misclassified instances and of each --subset (count and
per-neuron mean, std, min, max, fraction active), a class-stratified sample
of instances with their activations, and the run's metadata. Open it in Go
with activis.LoadSummary and activis.NewExplorerFromSummary. A bad shard
(unreadable header, wrong neurons, row counts that differ) fails the run
with the file's name and no summary is written.

Flags:
`)
	printFlags(w, func(name string) bool { return ours[name] })
	fmt.Fprint(w, `
Beam's flags (runner selection and the runners' options). The ones that
matter most:
  --runner prism (default: in-process, no Docker/Java), dataflow, flink, spark
  Dataflow: --project, --region, --staging_location gs://B/staging,
            --temp_location gs://B/tmp, --worker_harness_container_image
            (apache/beam_go_sdk:2.77.0), --num_workers, --max_num_workers,
            --worker_machine_type
  Flink/Spark: --endpoint host:port of the runner's Beam job server,
            --environment_type DOCKER|EXTERNAL|LOOPBACK, --environment_config
All of Beam's flags:
`)
	printFlags(w, func(name string) bool { return !ours[name] })
}

func printFlags(w io.Writer, keep func(string) bool) {
	flag.VisitAll(func(f *flag.Flag) {
		if !keep(f.Name) {
			return
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "[]" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s\n    \t%s%s\n", f.Name, f.Usage, def)
	})
}
