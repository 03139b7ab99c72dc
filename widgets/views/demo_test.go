package views

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
)

// TestDemoPayload measures the output of the quickstart demo: Fashion-MNIST
// through notebooks/data/fashion_cnn.onnx, every data layer captured, the
// explorer displayed with thumbnails. It runs the model and a t-SNE, so it
// only runs when ACTIVIS_DEMO_PAYLOAD names the split ("t10k" or "train").
//
//	ACTIVIS_DEMO_PAYLOAD=t10k go test -run DemoPayload -v ./widgets/views/
func TestDemoPayload(t *testing.T) {
	split := os.Getenv("ACTIVIS_DEMO_PAYLOAD")
	if split == "" {
		t.Skip("set ACTIVIS_DEMO_PAYLOAD=t10k (or train) to measure the demo's payload")
	}
	dir := "/usr/share/datasets/fashion-mnist/"
	ds, err := activis.LoadIDX(dir+split+"-images-idx3-ubyte.gz", dir+split+"-labels-idx1-ubyte.gz", activis.FashionMNISTClasses)
	if err != nil {
		t.Skip(err)
	}
	m, err := activis.LoadONNX("../../notebooks/data/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run, err := m.Run(ds, m.Graph.DataTensors()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model run over %d instances: %v", run.Len(), time.Since(start))
	ex := activis.NewExplorer(m, run)
	if err := ex.SelectLayer("/fc1/Gemm_output_0"); err != nil {
		t.Logf("select fc1: %v (keeping %s)", err, ex.Layer())
	}
	start = time.Now()
	b := All(ex).WithDataset(ds).Render()
	t.Logf("first render (statistics, t-SNE of the sample): %v", time.Since(start))
	// Discovery alone (the render above ran it once, for the selected layer).
	start = time.Now()
	sd := discover(ex, SuggestLimit, true)
	if sd == nil || sd.Err != "" {
		t.Fatalf("discovery: %+v", sd)
	}
	took := time.Since(start)
	sj, _ := json.Marshal(suggestPayloadOf(sd, make([]int, DefaultOptions().MaxPoints)))
	t.Logf("suggested subsets (part of the render): %d slices, %d clusters in %v, %d bytes of payload", len(sd.Discovery.Slices), len(sd.Discovery.Clusters), took, len(sj))
	h := b.Data["text/html"].(string)
	png := b.Data["image/png"].(string)
	nb, _ := json.Marshal(b.Data)
	t.Logf("demo output (%s, %d instances, layer %s): text/html %.2f MB, image/png %.0f kB (base64), whole bundle as JSON %.2f MB",
		split, run.Len(), ex.Layer(), float64(len(h))/1e6, float64(len(png))/1e3, float64(len(nb))/1e6)
	if len(nb) > 3_000_000 {
		t.Errorf("demo output %d bytes, want ≤ 3 MB", len(nb))
	}
}
