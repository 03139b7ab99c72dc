package infer_test

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// expect is a NAME.expect file written by activis/testdata/gen_models.py.
type expect struct {
	IntInput bool
	Tensors  map[string]*infer.Tensor
	Order    []string
}

func readExpect(path string) (*expect, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	var h struct {
		IntInput bool `json:"int_input"`
		Tensors  []struct {
			Name   string
			Shape  []int
			Offset int
		}
	}
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	e := &expect{IntInput: h.IntInput, Tensors: map[string]*infer.Tensor{}}
	for _, t := range h.Tensors {
		n := 1
		for _, d := range t.Shape {
			n *= d
		}
		if (t.Offset+n)*4 > len(raw) {
			return nil, fmt.Errorf("%s: tensor %q past the end", path, t.Name)
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*(t.Offset+i):]))
		}
		e.Tensors[t.Name] = &infer.Tensor{Shape: t.Shape, Data: data}
		e.Order = append(e.Order, t.Name)
	}
	return e, nil
}

// close reports whether got matches want to rel relative tolerance (with
// an absolute floor of rel for values near zero).
func close(got, want []float32, rel float64) (int, bool) {
	if len(got) != len(want) {
		return -1, false
	}
	for i := range got {
		d := math.Abs(float64(got[i]) - float64(want[i]))
		if d > rel*math.Max(1, math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			return i, false
		}
	}
	return 0, true
}

// TestTorchModels runs every model exported by gen_models.py and compares
// the output and each module's output (resolved through name scopes) with
// PyTorch's values.
func TestTorchModels(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*.onnx")
	if len(files) < 5 {
		t.Fatalf("expected the committed test models in ../testdata, found %v", files)
	}
	for _, path := range files {
		name := filepath.Base(path[:len(path)-5])
		t.Run(name, func(t *testing.T) {
			g, err := graph.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := readExpect(path[:len(path)-5] + ".expect")
			if err != nil {
				t.Fatal(err)
			}
			p, err := infer.Compile(g)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{} // ONNX tensor → hook name
			var names []string
			for _, hook := range ex.Order {
				switch hook {
				case "input":
					continue
				case "output":
					want[g.Outputs[0]] = hook
					names = append(names, g.Outputs[0])
					continue
				}
				tn, err := g.Resolve(hook)
				if err != nil {
					t.Logf("module %q not in the graph (folded by the exporter): %v", hook, err)
					continue
				}
				if _, dup := want[tn]; dup {
					continue
				}
				want[tn] = hook
				names = append(names, tn)
			}
			if len(names) < 3 {
				t.Fatalf("only %d tensors to compare: %v", len(names), names)
			}
			x := p.NewExecutor()
			res, err := x.Run(map[string]*infer.Tensor{g.Inputs[0]: ex.Tensors["input"]}, names...)
			if err != nil {
				t.Fatal(err)
			}
			// Asking for the output alone lets the plan fuse Conv/Gemm with
			// the Relu after them; the result must not change.
			alone, err := p.NewExecutor().Run(map[string]*infer.Tensor{g.Inputs[0]: ex.Tensors["input"]})
			if err != nil {
				t.Fatal(err)
			}
			if i, ok := close(alone[g.Outputs[0]].Data, ex.Tensors["output"].Data, 1e-4); !ok {
				t.Errorf("output alone: element %d is %v, PyTorch %v", i, alone[g.Outputs[0]].Data[i], ex.Tensors["output"].Data[i])
			}
			for _, tn := range names {
				hook := want[tn]
				w := ex.Tensors[hook]
				got := res[tn]
				if fmt.Sprint(got.Shape) != fmt.Sprint(w.Shape) {
					t.Errorf("%s (%s): shape %v, PyTorch %v", hook, tn, got.Shape, w.Shape)
					continue
				}
				if i, ok := close(got.Data, w.Data, 1e-4); !ok {
					t.Errorf("%s (%s): element %d is %v, PyTorch %v", hook, tn, i, got.Data[i], w.Data[i])
				}
				// The inferred static shape agrees with the computed one off the batch axis.
				if s := g.Tensors[tn].Shape; len(s) != len(got.Shape) {
					t.Errorf("%s: inferred shape %v, computed %v", tn, s, got.Shape)
				} else {
					for d := range s {
						if s[d] >= 0 && s[d] != got.Shape[d] {
							t.Errorf("%s: inferred shape %v, computed %v", tn, s, got.Shape)
						}
					}
				}
			}
		})
	}
}

// TestMutatedModelsDoNotPanic flips bytes of the exported models: every
// mutation must either fail to load or compile with an error, or run (or
// fail) without panicking.
func TestMutatedModelsDoNotPanic(t *testing.T) {
	for _, name := range []string{"mlp_op11", "cnn_bn_op13", "text_op13", "rnn_text_op11", "decoder_op11", "moreops_op13", "keras_tf2onnx", "transformer_op13"} {
		orig, err := os.ReadFile("../testdata/" + name + ".onnx")
		if err != nil {
			t.Fatal(err)
		}
		ex, err := readExpect("../testdata/" + name + ".expect")
		if err != nil {
			t.Fatal(err)
		}
		s := uint32(7)
		rnd := func(n int) int { s = s*1103515245 + 12345; return int(s>>8) % n }
		for trial := 0; trial < 400; trial++ {
			b := append([]byte(nil), orig...)
			for k := 0; k < 1+rnd(3); k++ {
				b[rnd(len(b))] = byte(rnd(256))
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s trial %d panicked: %v\n%s", name, trial, r, debug.Stack())
					}
				}()
				g, err := graph.Decode(b)
				if err != nil {
					return
				}
				p, err := infer.Compile(g)
				if err != nil || len(g.Inputs) != 1 {
					return
				}
				x := p.NewExecutor()
				x.MaxElements = 1 << 20
				_, _ = x.Run(map[string]*infer.Tensor{g.Inputs[0]: ex.Tensors["input"]})
				for _, tn := range g.DataTensors() {
					_, _ = x.Run(map[string]*infer.Tensor{g.Inputs[0]: ex.Tensors["input"]}, tn)
				}
			}()
		}
	}
}
