package activis

import (
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
	"github.com/advancedclimatesystems/gonnx/onnx"
)

// demoModel is the demo CNN of the notebooks (README "The demo model").
const demoModel = "../notebooks/data/fashion_cnn.onnx"

// demoData returns n instances for the demo CNN: the first n Fashion-MNIST
// test images when the machine has them, else deterministic synthetic
// images in [0, 1] (labels cycling through the classes).
func demoData(t testing.TB, n int) *Dataset {
	t.Helper()
	fashionOnce.Do(func() {
		const dir = "/usr/share/datasets/fashion-mnist/"
		img, lab := dir+"t10k-images-idx3-ubyte.gz", dir+"t10k-labels-idx1-ubyte.gz"
		if _, err := os.Stat(img); err == nil {
			fashionTest, fashionErr = LoadIDX(img, lab, FashionMNISTClasses)
		}
	})
	if fashionErr != nil {
		t.Fatal(fashionErr)
	}
	if fashionTest != nil {
		ds, err := fashionTest.Slice(0, n)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	meta := NewInstances(FashionMNISTClasses, n)
	x := make([]float32, n*784)
	for i := range x {
		x[i] = float32(0.5 + 0.5*math.Sin(float64(i)*0.731+float64(i/784)))
	}
	for i := range meta.Labels {
		meta.Labels[i] = i % 10
	}
	ds, err := NewDataset(meta, NewActivations(x, n, 784), 1, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// The Fashion-MNIST test set, read once for the tests that use it.
var (
	fashionOnce sync.Once
	fashionTest *Dataset
	fashionErr  error
)

// loadDemo loads the demo CNN.
func loadDemo(t testing.TB) *Model {
	t.Helper()
	m, err := LoadONNX(demoModel)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLinearReadoutDemoCNN checks on the demo CNN that fc1's contributions
// (activation × effective weight) summed over the 128 neurons equal the
// logit the runtime computes minus the effective bias within 1e-5, for
// every class of 300 instances.
func TestLinearReadoutDemoCNN(t *testing.T) {
	m := loadDemo(t)
	lin, err := m.Linear("fc1")
	if err != nil {
		t.Fatal(err)
	}
	if lin.Neurons != 128 || lin.Classes != 10 || lin.Logits != "logits" {
		t.Fatalf("readout %d neurons → %d classes at %q, want 128 → 10 at logits", lin.Neurons, lin.Classes, lin.Logits)
	}
	t.Logf("path %v", lin.Path)
	data := demoData(t, 300)
	run, err := m.Run(data, "fc1", "logits")
	if err != nil {
		t.Fatal(err)
	}
	fc1, logits := run.Tensors["fc1"], run.Tensors["logits"]
	var contrib []float64
	worst := 0.0
	for i := 0; i < run.Len(); i++ {
		for c := 0; c < 10; c++ {
			contrib = lin.Contributions(contrib, fc1.Row(i), c)
			s := 0.0
			for _, v := range contrib {
				s += v
			}
			d := math.Abs(s - (float64(logits.Row(i)[c]) - lin.Bias[c]))
			worst = max(worst, d)
		}
	}
	t.Logf("largest |Σ contributions − (logit − bias)| over %d×10: %.3g", run.Len(), worst)
	if worst > 1e-5 {
		t.Errorf("contributions sum to the logit minus the bias within %.3g, want 1e-5", worst)
	}
}

// TestExplorerContributionsLinear checks the explorer's rows: a class
// row's contributions sum to its members' mean logit minus the bias, an
// instance row's to the instance's logit minus the bias.
func TestExplorerContributionsLinear(t *testing.T) {
	m := loadDemo(t)
	run, err := m.Run(demoData(t, 300), "fc1", "logits")
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if err := ex.AddInstances(7); err != nil {
		t.Fatal(err)
	}
	if err := ex.AddSubset("shirts", `label == "Shirt"`); err != nil {
		t.Fatal(err)
	}
	const class = 6 // Shirt
	c, err := ex.Contributions("fc1", class)
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != MethodLinear || c.ClassName != "Shirt" {
		t.Fatalf("method %q class %q, want linear, Shirt", c.Method, c.ClassName)
	}
	rows := ex.Rows()
	if len(c.Rows) != len(rows) || len(c.Values) != len(rows) {
		t.Fatalf("%d rows, %d values, explorer has %d rows", len(c.Rows), len(c.Values), len(rows))
	}
	logits := run.Tensors["logits"]
	for r, name := range rows {
		if c.Rows[r] != name || len(c.Values[r]) != 128 {
			t.Fatalf("row %d %q with %d values, want %q with 128", r, c.Rows[r], len(c.Values[r]), name)
		}
		// The members' mean logit from the runtime.
		var members []int
		switch {
		case name == "shirts":
			members = classMembers(run, "Shirt")
		case r == 0:
			members = []int{7}
		default:
			members = classMembers(run, name)
		}
		if len(members) != c.Counts[r] {
			t.Fatalf("row %q counts %d, has %d members", name, c.Counts[r], len(members))
		}
		want := 0.0
		for _, i := range members {
			want += float64(logits.Row(i)[class])
		}
		want /= float64(len(members))
		s := c.Bias
		for _, v := range c.Values[r] {
			s += float64(v)
		}
		// Values are float32: allow their rounding (128 values ≲ 10).
		if math.Abs(s-want) > 1e-4 || math.Abs(c.Logit[r]-want) > 1e-5 {
			t.Errorf("row %q: contributions + bias = %.7f, Logit %.7f, runtime mean logit %.7f", name, s, c.Logit[r], want)
		}
	}
}

// classMembers lists the instances labelled class.
func classMembers(run *Run, class string) []int {
	var out []int
	for i, l := range run.Instances.Labels {
		if run.Instances.Classes[l] == class {
			out = append(out, i)
		}
	}
	return out
}

// TestContributionsErrors checks the errors name the problem.
func TestContributionsErrors(t *testing.T) {
	m := loadDemo(t)
	run, err := m.Run(demoData(t, 20), "fc1")
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if _, err := ex.Contributions("fc1", 10); !errors.Is(err, ErrUnknownClass) {
		t.Errorf("class 10: %v, want ErrUnknownClass", err)
	}
	if _, err := ex.Contributions("fc7", 1); !errors.Is(err, ErrUnknownTensor) {
		t.Errorf("layer fc7: %v, want ErrUnknownTensor", err)
	}
	if _, err := NewExplorer(nil, run).Contributions("fc1", 1); err == nil {
		t.Error("an explorer without a model gave contributions")
	}
	// conv2 flattened (32·14·14 neurons) on 200 instances is too many
	// forward passes: the error says how many instances would do.
	flat, err := m.RunWith(demoData(t, 200), RunOptions{Tensors: []string{"conv2"}, Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewExplorer(m, flat).Contributions("conv2", 1); err == nil || !strings.Contains(err.Error(), "Sample to at most 167") {
		t.Errorf("ablating 6272 neurons × 200 instances: %v, want an error naming Sample 167", err)
	}
	if _, err := m.Linear("conv2"); !errors.Is(err, ErrNotLinear) {
		t.Errorf("Linear(conv2): %v, want ErrNotLinear", err)
	}
	// A side output that the first output does not depend on.
	side := testModel(t, []*onnx.NodeProto{
		{Name: "/fc/Gemm", OpType: "Gemm", Input: []string{"x", "w", "b"}, Output: []string{"y"}},
		{Name: "/side/Relu", OpType: "Relu", Input: []string{"x"}, Output: []string{"side"}},
	}, map[string][]int{"x": {-1, 3}}, map[string]*infer.Tensor{
		"w": {Shape: []int{3, 2}, Data: []float32{1, 2, 3, 4, 5, 6}}, "b": {Shape: []int{2}, Data: []float32{1, 1}},
	}, "y", "side")
	if _, err := side.Linear("side"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("Linear(side): %v, want ErrUnreachable", err)
	}
	sd, err := NewDataset(NewInstances([]string{"a", "b"}, 2), NewActivations([]float32{1, 2, 3, 4, 5, 6}, 2, 3), 3)
	if err != nil {
		t.Fatal(err)
	}
	sr, err := side.Run(sd, "side")
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []ContributionOptions{{}, {Ablation: true}} {
		if _, err := NewExplorer(side, sr).ContributionsWith("side", 1, opt); !errors.Is(err, ErrUnreachable) {
			t.Errorf("explorer contributions of side (%+v): %v, want ErrUnreachable", opt, err)
		}
	}
}

// TestLinearReadoutChain composes a chain of linear nodes (Gemm with
// transB, alpha and beta, Sub, Mul, MatMul, Add, Div, Softmax) and checks
// the readout against the runtime's logits.
func TestLinearReadoutChain(t *testing.T) {
	f := func(n int, k float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(math.Sin(float64(i)*k) + 0.1)
		}
		return v
	}
	m := testModel(t, []*onnx.NodeProto{
		{Name: "/l1/Gemm", OpType: "Gemm", Input: []string{"x", "w1", "b1"}, Output: []string{"h"},
			Attribute: []*onnx.AttributeProto{aInt("transB", 1), aFloat("alpha", 0.5), aFloat("beta", 2)}},
		{Name: "/l2/Sub", OpType: "Sub", Input: []string{"h", "c"}, Output: []string{"h2"}},
		{Name: "/l2/Mul", OpType: "Mul", Input: []string{"s", "h2"}, Output: []string{"h3"}},
		{Name: "/l3/MatMul", OpType: "MatMul", Input: []string{"h3", "w2"}, Output: []string{"h4"}},
		{Name: "/l3/Add", OpType: "Add", Input: []string{"h4", "b2"}, Output: []string{"h5"}},
		{Name: "/l3/Div", OpType: "Div", Input: []string{"h5", "two"}, Output: []string{"z"}},
		{Name: "/out/Softmax", OpType: "Softmax", Input: []string{"z"}, Output: []string{"p"}},
	}, map[string][]int{"x": {-1, 5}}, map[string]*infer.Tensor{
		"w1": {Shape: []int{4, 5}, Data: f(20, 0.7)}, "b1": {Shape: []int{4}, Data: f(4, 1.3)},
		"c": {Shape: []int{1, 4}, Data: f(4, 2.1)}, "s": {Shape: []int{4}, Data: f(4, 0.3)},
		"w2": {Shape: []int{4, 3}, Data: f(12, 0.9)}, "b2": {Shape: []int{3}, Data: f(3, 1.7)},
		"two": {Shape: []int{}, Data: []float32{2}},
	}, "p")
	lin, err := m.Linear("x")
	if err != nil {
		t.Fatal(err)
	}
	if lin.Logits != "z" || lin.Neurons != 5 || lin.Classes != 3 || len(lin.Path) != 7 {
		t.Fatalf("readout %+v", lin)
	}
	x := f(4*5, 0.37)
	out, err := m.prog.NewExecutor().Run(map[string]*infer.Tensor{"x": {Shape: []int{4, 5}, Data: x}}, "z")
	if err != nil {
		t.Fatal(err)
	}
	var contrib []float64
	for i := 0; i < 4; i++ {
		for c := 0; c < 3; c++ {
			contrib = lin.Contributions(contrib, x[i*5:(i+1)*5], c)
			s := lin.Bias[c]
			for _, v := range contrib {
				s += v
			}
			if got := float64(out["z"].Data[i*3+c]); math.Abs(s-got) > 1e-5 {
				t.Errorf("instance %d class %d: readout %.7f, runtime %.7f", i, c, s, got)
			}
		}
	}
}

func aInt(name string, v int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INT, I: v}
}

func aFloat(name string, v float32) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_FLOAT, F: v}
}

func aInts64(name string, v ...int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INTS, Ints: v}
}

// testModel builds and compiles a model (opset 13) from nodes, float
// inputs with their shapes (-1 for the batch), float initializers and the
// graph outputs.
func testModel(t testing.TB, nodes []*onnx.NodeProto, inputs map[string][]int, inits map[string]*infer.Tensor, outputs ...string) *Model {
	t.Helper()
	gp := &onnx.GraphProto{Name: "test", Node: nodes}
	for name, shape := range inputs {
		var dims []*onnx.TensorShapeProto_Dimension
		for _, d := range shape {
			if d < 0 {
				dims = append(dims, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimParam{DimParam: "batch"}})
			} else {
				dims = append(dims, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimValue{DimValue: int64(d)}})
			}
		}
		gp.Input = append(gp.Input, &onnx.ValueInfoProto{Name: name, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{
			TensorType: &onnx.TypeProto_Tensor{ElemType: 1, Shape: &onnx.TensorShapeProto{Dim: dims}}}}})
	}
	for name, v := range inits {
		dims := make([]int64, len(v.Shape))
		for i, d := range v.Shape {
			dims[i] = int64(d)
		}
		gp.Initializer = append(gp.Initializer, &onnx.TensorProto{Name: name, Dims: dims, DataType: int32(onnx.TensorProto_FLOAT), FloatData: v.Data})
	}
	for _, o := range outputs {
		gp.Output = append(gp.Output, &onnx.ValueInfoProto{Name: o})
	}
	g, err := graph.FromProto(&onnx.ModelProto{IrVersion: 8, Graph: gp, OpsetImport: []*onnx.OperatorSetIdProto{{Version: 13}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := infer.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	return &Model{Graph: g, Path: "test.onnx", prog: p}
}

// TestAblationMatchesLinear ablates fc1 of the demo CNN, whose path to the
// logits is linear: zeroing a neuron removes exactly its contribution, so
// the ablation estimate equals the exact contributions (every instance is
// in the sample of this small run).
func TestAblationMatchesLinear(t *testing.T) {
	m := loadDemo(t)
	run, err := m.Run(demoData(t, 120), "fc1", "conv2")
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if err := ex.AddInstances(3); err != nil {
		t.Fatal(err)
	}
	for _, class := range []int{0, 6} {
		lin, err := ex.Contributions("fc1", class)
		if err != nil {
			t.Fatal(err)
		}
		abl, err := ex.ContributionsWith("fc1", class, ContributionOptions{Ablation: true})
		if err != nil {
			t.Fatal(err)
		}
		if abl.Method != MethodAblation || abl.Sample != 120 {
			t.Fatalf("method %q sample %d, want ablation of all 120", abl.Method, abl.Sample)
		}
		for r := range lin.Rows {
			if abl.Rows[r] != lin.Rows[r] || abl.Counts[r] != lin.Counts[r] {
				t.Fatalf("row %d: %q (%d) vs %q (%d)", r, abl.Rows[r], abl.Counts[r], lin.Rows[r], lin.Counts[r])
			}
			if math.Abs(abl.Logit[r]-lin.Logit[r]) > 1e-4 {
				t.Errorf("class %d row %q: mean logit %.6f by ablation, %.6f linear", class, lin.Rows[r], abl.Logit[r], lin.Logit[r])
			}
			for j, v := range lin.Values[r] {
				if d := math.Abs(float64(abl.Values[r][j] - v)); d > 1e-4 {
					t.Fatalf("class %d row %q neuron %d: %.6f by ablation, %.6f linear", class, lin.Rows[r], j, abl.Values[r][j], v)
				}
			}
		}
	}
	// conv2's channels (the run keeps their means) are ablated.
	c, err := ex.Contributions("conv2", 6)
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != MethodAblation || len(c.Values[0]) != 32 || c.Counts[0] != 1 {
		t.Fatalf("conv2: method %q, %d values, instance row count %d", c.Method, len(c.Values[0]), c.Counts[0])
	}
	logits, err := m.Run(demoData(t, 4), "logits")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Logit[0], float64(logits.Tensors["logits"].Row(3)[6]); math.Abs(got-want) > 1e-5 {
		t.Errorf("instance row logit %.6f, runtime %.6f", got, want)
	}
}

// TestAblationChannels ablates the channels of a 4-D layer followed by a
// ReLU on a model small enough to work out: h = Relu(x) (2 channels of
// 2×2), then Relu, Flatten and a Gemm, so zeroing channel j lowers logit c
// by Σ_{p in channel j} h[p]·W[p, c].
func TestAblationChannels(t *testing.T) {
	w := make([]float32, 8*3)
	for i := range w {
		w[i] = float32(math.Cos(float64(i) * 1.1))
	}
	m := testModel(t, []*onnx.NodeProto{
		{Name: "/h/Relu", OpType: "Relu", Input: []string{"x"}, Output: []string{"h"}},
		{Name: "/act/Relu", OpType: "Relu", Input: []string{"h"}, Output: []string{"h2"}},
		{Name: "/flat/Flatten", OpType: "Flatten", Input: []string{"h2"}, Output: []string{"f"}},
		{Name: "/fc/Gemm", OpType: "Gemm", Input: []string{"f", "w", "b"}, Output: []string{"y"}},
	}, map[string][]int{"x": {-1, 2, 2, 2}}, map[string]*infer.Tensor{
		"w": {Shape: []int{8, 3}, Data: w}, "b": {Shape: []int{3}, Data: []float32{0.1, 0.2, 0.3}},
	}, "y")
	const n = 5
	x := make([]float32, n*8)
	for i := range x {
		x[i] = float32(math.Sin(float64(i) * 0.9))
	}
	meta := NewInstances([]string{"a", "b", "c"}, n)
	data, err := NewDataset(meta, NewActivations(x, n, 8), 2, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	run, err := m.Run(data, "h")
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if err := ex.AddInstances(0, 1, 2, 3, 4); err != nil {
		t.Fatal(err)
	}
	for class := 0; class < 3; class++ {
		c, err := ex.Contributions("h", class)
		if err != nil {
			t.Fatal(err)
		}
		if c.Method != MethodAblation {
			t.Fatalf("method %q, want ablation (a ReLU follows the layer)", c.Method)
		}
		for r := 0; r < n; r++ {
			for j := 0; j < 2; j++ {
				want := 0.0
				for p := j * 4; p < (j+1)*4; p++ {
					want += math.Max(float64(x[r*8+p]), 0) * float64(w[p*3+class])
				}
				if got := float64(c.Values[r][j]); math.Abs(got-want) > 1e-5 {
					t.Errorf("instance %d channel %d class %d: %.6f, want %.6f", r, j, class, got, want)
				}
			}
		}
	}
}

// BenchmarkContributions measures one layer's contributions on the demo
// CNN over 1000 instances: fc1 exactly (linear), and conv2's 32 and
// conv1's 16 channels by ablation of all 1000 instances (a new explorer
// each time, so nothing is cached). The baseline is Model.Run of the same
// 1000 instances.
func BenchmarkContributions(b *testing.B) {
	m := loadDemo(b)
	data := demoData(b, 1000)
	run, err := m.Run(data, "conv1", "conv2", "fc1")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline=Run", func(b *testing.B) {
		for b.Loop() {
			if _, err := m.Run(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, layer := range []string{"fc1", "conv2", "conv1"} {
		b.Run(layer, func(b *testing.B) {
			for b.Loop() {
				ex := NewExplorer(m, run)
				if _, err := ex.ContributionsWith(layer, 6, ContributionOptions{Sample: 1000}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestContributionsBinary checks a binary model with one logit z (class
// 1's; class 0's is −z): linear contributions and ablation agree, and an
// instance row's contributions plus the bias are ±z.
func TestContributionsBinary(t *testing.T) {
	m := testModel(t, []*onnx.NodeProto{
		{Name: "/h/Relu", OpType: "Relu", Input: []string{"x"}, Output: []string{"h"}},
		{Name: "/fc/Gemm", OpType: "Gemm", Input: []string{"h", "w", "b"}, Output: []string{"z"}},
	}, map[string][]int{"x": {-1, 3}}, map[string]*infer.Tensor{
		"w": {Shape: []int{3, 1}, Data: []float32{0.5, -2, 1.5}}, "b": {Shape: []int{1}, Data: []float32{0.25}},
	}, "z")
	const n = 6
	x := make([]float32, n*3)
	for i := range x {
		x[i] = float32(math.Sin(float64(i) * 1.3))
	}
	data, err := NewDataset(NewInstances([]string{"no", "yes"}, n), NewActivations(x, n, 3), 3)
	if err != nil {
		t.Fatal(err)
	}
	run, err := m.Run(data, "h")
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if err := ex.AddInstances(2); err != nil {
		t.Fatal(err)
	}
	h := run.Tensors["h"].Row(2)
	z := 0.25 + 0.5*float64(h[0]) - 2*float64(h[1]) + 1.5*float64(h[2])
	for class, sign := range []float64{-1, 1} {
		lin, err := ex.Contributions("h", class)
		if err != nil {
			t.Fatal(err)
		}
		abl, err := ex.ContributionsWith("h", class, ContributionOptions{Ablation: true})
		if err != nil {
			t.Fatal(err)
		}
		s := lin.Bias
		for j, v := range lin.Values[0] {
			s += float64(v)
			if math.Abs(float64(v-abl.Values[0][j])) > 1e-6 {
				t.Errorf("class %d neuron %d: linear %.6f, ablation %.6f", class, j, v, abl.Values[0][j])
			}
		}
		if math.Abs(s-sign*z) > 1e-6 || math.Abs(abl.Logit[0]-sign*z) > 1e-6 {
			t.Errorf("class %d: contributions + bias %.6f, ablation logit %.6f, want %.6f", class, s, abl.Logit[0], sign*z)
		}
	}
}
