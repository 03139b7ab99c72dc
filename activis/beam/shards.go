package activisbeam

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
	"github.com/activis-go/activis/activis"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// Shard is one shard of the input: an instances file and, per layer, the
// file holding the layer's activations (a .npy file, or an .npz archive
// with one member per layer).
type Shard struct {
	// Key pairs activation and instance files (the trailing -NNNN of the
	// file name, or the folder).
	Key string
	// Instances is the metadata file (.csv, .tsv, .jsonl, .ndjson, gzipped or not).
	Instances string
	// Layers maps a layer name to its file.
	Layers map[string]string
	// Rows is the number of instances (every layer's first dimension).
	Rows int
}

// Task is one unit of work: rows [Start, End) of shard Shard.
type Task struct {
	Shard      int
	Start, End int
}

var shardNum = regexp.MustCompile(`-(\d+)$`)

// layerAndKey splits an activation or instances file name into its stem
// (the layer name for .npy files) and its shard key: the trailing -NNNN of
// the stem (fc1-00007.npy: layer fc1, key 00007), or else the folder
// (00007/fc1.npy: layer fc1, key the folder 00007).
func layerAndKey(p string) (stem, key string) {
	base := path.Base(p)
	for _, ext := range []string{".gz", ".npy", ".npz", ".csv", ".tsv", ".jsonl", ".ndjson", ".json"} {
		base = strings.TrimSuffix(base, ext)
	}
	if m := shardNum.FindStringSubmatchIndex(base); m != nil {
		return base[:m[0]], base[m[2]:m[3]]
	}
	return base, path.Dir(p)
}

// match lists the files a glob matches on its Beam file system (local
// disk, gs://, memfs://), sorted.
func match(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	files, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("match %s: %w", glob, err)
	}
	sort.Strings(files)
	return files, nil
}

// remote reports whether a path is on a Beam file system other than the
// local disk.
func remote(p string) bool {
	i := strings.Index(p, "://")
	return i > 0 && !strings.HasPrefix(p, "file://")
}

// FindShards matches the activation and instance globs and pairs the
// files into shards by key. Every layer must be present in every shard and
// every shard must have exactly one instances file.
func FindShards(ctx context.Context, actGlob, instGlob string) ([]Shard, error) {
	acts, err := match(ctx, actGlob)
	if err != nil {
		return nil, err
	}
	if len(acts) == 0 {
		return nil, fmt.Errorf("--input %s matches no file", actGlob)
	}
	insts, err := match(ctx, instGlob)
	if err != nil {
		return nil, err
	}
	if len(insts) == 0 {
		return nil, fmt.Errorf("--instances %s matches no file", instGlob)
	}
	byKey := map[string]*Shard{}
	var keys []string
	for _, f := range insts {
		_, key := layerAndKey(f)
		if s, dup := byKey[key]; dup {
			return nil, fmt.Errorf("instances files %s and %s have the same shard key %q", s.Instances, f, key)
		}
		byKey[key] = &Shard{Key: key, Instances: f, Layers: map[string]string{}}
		keys = append(keys, key)
	}
	for _, f := range acts {
		stem, key := layerAndKey(f)
		s := byKey[key]
		if s == nil {
			return nil, fmt.Errorf("activation file %s (shard key %q) has no instances file among %d matched by %s", f, key, len(insts), instGlob)
		}
		switch strings.ToLower(path.Ext(f)) {
		case ".npy":
			if prev, dup := s.Layers[stem]; dup {
				return nil, fmt.Errorf("shard %q: layer %q in both %s and %s", key, stem, prev, f)
			}
			s.Layers[stem] = f
		case ".npz":
			if remote(f) {
				return nil, fmt.Errorf("%s: .npz shards are read from local disk; on %s use one .npy per layer", f, f[:strings.Index(f, "://")+3])
			}
			m, err := activis.LoadNPZ(f)
			if err != nil {
				return nil, err
			}
			for name, a := range m {
				a.Close()
				if prev, dup := s.Layers[name]; dup {
					return nil, fmt.Errorf("shard %q: layer %q in both %s and %s", key, name, prev, f)
				}
				s.Layers[name] = f
			}
		default:
			return nil, fmt.Errorf("activation file %s: want .npy or .npz", f)
		}
	}
	sort.Strings(keys)
	out := make([]Shard, 0, len(keys))
	var layers []string
	for k, key := range keys {
		s := byKey[key]
		names := make([]string, 0, len(s.Layers))
		for n := range s.Layers {
			names = append(names, n)
		}
		sort.Strings(names)
		if k == 0 {
			layers = names
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("instances file %s (shard key %q) has no activation file among those matched by %s", s.Instances, key, actGlob)
		}
		if strings.Join(names, "\x00") != strings.Join(layers, "\x00") {
			return nil, fmt.Errorf("shard %q (%s) has layers %q, shard %q has %q", key, s.Instances, names, byKey[keys[0]].Key, layers)
		}
		out = append(out, *s)
	}
	return out, nil
}

// header is what a shard file's header says of one layer.
type header struct {
	rows, dim int
	dtype     string
}

// readHeader reads the header of one layer's activations: a .npy file on
// any Beam file system (only the header is read), or a member of a local
// .npz archive.
func readHeader(ctx context.Context, file, layer string) (header, error) {
	if strings.EqualFold(path.Ext(file), ".npz") {
		m, err := activis.LoadNPZ(file)
		if err != nil {
			return header{}, err
		}
		defer func() {
			for _, a := range m {
				a.Close()
			}
		}()
		a := m[layer]
		if a == nil {
			return header{}, fmt.Errorf("%s: no member %q", file, layer)
		}
		return header{rows: a.Len(), dim: a.Dim(), dtype: a.DType()}, nil
	}
	fs, err := filesystem.New(ctx, file)
	if err != nil {
		return header{}, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, file)
	if err != nil {
		return header{}, fmt.Errorf("%s: %w", file, err)
	}
	defer rc.Close()
	r, err := npy.NewReader(io.LimitReader(rc, 1<<20))
	if err != nil {
		return header{}, fmt.Errorf("%s: not a .npy file (%v): %w", file, err, activis.ErrNotNPY)
	}
	d := r.Header.Descr
	dt := strings.Trim(d.Type, `'"`)
	if d.Fortran {
		return header{}, fmt.Errorf("%s: %w", file, activis.ErrFortranOrder)
	}
	switch dt {
	case "<f4", "<f2", "<f8", ">f4", ">f2", ">f8":
	default:
		return header{}, fmt.Errorf("%s: dtype %s: %w (want float16, float32 or float64)", file, dt, activis.ErrDType)
	}
	if len(d.Shape) == 0 {
		return header{}, fmt.Errorf("%s: a scalar, not N × D activations: %w", file, activis.ErrShape)
	}
	h := header{rows: d.Shape[0], dim: 1, dtype: dt}
	for _, x := range d.Shape[1:] {
		h.dim *= x
	}
	return h, nil
}

// CheckShards reads every shard's headers and fills in Rows. Within a
// shard every layer must have the same number of rows; across shards a
// layer must have the same number of neurons. It returns the layers'
// neuron counts. Errors name the file.
func CheckShards(ctx context.Context, shards []Shard) (map[string]int, error) {
	dims := map[string]int{}
	first := map[string]string{}
	for k := range shards {
		s := &shards[k]
		names := make([]string, 0, len(s.Layers))
		for n := range s.Layers {
			names = append(names, n)
		}
		sort.Strings(names)
		s.Rows = -1
		var rowsFile string
		for _, layer := range names {
			f := s.Layers[layer]
			h, err := readHeader(ctx, f, layer)
			if err != nil {
				return nil, fmt.Errorf("bad shard %s: %w", f, err)
			}
			if d, ok := dims[layer]; ok && d != h.dim {
				return nil, fmt.Errorf("bad shard %s: layer %q has %d neurons, but %d in %s: %w", f, layer, h.dim, d, first[layer], activis.ErrShape)
			}
			dims[layer], first[layer] = h.dim, f
			if s.Rows >= 0 && h.rows != s.Rows {
				return nil, fmt.Errorf("bad shard %s: %d rows, but %s of the same shard has %d: %w", f, h.rows, rowsFile, s.Rows, activis.ErrShape)
			}
			s.Rows, rowsFile = h.rows, f
		}
	}
	return dims, nil
}

// Tasks splits the shards into ranges of at most rangeRows rows.
func Tasks(shards []Shard, rangeRows int) []Task {
	var out []Task
	for k, s := range shards {
		for lo := 0; lo < s.Rows; lo += rangeRows {
			out = append(out, Task{Shard: k, Start: lo, End: min(lo+rangeRows, s.Rows)})
		}
		if s.Rows == 0 {
			out = append(out, Task{Shard: k})
		}
	}
	return out
}

// localize returns a local path for p: p itself on local disk, else a
// copy in dir (the caller removes it).
func localize(ctx context.Context, p, dir string) (local string, temp bool, err error) {
	if !remote(p) {
		return strings.TrimPrefix(p, "file://"), false, nil
	}
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return "", false, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, p)
	if err != nil {
		return "", false, fmt.Errorf("%s: %w", p, err)
	}
	defer rc.Close()
	// Keep the file name's extensions: the loaders choose by them.
	f, err := os.CreateTemp(dir, "shard-*-"+path.Base(p))
	if err != nil {
		return "", false, err
	}
	if _, err := io.Copy(f, rc); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", false, fmt.Errorf("copy %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", false, err
	}
	return f.Name(), true, nil
}
