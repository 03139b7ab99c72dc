package activis

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// The models in testdata/*.onnx and their PyTorch outputs (*.expect) are
// written by testdata/gen_models.py; see there for the format.

type onnxExpectTensor struct {
	shape []int
	data  []float32
}

type onnxExpect struct {
	order   []string
	tensors map[string]onnxExpectTensor
}

func readONNXExpect(t *testing.T, path string) *onnxExpect {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var h struct {
		Tensors []struct {
			Name   string
			Shape  []int
			Offset int
		}
	}
	if err := json.Unmarshal(line, &h); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	e := &onnxExpect{tensors: map[string]onnxExpectTensor{}}
	for _, ht := range h.Tensors {
		n := prodInts(ht.Shape)
		d := make([]float32, n)
		for i := range d {
			d[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*(ht.Offset+i):]))
		}
		e.tensors[ht.Name] = onnxExpectTensor{ht.Shape, d}
		e.order = append(e.order, ht.Name)
	}
	return e
}

// onnxDataset wraps an input batch as a Dataset with unlabelled instances.
func onnxDataset(in onnxExpectTensor, classes []string) *Dataset {
	n := in.shape[0]
	inst := &Instances{Classes: classes}
	for i := 0; i < n; i++ {
		inst.IDs = append(inst.IDs, fmt.Sprint(i))
		inst.Labels = append(inst.Labels, -1)
		inst.Predicted = append(inst.Predicted, -1)
	}
	return &Dataset{Instances: inst, Inputs: NewActivations(in.data, n, len(in.data)/n), InputShape: in.shape[1:]}
}

func within(got, want []float32, rel float64) (int, bool) {
	if len(got) != len(want) {
		return -1, false
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); d > rel*math.Max(1, math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			return i, false
		}
	}
	return 0, true
}

// channelMeans averages an N×C×H×W map over H×W.
func channelMeans(t onnxExpectTensor) []float32 {
	hw := t.shape[2] * t.shape[3]
	out := make([]float32, len(t.data)/hw)
	for i := range out {
		var s float64
		for _, v := range t.data[i*hw : (i+1)*hw] {
			s += float64(v)
		}
		out[i] = float32(s / float64(hw))
	}
	return out
}

// expectMeansLast averages an N×H×W×C map over H×W.
func expectMeansLast(t onnxExpectTensor) []float32 {
	n, c := t.shape[0], t.shape[3]
	hw := t.shape[1] * t.shape[2]
	out := make([]float32, n*c)
	for i := 0; i < n; i++ {
		for ch := 0; ch < c; ch++ {
			var s float64
			for p := 0; p < hw; p++ {
				s += float64(t.data[(i*hw+p)*c+ch])
			}
			out[i*c+ch] = float32(s / float64(hw))
		}
	}
	return out
}

// channelsLastHooks lists the fixture tensors that are (N, H, W, C): the
// Keras-style model's layers whose scope ends after tf2onnx's Transpose
// back to TensorFlow's layout (see testdata/keras/gen_keras_style.py).
var channelsLastHooks = map[string]bool{"keras_tf2onnx/sequential/conv2d_1": true}

// TestRunMatchesPyTorch runs each exported model (and the Keras-style one,
// whose reference is onnxruntime) over its input batch by module name, with small batches on two workers, and compares predictions,
// scores and activations with PyTorch's.
func TestRunMatchesPyTorch(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.onnx")
	if len(files) < 5 {
		t.Fatalf("test models missing: %v", files)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".onnx")
		t.Run(name, func(t *testing.T) {
			m, err := LoadONNX(path)
			if err != nil {
				t.Fatal(err)
			}
			ex := readONNXExpect(t, strings.TrimSuffix(path, ".onnx")+".expect")
			var mods []string
			for _, h := range ex.order {
				if h == "input" || h == "output" {
					continue
				}
				if _, err := m.Resolve(h); err == nil {
					mods = append(mods, h)
				}
			}
			data := onnxDataset(ex.tensors["input"], nil)
			for _, flat := range []bool{false, true} {
				var mu sync.Mutex
				last := 0
				m.Progress = ProgressFunc(func(task string, done, total int) {
					mu.Lock()
					defer mu.Unlock()
					if done < last || total != data.Inputs.Len() {
						t.Errorf("progress %d/%d after %d", done, total, last)
					}
					last = done
				})
				run, err := m.RunWith(data, RunOptions{Tensors: mods, Flatten: flat, BatchSize: 1, Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				if last != data.Inputs.Len() {
					t.Errorf("progress ended at %d of %d", last, data.Inputs.Len())
				}
				for _, h := range mods {
					w := ex.tensors[h]
					want := w.data
					switch {
					case len(w.shape) == 4 && !flat && channelsLastHooks[name+"/"+h]:
						want = expectMeansLast(w)
					case len(w.shape) == 4 && !flat:
						want = channelMeans(w)
					}
					got := run.Tensors[h]
					if got == nil || got.Len() != data.Inputs.Len() {
						t.Fatalf("%s: activations %v", h, got)
					}
					all := make([]float32, 0, len(want))
					for i := 0; i < got.Len(); i++ {
						all = append(all, got.Row(i)...)
					}
					if i, ok := within(all, want, 1e-4); !ok {
						t.Errorf("%s (flatten %v): %d values, want %d; first difference at %d", h, flat, len(all), len(want), i)
					}
				}
				out := ex.tensors["output"]
				k := len(out.data) / out.shape[0]
				in := run.Instances
				if len(in.Classes) != k || len(in.Scores) != k*in.Len() {
					t.Fatalf("classes %v, %d scores", in.Classes, len(in.Scores))
				}
				op := m.Graph.Nodes[m.Graph.Tensors[m.Graph.Outputs[0]].Producer].OpType
				for i := 0; i < in.Len(); i++ {
					row := out.data[i*k : (i+1)*k]
					want := make([]float32, k)
					best := 0
					var sum float64
					for j, v := range row {
						if v > row[best] {
							best = j
						}
						switch op {
						case "Softmax":
							want[j] = v
						case "LogSoftmax":
							want[j] = float32(math.Exp(float64(v)))
						default:
							want[j] = float32(math.Exp(float64(v)))
							sum += math.Exp(float64(v))
						}
					}
					if sum > 0 {
						for j := range want {
							want[j] = float32(float64(want[j]) / sum)
						}
					}
					if in.Predicted[i] != best {
						t.Errorf("instance %d predicted %d, PyTorch argmax %d", i, in.Predicted[i], best)
					}
					if j, ok := within(in.Scores[i*k:(i+1)*k], want, 1e-4); !ok {
						t.Errorf("instance %d score %d: %v, want %v", i, j, in.Scores[i*k:(i+1)*k], want)
					}
				}
				if data.Instances.Predicted[0] != -1 {
					t.Error("Run modified the dataset's instances")
				}
			}
		})
	}
}

func TestRunFixedBatchPads(t *testing.T) {
	// transpose_op13 was exported without dynamic axes: its batch is fixed at 2.
	m, err := LoadONNX("testdata/transpose_op13.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := readONNXExpect(t, "testdata/transpose_op13.expect")
	in := ex.tensors["input"]
	per := len(in.data) / 2
	three := onnxExpectTensor{shape: append([]int{3}, in.shape[1:]...), data: append(append([]float32{}, in.data...), in.data[:per]...)}
	run, err := m.RunWith(onnxDataset(three, []string{"a", "b", "c", "d"}), RunOptions{Tensors: []string{"fc"}, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	fc := run.Tensors["fc"]
	want := ex.tensors["fc"].data
	for i, w := range [][]float32{want[:4], want[4:], want[:4]} {
		if j, ok := within(fc.Row(i), w, 1e-4); !ok {
			t.Errorf("row %d differs at %d: %v, want %v", i, j, fc.Row(i), w)
		}
	}
	if run.Instances.Classes[0] != "a" {
		t.Errorf("classes %v", run.Instances.Classes)
	}
}

func TestRunErrors(t *testing.T) {
	m, err := LoadONNX("testdata/mlp_op11.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := readONNXExpect(t, "testdata/mlp_op11.expect")
	data := onnxDataset(ex.tensors["input"], nil)
	tests := []struct {
		name    string
		data    *Dataset
		opt     RunOptions
		is      error
		mention []string
	}{
		{"unknown tensor", data, RunOptions{Tensors: []string{"conv9"}}, graph.ErrUnknownTensor, []string{`"conv9"`, "fc1", "/fc2/Gemm_output_0"}},
		{"class count", onnxDataset(ex.tensors["input"], []string{"x", "y"}), RunOptions{}, nil, []string{"5 values", "2 classes"}},
		{"input width", &Dataset{Instances: data.Instances, Inputs: NewActivations(make([]float32, 4*3), 4, 3), InputShape: []int{3}}, RunOptions{}, nil, []string{"[3]", "input"}},
		{"cancelled", data, RunOptions{Context: cancelled()}, context.Canceled, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.RunWith(tc.data, tc.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			for _, s := range tc.mention {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestLoadONNXCorrupt(t *testing.T) {
	b, err := os.ReadFile("testdata/mlp_op11.onnx")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty.onnx":     nil,
		"truncated.onnx": b[:len(b)/2],
		"garbage.onnx":   []byte("this is not a protobuf \xff\xff\xff\xff"),
	}
	for name, content := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadONNX(p)
		if err == nil || !errors.Is(err, graph.ErrFormat) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want ErrFormat naming the file", name, err)
		}
	}
	if _, err := LoadONNX(filepath.Join(dir, "missing.onnx")); err == nil || !strings.Contains(err.Error(), "missing.onnx") {
		t.Errorf("missing file: %v", err)
	}
}

func TestRunUnsupportedOperator(t *testing.T) {
	b, err := os.ReadFile("testdata/mlp_op11.onnx")
	if err != nil {
		t.Fatal(err)
	}
	// Rename the op of node /relu1/Relu in the serialized bytes: "Relu" →
	// "Relv" keeps every length, so the file stays well-formed.
	s := strings.Replace(string(b), "\x22\x04Relu", "\x22\x04Relv", 1)
	if s == string(b) {
		t.Fatal("op_type field not found")
	}
	p := filepath.Join(t.TempDir(), "custom.onnx")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadONNX(p)
	if err != nil {
		t.Fatalf("a graph with an unknown op should load: %v", err)
	}
	ex := readONNXExpect(t, "testdata/mlp_op11.expect")
	_, err = m.Run(onnxDataset(ex.tensors["input"], nil))
	if !errors.Is(err, infer.ErrUnsupported) || !strings.Contains(err.Error(), "Relv") || !strings.Contains(err.Error(), "/relu1/Relu") {
		t.Errorf("error %v should wrap ErrUnsupported and name op Relv and node /relu1/Relu", err)
	}
}

// BenchmarkModelRun runs the Fashion-MNIST-sized CNN (testdata/fashion_cnn.onnx)
// through Model.Run over 10,000 random 28×28 images in batches of 256 on
// all cores (GOMAXPROCS workers), keeping the activations of conv2 and fc1.
// testdata/bench/bench.js in activis/infer runs onnxruntime-node on the
// same model and batches (`make bench-onnx` prints the ratio).
func BenchmarkModelRun(b *testing.B) {
	m, err := LoadONNX("testdata/fashion_cnn.onnx")
	if err != nil {
		b.Fatal(err)
	}
	const n = 10000
	data := make([]float32, n*28*28)
	s := uint32(12345)
	for i := range data {
		s = s*1103515245 + 12345
		data[i] = float32(s>>8) / (1 << 24)
	}
	inst := &Instances{Classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, IDs: make([]string, n), Labels: make([]int, n), Predicted: make([]int, n)}
	ds := &Dataset{Instances: inst, Inputs: NewActivations(data, n, 28*28), InputShape: []int{1, 28, 28}}
	b.ResetTimer()
	c0 := benchCPUTime()
	for i := 0; i < b.N; i++ {
		if _, err := m.RunWith(ds, RunOptions{Tensors: []string{"conv2", "fc1"}, BatchSize: 256}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/10k")
	b.ReportMetric(float64((benchCPUTime()-c0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/10k")
}

// benchCPUTime returns the process's user+system CPU time, steadier than
// wall time on a shared machine.
func benchCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestRunRecurrentLayer asks for the GRU of the recurrent fixture by its
// module name. ONNX's GRU output is sequence first ([T, dirs, N, H]);
// Run must still give one row per instance, the hidden states of every
// step in order. The check is independent of the runtime: the last step's
// hidden state through the final Linear (its weights read from the file)
// must give PyTorch's output.
func TestRunRecurrentLayer(t *testing.T) {
	m, err := LoadONNX("testdata/rnn_text_op11.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := readONNXExpect(t, "testdata/rnn_text_op11.expect")
	data := onnxDataset(ex.tensors["input"], nil)
	for _, batch := range []int{1, 3, 64} {
		run, err := m.RunWith(data, RunOptions{Tensors: []string{"gru"}, BatchSize: batch, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		gru := run.Tensors["gru"]
		const steps, hidden = 7, 4
		if gru.Dim() != steps*hidden {
			t.Fatalf("gru has %d neurons per instance, want %d steps × %d", gru.Dim(), steps, hidden)
		}
		w := m.Graph.Initializers["fc.weight"].Float32s() // 3 × 4
		bias := m.Graph.Initializers["fc.bias"].Float32s()
		out := ex.tensors["output"]
		for i := 0; i < gru.Len(); i++ {
			h := gru.Row(i)[(steps-1)*hidden:]
			for c := 0; c < 3; c++ {
				y := float64(bias[c])
				for j := 0; j < hidden; j++ {
					y += float64(w[c*hidden+j]) * float64(h[j])
				}
				if want := float64(out.data[i*3+c]); math.Abs(y-want) > 1e-4*math.Max(1, math.Abs(want)) {
					t.Errorf("batch %d, instance %d, class %d: fc(last GRU state) = %v, PyTorch %v", batch, i, c, y, want)
				}
			}
		}
	}
}

func TestBatchAxis(t *testing.T) {
	for _, c := range []struct {
		static, got []int
		b, want     int
		err         bool
	}{
		{[]int{-1, 10}, []int{4, 10}, 4, 0, false},
		{[]int{7, 1, -1, 4}, []int{7, 1, 4, 4}, 4, 2, false}, // LSTM Y, hidden size equal to the batch
		{[]int{7, 1, -1, 4}, []int{7, 1, 1, 4}, 1, 2, false},
		{[]int{-1, -1, 8}, []int{5, 5, 8}, 5, 0, false}, // dynamic sequence as long as the batch
		{[]int{2, 3}, []int{2, 3}, 3, 1, false},         // fixed batch, not first
		{nil, []int{6, 6}, 6, 0, false},
		{nil, []int{2, 6, 6}, 6, 0, true},
		{nil, []int{}, 1, 0, true},
	} {
		got, err := batchAxis(c.static, c.got, c.b)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("batchAxis(%v, %v, %d) = %d, %v; want %d (error %v)", c.static, c.got, c.b, got, err, c.want, c.err)
		}
	}
}

// maskedFixture loads the two-input text classifier of
// testdata/multi/gen_masked.py, its expected values, and its input batch
// with the attention mask in Dataset.Extra.
func maskedFixture(t *testing.T) (*Model, *onnxExpect, *Dataset) {
	t.Helper()
	m, err := LoadONNX("testdata/multi/masked_text.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := readONNXExpect(t, "testdata/multi/masked.expect")
	ids, mask := ex.tensors["input"], ex.tensors["input:attention_mask"]
	n := ids.shape[0]
	data := onnxDataset(ids, nil)
	data.Extra = map[string]*Activations{"attention_mask": NewActivations(mask.data, n, len(mask.data)/n)}
	return m, ex, data
}

// TestRunTwoInputs runs a text classifier that takes token ids and an
// attention mask (testdata/multi/gen_masked.py) with the mask in
// Dataset.Extra, and checks predictions and the fc1 layer against
// PyTorch, then the errors for a missing or unknown extra input.
func TestRunTwoInputs(t *testing.T) {
	m, ex, data := maskedFixture(t)
	ids, mask := ex.tensors["input"], ex.tensors["input:attention_mask"]
	n := ids.shape[0]
	for _, batch := range []int{1, 2, 64} {
		run, err := m.RunWith(data, RunOptions{Tensors: []string{"fc1"}, BatchSize: batch, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		out := ex.tensors["output"]
		k := len(out.data) / n
		for i := 0; i < n; i++ {
			row := out.data[i*k : (i+1)*k]
			if best := slices.Index(row, slices.Max(row)); run.Instances.Predicted[i] != best {
				t.Errorf("batch %d: instance %d predicted %d, PyTorch %d", batch, i, run.Instances.Predicted[i], best)
			}
		}
		got, _ := run.Tensors["fc1"].Rows(0, n, nil)
		if i, ok := within(got, ex.tensors["fc1"].data, 1e-4); !ok {
			t.Errorf("batch %d: fc1 differs from PyTorch at %d: %v vs %v", batch, i, got[i], ex.tensors["fc1"].data[i])
		}
	}
	// Without the mask, and with a name the model does not take.
	if _, err := m.Run(onnxDataset(ids, nil)); err == nil || !strings.Contains(err.Error(), `"attention_mask"`) || !strings.Contains(err.Error(), "Dataset.Extra") {
		t.Errorf("missing mask: %v", err)
	}
	bad := onnxDataset(ids, nil)
	bad.Extra = map[string]*Activations{"attention_mask": data.Extra["attention_mask"], "token_type_ids": data.Extra["attention_mask"]}
	if _, err := m.Run(bad); err == nil || !strings.Contains(err.Error(), `"token_type_ids"`) {
		t.Errorf("unknown extra input: %v", err)
	}
	short := onnxDataset(ids, nil)
	short.Extra = map[string]*Activations{"attention_mask": NewActivations(mask.data[:9], 1, 9)}
	if _, err := m.Run(short); !errors.Is(err, ErrShape) {
		t.Errorf("mask with one row for %d instances: %v", n, err)
	}
}

// TestTwoInputSliceAndEdit checks that slicing and editing a two-input
// data set keep each instance's extra input with it.
func TestTwoInputSliceAndEdit(t *testing.T) {
	m, _, data := maskedFixture(t)
	whole, err := m.Run(data)
	if err != nil {
		t.Fatal(err)
	}
	part, err := data.Slice(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := m.Run(part)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := within(sub.Instances.Scores, whole.Instances.Scores[1*3:3*3], 1e-6); !ok {
		t.Errorf("scores of the slice %v, want %v", sub.Instances.Scores, whole.Instances.Scores[3:9])
	}
	one, err := data.Edit(2, func([]float32) {})
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Run(one)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := within(r.Instances.Scores, whole.Instances.Scores[2*3:3*3], 1e-6); !ok {
		t.Errorf("scores of the unedited copy %v, want %v", r.Instances.Scores, whole.Instances.Scores[6:9])
	}
}
