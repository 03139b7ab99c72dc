package activis
import ("testing";"fmt")
func TestTmpDemo(t *testing.T){
  m, err := LoadONNX("../notebooks/data/fashion_cnn.onnx")
  if err != nil { t.Fatal(err) }
  g := m.Graph
  fmt.Println(g.Producer, g.Opset, g.Inputs, g.Outputs, g.Params())
  for _, n := range g.Nodes { fmt.Println(n.Name, n.OpType, n.Outputs, g.Tensors[n.Outputs[0]].Shape) }
  for _, it := range g.Summary(12) { fmt.Print(it.Path, " | ") }
  d, err := LoadIDX("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz","/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", FashionMNISTClasses)
  if err != nil { t.Fatal(err) }
  r, err := m.Run(d, "conv2", "fc1")
  if err != nil { t.Fatal(err) }
  ok := 0
  for i := range r.Instances.Predicted { if r.Instances.Predicted[i] == r.Instances.Labels[i] { ok++ } }
  fmt.Println("\naccuracy", float64(ok)/float64(len(r.Instances.Predicted)), r.Tensors["conv2"].Dim(), r.Tensors["fc1"].Dim())
}
