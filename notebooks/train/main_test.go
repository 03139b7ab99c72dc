package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/notebooks/train/cnn"
	"github.com/activis-go/activis/notebooks/train/onnxout"
)

// fashionDir is where Debian's dataset-fashion-mnist installs the data
// (.ci/deps installs it for CI).
const fashionDir = "/usr/share/datasets/fashion-mnist"

// committed is the demo model shipped with the notebooks.
const committed = "../data/fashion_cnn.onnx"

func testSet(t *testing.T) *cnn.Set {
	t.Helper()
	if _, err := os.Stat(filepath.Join(fashionDir, "t10k-images-idx3-ubyte.gz")); err != nil {
		t.Skipf("Fashion-MNIST is not installed in %s (run .ci/deps): %v", fashionDir, err)
	}
	test, err := cnn.LoadIDX(filepath.Join(fashionDir, "t10k-images-idx3-ubyte.gz"), filepath.Join(fashionDir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return test
}

// TestCommittedModelAccuracy checks the committed model with the trainer's
// own forward pass on all 10,000 test images: at least 88% correct, and
// the accuracy recorded in its metadata is the one measured here.
func TestCommittedModelAccuracy(t *testing.T) {
	test := testSet(t)
	net, m, err := onnxout.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := net.Accuracy(test, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: test accuracy %.4f on %d images, %d parameters", committed, acc, test.N, net.Params.Count())
	if acc < 0.88 {
		t.Errorf("test accuracy %.4f, want ≥ 0.88", acc)
	}
	var recorded string
	for _, p := range m.GetMetadataProps() {
		if p.GetKey() == "test_accuracy" {
			recorded = p.GetValue()
		}
	}
	if v, err := strconv.ParseFloat(recorded, 64); err != nil || math.Abs(v-acc) > 1e-4 {
		t.Errorf("metadata test_accuracy = %q, measured %.4f", recorded, acc)
	}
	if fi, err := os.Stat(committed); err != nil || fi.Size() > 1<<20 {
		t.Errorf("committed model should be under 1 MiB: %v %v", fi.Size(), err)
	}
}

// checkpoint is the demo model's one-epoch checkpoint (notebook 06
// compares the two): the file `-epochs 1` (or `-checkpoint 1:FILE` in the
// six-epoch run) writes with -seed 1.
const checkpoint = "../data/fashion_cnn_epoch1.onnx"

// TestCommittedCheckpoint checks the committed one-epoch checkpoint: its
// metadata says one epoch and the accuracy measured here, which is below
// the final model's, and the file stays small.
func TestCommittedCheckpoint(t *testing.T) {
	test := testSet(t)
	net, m, err := onnxout.ReadFile(checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := net.Accuracy(test, 2)
	if err != nil {
		t.Fatal(err)
	}
	props := map[string]string{}
	for _, p := range m.GetMetadataProps() {
		props[p.GetKey()] = p.GetValue()
	}
	t.Logf("%s: test accuracy %.4f, metadata %v", checkpoint, acc, props)
	if v, err := strconv.ParseFloat(props["test_accuracy"], 64); err != nil || math.Abs(v-acc) > 1e-4 {
		t.Errorf("metadata test_accuracy = %q, measured %.4f", props["test_accuracy"], acc)
	}
	if props["epochs"] != "1" || props["seed"] != "1" {
		t.Errorf("metadata epochs %q seed %q, want 1 and 1", props["epochs"], props["seed"])
	}
	if acc < 0.8 || acc > 0.9 {
		t.Errorf("one-epoch accuracy %.4f, expected between the final model's and chance (0.8–0.9)", acc)
	}
	if fi, err := os.Stat(checkpoint); err != nil || fi.Size() > 1<<20 {
		t.Errorf("committed checkpoint should be under 1 MiB: %v", err)
	}
}

// TestRunCommand runs the command end to end on a small slice of the
// training set and checks the file it writes.
func TestRunCommand(t *testing.T) {
	testSet(t)
	if testing.Short() {
		t.Skip("loads all of Fashion-MNIST")
	}
	out := filepath.Join(t.TempDir(), "m.onnx")
	var log strings.Builder
	if err := run([]string{"-out", out, "-limit", "512", "-epochs", "1", "-batch", "64", "-seed", "3", "-epoch-eval=false"}, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "wrote "+out) {
		t.Errorf("log does not report the file:\n%s", log.String())
	}
	net, m, err := onnxout.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if net.Config != (cnn.Config{H: 28, W: 28, Conv1: 16, Conv2: 32, Hidden: 128, Classes: 10}) {
		t.Errorf("config read back = %+v", net.Config)
	}
	if !strings.Contains(m.GetDocString(), "seed 3") {
		t.Errorf("doc_string does not name the seed: %q", m.GetDocString())
	}
}

// TestCheckpointIsShorterRun: the checkpoint a run writes after epoch 1
// (-checkpoint 1:FILE) is byte for byte the model a run of one epoch
// writes, so the demo's early checkpoint is reproducible either way.
func TestCheckpointIsShorterRun(t *testing.T) {
	testSet(t)
	if testing.Short() {
		t.Skip("loads all of Fashion-MNIST")
	}
	dir := t.TempDir()
	ck, long, short := filepath.Join(dir, "ck.onnx"), filepath.Join(dir, "long.onnx"), filepath.Join(dir, "short.onnx")
	common := []string{"-limit", "256", "-batch", "64", "-seed", "5", "-epoch-eval=false"}
	var log strings.Builder
	if err := run(append([]string{"-out", long, "-epochs", "2", "-checkpoint", "1:" + ck}, common...), &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "wrote checkpoint "+ck) {
		t.Errorf("log does not report the checkpoint:\n%s", log.String())
	}
	if err := run(append([]string{"-out", short, "-epochs", "1"}, common...), io.Discard); err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(short)
	if err != nil {
		t.Fatal(err)
	}
	c, err := os.ReadFile(long)
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("checkpoint after epoch 1 (%d bytes) differs from a one-epoch run (%d bytes)", len(a), len(b))
	}
	if string(a) == string(c) {
		t.Error("the checkpoint equals the two-epoch model: the second epoch changed nothing?")
	}
	for _, args := range [][]string{{"-epochs", "1", "-checkpoint", "2:" + ck}, {"-checkpoint", "x"}, {"-checkpoint", "0:" + ck}} {
		if err := run(append(args, "-out", long), io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-nosuchflag"},
		{"-data", filepath.Join(os.TempDir(), "no-such-dir-activis")},
	} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}

// TestTorchLogits compares the trainer's forward pass on the committed
// model with logits PyTorch computed from the same ONNX file
// (testdata/torch_logits.py), an independent check of the exported
// layouts.
func TestTorchLogits(t *testing.T) {
	test := testSet(t)
	raw, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/torch_logits.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		ModelSHA256 string      `json:"model_sha256"`
		N           int         `json:"n"`
		Logits      [][]float64 `json:"logits"`
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatalf("testdata/torch_logits.json: %v", err)
	}
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:]) != golden.ModelSHA256 {
		t.Fatalf("testdata/torch_logits.json belongs to another model; regenerate it with /usr/bin/python3 notebooks/train/testdata/torch_logits.py")
	}
	net, _, err := onnxout.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := net.Logits(test.Subset(golden.N), 2)
	if err != nil {
		t.Fatal(err)
	}
	k := net.Config.Classes
	worst := 0.0
	for i, row := range golden.Logits {
		for j, want := range row {
			d := math.Abs(float64(got[i*k+j]) - want)
			worst = max(worst, d)
			if d > 1e-3*(1+math.Abs(want)) {
				t.Fatalf("image %d class %d: Go logit %.6f, PyTorch %.6f", i, j, got[i*k+j], want)
			}
		}
	}
	t.Logf("%d images: largest difference from PyTorch %.2g", golden.N, worst)
}

// TestLoadONNXMatches loads the committed model with the core library's
// ONNX runtime (activis.LoadONNX) and checks that it computes the same
// predictions, logits and named activations as the trainer's forward pass
// on the first 300 test images.
func TestLoadONNXMatches(t *testing.T) {
	test := testSet(t).Subset(300)
	net, _, err := onnxout.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	ws := cnn.NewWorkspace(net.Config, test.N)
	logits, err := net.Forward(ws, test.Images, test.N, nil)
	if err != nil {
		t.Fatal(err)
	}

	m, err := activis.LoadONNX(committed)
	if err != nil {
		t.Fatal(err)
	}
	in := activis.NewInstances(activis.FashionMNISTClasses, test.N)
	for i, l := range test.Labels {
		in.Labels[i] = int(l)
	}
	data := &activis.Dataset{Instances: in, Inputs: activis.NewActivations(test.Images, test.N, 28*28), InputShape: []int{1, 28, 28}}
	names := []string{"conv1", "pool1", "conv2", "pool2", "fc1", "logits"}
	for _, name := range names {
		if got, err := m.Resolve(name); err != nil || got != name {
			t.Errorf("Resolve(%q) = %q, %v; want the post-activation tensor of that name", name, got, err)
		}
	}
	for name, want := range map[string]string{"fc2": "logits", "/conv1/Conv": "/conv1/Conv_output_0", "dropout": "/dropout/Dropout_output_0"} {
		if got, err := m.Resolve(name); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	run, err := m.RunWith(data, activis.RunOptions{Tensors: names, Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	k := net.Config.Classes
	for i := range test.N {
		want := 0
		for j := range k {
			if logits[i*k+j] > logits[i*k+want] {
				want = j
			}
		}
		if got := run.Instances.Predicted[i]; got != want {
			t.Errorf("image %d: activis predicts %d, trainer %d", i, got, want)
		}
	}
	for _, name := range names {
		want, err := ws.Activations(name, test.N)
		if err != nil {
			t.Fatal(err)
		}
		acts, ok := run.Tensors[name]
		if !ok {
			t.Fatalf("run has no tensor %q (has %v)", name, run.TensorNames())
		}
		if acts.Len() != test.N || acts.Dim()*test.N != len(want) {
			t.Fatalf("%s: activis gives %d×%d, trainer %d values", name, acts.Len(), acts.Dim(), len(want))
		}
		d := acts.Dim()
		worst := 0.0
		for i := range test.N {
			for j, v := range acts.Row(i) {
				w := float64(want[i*d+j])
				diff := math.Abs(float64(v) - w)
				worst = max(worst, diff)
				if diff > 1e-4*(1+math.Abs(w)) {
					t.Fatalf("%s image %d neuron %d: activis %.6f, trainer %.6f", name, i, j, v, w)
				}
			}
		}
		t.Logf("%s: %d×%d activations agree (largest difference %.2g)", name, test.N, d, worst)
	}
}
