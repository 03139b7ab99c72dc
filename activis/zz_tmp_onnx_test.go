package activis
import ("testing";"time")
func TestTmpFashion(t *testing.T){
  d, err := LoadIDX("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz","/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", FashionMNISTClasses)
  if err != nil { t.Fatal(err) }
  m, err := LoadONNX("testdata/fashion_cnn.onnx")
  if err != nil { t.Fatal(err) }
  t0 := time.Now()
  r, err := m.Run(d, "conv2", "fc1", "pool1")
  if err != nil { t.Fatal(err) }
  t.Log(time.Since(t0), d.InputShape, r.Instances.Len(), r.Tensors["conv2"].Dim(), r.Tensors["fc1"].Dim(), r.Tensors["pool1"].Dim(), r.Instances.Predicted[:10], r.Instances.Classes[:3], r.Instances.Scores[:10])
  if err := r.Instances.Validate(); err != nil { t.Fatal(err) }
  if _, err := NewRun(r.Instances, r.Tensors); err != nil { t.Fatal(err) }
}
