// Package text_test checks the committed text-classifier files of notebook
// 03 ("bring your own model") with the activis loaders: the metadata and
// activations written by PyTorch forward hooks, and the ONNX model run by
// activis itself on the same token inputs. Regenerate the files with
// /usr/bin/python3 notebooks/data/text/make_text_model.py (see README.md);
// the expected numbers below are the ones that script prints.
package text_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/infer"
)

// Facts of the committed files, as printed by make_text_model.py.
var (
	wantClasses  = []string{"computers", "literature", "politics", "science", "wisdom"}
	wantPerClass = map[string]int{"computers": 849, "literature": 224, "politics": 647, "science": 530, "wisdom": 387}
)

const (
	wantN           = 2637 // instances, train and test
	wantTest        = 791  // instances with split == "test"
	wantTestCorrect = 509  // correctly classified test instances (64.35%)
	wantHidden      = 64   // fc1 neurons
	wantVocab       = 2849 // lines of vocab.txt, <pad> and <unk> included
	maxLen          = 64   // tokens per instance (MAXLEN of the script)
)

func loadMeta(t *testing.T) *activis.Instances {
	t.Helper()
	meta, err := activis.LoadInstances("instances.csv")
	if err != nil {
		t.Fatalf("LoadInstances: %v", err)
	}
	return meta
}

func loadActs(t *testing.T, name string) *activis.Activations {
	t.Helper()
	a, err := activis.LoadActivations(name + ".npy")
	if err != nil {
		t.Fatalf("LoadActivations(%s.npy): %v", name, err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

func argmax(row []float32) int {
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

func TestInstances(t *testing.T) {
	meta := loadMeta(t)
	if meta.Len() != wantN {
		t.Fatalf("instances: got %d, want %d", meta.Len(), wantN)
	}
	if !slices.Equal(meta.Classes, wantClasses) {
		t.Fatalf("classes: got %q, want %q", meta.Classes, wantClasses)
	}
	for _, name := range []string{"text", "words", "split"} {
		if meta.Attribute(name) == nil {
			t.Fatalf("attribute %q missing; have %q", name, meta.AttrNames())
		}
	}
	if k := meta.Attribute("text").Kind; k != activis.Text {
		t.Errorf("text attribute kind: got %v, want Text", k)
	}
	perClass := map[string]int{}
	tests, testCorrect := 0, 0
	for i := 0; i < meta.Len(); i++ {
		in := meta.At(i)
		perClass[in.Label()]++
		scores := in.Scores()
		if len(scores) != len(wantClasses) {
			t.Fatalf("instance %d: %d scores, want %d", i, len(scores), len(wantClasses))
		}
		if got, want := in.Predicted(), wantClasses[argmax(scores)]; got != want {
			t.Errorf("instance %d: predicted %q but the highest score is %q (%v)", i, got, want, scores)
		}
		var sum float64
		for _, s := range scores {
			sum += float64(s)
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("instance %d: scores sum to %v, want 1", i, sum)
		}
		text := in.Text("text")
		if strings.TrimSpace(text) == "" {
			t.Errorf("instance %d: empty text", i)
		}
		if got, want := in.Attr("words"), float64(len(strings.Fields(text))); got != want {
			t.Errorf("instance %d: words = %v, but the text has %v words: %q", i, got, want, text)
		}
		switch in.Text("split") {
		case "test":
			tests++
			if in.Correct() {
				testCorrect++
			}
		case "train":
		default:
			t.Errorf("instance %d: split %q, want train or test", i, in.Text("split"))
		}
	}
	for c, want := range wantPerClass {
		if perClass[c] != want {
			t.Errorf("class %q: %d instances, want %d", c, perClass[c], want)
		}
	}
	if tests != wantTest || testCorrect != wantTestCorrect {
		t.Errorf("test split: %d of %d correct, want %d of %d", testCorrect, tests, wantTestCorrect, wantTest)
	}
}

// TestVerbatimText checks that HTML-special and control characters of the
// fortunes survive the CSV round trip unescaped.
func TestVerbatimText(t *testing.T) {
	meta := loadMeta(t)
	tests := []struct{ name, substr string }{
		{"ampersand", "Genesereth & Nilsson"},
		{"angle brackets", "Ask not for whom the <CONTROL-G>\a tolls."},
		{"multi-line with tabs", "\n\t\t-- "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < meta.Len(); i++ {
				if strings.Contains(meta.At(i).Text("text"), tc.substr) {
					return
				}
			}
			t.Errorf("no instance text contains %q", tc.substr)
		})
	}
}

func TestActivations(t *testing.T) {
	meta := loadMeta(t)
	tests := []struct {
		name    string
		dim     int
		nonNeg  bool // outputs of a ReLU
		logits  bool // softmax of the row gives the scores
		dtypeOK string
	}{
		{name: "fc1", dim: wantHidden, nonNeg: true, dtypeOK: "<f4"},
		{name: "fc2", dim: len(wantClasses), logits: true, dtypeOK: "<f4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := loadActs(t, tc.name)
			if a.Len() != wantN || a.Dim() != tc.dim {
				t.Fatalf("shape: got %d×%d, want %d×%d", a.Len(), a.Dim(), wantN, tc.dim)
			}
			if a.DType() != tc.dtypeOK {
				t.Errorf("dtype: got %q, want %q", a.DType(), tc.dtypeOK)
			}
			if nan, inf, err := a.NonFinite(); err != nil || nan+inf > 0 {
				t.Errorf("non-finite values: %d NaN, %d Inf, err %v", nan, inf, err)
			}
			active := make([]bool, a.Dim())
			for i := 0; i < a.Len(); i++ {
				row := a.Row(i)
				for j, v := range row {
					if tc.nonNeg && v < 0 {
						t.Fatalf("row %d neuron %d: %v < 0 after ReLU", i, j, v)
					}
					active[j] = active[j] || v > 0
				}
				if !tc.logits {
					continue
				}
				if got, want := argmax(row), meta.Predicted[i]; got != want {
					t.Errorf("row %d: argmax of logits %d, predicted %d", i, got, want)
				}
				mx := float64(row[argmax(row)])
				var sum float64
				for _, v := range row {
					sum += math.Exp(float64(v) - mx)
				}
				for j, v := range row {
					p := math.Exp(float64(v)-mx) / sum
					if s := float64(meta.At(i).Scores()[j]); math.Abs(p-s) > 1e-5 {
						t.Errorf("row %d class %d: softmax of logits %v, score %v", i, j, p, s)
					}
				}
			}
			if tc.nonNeg && !slices.Contains(active, true) {
				t.Errorf("no neuron of %s is ever active", tc.name)
			}
		})
	}
}

func TestNewRun(t *testing.T) {
	meta := loadMeta(t)
	fc1, fc2 := loadActs(t, "fc1"), loadActs(t, "fc2")
	run, err := activis.NewRun(meta, map[string]*activis.Activations{"fc1": fc1, "fc2": fc2})
	if err != nil {
		t.Fatalf("NewRun: %v", err)
	}
	if run.Len() != wantN {
		t.Fatalf("run length: got %d, want %d", run.Len(), wantN)
	}
	if got := run.TensorNames(); !slices.Equal(got, []string{"fc1", "fc2"}) {
		t.Errorf("tensors: got %q, want [fc1 fc2]", got)
	}
	for _, i := range []int{0, wantN / 2, wantN - 1} {
		if got, want := run.At(i).Act("fc1", 7), float64(fc1.Row(i)[7]); got != want {
			t.Errorf("instance %d: Act(fc1, 7) = %v, row holds %v", i, got, want)
		}
	}
	short, err := fc1.Slice(0, wantN-1)
	if err != nil {
		t.Fatalf("Slice: %v", err)
	}
	if _, err := activis.NewRun(meta, map[string]*activis.Activations{"fc1": short}); err == nil {
		t.Errorf("NewRun accepted %d activation rows for %d instances", wantN-1, wantN)
	}

	dir, err := activis.LoadRunDir(".")
	if err != nil {
		t.Fatalf("LoadRunDir: %v", err)
	}
	defer dir.Close()
	if got := dir.TensorNames(); !slices.Equal(got, []string{"fc1", "fc2"}) || dir.Len() != wantN {
		t.Errorf("LoadRunDir: %d instances, tensors %q; want %d, [fc1 fc2]", dir.Len(), got, wantN)
	}
}

// token is the tokenizer of make_text_model.py: runs of ASCII letters,
// digits and apostrophes, apostrophes trimmed, lower-cased.
var token = regexp.MustCompile(`[A-Za-z0-9']+`)

// tokenize encodes text as maxLen token ids (unknown words 1, padding 0).
func tokenize(text string, index map[string]int, dst []float32) {
	clear(dst)
	k := 0
	for _, w := range token.FindAllString(text, -1) {
		w = strings.ToLower(strings.Trim(w, "'"))
		if w == "" {
			continue
		}
		if k == len(dst) {
			return
		}
		id, ok := index[w]
		if !ok {
			id = 1
		}
		dst[k] = float32(id)
		k++
	}
}

func readVocab(t *testing.T) map[string]int {
	t.Helper()
	f, err := os.Open("vocab.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	index := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		index[sc.Text()] = len(index)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("vocab.txt: %v", err)
	}
	if len(index) != wantVocab || index["<pad>"] != 0 || index["<unk>"] != 1 {
		t.Fatalf("vocab.txt: %d words, <pad>=%d, <unk>=%d; want %d, 0, 1", len(index), index["<pad>"], index["<unk>"], wantVocab)
	}
	return index
}

// TestModel loads model.onnx, checks its scopes, runs it with activis on
// the tokenized texts and compares with the activations PyTorch recorded.
func TestModel(t *testing.T) {
	m, err := activis.LoadONNX("model.onnx")
	if err != nil {
		t.Skipf("LoadONNX cannot read the exported graph yet (graph view untested): %v", err)
	}
	for _, scope := range []string{"embed", "fc1", "fc2"} {
		if m.Graph.Group(scope) == nil {
			t.Errorf("graph has no scope %q", scope)
		}
	}
	for name, want := range map[string]string{"fc1": "/fc1/relu/Relu_output_0", "fc2": "logits"} {
		if got, err := m.Resolve(name); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if err := m.Runnable(); err != nil {
		if errors.Is(err, infer.ErrUnsupported) {
			t.Skipf("the activis runtime cannot run the text model (the op is named here): %v", err)
		}
		t.Fatalf("Runnable: %v", err)
	}

	meta := loadMeta(t)
	index := readVocab(t)
	tokens := make([]float32, wantN*maxLen)
	for i := 0; i < wantN; i++ {
		tokenize(meta.At(i).Text("text"), index, tokens[i*maxLen:(i+1)*maxLen])
	}
	data := &activis.Dataset{Instances: meta, Inputs: activis.NewActivations(tokens, wantN, maxLen), InputShape: []int{maxLen}}
	run, err := m.Run(data, "fc1", "fc2")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	tests := []struct {
		name string
		tol  float64
	}{
		{"fc1", 1e-4},
		{"fc2", 1e-3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := loadActs(t, tc.name)
			got, err := run.Tensor(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Len() != want.Len() || got.Dim() != want.Dim() {
				t.Fatalf("shape: activis %d×%d, PyTorch %d×%d", got.Len(), got.Dim(), want.Len(), want.Dim())
			}
			worst, bad := 0.0, 0
			for i := 0; i < want.Len(); i++ {
				g, w := got.Row(i), want.Row(i)
				for j := range w {
					d := math.Abs(float64(g[j] - w[j]))
					worst = max(worst, d)
					if d > tc.tol*(1+math.Abs(float64(w[j]))) {
						if bad < 5 {
							t.Errorf("instance %d neuron %d: activis %v, PyTorch %v", i, j, g[j], w[j])
						}
						bad++
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d values differ beyond %g", bad, tc.tol)
			}
			t.Logf("%s: largest difference from PyTorch %.3g", tc.name, worst)
		})
	}
	differ := 0
	for i := 0; i < wantN; i++ {
		if got, want := run.Instances.Predicted[i], meta.Predicted[i]; got != want {
			if differ < 5 {
				t.Errorf("instance %d: activis predicts %q, PyTorch %q", i, wantClasses[got], wantClasses[want])
			}
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d predictions differ from PyTorch's", differ, wantN)
	}
}
