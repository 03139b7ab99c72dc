package activis

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures in testdata/torchhook were written by the PyTorch snippet
// of doc.go (see gen.py there), with expected values computed separately.

const hookDir = "testdata/torchhook"

type hookExpected struct {
	N         int       `json:"n"`
	ConvShape []int     `json:"conv_shape"`
	ConvSum   float64   `json:"conv_sum"`
	FC1Sum    float64   `json:"fc1_sum"`
	FC1Row3   []float64 `json:"fc1_row3"`
	ConvRow11 []float64 `json:"conv_row11"`
	Labels    []string  `json:"labels"`
	Predicted []string  `json:"predicted"`
	Scores3   []float64 `json:"scores_row3"`
}

func loadExpected(t *testing.T) hookExpected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hookDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e hookExpected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func sumAll(t *testing.T, a *Activations) float64 {
	t.Helper()
	var s float64
	if err := a.Scan(0, a.Len(), 0, func(_ int, rows []float32) error {
		for _, v := range rows {
			s += float64(v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

var torchClasses = []string{"cat", "dog & <b>bird</b>", `say "hi", ok`}

func TestTorchHookFixture(t *testing.T) {
	e := loadExpected(t)
	meta, err := LoadInstances(filepath.Join(hookDir, "instances.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(meta.Classes, "|") != strings.Join(torchClasses, "|") {
		t.Fatalf("classes %q, want %q", meta.Classes, torchClasses)
	}
	fc1, err := LoadActivations(filepath.Join(hookDir, "fc1.npy"))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := LoadActivations(filepath.Join(hookDir, "conv.npy"))
	if err != nil {
		t.Fatal(err)
	}
	run, err := NewRun(meta, map[string]*Activations{"fc1": fc1, "conv": conv})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	if run.Len() != e.N || fc1.Dim() != 5 || conv.Dim() != 8 {
		t.Fatalf("n=%d fc1 %d×%d conv %d×%d", run.Len(), fc1.Len(), fc1.Dim(), conv.Len(), conv.Dim())
	}
	if got := conv.Shape(); len(got) != 4 || got[1] != e.ConvShape[1] || got[3] != e.ConvShape[3] {
		t.Errorf("conv shape %v, want %v", got, e.ConvShape)
	}
	if s := sumAll(t, fc1); !near(s, e.FC1Sum, 1e-5) {
		t.Errorf("fc1 sum %v, want %v", s, e.FC1Sum)
	}
	if s := sumAll(t, conv); !near(s, e.ConvSum, 1e-5) {
		t.Errorf("conv sum %v, want %v", s, e.ConvSum)
	}
	x3 := run.At(3)
	for j, want := range e.FC1Row3 {
		if got := x3.Act("fc1", j); !near(got, want, 1e-5) {
			t.Errorf("act fc1[3][%d] = %v, want %v", j, got, want)
		}
	}
	for j, want := range e.ConvRow11 {
		if got := run.At(11).Act("conv", j); !near(got, want, 1e-5) {
			t.Errorf("act conv[11][%d] = %v, want %v", j, got, want)
		}
	}
	for i := 0; i < e.N; i++ {
		x := run.At(i)
		if x.Label() != e.Labels[i] || x.Predicted() != e.Predicted[i] || x.Correct() != (e.Labels[i] == e.Predicted[i]) {
			t.Errorf("row %d: label %q predicted %q correct %v; want %q %q", i, x.Label(), x.Predicted(), x.Correct(), e.Labels[i], e.Predicted[i])
		}
	}
	for c, want := range e.Scores3 {
		if got := x3.Score(torchClasses[c]); !near(got, want, 1e-6) {
			t.Errorf("score[3][%q] = %v, want %v", torchClasses[c], got, want)
		}
	}
}

func TestTorchHookVariants(t *testing.T) {
	e := loadExpected(t)
	for _, test := range []struct {
		file, dtype string
		tol         float64
		want        error
	}{
		{"fc1.npy", "<f4", 1e-6, nil},
		{"fc1_be.npy", ">f4", 1e-6, nil},
		{"fc1_f64.npy", "<f8", 1e-6, nil},
		{"fc1_f16.npy", "<f2", 2e-3, nil},
		{"fc1_fortran.npy", "", 0, ErrFortranOrder},
		{"fc1_int32.npy", "", 0, ErrDType},
	} {
		p := filepath.Join(hookDir, test.file)
		a, err := LoadActivations(p)
		if test.want != nil {
			if !errors.Is(err, test.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("%s: error %v, want %v naming the file", test.file, err, test.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", test.file, err)
			continue
		}
		if a.DType() != test.dtype || a.Len() != e.N || a.Dim() != 5 {
			t.Errorf("%s: %s %d×%d", test.file, a.DType(), a.Len(), a.Dim())
		}
		for j, want := range e.FC1Row3 {
			if got := float64(a.Row(3)[j]); math.Abs(got-want) > test.tol*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: [3][%d] = %v, want %v", test.file, j, got, want)
			}
		}
		a.Close()
	}
}

func TestTorchHookNPZ(t *testing.T) {
	e := loadExpected(t)
	for _, test := range []struct {
		file   string
		keys   string
		mapped bool
	}{
		{"acts.npz", "conv fc1 fc1_f16", true},
		{"acts_compressed.npz", "fc1 fc1_f64", false},
	} {
		m, err := LoadNPZ(filepath.Join(hookDir, test.file))
		if err != nil {
			t.Fatalf("%s: %v", test.file, err)
		}
		var keys []string
		for _, k := range []string{"conv", "fc1", "fc1_f16", "fc1_f64"} {
			if m[k] != nil {
				keys = append(keys, k)
			}
		}
		if strings.Join(keys, " ") != test.keys || len(m) != len(keys) {
			t.Errorf("%s: keys %v, want %s", test.file, keys, test.keys)
		}
		for k, a := range m {
			if a.Mapped() != test.mapped {
				t.Errorf("%s:%s mapped = %v", test.file, k, a.Mapped())
			}
			if !strings.HasSuffix(a.Path(), test.file+":"+k) {
				t.Errorf("path %q", a.Path())
			}
			if strings.HasPrefix(k, "fc1") {
				tol := 1e-5
				if k == "fc1_f16" {
					tol = 2e-3
				}
				if s := sumAll(t, a); !near(s, e.FC1Sum, tol*10) {
					t.Errorf("%s:%s sum %v, want %v", test.file, k, s, e.FC1Sum)
				}
			}
		}
		// Closing all members releases the shared map; reads then fail cleanly.
		for _, a := range m {
			if err := a.Close(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestTorchHookJSONL(t *testing.T) {
	e := loadExpected(t)
	meta, err := LoadInstances(filepath.Join(hookDir, "instances.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// No score_ columns: classes come from the labels, sorted.
	if len(meta.Classes) != 3 || meta.Scores == nil {
		t.Fatalf("classes %q scores %d", meta.Classes, len(meta.Scores))
	}
	meta, err = LoadInstancesWith(filepath.Join(hookDir, "instances.jsonl"), InstanceOptions{Classes: torchClasses})
	if err != nil {
		t.Fatal(err)
	}
	x := meta.At(0)
	if x.ID() != "s0" || x.Text("text") != "<script>alert('x')</script> great #0" {
		t.Errorf("row 0: id %q text %q", x.ID(), x.Text("text"))
	}
	if got := meta.At(2).Text("text"); got != "line one\nline two #2" {
		t.Errorf("row 2 text %q", got)
	}
	if got := meta.At(1).Label(); got != "dog & <b>bird</b>" {
		t.Errorf("row 1 label %q", got)
	}
	if got := meta.At(3).Score(torchClasses[1]); !near(got, e.Scores3[1], 1e-5) {
		t.Errorf("score %v, want %v", got, e.Scores3[1])
	}
	kinds := map[string]AttrKind{"text": Text, "length": Numeric, "split": Categorical, "flag": Categorical}
	for name, k := range kinds {
		a := meta.Attribute(name)
		if a == nil || a.Kind != k {
			t.Errorf("attribute %q: %+v, want kind %v", name, a, k)
		}
	}
	if got := meta.At(5).Attr("length"); got != 7.5 {
		t.Errorf("length[5] = %v", got)
	}
	if lv := meta.Attribute("split").Levels; strings.Join(lv, ",") != "test,train" {
		t.Errorf("split levels %v", lv)
	}
}

// TestDocSnippetMatchesFixture keeps the PyTorch snippet in doc.go
// identical to the code that wrote the fixtures.
func TestDocSnippetMatchesFixture(t *testing.T) {
	gen, err := os.ReadFile(filepath.Join(hookDir, "gen.py"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(gen), "# --- snippet begin ---\n")
	snippet, _, ok2 := strings.Cut(after, "# --- snippet end ---")
	if !ok || !ok2 {
		t.Fatal("gen.py lacks the snippet markers")
	}
	var want strings.Builder
	for _, l := range strings.Split(strings.TrimRight(snippet, "\n"), "\n") {
		want.WriteString("//\t" + l + "\n")
	}
	if !strings.Contains(string(doc), want.String()) {
		t.Errorf("doc.go does not contain the snippet of gen.py verbatim:\n%s", want.String())
	}
}
