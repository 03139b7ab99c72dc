package activis

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Run is the result of running a model over instances, or of importing
// activations computed elsewhere: instance metadata with predictions, and
// activations per tensor name.
type Run struct {
	// Instances carries labels, predictions and scores.
	Instances *Instances
	// Tensors maps a tensor (layer) name to its activations, one row per instance.
	Tensors map[string]*Activations
	// Data is the data set the model ran over, when the run came from
	// Model.Run (nil for imported activations); views use it to show the
	// instances themselves, e.g. image thumbnails.
	Data *Dataset
}

// ErrShape is returned (wrapped, naming the tensor and file) when
// activations do not have one row per instance.
var ErrShape = errors.New("shape mismatch")

// NewRun pairs instance metadata with activations computed elsewhere (for
// example .npy files written by a PyTorch forward hook). Every tensor must
// have exactly one row per instance; the error names the tensor and its
// file otherwise. The map is copied; the Activations are shared.
func NewRun(meta *Instances, acts map[string]*Activations) (*Run, error) {
	if meta == nil {
		return nil, errors.New("NewRun: nil instances")
	}
	if err := meta.Validate(); err != nil {
		return nil, fmt.Errorf("NewRun: %w", err)
	}
	r := &Run{Instances: meta, Tensors: make(map[string]*Activations, len(acts))}
	names := make([]string, 0, len(acts))
	for name := range acts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a := acts[name]
		if a == nil {
			return nil, fmt.Errorf("NewRun: tensor %q: nil activations", name)
		}
		if a.Len() != meta.Len() {
			src := meta.Source
			if src == "" {
				src = "instances"
			}
			file := a.Path()
			if file == "" {
				file = "in memory"
			}
			return nil, fmt.Errorf("NewRun: tensor %q (%s) has %d rows but %s has %d instances: %w",
				name, file, a.Len(), src, meta.Len(), ErrShape)
		}
		r.Tensors[name] = a
	}
	return r, nil
}

// Len returns the number of instances.
func (r *Run) Len() int { return r.Instances.Len() }

// At returns the Instance value for row i, with access to the run's
// activations through Instance.Act.
func (r *Run) At(i int) Instance { return Instance{set: r.Instances, run: r, i: i} }

// TensorNames lists the run's tensor names, sorted.
func (r *Run) TensorNames() []string {
	names := make([]string, 0, len(r.Tensors))
	for n := range r.Tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Tensor returns the named activations or an error wrapping
// ErrUnknownTensor that names it and lists the known tensors.
func (r *Run) Tensor(name string) (*Activations, error) {
	if a, ok := r.Tensors[name]; ok && a != nil {
		return a, nil
	}
	return nil, fmt.Errorf("%w %q (tensors: %s)", ErrUnknownTensor, name, quoteList(r.TensorNames()))
}

// CheckTensor returns nil when the run has the named tensor, else the error
// of Tensor.
func (r *Run) CheckTensor(name string) error {
	_, err := r.Tensor(name)
	return err
}

// Close closes every tensor's activations (releasing memory maps) and
// returns the first error.
func (r *Run) Close() error {
	var first error
	for _, name := range r.TensorNames() {
		if err := r.Tensors[name].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Len returns the number of instances.
func (d *Dataset) Len() int { return d.Instances.Len() }

// Slice returns instances start..end-1 of the data set, sharing memory
// (no copy), e.g. to run a model over the first thousand images.
func (d *Dataset) Slice(start, end int) (*Dataset, error) {
	in, err := d.Instances.Slice(start, end)
	if err != nil {
		return nil, err
	}
	x, err := d.Inputs.Slice(start, end)
	if err != nil {
		return nil, err
	}
	extra, err := d.sliceExtra(start, end)
	if err != nil {
		return nil, err
	}
	return &Dataset{Instances: in, Inputs: x, InputShape: append([]int(nil), d.InputShape...), Extra: extra}, nil
}

// sliceExtra slices every extra input to instances [start, end).
func (d *Dataset) sliceExtra(start, end int) (map[string]*Activations, error) {
	if d.Extra == nil {
		return nil, nil
	}
	out := make(map[string]*Activations, len(d.Extra))
	for name, a := range d.Extra {
		s, err := a.Slice(start, end)
		if err != nil {
			return nil, fmt.Errorf("extra input %q: %w", name, err)
		}
		out[name] = s
	}
	return out, nil
}

// metadataNames are the file names LoadRunDir looks for, in order.
var metadataNames = []string{"instances.csv", "instances.jsonl", "instances.tsv", "instances.ndjson", "instances.csv.gz", "instances.jsonl.gz"}

// LoadRunDir loads what the PyTorch snippet of the package documentation
// writes into one folder: the metadata file instances.csv (or .jsonl,
// .tsv, .ndjson, optionally gzipped) and every .npy file as a tensor named
// by the file name without ".npy" (and every member of every .npz file,
// named by the member). It is LoadInstances, LoadActivations and NewRun in
// one call; the error names the offending file. A folder that cannot be
// read gives an error wrapping os.Stat's (errors.Is(err, fs.ErrNotExist)
// for a missing one).
func LoadRunDir(dir string) (*Run, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("load run: %w", err)
	}
	var meta *Instances
	for _, name := range metadataNames {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			m, err := LoadInstances(p)
			if err != nil {
				return nil, err
			}
			meta = m
			break
		}
	}
	if meta == nil {
		return nil, fmt.Errorf("load run %s: no metadata file (want one of %s)", dir, strings.Join(metadataNames, ", "))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load run: %w", err)
	}
	acts := map[string]*Activations{}
	closeAll := func() {
		for _, a := range acts {
			_ = a.Close()
		}
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".npy":
			a, err := LoadActivations(p)
			if err != nil {
				closeAll()
				return nil, err
			}
			acts[strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))] = a
		case ".npz":
			m, err := LoadNPZ(p)
			if err != nil {
				closeAll()
				return nil, err
			}
			for k, a := range m {
				if _, dup := acts[k]; dup {
					for _, b := range m {
						_ = b.Close()
					}
					closeAll()
					return nil, fmt.Errorf("load run %s: tensor %q defined twice (%s)", dir, k, p)
				}
				acts[k] = a
			}
		}
	}
	if len(acts) == 0 {
		return nil, fmt.Errorf("load run %s: no .npy or .npz files", dir)
	}
	r, err := NewRun(meta, acts)
	if err != nil {
		closeAll()
		return nil, err
	}
	return r, nil
}
