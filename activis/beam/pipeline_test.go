package activisbeam

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/beam/internal/shardgen"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

// The equivalence test's size: make test-beam runs 1e6 × 512 in 20
// shards; plain go test a smaller set.
var (
	eqShards = flag.Int("beam.shards", 20, "shards of the equivalence test")
	eqRows   = flag.Int("beam.rows", 200000, "instances of the equivalence test (all shards)")
	eqDim    = flag.Int("beam.dim", 64, "neurons of the equivalence test")
	eqDir    = flag.String("beam.dir", "", "folder for the equivalence test's shards (default: a temporary one); reused when it holds them")
)

// TestMain runs the tests in a network namespace of their own: prism's job
// server listens on every interface, and tests may only serve on loopback.
// (As root, with unshare from util-linux and ip from iproute2.)
func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv("ACTIVIS_BEAM_NETNS") == "" && !privateNet() {
		unshare, err1 := exec.LookPath("unshare")
		ip, err2 := exec.LookPath("ip")
		if err1 != nil || err2 != nil {
			fmt.Fprintln(os.Stderr, "activisbeam tests need unshare (util-linux) and ip (iproute2) to run prism in a private network namespace")
			os.Exit(1)
		}
		script := `"$1" link set lo up && shift && exec "$@"`
		args := append([]string{"--net", "sh", "-c", script, "sh", ip, os.Args[0]}, os.Args[1:]...)
		cmd := exec.Command(unshare, args...)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		cmd.Env = append(os.Environ(), "ACTIVIS_BEAM_NETNS=1")
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				os.Exit(ee.ExitCode())
			}
			fmt.Fprintln(os.Stderr, "unshare:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if !privateNet() {
		fmt.Fprintln(os.Stderr, "activisbeam tests: not in a private network namespace")
		os.Exit(1)
	}
	flag.Set("runner", "prism")
	beam.Init()
	QuietLogs(os.Stderr) // after Init, which sets Beam's own handler
	os.Exit(m.Run())
}

// privateNet reports whether loopback is the only network interface.
func privateNet() bool {
	ifs, err := net.Interfaces()
	if err != nil {
		return false
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback == 0 {
			return false
		}
	}
	return true
}

var testSubsets = []string{
	`bright=x > 0.5 && kind != "c"`,
	`c3 wrong=label == "c3" && !correct`,
	`fc3 high=act("fc", 3) > 1.5`,
}

// reference aggregates the shards the documented single-machine way: per
// shard, Subset.Members and activis.Aggregate, accumulators merged.
func reference(t *testing.T, plan *Plan) *activis.Accumulator {
	t.Helper()
	var total *activis.Accumulator
	subs := plan.Spec.Subsets()
	for _, sh := range plan.Shards {
		in, err := activis.LoadInstancesWith(sh.Instances, plan.Options)
		if err != nil {
			t.Fatal(err)
		}
		a, err := activis.LoadActivations(sh.Layers["fc"])
		if err != nil {
			t.Fatal(err)
		}
		run, err := activis.NewRun(in, map[string]*activis.Activations{"fc": a})
		if err != nil {
			t.Fatal(err)
		}
		var groups []*activis.IndexSet
		for _, s := range subs {
			m, err := s.Members(run)
			if err != nil {
				t.Fatal(err)
			}
			groups = append(groups, m)
		}
		acc, err := activis.Aggregate(context.Background(), a, groups, activis.AggregateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if total == nil {
			total = acc
		} else if err := total.Merge(acc); err != nil {
			t.Fatal(err)
		}
		a.Close()
	}
	return total
}

func relClose(a, b float32, tol float64) bool {
	if math.IsNaN(float64(a)) || math.IsNaN(float64(b)) {
		return math.IsNaN(float64(a)) && math.IsNaN(float64(b))
	}
	return math.Abs(float64(a)-float64(b)) <= tol*math.Max(math.Abs(float64(b)), 1e-3)
}

// TestPipelineMatchesAggregate: the pipeline on prism gives the statistics
// of activis.Aggregate (counts exact; mean, std, min, max, active within
// 1e-5 relative) and the stratified sample asked for.
func TestPipelineMatchesAggregate(t *testing.T) {
	dir := *eqDir
	if dir == "" {
		dir = t.TempDir()
	}
	per := *eqRows / *eqShards
	o := shardgen.Options{Shards: *eqShards, Rows: per, Dim: *eqDim, Seed: 5}
	input, instances := filepath.Join(dir, "fc-*.npy"), filepath.Join(dir, "instances-*.csv")
	if files, _ := filepath.Glob(input); len(files) != o.Shards || !sizeOK(files[0], per, o.Dim) {
		start := time.Now()
		var err error
		if input, instances, err = shardgen.Write(dir, o); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d shards of %d × %d in %v", o.Shards, per, o.Dim, time.Since(start))
	}
	out := filepath.Join(t.TempDir(), "summary.npz")
	cfg := Config{Input: input, Instances: instances, Subsets: testSubsets, SamplePerClass: 100, Seed: 3, Out: out}
	start := time.Now()
	plan, counters, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prism: %d instances × %d neurons in %d shards, %d work items: %v; counters %v",
		per*o.Shards, o.Dim, o.Shards, len(plan.Tasks), time.Since(start), counters)
	if counters["instances"] != int64(per*o.Shards) || counters["ranges"] != int64(len(plan.Tasks)) {
		t.Errorf("counters %v", counters)
	}
	s, err := activis.LoadSummary(out)
	if err != nil {
		t.Fatal(err)
	}
	if s.Instances() != per*o.Shards {
		t.Fatalf("summary of %d instances", s.Instances())
	}
	start = time.Now()
	ref := reference(t, plan)
	t.Logf("reference Aggregate: %v", time.Since(start))
	got := s.Stats["fc"]
	for k, row := range s.Rows {
		g, w := got.Row(k), ref.Row(k)
		if g.Count != w.Count {
			t.Fatalf("row %q: count %d, want %d", row.Name, g.Count, w.Count)
		}
		for j := range w.Mean {
			for _, c := range []struct {
				name string
				g, w float32
			}{{"mean", g.Mean[j], w.Mean[j]}, {"std", g.Std[j], w.Std[j]}, {"min", g.Min[j], w.Min[j]},
				{"max", g.Max[j], w.Max[j]}, {"active", g.Active[j], w.Active[j]}} {
				if !relClose(c.g, c.w, 1e-5) {
					t.Fatalf("row %q neuron %d: %s %v, want %v", row.Name, j, c.name, c.g, c.w)
				}
			}
		}
	}
	all := got.Row(len(s.Rows))
	if all.Count != per*o.Shards {
		t.Errorf("all-instances row: %d", all.Count)
	}
	checkSample(t, s, plan)
}

func sizeOK(file string, rows, dim int) bool {
	st, err := os.Stat(file)
	return err == nil && st.Size() >= int64(rows*dim*4) && st.Size() < int64(rows*dim*4+4096)
}

// checkSample: every class keeps min(count, SamplePerClass) instances,
// exactly the ones with the smallest keys, with their activations.
func checkSample(t *testing.T, s *activis.Summary, plan *Plan) {
	t.Helper()
	type ref struct {
		key   uint64
		id    string
		shard int
		row   int
	}
	strata := make([][]ref, len(s.Classes)+1)
	for k, sh := range plan.Shards {
		in, err := activis.LoadInstancesWith(sh.Instances, plan.Options)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range in.IDs {
			l := in.Labels[i]
			if l < 0 {
				l = len(s.Classes)
			}
			strata[l] = append(strata[l], ref{activis.SampleKey(s.Seed, id), id, k, i})
		}
	}
	for c, st := range strata {
		slices.SortFunc(st, func(a, b ref) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return strings.Compare(a.id, b.id)
		})
		want := st[:min(len(st), s.SamplePerClass)]
		got := s.Sample.Strata[c]
		if len(got) != len(want) {
			t.Fatalf("stratum %d: %d sampled, want %d of %d", c, len(got), len(want), len(st))
		}
		for j, w := range want {
			if got[j].ID != w.id {
				t.Fatalf("stratum %d item %d: %s, want %s", c, j, got[j].ID, w.id)
			}
		}
		// Spot-check activations of the first item against its file.
		if len(want) > 0 {
			a, err := activis.LoadActivations(plan.Shards[want[0].shard].Layers["fc"])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got[0].Acts[0], a.Row(want[0].row)) {
				t.Errorf("stratum %d: activations of %s differ from the file", c, want[0].id)
			}
			a.Close()
		}
	}
}

// TestBadShards: a bad shard fails the run with its name, and no summary
// is written.
func TestBadShards(t *testing.T) {
	write := func(t *testing.T) (string, Config) {
		dir := t.TempDir()
		input, instances, err := shardgen.Write(dir, shardgen.Options{Shards: 3, Rows: 500, Dim: 8, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return dir, Config{Input: input, Instances: instances, Out: filepath.Join(dir, "out", "summary.npz"), RangeRows: 200}
	}
	cases := []struct {
		name  string
		spoil func(dir string) string // returns the file the error must name
	}{
		{"wrong dims", func(dir string) string {
			p := filepath.Join(dir, "fc-00001.npy")
			w, _ := activis.CreateNPY(p, 500, 9)
			w.WriteRows(make([]float32, 500*9))
			w.Close()
			return p
		}},
		{"row count mismatch", func(dir string) string {
			p := filepath.Join(dir, "instances-00002.csv")
			b, _ := os.ReadFile(p)
			lines := strings.SplitAfter(string(b), "\n")
			os.WriteFile(p, []byte(strings.Join(lines[:len(lines)-2], "")), 0o644)
			return p
		}},
		{"corrupt header", func(dir string) string {
			p := filepath.Join(dir, "fc-00000.npy")
			f, _ := os.OpenFile(p, os.O_WRONLY, 0)
			f.WriteAt([]byte("garbage!"), 0)
			f.Close()
			return p
		}},
		{"rows differ from the header", func(dir string) string {
			p := filepath.Join(dir, "fc-00002.npy")
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-4*8*10)
			return p
		}},
		{"missing layer file", func(dir string) string {
			os.Remove(filepath.Join(dir, "fc-00001.npy"))
			return "instances-00001.csv"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, cfg := write(t)
			os.MkdirAll(filepath.Join(dir, "out"), 0o755)
			file := c.spoil(dir)
			_, _, err := Run(context.Background(), cfg)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := Cause(err); !strings.Contains(msg, filepath.Base(file)) || strings.Contains(msg, "\n") {
				t.Errorf("cause %q does not name %s on one line", msg, filepath.Base(file))
			}
			if !strings.Contains(err.Error(), filepath.Base(file)) {
				t.Errorf("error does not name %s: %v", filepath.Base(file), err)
			}
			if left, _ := os.ReadDir(filepath.Join(dir, "out")); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
	t.Run("bad subset", func(t *testing.T) {
		_, cfg := write(t)
		cfg.Subsets = []string{`oops=label == "c42"`}
		if _, _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "c42") {
			t.Errorf("error: %v", err)
		}
	})
}

// TestRemoteShards reads shards from a Beam file system other than the
// local disk (memfs, standing in for gs://) and checks the result against
// the same shards read locally, and that the workers remove their local
// copies (runners do not always call Teardown).
func TestRemoteShards(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir() // the workers' local copies go here, and go away
	t.Setenv("TMPDIR", tmp)
	input, instances, err := shardgen.Write(dir, shardgen.Options{Shards: 2, Rows: 700, Dim: 6, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fs, err := filesystem.New(ctx, "memfs://x")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if err := filesystem.Write(ctx, fs, "memfs://data/"+filepath.Base(f), b); err != nil {
			t.Fatal(err)
		}
	}
	local := filepath.Join(dir, "local.npz")
	cfg := Config{Input: input, Instances: instances, Subsets: testSubsets[:1], SamplePerClass: 20, Out: local, RangeRows: 300}
	if _, _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Input, cfg.Instances, cfg.Out = "memfs://data/fc-*.npy", "memfs://data/instances-*.csv", "memfs://data/summary.npz"
	if _, _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	b, err := filesystem.Read(ctx, fs, "memfs://data/summary.npz")
	if err != nil {
		t.Fatal(err)
	}
	var got activis.Summary
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	want, err := activis.LoadSummary(local)
	if err != nil {
		t.Fatal(err)
	}
	if got.Instances() != 1400 || !slices.Equal(got.Stats["fc"].Row(0).Mean, want.Stats["fc"].Row(0).Mean) ||
		got.Sample.Len() != want.Sample.Len() {
		t.Errorf("remote summary differs: %v vs %v", &got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "activis-beam-*")); len(left) > 0 {
		t.Errorf("local copies left behind: %v", left)
	}
}

// TestSummaryEqualsLocalSummarize: the pipeline's summary is the one
// activis.Summarize makes of the same data in one run (statistics within
// rounding, sample identical).
func TestSummaryEqualsLocalSummarize(t *testing.T) {
	dir := t.TempDir()
	o := shardgen.Options{Shards: 3, Rows: 900, Dim: 8, Seed: 2}
	input, instances, err := shardgen.Write(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "s.npz")
	plan, _, err := Run(context.Background(), Config{Input: input, Instances: instances, Subsets: testSubsets, SamplePerClass: 30, Seed: 8, Out: out, RangeRows: 256})
	if err != nil {
		t.Fatal(err)
	}
	got, err := activis.LoadSummary(out)
	if err != nil {
		t.Fatal(err)
	}
	// One run of all shards: concatenate the CSVs and .npy rows.
	var csv []string
	var data []float32
	for k, sh := range plan.Shards {
		b, _ := os.ReadFile(sh.Instances)
		lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
		if k > 0 {
			lines = lines[1:]
		}
		csv = append(csv, strings.TrimSuffix(strings.Join(lines, ""), "\n")+"\n")
		a, _ := activis.LoadActivations(sh.Layers["fc"])
		rows, _ := a.Rows(0, a.Len(), nil)
		data = append(data, rows...)
		a.Close()
	}
	all := filepath.Join(dir, "all.csv")
	os.WriteFile(all, []byte(strings.Join(csv, "")), 0o644)
	in, err := activis.LoadInstancesWith(all, plan.Options)
	if err != nil {
		t.Fatal(err)
	}
	run, err := activis.NewRun(in, map[string]*activis.Activations{"fc": activis.NewActivations(data, in.Len(), o.Dim)})
	if err != nil {
		t.Fatal(err)
	}
	var subs []*activis.Subset
	for _, s := range testSubsets {
		sub, _ := ParseSubset(s)
		subs = append(subs, sub)
	}
	want, err := activis.Summarize(context.Background(), run, activis.SummaryOptions{Subsets: subs, SamplePerClass: 30, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Compatible(&want.SummarySpec); err != nil {
		t.Fatal(err)
	}
	for k := range want.Rows {
		g, w := got.Stats["fc"].Row(k), want.Stats["fc"].Row(k)
		if g.Count != w.Count || !slices.EqualFunc(g.Mean, w.Mean, func(a, b float32) bool { return relClose(a, b, 1e-6) }) {
			t.Fatalf("row %d: %+v vs %+v", k, g.Count, w.Count)
		}
	}
	gi, wi := got.Sample.Items(), want.Sample.Items()
	if len(gi) != len(wi) {
		t.Fatalf("sample %d vs %d", len(gi), len(wi))
	}
	for k := range gi {
		if gi[k].ID != wi[k].ID || !slices.Equal(gi[k].Acts[0], wi[k].Acts[0]) || gi[k].Num[0] != wi[k].Num[0] || gi[k].Str[0] != wi[k].Str[0] {
			t.Fatalf("sample item %d: %s vs %s", k, gi[k].ID, wi[k].ID)
		}
	}
	// And it opens in the explorer.
	ex, err := activis.NewExplorerFromSummary(nil, got)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ex.Stats("fc")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Rows) != len(shardgen.Classes)+len(testSubsets) {
		t.Errorf("explorer rows: %d", len(st.Rows))
	}
}
