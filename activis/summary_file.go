package activis

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// Summary file format (version 1). A summary is a NumPy .npz archive
// (a zip of .npy members, stored uncompressed), readable with
// numpy.load, holding:
//
//	summary.json                 the spec and scalars (see summaryJSON)
//	stats/<k>/count.npy          int64 [R+1]      members per row
//	stats/<k>/sum.npy            float64 [R+1, D] per-neuron sum
//	stats/<k>/sumsq.npy          float64 [R+1, D] per-neuron sum of squares
//	stats/<k>/active.npy         int64 [R+1, D]   members with value > 0
//	stats/<k>/min.npy            float32 [R+1, D]
//	stats/<k>/max.npy            float32 [R+1, D]
//	stats/<k>/nonfinite.npy      int64 [R+1, D]   NaN/Inf values skipped (only when any)
//	sample/keys.npy              uint64 [S]       sample keys (SampleKey)
//	sample/scores.npy            float32 [S, C]   (only when the summary has scores)
//	sample/num.npy               float64 [S, A]   numeric attributes (only when any)
//	sample/act/<k>.npy           float32 [S, D]   activations
//
// where <k> is the layer's index in summary.json's "layers", R the number
// of rows (the last stats row is every instance), D the layer's neurons, S
// the sample size (strata one after the other, each in key order; the
// JSON's "sample" lists each item's id, label, prediction, stratum and
// string attributes in the same order), C the classes and A the numeric
// attributes. Mean = sum/n, population variance = sumsq/n − mean², with n
// = count − nonfinite.
const summaryFormat = "activis-summary"

// summaryVersion is the format version Save writes and LoadSummary reads.
const summaryVersion = 1

// summaryJSON is the JSON member of a summary file.
type summaryJSON struct {
	Format         string         `json:"format"`
	Version        int            `json:"version"`
	Sources        []string       `json:"sources"`
	Classes        []string       `json:"classes"`
	Layers         []SummaryLayer `json:"layers"`
	Rows           []SummaryRow   `json:"rows"`
	Attrs          []SummaryAttr  `json:"attrs"`
	Scores         bool           `json:"scores"`
	SamplePerClass int            `json:"sample_per_class"`
	// Seed is a decimal string (a uint64 does not survive JSON numbers).
	Seed   string     `json:"seed"`
	Stats  []accJSON  `json:"stats"` // per layer, in Layers order
	Sample sampleJSON `json:"sample"`
}

// accJSON holds an Accumulator's scalars.
type accJSON struct {
	Rows      int   `json:"rows"`
	Dim       int   `json:"dim"`
	Instances int64 `json:"instances"`
	NaN       int64 `json:"nan"`
	Inf       int64 `json:"inf"`
	BadRows   int64 `json:"nonfinite_instances"`
}

// sampleJSON holds a Reservoir's metadata.
type sampleJSON struct {
	PerClass int        `json:"per_class"`
	Strata   []int      `json:"strata"` // items per stratum
	Items    []itemJSON `json:"items"`
}

type itemJSON struct {
	ID        string   `json:"id"`
	Label     int      `json:"label"`
	Predicted int      `json:"predicted"`
	Str       []string `json:"str,omitempty"`
}

// Save writes the summary to path in the format above. The file is written
// beside path and renamed into place, so a failed Save never leaves a
// partial summary.
func (s *Summary) Save(path string) error {
	b, err := s.MarshalBinary()
	if err != nil {
		return fmt.Errorf("save summary %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".summary-*.npz")
	if err != nil {
		return fmt.Errorf("save summary: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save summary %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save summary: %w", err)
	}
	return nil
}

// LoadSummary reads a summary written by Summary.Save (or by the Beam
// pipeline of activis/beam). Errors name the file and the member.
func LoadSummary(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load summary: %w", err)
	}
	s := &Summary{}
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("load summary %s: %w", path, err)
	}
	return s, nil
}

// MarshalBinary encodes the summary in the file format of Save.
func (s *Summary) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	js := summaryJSON{Format: summaryFormat, Version: summaryVersion, Sources: s.Sources, Classes: s.Classes,
		Layers: s.Layers, Rows: s.Rows, Attrs: s.Attrs, Scores: s.Scores, SamplePerClass: s.SamplePerClass,
		Seed: strconv.FormatUint(s.Seed, 10)}
	for k, l := range s.Layers {
		acc := s.Stats[l.Name]
		if acc == nil || acc.rows != len(s.Rows)+1 || acc.dim != l.Dim {
			return nil, fmt.Errorf("layer %q: statistics missing or of the wrong shape: %w", l.Name, ErrSummary)
		}
		aj, err := writeAccumulator(zw, "stats/"+strconv.Itoa(k)+"/", acc)
		if err != nil {
			return nil, err
		}
		js.Stats = append(js.Stats, aj)
	}
	sj, err := writeReservoir(zw, "sample/", s.Sample, len(s.Classes), s.Layers)
	if err != nil {
		return nil, err
	}
	js.Sample = sj
	if err := writeJSONMember(zw, "summary.json", js); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes a summary encoded by MarshalBinary.
func (s *Summary) UnmarshalBinary(b []byte) error {
	z, err := openMembers(b)
	if err != nil {
		return err
	}
	var js summaryJSON
	if err := z.json("summary.json", &js); err != nil {
		return err
	}
	if js.Format != summaryFormat || js.Version != summaryVersion {
		return fmt.Errorf("summary.json: format %q version %d, want %q version %d", js.Format, js.Version, summaryFormat, summaryVersion)
	}
	seed, err := strconv.ParseUint(js.Seed, 10, 64)
	if err != nil {
		return fmt.Errorf("summary.json: seed: %w", err)
	}
	if len(js.Stats) != len(js.Layers) {
		return fmt.Errorf("summary.json: %d stats for %d layers", len(js.Stats), len(js.Layers))
	}
	out := Summary{SummarySpec: SummarySpec{Sources: js.Sources, Classes: js.Classes, Layers: js.Layers, Rows: js.Rows,
		Attrs: js.Attrs, Scores: js.Scores, SamplePerClass: js.SamplePerClass, Seed: seed}, Stats: map[string]*Accumulator{}}
	for k, l := range js.Layers {
		if js.Stats[k].Rows != len(js.Rows)+1 || js.Stats[k].Dim != l.Dim {
			return fmt.Errorf("summary.json: layer %q: stats of %d × %d for %d rows × %d neurons", l.Name, js.Stats[k].Rows, js.Stats[k].Dim, len(js.Rows)+1, l.Dim)
		}
		acc, err := z.accumulator("stats/"+strconv.Itoa(k)+"/", js.Stats[k])
		if err != nil {
			return err
		}
		out.Stats[l.Name] = acc
	}
	res, err := z.reservoir("sample/", js.Sample, len(js.Classes), js.Layers, js.Scores)
	if err != nil {
		return err
	}
	out.Sample = res
	*s = out
	return nil
}

// MarshalBinary encodes the accumulator (an .npz of the stats members of
// the summary format and accumulator.json), e.g. for a Beam coder.
func (a *Accumulator) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	aj, err := writeAccumulator(zw, "", a)
	if err != nil {
		return nil, err
	}
	if err := writeJSONMember(zw, "accumulator.json", aj); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes an accumulator encoded by MarshalBinary.
func (a *Accumulator) UnmarshalBinary(b []byte) error {
	z, err := openMembers(b)
	if err != nil {
		return err
	}
	var aj accJSON
	if err := z.json("accumulator.json", &aj); err != nil {
		return err
	}
	acc, err := z.accumulator("", aj)
	if err != nil {
		return err
	}
	*a = *acc
	return nil
}

// reservoirJSON is the JSON member of an encoded Reservoir.
type reservoirJSON struct {
	Classes int            `json:"classes"`
	Layers  []SummaryLayer `json:"layers"`
	Scores  bool           `json:"scores"`
	Sample  sampleJSON     `json:"sample"`
}

// MarshalBinary encodes the reservoir (an .npz of the sample members of
// the summary format and reservoir.json), e.g. for a Beam coder.
func (r *Reservoir) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	rj := reservoirJSON{Classes: len(r.Strata) - 1}
	// The layers' sizes and the scores' presence come from the items.
	for _, it := range r.Items() {
		for _, x := range it.Acts {
			rj.Layers = append(rj.Layers, SummaryLayer{Dim: len(x)})
		}
		rj.Scores = it.Scores != nil
		break
	}
	sj, err := writeReservoir(zw, "", r, rj.Classes, rj.Layers)
	if err != nil {
		return nil, err
	}
	rj.Sample = sj
	if err := writeJSONMember(zw, "reservoir.json", rj); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes a reservoir encoded by MarshalBinary.
func (r *Reservoir) UnmarshalBinary(b []byte) error {
	z, err := openMembers(b)
	if err != nil {
		return err
	}
	var rj reservoirJSON
	if err := z.json("reservoir.json", &rj); err != nil {
		return err
	}
	res, err := z.reservoir("", rj.Sample, rj.Classes, rj.Layers, rj.Scores)
	if err != nil {
		return err
	}
	*r = *res
	return nil
}

// ---------------------------------------------------------------- writing

func writeJSONMember(zw *zip.Writer, name string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// writeNPY writes one .npy member of the given little-endian dtype and
// shape; data is a slice of the matching Go type.
func writeNPY(zw *zip.Writer, name, descr string, shape []int, data any) error {
	dims := make([]string, len(shape))
	for k, d := range shape {
		dims[k] = strconv.Itoa(d)
	}
	sh := strings.Join(dims, ", ")
	if len(shape) == 1 {
		sh += ","
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, sh)
	pad := (64 - (10+len(dict)+1)%64) % 64
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: zip.Store})
	if err != nil {
		return err
	}
	var pre [10]byte
	copy(pre[:], npy.Magic[:])
	pre[6], pre[7] = 1, 0
	binary.LittleEndian.PutUint16(pre[8:], uint16(len(hdr)))
	if _, err := w.Write(pre[:]); err != nil {
		return err
	}
	if _, err := io.WriteString(w, hdr); err != nil {
		return err
	}
	if err := binary.Write(w, binary.LittleEndian, data); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func writeAccumulator(zw *zip.Writer, prefix string, a *Accumulator) (accJSON, error) {
	if a.set != StatAll {
		// The file holds every statistic; a StatMean or StatMeanStd
		// accumulator lacks some.
		return accJSON{}, fmt.Errorf("%s: accumulator of statistics %q, a summary needs %q: %w", prefix, a.set, StatAll, ErrMismatch)
	}
	r, d := a.rows, a.dim
	members := []struct {
		name, descr string
		shape       []int
		data        any
	}{
		{"count", "<i8", []int{r}, a.count},
		{"sum", "<f8", []int{r, d}, a.sum},
		{"sumsq", "<f8", []int{r, d}, a.sumSq},
		{"active", "<i8", []int{r, d}, a.active},
		{"min", "<f4", []int{r, d}, a.min},
		{"max", "<f4", []int{r, d}, a.max},
	}
	if a.bad != nil {
		members = append(members, struct {
			name, descr string
			shape       []int
			data        any
		}{"nonfinite", "<i8", []int{r, d}, a.bad})
	}
	for _, m := range members {
		if err := writeNPY(zw, prefix+m.name, m.descr, m.shape, m.data); err != nil {
			return accJSON{}, err
		}
	}
	return accJSON{Rows: r, Dim: d, Instances: a.instances, NaN: a.nan, Inf: a.inf, BadRows: a.badRows}, nil
}

func writeReservoir(zw *zip.Writer, prefix string, r *Reservoir, classes int, layers []SummaryLayer) (sampleJSON, error) {
	if r == nil {
		r = NewReservoir(classes, 0)
	}
	if len(r.Strata) != classes+1 {
		return sampleJSON{}, fmt.Errorf("sample has %d strata for %d classes: %w", len(r.Strata), classes, ErrSummary)
	}
	items := r.Items()
	sj := sampleJSON{PerClass: r.PerClass, Items: make([]itemJSON, len(items))}
	for _, st := range r.Strata {
		sj.Strata = append(sj.Strata, len(st))
	}
	keys := make([]uint64, len(items))
	var scores []float32
	var num []float64
	nNum := -1
	for k, it := range items {
		keys[k] = it.Key
		sj.Items[k] = itemJSON{ID: it.ID, Label: it.Label, Predicted: it.Predicted, Str: it.Str}
		if it.Scores != nil {
			if len(it.Scores) != classes {
				return sampleJSON{}, fmt.Errorf("sample instance %q: %d scores for %d classes: %w", it.ID, len(it.Scores), classes, ErrSummary)
			}
			scores = append(scores, it.Scores...)
		}
		if nNum >= 0 && len(it.Num) != nNum {
			return sampleJSON{}, fmt.Errorf("sample instance %q: %d numeric attributes, others %d: %w", it.ID, len(it.Num), nNum, ErrSummary)
		}
		nNum = len(it.Num)
		num = append(num, it.Num...)
		if len(it.Acts) != len(layers) {
			return sampleJSON{}, fmt.Errorf("sample instance %q: %d layers, want %d: %w", it.ID, len(it.Acts), len(layers), ErrSummary)
		}
	}
	if err := writeNPY(zw, prefix+"keys", "<u8", []int{len(keys)}, keys); err != nil {
		return sampleJSON{}, err
	}
	if scores != nil {
		if len(scores) != len(items)*classes {
			return sampleJSON{}, fmt.Errorf("sample: scores on some instances only: %w", ErrSummary)
		}
		if err := writeNPY(zw, prefix+"scores", "<f4", []int{len(items), classes}, scores); err != nil {
			return sampleJSON{}, err
		}
	}
	if nNum > 0 {
		if err := writeNPY(zw, prefix+"num", "<f8", []int{len(items), nNum}, num); err != nil {
			return sampleJSON{}, err
		}
	}
	for k, l := range layers {
		data := make([]float32, 0, len(items)*l.Dim)
		for _, it := range items {
			if len(it.Acts[k]) != l.Dim {
				return sampleJSON{}, fmt.Errorf("sample instance %q: layer %d has %d values, want %d: %w", it.ID, k, len(it.Acts[k]), l.Dim, ErrSummary)
			}
			data = append(data, it.Acts[k]...)
		}
		if err := writeNPY(zw, prefix+"act/"+strconv.Itoa(k), "<f4", []int{len(items), l.Dim}, data); err != nil {
			return sampleJSON{}, err
		}
	}
	return sj, nil
}

// ---------------------------------------------------------------- reading

// members is an opened archive's members by name.
type members map[string]*zip.File

func openMembers(b []byte) (members, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not a summary archive: %w", err)
	}
	m := members{}
	for _, f := range zr.File {
		m[f.Name] = f
	}
	return m, nil
}

func (m members) has(name string) bool { return m[name] != nil }

func (m members) json(name string, v any) error {
	f := m[name]
	if f == nil {
		return fmt.Errorf("member %s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	if err := json.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// npy reads member name+".npy" into ptr (a pointer to a slice), checking
// its dtype and shape.
func (m members) npy(name, descr string, shape []int, ptr any) error {
	name += ".npy"
	f := m[name]
	if f == nil {
		return fmt.Errorf("member %s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	r, err := npy.NewReader(rc)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dt := strings.Trim(r.Header.Descr.Type, "'\""); dt != descr || r.Header.Descr.Fortran {
		return fmt.Errorf("%s: dtype %s, want %s (C order)", name, dt, descr)
	}
	if !equalShape(r.Header.Descr.Shape, shape) {
		return fmt.Errorf("%s: shape %v, want %v", name, r.Header.Descr.Shape, shape)
	}
	if err := r.Read(ptr); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func equalShape(a, b []int) bool {
	n := func(s []int) int {
		p := 1
		for _, d := range s {
			p *= d
		}
		return p
	}
	if len(a) != len(b) {
		// numpy writes (0,) and (0, D) alike as empty; accept any empty shape for an empty one.
		return n(a) == 0 && n(b) == 0
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func (m members) accumulator(prefix string, aj accJSON) (*Accumulator, error) {
	if aj.Rows < 0 || aj.Dim < 0 {
		return nil, fmt.Errorf("%saccumulator: bad shape %d × %d", prefix, aj.Rows, aj.Dim)
	}
	a := NewAccumulator(aj.Rows, aj.Dim)
	a.instances, a.nan, a.inf, a.badRows = aj.Instances, aj.NaN, aj.Inf, aj.BadRows
	r, d := []int{aj.Rows}, []int{aj.Rows, aj.Dim}
	reads := []struct {
		name, descr string
		shape       []int
		ptr         any
	}{
		{"count", "<i8", r, &a.count},
		{"sum", "<f8", d, &a.sum},
		{"sumsq", "<f8", d, &a.sumSq},
		{"active", "<i8", d, &a.active},
		{"min", "<f4", d, &a.min},
		{"max", "<f4", d, &a.max},
	}
	if m.has(prefix + "nonfinite.npy") {
		reads = append(reads, struct {
			name, descr string
			shape       []int
			ptr         any
		}{"nonfinite", "<i8", d, &a.bad})
	}
	for _, x := range reads {
		if err := m.npy(prefix+x.name, x.descr, x.shape, x.ptr); err != nil {
			return nil, err
		}
	}
	// An empty member reads as a nil slice; keep the sizes NewAccumulator made.
	for _, s := range []int{len(a.count) - aj.Rows, len(a.sum) - aj.Rows*aj.Dim, len(a.min) - aj.Rows*aj.Dim} {
		if s != 0 && aj.Rows*aj.Dim != 0 {
			return nil, fmt.Errorf("%saccumulator: member sizes do not match %d × %d", prefix, aj.Rows, aj.Dim)
		}
	}
	return a, nil
}

func (m members) reservoir(prefix string, sj sampleJSON, classes int, layers []SummaryLayer, scores bool) (*Reservoir, error) {
	if len(sj.Strata) != classes+1 {
		return nil, fmt.Errorf("%ssample: %d strata for %d classes", prefix, len(sj.Strata), classes)
	}
	n := len(sj.Items)
	total := 0
	for _, c := range sj.Strata {
		if c < 0 {
			return nil, fmt.Errorf("%ssample: negative stratum size", prefix)
		}
		total += c
	}
	if total != n {
		return nil, fmt.Errorf("%ssample: strata hold %d items, the list %d", prefix, total, n)
	}
	var keys []uint64
	if err := m.npy(prefix+"keys", "<u8", []int{n}, &keys); err != nil {
		return nil, err
	}
	var sc []float32
	if scores {
		if err := m.npy(prefix+"scores", "<f4", []int{n, classes}, &sc); err != nil {
			return nil, err
		}
	}
	var num []float64
	nNum := 0
	if f := m[prefix+"num.npy"]; f != nil {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		r, err := npy.NewReader(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%snum.npy: %w", prefix, err)
		}
		if sh := r.Header.Descr.Shape; len(sh) == 2 {
			nNum = sh[1]
		}
		if err := m.npy(prefix+"num", "<f8", []int{n, nNum}, &num); err != nil {
			return nil, err
		}
	}
	acts := make([][]float32, len(layers))
	for k, l := range layers {
		if err := m.npy(prefix+"act/"+strconv.Itoa(k), "<f4", []int{n, l.Dim}, &acts[k]); err != nil {
			return nil, err
		}
	}
	res := &Reservoir{PerClass: sj.PerClass, Strata: make([][]SampleItem, classes+1)}
	i := 0
	for s, c := range sj.Strata {
		for ; c > 0; c-- {
			js := sj.Items[i]
			it := SampleItem{Key: keys[i], ID: js.ID, Label: js.Label, Predicted: js.Predicted, Str: js.Str}
			if js.Label < -1 || js.Label >= classes || js.Predicted < -1 || js.Predicted >= classes {
				return nil, fmt.Errorf("%ssample instance %q: class index out of range of %d classes", prefix, js.ID, classes)
			}
			if scores {
				it.Scores = sc[i*classes : (i+1)*classes : (i+1)*classes]
			}
			if nNum > 0 {
				it.Num = num[i*nNum : (i+1)*nNum : (i+1)*nNum]
			}
			it.Acts = make([][]float32, len(layers))
			for k, l := range layers {
				it.Acts[k] = acts[k][i*l.Dim : (i+1)*l.Dim : (i+1)*l.Dim]
			}
			if k := len(res.Strata[s]); k > 0 && !res.Strata[s][k-1].less(&it) {
				return nil, fmt.Errorf("%ssample: stratum %d not in key order at %q", prefix, s, it.ID)
			}
			res.Strata[s] = append(res.Strata[s], it)
			i++
		}
	}
	return res, nil
}
