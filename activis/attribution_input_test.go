package activis

import (
	"bufio"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/activis-go/activis/activis/infer"
	"github.com/advancedclimatesystems/gonnx/onnx"
)

// markerModel detects a 2×2 block of bright pixels anywhere in a 12×12
// image: a 2×2 convolution of ones with bias −3, ReLU, global max pool,
// and class 1's logit is 5× the detection (class 0's is 0). Background
// pixels below 0.5 never fire; hiding any pixel of the block removes it.
func markerModel(t testing.TB) *Model {
	return testModel(t, []*onnx.NodeProto{
		{Name: "/det/Conv", OpType: "Conv", Input: []string{"x", "k", "kb"}, Output: []string{"c"},
			Attribute: []*onnx.AttributeProto{aInts64("kernel_shape", 2, 2)}},
		{Name: "/det/Relu", OpType: "Relu", Input: []string{"c"}, Output: []string{"r"}},
		{Name: "/pool/GlobalMaxPool", OpType: "GlobalMaxPool", Input: []string{"r"}, Output: []string{"p"}},
		{Name: "/flat/Flatten", OpType: "Flatten", Input: []string{"p"}, Output: []string{"f"}},
		{Name: "/fc/Gemm", OpType: "Gemm", Input: []string{"f", "w", "b"}, Output: []string{"logits"}},
	}, map[string][]int{"x": {-1, 1, 12, 12}}, map[string]*infer.Tensor{
		"k": {Shape: []int{1, 1, 2, 2}, Data: []float32{1, 1, 1, 1}}, "kb": {Shape: []int{1}, Data: []float32{-3}},
		"w": {Shape: []int{1, 2}, Data: []float32{0, 5}}, "b": {Shape: []int{2}, Data: []float32{0, 0}},
	}, "logits")
}

// markerImage is a noisy 12×12 background (values below 0.45) with the
// marker, a 2×2 block of ones, at rows and columns y0, y0+1 and x0, x0+1.
func markerImage(y0, x0 int) []float32 {
	img := make([]float32, 144)
	for i := range img {
		img[i] = float32(0.2 + 0.2*math.Sin(float64(i)*1.7))
	}
	for y := y0; y < y0+2; y++ {
		for x := x0; x < x0+2; x++ {
			img[y*12+x] = 1
		}
	}
	return img
}

// TestOcclusionMarker occludes a synthetic image: the patch covering the
// marker the model keys on scores highest, with tiling (4×4 at stride 4)
// and overlapping (4×4 at stride 2) patches, by probability and by logit.
func TestOcclusionMarker(t *testing.T) {
	m := markerModel(t)
	for _, test := range []struct {
		name   string
		y0, x0 int
		opt    AttributeOptions
		copies int
	}{
		{"tiles", 5, 5, AttributeOptions{}, 9},
		{"tiles corner", 9, 1, AttributeOptions{}, 9},
		{"stride 2", 6, 3, AttributeOptions{Stride: 2}, 25},
		{"stride 3, last patch flush", 9, 9, AttributeOptions{Stride: 3, Logit: true}, 16},
	} {
		a, err := m.Attribute(markerImage(test.y0, test.x0), []int{1, 12, 12}, 1, test.opt)
		if err != nil {
			t.Fatalf("%s: %v", test.name, err)
		}
		if a.Height != 12 || a.Width != 12 || len(a.Map) != 144 || a.Copies != test.copies || a.Method != MethodOcclusion {
			t.Fatalf("%s: %d×%d map of %d from %d copies by %q", test.name, a.Height, a.Width, len(a.Map), a.Copies, a.Method)
		}
		best := float32(math.Inf(-1))
		for _, v := range a.Map {
			best = max(best, v)
		}
		// Every pixel of the marker takes the highest score (patches
		// covering it all hide the marker; others around it may too).
		for y := test.y0; y < test.y0+2; y++ {
			for x := test.x0; x < test.x0+2; x++ {
				if v := a.Map[y*12+x]; v != best {
					t.Errorf("%s: marker pixel (%d, %d) scores %.4f, the highest is %.4f", test.name, y, x, v, best)
				}
			}
		}
		// Occluding the marker takes the detection away: the drop is the
		// whole score above the no-marker score (probability 0.5, logit 0).
		want := a.Base - 0.5
		if test.opt.Logit {
			want = a.Base
		}
		if math.Abs(float64(best)-want) > 1e-5 || a.Base <= 0.5 {
			t.Errorf("%s: base %.4f, best drop %.4f, want %.4f", test.name, a.Base, best, want)
		}
		far := a.Map[((test.y0+6)%12)*12+(test.x0+6)%12]
		if far > 1e-6 {
			t.Errorf("%s: a pixel far from the marker scores %.4f", test.name, far)
		}
	}
}

// TestAttributeDemoCNN occludes a test image with the demo CNN through the
// explorer: a pixel's score equals the drop of the class's probability
// when its patch alone is occluded, computed by Model.Run on the occluded
// image.
func TestAttributeDemoCNN(t *testing.T) {
	m := loadDemo(t)
	data := demoData(t, 10)
	run, err := m.Run(data)
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	const inst = 4
	class := run.Instances.Predicted[inst]
	a, err := ex.Attribute(inst, class)
	if err != nil {
		t.Fatal(err)
	}
	if a.Instance != inst || a.Height != 28 || a.Width != 28 || a.Copies != 49 || a.Patch != 4 || a.Stride != 4 || a.Score != ScoreProbability {
		t.Fatalf("attribution %+v", *a)
	}
	if want := float64(run.Instances.Scores[inst*10+class]); math.Abs(a.Base-want) > 1e-6 {
		t.Errorf("base %.7f, run's score %.7f", a.Base, want)
	}
	img := append([]float32(nil), data.Inputs.Row(inst)...)
	for y := 12; y < 16; y++ {
		for x := 20; x < 24; x++ {
			img[y*28+x] = 0
		}
	}
	occ, err := NewDataset(NewInstances(FashionMNISTClasses, 1), NewActivations(img, 1, 784), 1, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := m.Run(occ)
	if err != nil {
		t.Fatal(err)
	}
	want := a.Base - float64(r2.Instances.Scores[class])
	if got := float64(a.Map[13*28+21]); math.Abs(got-want) > 1e-6 {
		t.Errorf("patch (12..15, 20..23): %.7f, occluded by hand %.7f", got, want)
	}
	if _, err := ex.Attribute(10, class); !errors.Is(err, ErrRange) {
		t.Errorf("instance 10 of 10: %v, want ErrRange", err)
	}
	if _, err := ex.Attribute(0, 10); !errors.Is(err, ErrUnknownClass) {
		t.Errorf("class 10: %v, want ErrUnknownClass", err)
	}
}

// TestTokenDeletion deletes each token of a text with the notebooks' text
// classifier: a token's score is the drop of the class's probability with
// the token removed, checked against a run of the shortened text; padding
// scores 0.
func TestTokenDeletion(t *testing.T) {
	const dir = "../notebooks/data/text/"
	m, err := LoadONNX(dir + "model.onnx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir + "vocab.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vocab []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		vocab = append(vocab, sc.Text())
	}
	tokens := make([]float32, 64)
	text := []int{17, 250, 3, 1200, 45, 9}
	for k, id := range text {
		tokens[k] = float32(id)
	}
	a, err := m.Attribute(tokens, []int{64}, 2, AttributeOptions{Vocab: vocab})
	if err != nil {
		t.Fatal(err)
	}
	if a.Method != MethodDeletion || a.Width != 64 || a.Height != 1 || a.Copies != len(text) || a.Words[0] != vocab[17] || a.Tokens[3] != 1200 {
		t.Fatalf("attribution %+v", *a)
	}
	x := m.prog.NewExecutor()
	score := func(ids []float32) float64 {
		out, err := x.Run(map[string]*infer.Tensor{"tokens": {Shape: []int{1, 64}, Data: ids}}, "logits")
		if err != nil {
			t.Fatal(err)
		}
		sc := &classScore{width: 5, class: 2}
		return sc.score(out["logits"].Data)
	}
	base := score(tokens)
	if math.Abs(base-a.Base) > 1e-6 {
		t.Errorf("base %.7f, runtime %.7f", a.Base, base)
	}
	for k := range text {
		short := append(append([]float32(nil), tokens[:k]...), tokens[k+1:]...)
		short = append(short, 0)
		if want := base - score(short); math.Abs(float64(a.Map[k])-want) > 1e-6 {
			t.Errorf("token %d (%q): %.7f, deleted by hand %.7f", k, a.Words[k], a.Map[k], want)
		}
	}
	for k := len(text); k < 64; k++ {
		if a.Map[k] != 0 {
			t.Fatalf("padding %d scores %v", k, a.Map[k])
		}
	}
	// Through an explorer: the same scores for the same text as instance 1.
	two := append(make([]float32, 64), tokens...)
	two[0] = 5
	data, err := NewDataset(NewInstances([]string{"computers", "literature", "politics", "science", "wisdom"}, 2),
		NewActivations(two, 2, 64), 64)
	if err != nil {
		t.Fatal(err)
	}
	run, err := m.Run(data, "fc1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewExplorer(m, run).Attribute(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if b.Instance != 1 || b.ClassName != "politics" || b.Copies != len(text) || math.Abs(b.Base-a.Base) > 1e-7 {
		t.Fatalf("explorer attribution %+v", *b)
	}
	for k := range a.Map {
		if b.Map[k] != a.Map[k] {
			t.Fatalf("token %d: explorer %.7f, model %.7f", k, b.Map[k], a.Map[k])
		}
	}
}

// BenchmarkAttribute occludes one 28×28 image with the demo CNN, 4×4
// patches at stride 4 (49 copies and the image in one batch) and at stride
// 2 (169 copies); the bound is 100 ms per image. The baseline,
// forward=50, is the runtime alone on a batch of the 50 images stride 4
// runs, from a warm executor.
func BenchmarkAttribute(b *testing.B) {
	m := loadDemo(b)
	img := demoData(b, 1).Inputs.Row(0)
	b.Run("forward=50", func(b *testing.B) {
		x := m.prog.NewExecutor()
		batch := &infer.Tensor{Shape: []int{50, 1, 28, 28}, Data: make([]float32, 50*784)}
		for k := 0; k < 50; k++ {
			copy(batch.Data[k*784:], img)
		}
		for b.Loop() {
			if _, err := x.Run(map[string]*infer.Tensor{"input": batch}, "logits"); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, stride := range []int{4, 2} {
		b.Run("stride="+string(rune('0'+stride)), func(b *testing.B) {
			for b.Loop() {
				if _, err := m.Attribute(img, []int{1, 28, 28}, 0, AttributeOptions{Stride: stride}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestOcclusionChannelsLast occludes the input of a Keras (tf2onnx) model,
// 28 × 28 × 1 channels last: the map is 28 × 28, and a patch's score
// equals the drop when that patch is blacked out by hand.
func TestOcclusionChannelsLast(t *testing.T) {
	m, err := LoadONNX("testdata/keras_tf2onnx.onnx")
	if err != nil {
		t.Fatal(err)
	}
	img := make([]float32, 784)
	for p := range img {
		img[p] = float32(0.5 + 0.5*math.Sin(float64(p)*0.21))
	}
	a, err := m.Attribute(img, []int{28, 28, 1}, 3, AttributeOptions{Patch: 7, Logit: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.Height != 28 || a.Width != 28 || a.Copies != 16 {
		t.Fatalf("%d × %d from %d copies, want 28 × 28 from 16", a.Height, a.Width, a.Copies)
	}
	sc, err := newClassScore(m.Graph, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	x := m.prog.NewExecutor()
	score := func(v []float32) float64 {
		out, err := x.Run(map[string]*infer.Tensor{m.Graph.Inputs[0]: {Shape: []int{1, 28, 28, 1}, Data: v}}, sc.tensor)
		if err != nil {
			t.Fatal(err)
		}
		return sc.score(out[sc.tensor].Data)
	}
	occ := append([]float32(nil), img...)
	for y := 7; y < 14; y++ {
		for x := 21; x < 28; x++ {
			occ[y*28+x] = 0
		}
	}
	if want := score(img) - score(occ); math.Abs(float64(a.Map[10*28+25])-want) > 1e-5 {
		t.Errorf("patch (7..13, 21..27): %.6f, by hand %.6f", a.Map[10*28+25], want)
	}
}

// TestOcclusionBatches splits the occluded copies into batches run on
// several goroutines: the map is the one of a single batch.
func TestOcclusionBatches(t *testing.T) {
	m := loadDemo(t)
	img := demoData(t, 1).Inputs.Row(0)
	one, err := m.Attribute(img, []int{1, 28, 28}, 2, AttributeOptions{Stride: 2})
	if err != nil {
		t.Fatal(err)
	}
	many, err := m.Attribute(img, []int{1, 28, 28}, 2, AttributeOptions{Stride: 2, BatchSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	if one.Copies != 169 || many.Copies != 169 || math.Abs(one.Base-many.Base) > 1e-6 {
		t.Fatalf("copies %d and %d, base %.7f and %.7f", one.Copies, many.Copies, one.Base, many.Base)
	}
	for i := range one.Map {
		if math.Abs(float64(one.Map[i]-many.Map[i])) > 1e-6 {
			t.Fatalf("pixel %d: %.7f in one batch, %.7f in batches of 16", i, one.Map[i], many.Map[i])
		}
	}
}
