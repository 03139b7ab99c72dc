package activisbeam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/activis-go/activis/activis"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
)

// DefaultRangeRows is the number of rows one work item (Task) takes when
// Config.RangeRows is 0.
const DefaultRangeRows = 1 << 16

// Config describes one summary to compute.
type Config struct {
	// Input is a glob of activation shards: one .npy file per layer and
	// shard (fc1-00007.npy, or 00007/fc1.npy), or one .npz archive per
	// shard with a member per layer. Local disk or any Beam file system
	// (gs:// on Dataflow; .npz on local disk only).
	Input string
	// Instances is a glob of metadata shards (instances-00007.csv, or
	// 00007/instances.jsonl), paired with the activation shards by the
	// trailing -NNNN of the file name or else by folder.
	Instances string
	// Subsets are the user's subsets as "name=expression" (the core's
	// subset expression language).
	Subsets []string
	// SamplePerClass is the number of instances sampled per class (0:
	// activis.DefaultSamplePerClass).
	SamplePerClass int
	// Seed seeds the sample.
	Seed uint64
	// Classes fixes the class names and their order (nil: from the first
	// instances shard).
	Classes []string
	// RangeRows bounds the rows of one work item (0: DefaultRangeRows); a
	// worker holds about RangeRows × (neurons of all layers) × 4 bytes of
	// activations at a time for remote shards, and streams local ones.
	RangeRows int
	// Out is where the summary is written (local path or Beam file system).
	Out string
}

// Plan is what the launcher works out before the pipeline runs: the
// shards, the work items and the summary's spec.
type Plan struct {
	Shards []Shard
	Tasks  []Task
	Spec   activis.SummarySpec
	// Options are the loader options every instances shard is read with
	// (classes and attribute kinds of the first shard).
	Options activis.InstanceOptions
}

// ParseSubset splits "name=expression".
func ParseSubset(s string) (*activis.Subset, error) {
	name, expr, ok := strings.Cut(s, "=")
	name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
	if !ok || name == "" || expr == "" {
		return nil, fmt.Errorf("--subset %q: want name=expression", s)
	}
	return activis.NewSubset(name, expr), nil
}

// MakePlan matches and checks the shards (headers of every activation
// file; every layer in every shard, rows equal across a shard's layers,
// neurons equal across shards), reads the first instances shard for the
// classes and attributes, and compiles the subsets against it. Errors name
// the offending file or subset.
func MakePlan(ctx context.Context, cfg Config) (*Plan, error) {
	if cfg.Input == "" || cfg.Instances == "" {
		return nil, errors.New("need --input and --instances")
	}
	shards, err := FindShards(ctx, cfg.Input, cfg.Instances)
	if err != nil {
		return nil, err
	}
	dims, err := CheckShards(ctx, shards)
	if err != nil {
		return nil, err
	}
	var subsets []*activis.Subset
	for _, s := range cfg.Subsets {
		sub, err := ParseSubset(s)
		if err != nil {
			return nil, err
		}
		subsets = append(subsets, sub)
	}
	dir, err := os.MkdirTemp("", "activis-beam-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	p, _, err := localize(ctx, shards[0].Instances, dir)
	if err != nil {
		return nil, err
	}
	in, err := activis.LoadInstancesWith(p, activis.InstanceOptions{Classes: cfg.Classes})
	if err != nil {
		return nil, fmt.Errorf("bad shard %s: %w", shards[0].Instances, err)
	}
	// The spec needs the classes, attributes and layer sizes, not the data.
	in0, err := in.Slice(0, 0)
	if err != nil {
		return nil, err
	}
	acts := map[string]*activis.Activations{}
	for layer, d := range dims {
		acts[layer] = activis.NewActivations(nil, 0, d)
	}
	run0, err := activis.NewRun(in0, acts)
	if err != nil {
		return nil, err
	}
	spec, err := activis.NewSummarySpec(run0, activis.SummaryOptions{Subsets: subsets, SamplePerClass: cfg.SamplePerClass,
		Seed: cfg.Seed, Source: cfg.Input + " with " + cfg.Instances})
	if err != nil {
		return nil, err
	}
	opt := activis.InstanceOptions{Classes: spec.Classes}
	for _, a := range spec.Attrs {
		switch a.Kind {
		case activis.Text:
			opt.Text = append(opt.Text, a.Name)
		case activis.Categorical:
			opt.Categorical = append(opt.Categorical, a.Name)
		}
	}
	rr := cfg.RangeRows
	if rr <= 0 {
		rr = DefaultRangeRows
	}
	return &Plan{Shards: shards, Tasks: Tasks(shards, rr), Spec: spec, Options: opt}, nil
}

func init() {
	beam.RegisterType(reflect.TypeOf((*summarizeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mergeStatsFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mergeSampleFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*writeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Task)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mergeCandidatesFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*sampleFn)(nil)).Elem())
	beam.RegisterFunction(byShard)
	beam.RegisterCoder(reflect.TypeOf((*Candidates)(nil)).Elem(), encodeCands, decodeCands)
	beam.RegisterCoder(reflect.TypeOf((*Candidate)(nil)).Elem(), encodeCand, decodeCand)
	beam.RegisterCoder(reflect.TypeOf((*activis.Accumulator)(nil)), encodeAcc, decodeAcc)
	beam.RegisterCoder(reflect.TypeOf((*activis.Reservoir)(nil)), encodeRes, decodeRes)
}

// Candidates travel as JSON (uint64 keys exact); the registry needs one
// named function per type.
func encodeCands(v Candidates) ([]byte, error) { return json.Marshal(v) }
func decodeCands(b []byte) (Candidates, error) {
	var v Candidates
	err := json.Unmarshal(b, &v)
	return v, err
}
func encodeCand(v Candidate) ([]byte, error) { return json.Marshal(v) }
func decodeCand(b []byte) (Candidate, error) {
	var v Candidate
	err := json.Unmarshal(b, &v)
	return v, err
}

func encodeAcc(a *activis.Accumulator) ([]byte, error) { return a.MarshalBinary() }
func decodeAcc(b []byte) (*activis.Accumulator, error) {
	a := &activis.Accumulator{}
	return a, a.UnmarshalBinary(b)
}
func encodeRes(r *activis.Reservoir) ([]byte, error) { return r.MarshalBinary() }
func decodeRes(b []byte) (*activis.Reservoir, error) {
	r := &activis.Reservoir{}
	return r, r.UnmarshalBinary(b)
}

// Counters, in Beam's metrics and printed by the CLI.
var (
	instancesDone = beam.NewCounter("activis", "instances")
	rangesDone    = beam.NewCounter("activis", "ranges")
	bytesRead     = beam.NewCounter("activis", "activation_bytes")
)

// Build adds the pipeline to scope s: the work items, one summary per
// item (subset expressions evaluated per instance, Aggregate over the
// rows), the statistics combined per layer with beam.CombinePerKey
// (accumulator: activis.Accumulator), the sample chosen per class by key
// (each item's smallest keys, combined per class keeping the smallest:
// only keys and ids travel), the chosen instances read shard by shard into
// a mergeable reservoir (activis.Reservoir, combined per class), and one
// summary written to out.
func Build(s beam.Scope, p *Plan, out string) {
	s = s.Scope("activis")
	// One element per shard, its row ranges taken in turn (the shard's
	// instances are read once); Reshuffle spreads the shards over the
	// workers (Create alone is one bundle).
	shards := make([]int, len(p.Shards))
	for k := range shards {
		shards[k] = k
	}
	elems := beam.Reshuffle(s, beam.CreateList(s, shards))
	stats, cands := beam.ParDo2(s, &summarizeFn{Shards: p.Shards, Tasks: p.Tasks, Spec: p.Spec, Options: p.Options}, elems)
	layerStats := beam.CombinePerKey(s.Scope("stats"), &mergeStatsFn{}, stats)
	chosen := beam.CombinePerKey(s.Scope("choose sample"), &mergeCandidatesFn{K: p.Spec.SamplePerClass}, cands)
	perShard := beam.GroupByKey(s.Scope("sample by shard"), beam.ParDo(s, byShard, chosen))
	items := beam.ParDo(s.Scope("read sample"), &sampleFn{Shards: p.Shards, Spec: p.Spec, Options: p.Options}, perShard)
	classSample := beam.CombinePerKey(s.Scope("sample"), &mergeSampleFn{}, items)
	beam.ParDo0(s.Scope("write"), &writeFn{Spec: p.Spec, Out: out}, beam.Impulse(s),
		beam.SideInput{Input: layerStats}, beam.SideInput{Input: classSample})
}

// Candidate is an instance that may be in the sample: its key and where it
// is.
type Candidate struct {
	Key        uint64
	ID         string
	Shard, Row int
}

// Candidates are a class's candidates in ascending (key, id) order.
type Candidates struct{ Items []Candidate }

func lessCand(a, b *Candidate) bool {
	if a.Key != b.Key {
		return a.Key < b.Key
	}
	return a.ID < b.ID
}

// mergeCandidatesFn keeps a class's K smallest keys.
type mergeCandidatesFn struct{ K int }

func (f *mergeCandidatesFn) MergeAccumulators(a, b Candidates) Candidates {
	out := make([]Candidate, 0, min(len(a.Items)+len(b.Items), f.K))
	i, j := 0, 0
	for len(out) < f.K && (i < len(a.Items) || j < len(b.Items)) {
		switch {
		case j == len(b.Items) || (i < len(a.Items) && lessCand(&a.Items[i], &b.Items[j])):
			out = append(out, a.Items[i])
			i++
		case i == len(a.Items) || lessCand(&b.Items[j], &a.Items[i]):
			out = append(out, b.Items[j])
			j++
		default:
			out = append(out, a.Items[i])
			i, j = i+1, j+1
		}
	}
	return Candidates{Items: out}
}

// byShard re-keys the chosen candidates by shard.
func byShard(_ int, c Candidates, emit func(int, Candidate)) {
	for _, x := range c.Items {
		emit(x.Shard, x)
	}
}

// sampleFn reads one shard's chosen instances (metadata and activations
// at every layer) into reservoirs, one per class.
type sampleFn struct {
	Shards  []Shard
	Spec    activis.SummarySpec
	Options activis.InstanceOptions

	r *summarizeFn
}

func (f *sampleFn) Setup() error {
	f.r = &summarizeFn{Shards: f.Shards, Spec: f.Spec, Options: f.Options}
	return f.r.Setup()
}

func (f *sampleFn) Teardown() error { return f.r.Teardown() }

func (f *sampleFn) ProcessElement(ctx context.Context, shard int, cands func(*Candidate) bool, emit func(int, *activis.Reservoir)) error {
	workSlots <- struct{}{}
	defer func() { <-workSlots }()
	defer f.r.Teardown() // the shard's local copies, after its files are closed (see summarizeFn.Teardown)
	sh := &f.Shards[shard]
	in, err := f.r.instances(ctx, sh)
	if err != nil {
		return fmt.Errorf("%s%w", causePrefix, err)
	}
	acts := map[string]*activis.Activations{}
	defer func() {
		for _, a := range acts {
			a.Close()
		}
	}()
	for _, l := range f.Spec.Layers {
		if acts[l.Name], err = f.r.open(ctx, sh, l.Name); err != nil {
			return fmt.Errorf("%s%w", causePrefix, err)
		}
	}
	run, err := activis.NewRun(in, acts)
	if err != nil {
		return fmt.Errorf("%sshard %s: %w", causePrefix, sh.Instances, err)
	}
	// The chosen rows are read in file order, and the pages behind each
	// are dropped from the mapping: scattered reads fault in whole runs of
	// pages around each row, and a shard would otherwise end up resident
	// (measured: 600 MB more peak RSS on 512 MB shards, 2 workers).
	var rows []Candidate
	var c Candidate
	for cands(&c) {
		rows = append(rows, c)
	}
	slices.SortFunc(rows, func(a, b Candidate) int { return a.Row - b.Row })
	res := activis.NewReservoir(len(f.Spec.Classes), f.Spec.SamplePerClass)
	behind := 0
	for _, c := range rows {
		if c.Row < 0 || c.Row >= in.Len() || in.IDs[c.Row] != c.ID {
			return fmt.Errorf("%sshard %s: instance %q is no longer at row %d (the file changed while the pipeline ran?)", causePrefix, sh.Instances, c.ID, c.Row)
		}
		it, err := activis.SampleItemOf(run, &f.Spec, c.Row)
		if err != nil {
			return fmt.Errorf("%sshard %s: %w", causePrefix, sh.Instances, err)
		}
		res.Add(it)
		for _, a := range acts {
			a.Release(behind, c.Row+1)
		}
		behind = c.Row + 1
	}
	for k, st := range res.Strata {
		if len(st) > 0 {
			one := activis.NewReservoir(len(f.Spec.Classes), f.Spec.SamplePerClass)
			one.Strata[k] = st
			emit(k, one)
		}
	}
	return nil
}

// The worker process's limits: at most GOMAXPROCS work items at once
// (each aggregates on every core anyway), so that a worker's memory is
// bounded by a few ranges whatever the number of bundles the runner
// schedules; and the instances of the last few shards, shared by the
// bundles reading their ranges.
var (
	workSlots = make(chan struct{}, runtime.GOMAXPROCS(0))
	metaCache = &instanceCache{max: runtime.GOMAXPROCS(0) + 1}
)

// instanceCache keeps the instances of the most recently used shards.
type instanceCache struct {
	mu    sync.Mutex
	max   int
	order []string
	m     map[string]*activis.Instances
}

func (c *instanceCache) get(path string) *activis.Instances {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[path]
}

func (c *instanceCache) put(path string, in *activis.Instances) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*activis.Instances{}
	}
	if _, ok := c.m[path]; ok {
		return
	}
	c.m[path] = in
	c.order = append(c.order, path)
	for len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// summarizeFn summarizes one range of rows of one shard.
type summarizeFn struct {
	Shards  []Shard
	Tasks   []Task
	Spec    activis.SummarySpec
	Options activis.InstanceOptions

	mu   sync.Mutex
	dir  string
	temp map[string]string // remote file -> local copy
}

func (f *summarizeFn) Setup() error {
	f.temp = map[string]string{}
	return nil
}

// Teardown removes the local copies, as release does: runners do not
// always call it (prism left one directory per worker in TMPDIR), so
// ProcessElement releases them itself.
func (f *summarizeFn) Teardown() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.release()
}

// release removes the directory of local copies, made on the first copy
// (local); f.mu is held.
func (f *summarizeFn) release() error {
	if f.dir == "" {
		return nil
	}
	err := os.RemoveAll(f.dir)
	f.dir, f.temp = "", map[string]string{}
	return err
}

// local returns a local path for a shard file, copying a remote one once
// (the copy of the previous remote file is removed: one shard's files at a
// time on the worker's disk).
func (f *summarizeFn) local(ctx context.Context, p string) (string, error) {
	if !remote(p) {
		return strings.TrimPrefix(p, "file://"), nil
	}
	if l, ok := f.temp[p]; ok {
		return l, nil
	}
	if f.dir == "" {
		d, err := os.MkdirTemp("", "activis-beam-")
		if err != nil {
			return "", err
		}
		f.dir = d
	}
	l, _, err := localize(ctx, p, f.dir)
	if err != nil {
		return "", err
	}
	f.temp[p] = l
	return l, nil
}

func (f *summarizeFn) instances(ctx context.Context, sh *Shard) (*activis.Instances, error) {
	if in := metaCache.get(sh.Instances); in != nil {
		return in, nil
	}
	p, err := f.local(ctx, sh.Instances)
	if err != nil {
		return nil, fmt.Errorf("bad shard %s: %w", sh.Instances, err)
	}
	in, err := activis.LoadInstancesWith(p, f.Options)
	if err != nil {
		return nil, fmt.Errorf("bad shard %s: %w", sh.Instances, err)
	}
	if in.Len() != sh.Rows {
		return nil, fmt.Errorf("bad shard %s: %d instances, but the activation files of shard %q have %d rows: %w",
			sh.Instances, in.Len(), sh.Key, sh.Rows, activis.ErrShape)
	}
	in.Source = sh.Instances
	// Drop the previous shard's local copies.
	for r, l := range f.temp {
		if r != sh.Instances && !usedBy(sh, r) {
			os.Remove(l)
			delete(f.temp, r)
		}
	}
	metaCache.put(sh.Instances, in)
	return in, nil
}

func usedBy(sh *Shard, file string) bool {
	for _, f := range sh.Layers {
		if f == file {
			return true
		}
	}
	return false
}

// open opens one layer of a shard, checking its shape against the plan.
func (f *summarizeFn) open(ctx context.Context, sh *Shard, layer string) (*activis.Activations, error) {
	file := sh.Layers[layer]
	p, err := f.local(ctx, file)
	if err != nil {
		return nil, fmt.Errorf("bad shard %s: %w", file, err)
	}
	var a *activis.Activations
	if strings.EqualFold(pathExt(p), ".npz") {
		m, err := activis.LoadNPZ(p)
		if err != nil {
			return nil, fmt.Errorf("bad shard %s: %w", file, err)
		}
		for name, b := range m {
			if name == layer {
				a = b
			} else {
				b.Close()
			}
		}
	} else if a, err = activis.LoadActivations(p); err != nil {
		return nil, fmt.Errorf("bad shard %s: %w", file, err)
	}
	want := f.Spec.Layers[f.Spec.Layer(layer)].Dim
	if a == nil || a.Len() != sh.Rows || a.Dim() != want {
		if a != nil {
			a.Close()
			return nil, fmt.Errorf("bad shard %s: %d × %d, want %d × %d (the file changed since the pipeline started?): %w", file, a.Len(), a.Dim(), sh.Rows, want, activis.ErrShape)
		}
		return nil, fmt.Errorf("bad shard %s: no layer %q", file, layer)
	}
	return a, nil
}

func pathExt(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 {
		return ""
	}
	return p[i:]
}

// ProcessElement summarizes a shard, one row range after the other, and
// emits its statistics per layer and its sample candidates per class.
func (f *summarizeFn) ProcessElement(ctx context.Context, shard int, emitStats func(string, *activis.Accumulator), emitSample func(int, Candidates)) error {
	workSlots <- struct{}{}
	defer func() { <-workSlots }()
	defer func() { // the shard's local copies (see Teardown)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.release()
	}()
	stats := map[string]*activis.Accumulator{}
	strata := map[int]Candidates{}
	keep := &mergeCandidatesFn{K: f.Spec.SamplePerClass}
	var mergeErr error
	addStats := func(layer string, a *activis.Accumulator) {
		if stats[layer] == nil {
			stats[layer] = a
		} else if err := stats[layer].Merge(a); err != nil && mergeErr == nil {
			mergeErr = err
		}
	}
	addSample := func(k int, c Candidates) { strata[k] = keep.MergeAccumulators(strata[k], c) }
	for _, t := range f.Tasks {
		if t.Shard != shard {
			continue
		}
		if err := f.process(ctx, t, addStats, addSample); err != nil {
			return fmt.Errorf("%s%w", causePrefix, err)
		}
		if mergeErr != nil {
			return fmt.Errorf("%sshard %s: %w", causePrefix, f.Shards[shard].Instances, mergeErr)
		}
	}
	for _, l := range f.Spec.Layers {
		if a := stats[l.Name]; a != nil {
			emitStats(l.Name, a)
		}
	}
	for k := 0; k <= len(f.Spec.Classes); k++ {
		if c, ok := strata[k]; ok && len(c.Items) > 0 {
			emitSample(k, c)
		}
	}
	return nil
}

// causePrefix marks the pipeline's own errors inside the runner's report.
const causePrefix = "activis-beam: "

// Cause returns the pipeline's own message from a failed job's error (the
// runner wraps it in a report of the execution plan), or err's text.
func Cause(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, causePrefix); i >= 0 {
		return strings.TrimSpace(msg[i+len(causePrefix):])
	}
	return msg
}

func (f *summarizeFn) process(ctx context.Context, t Task, emitStats func(string, *activis.Accumulator), emitSample func(int, Candidates)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	start := time.Now()
	sh := &f.Shards[t.Shard]
	in, err := f.instances(ctx, sh)
	if err != nil {
		return err
	}
	part, err := in.Slice(t.Start, t.End)
	if err != nil {
		return fmt.Errorf("shard %s: %w", sh.Instances, err)
	}
	opened := make([]*activis.Activations, 0, len(f.Spec.Layers))
	defer func() {
		for _, a := range opened {
			a.Close()
		}
	}()
	var bytes int64
	ranged := map[string]*activis.Activations{}
	for _, l := range f.Spec.Layers {
		a, err := f.open(ctx, sh, l.Name)
		if err != nil {
			return err
		}
		opened = append(opened, a)
		if ranged[l.Name], err = a.Slice(t.Start, t.End); err != nil {
			return fmt.Errorf("shard %s: %w", sh.Layers[l.Name], err)
		}
		bytes += int64(t.End-t.Start) * int64(l.Dim) * 4
	}
	run, err := activis.NewRun(part, ranged)
	if err != nil {
		return fmt.Errorf("shard %s: %w", sh.Instances, err)
	}
	// Statistics only: the sample is chosen by key across all items
	// first, and only the chosen instances are read (sampleFn).
	spec := f.Spec
	spec.Sources, spec.SamplePerClass = nil, 0
	sum, err := activis.SummarizeSpec(ctx, run, spec, nil)
	if err != nil {
		return fmt.Errorf("shard %s rows [%d,%d): %w", sh.Instances, t.Start, t.End, err)
	}
	for _, l := range spec.Layers {
		emitStats(l.Name, sum.Stats[l.Name])
	}
	strata := make([][]Candidate, len(spec.Classes)+1)
	for i, id := range part.IDs {
		k := part.Labels[i]
		if k < 0 || k >= len(spec.Classes) {
			k = len(spec.Classes)
		}
		strata[k] = append(strata[k], Candidate{Key: activis.SampleKey(spec.Seed, id), ID: id, Shard: t.Shard, Row: t.Start + i})
	}
	for k, st := range strata {
		if len(st) == 0 {
			continue
		}
		slices.SortFunc(st, func(a, b Candidate) int {
			if lessCand(&a, &b) {
				return -1
			}
			if lessCand(&b, &a) {
				return 1
			}
			return 0
		})
		emitSample(k, Candidates{Items: st[:min(len(st), f.Spec.SamplePerClass)]})
	}
	n := int64(t.End - t.Start)
	instancesDone.Inc(ctx, n)
	rangesDone.Inc(ctx, 1)
	bytesRead.Inc(ctx, bytes)
	log.Infof(ctx, "activis: shard %s rows [%d,%d): %d instances in %v", sh.Key, t.Start, t.End, n, time.Since(start).Round(time.Millisecond))
	return nil
}

// mergeStatsFn combines a layer's statistics.
type mergeStatsFn struct{}

func (mergeStatsFn) MergeAccumulators(a, b *activis.Accumulator) (*activis.Accumulator, error) {
	if a == nil {
		return b, nil
	}
	if err := a.Merge(b); err != nil {
		return nil, err
	}
	return a, nil
}

// mergeSampleFn combines a class's sample.
type mergeSampleFn struct{}

func (mergeSampleFn) MergeAccumulators(a, b *activis.Reservoir) (*activis.Reservoir, error) {
	if a == nil {
		return b, nil
	}
	if err := a.Merge(b); err != nil {
		return nil, err
	}
	return a, nil
}

// writeFn assembles the summary from the combined statistics and sample
// and writes it, once.
type writeFn struct {
	Spec activis.SummarySpec
	Out  string
}

func (w *writeFn) ProcessElement(ctx context.Context, _ []byte, stats func(*string, **activis.Accumulator) bool, sample func(*int, **activis.Reservoir) bool) error {
	sum := activis.NewSummary(w.Spec)
	var layer string
	var acc *activis.Accumulator
	seen := map[string]bool{}
	for stats(&layer, &acc) {
		if w.Spec.Layer(layer) < 0 {
			return fmt.Errorf("write summary: statistics of unknown layer %q", layer)
		}
		sum.Stats[layer] = acc
		seen[layer] = true
	}
	for _, l := range w.Spec.Layers {
		if !seen[l.Name] {
			return fmt.Errorf("write summary: no statistics for layer %q", l.Name)
		}
	}
	var k int
	var res *activis.Reservoir
	for sample(&k, &res) {
		if k < 0 || k >= len(sum.Sample.Strata) {
			return fmt.Errorf("write summary: sample of unknown stratum %d", k)
		}
		sum.Sample.Strata[k] = res.Strata[k]
	}
	if !remote(w.Out) {
		if err := sum.Save(strings.TrimPrefix(w.Out, "file://")); err != nil {
			return err
		}
	} else {
		b, err := sum.MarshalBinary()
		if err != nil {
			return err
		}
		fs, err := filesystem.New(ctx, w.Out)
		if err != nil {
			return err
		}
		defer fs.Close()
		if err := filesystem.Write(ctx, fs, w.Out, b); err != nil {
			return fmt.Errorf("write summary %s: %w", w.Out, err)
		}
	}
	log.Infof(ctx, "activis: wrote %s: %v", w.Out, sum)
	return nil
}
