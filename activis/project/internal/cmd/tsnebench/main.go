// Command tsnebench runs the package's t-SNE on Fashion-MNIST images and
// reports time, KL divergence and 10-nearest-neighbour class agreement in the
// embedding. It is the Go half of `make bench-tsne`; the scikit-learn half is
// activis/project/testdata/sklearn_baseline.py, which reads the JSON written
// with -out and scores both embeddings the same way.
//
//	go run ./activis/project/internal/cmd/tsnebench -n 10000 -out build/tsne-go.json
//
// Images are taken from the test set first, then the training set, so n ≤
// 10000 means test images and n = 70000 means all of them. Pixels are scaled
// to [0, 1] and reduced by PCA to 50 dimensions inside TSNE.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/activis-go/activis/activis"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/activis-go/activis/activis/project"
)

func main() {
	dir := flag.String("dir", "/usr/share/datasets/fashion-mnist", "Fashion-MNIST directory")
	n := flag.Int("n", 10000, "number of images (test set first, then training set)")
	out := flag.String("out", "", "write coordinates, labels and numbers as JSON here")
	threads := flag.Int("threads", 0, "threads (0: GOMAXPROCS)")
	iters := flag.Int("iters", 1000, "iterations")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile here")
	model := flag.String("model", "", "an ONNX model: project the activations of -layer over the test images instead of their pixels")
	layer := flag.String("layer", "fc1", "the layer of -model to project")
	saveNPY := flag.String("save-npy", "", "with -model: write the layer's activations here (for the scikit-learn baseline's --npy)")
	flag.Parse()
	log.SetFlags(0)
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	load := func(dir string, n int) (project.Rows, []int, error) { return loadPixels(dir, n) }
	if *model != "" {
		load = func(dir string, n int) (project.Rows, []int, error) {
			return loadLayer(dir, n, *model, *layer, *saveNPY)
		}
	}
	if err := run(load, *dir, *n, *threads, *iters, *out); err != nil {
		log.Print(err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(load func(string, int) (project.Rows, []int, error), dir string, n, threads, iters int, out string) error {
	x, labels, err := load(dir, n)
	if err != nil {
		return err
	}
	opt := project.DefaultOptions()
	opt.Threads = threads
	opt.Iterations = iters
	start := time.Now()
	var firstIter time.Duration
	opt.Progress = func(it, total int, kl float64) {
		if it == 1 {
			firstIter = time.Since(start)
		}
		if it%250 == 0 {
			fmt.Fprintf(os.Stderr, "iter %d/%d KL %.4f  %.1fs\n", it, total, kl, time.Since(start).Seconds())
		}
	}
	pr, err := project.TSNE(context.Background(), x, nil, opt)
	if err != nil {
		return err
	}
	total := time.Since(start)
	agree := agreement(pr.X, pr.Y, labels, 10)
	fmt.Printf("go-tsne n=%d preprocess+knn+P=%.2fs total=%.2fs KL=%.4f agreement10=%.4f lr=%.1f\n",
		n, firstIter.Seconds(), total.Seconds(), pr.KL, agree, pr.Params.LearningRate)
	if out == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(map[string]any{
		"n": n, "seconds": total.Seconds(), "kl": pr.KL, "agreement10": agree,
		"x": pr.X, "y": pr.Y, "labels": labels,
	})
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// agreement is the mean fraction of each point's k nearest neighbours in the
// embedding that share its label (exact neighbours, project.Neighbors).
func agreement(xs, ys []float64, labels []int, k int) float64 {
	n := len(xs)
	pts := &project.Matrix{Rows: n, Cols: 2, Data: make([]float32, 2*n)}
	for i := range xs {
		pts.Data[2*i], pts.Data[2*i+1] = float32(xs[i]), float32(ys[i])
	}
	nb, err := project.Neighbors(pts, k)
	if err != nil {
		log.Fatal(err)
	}
	var sum float64
	for i := 0; i < n; i++ {
		same := 0
		for _, j := range nb[i*k : (i+1)*k] {
			if labels[j] == labels[i] {
				same++
			}
		}
		sum += float64(same) / float64(k)
	}
	return sum / float64(n)
}

// load reads the first n images (test set, then training set) scaled to
// [0, 1], with their labels.
func loadPixels(dir string, n int) (project.Rows, []int, error) {
	data := make([]float32, 0, n*784) // one allocation: 70,000 images are 220 MB
	var labels []int
	for _, set := range []string{"t10k", "train"} {
		if len(labels) >= n {
			break
		}
		img, rows, cols, err := readIDX(filepath.Join(dir, set+"-images-idx3-ubyte.gz"))
		if err != nil {
			return nil, nil, err
		}
		lab, _, _, err := readIDX(filepath.Join(dir, set+"-labels-idx1-ubyte.gz"))
		if err != nil {
			return nil, nil, err
		}
		size := rows * cols
		for i := 0; i < len(lab) && len(labels) < n; i++ {
			for _, v := range img[i*size : (i+1)*size] {
				data = append(data, float32(v)/255)
			}
			labels = append(labels, int(lab[i]))
		}
	}
	if len(labels) < n {
		return nil, nil, fmt.Errorf("only %d images in %s", len(labels), dir)
	}
	return &project.Matrix{Rows: n, Cols: len(data) / n, Data: data}, labels, nil
}

// readIDX reads a gzipped IDX file of unsigned bytes and returns its payload
// and, for 3-D files, the image rows and columns.
func readIDX(path string) (payload []byte, rows, cols int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	var magic [4]byte
	if _, err := io.ReadFull(gz, magic[:]); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: header: %w", path, err)
	}
	if magic[2] != 0x08 {
		return nil, 0, 0, fmt.Errorf("%s: element type %#x, want unsigned byte", path, magic[2])
	}
	dims := make([]uint32, magic[3])
	if err := binary.Read(gz, binary.BigEndian, dims); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: dimensions: %w", path, err)
	}
	size := 1
	for _, d := range dims {
		size *= int(d)
	}
	payload = make([]byte, size)
	if _, err := io.ReadFull(gz, payload); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: data: %w", path, err)
	}
	if len(dims) == 3 {
		rows, cols = int(dims[1]), int(dims[2])
	}
	return payload, rows, cols, nil
}

// loadLayer runs the model over the first n test images and returns the
// activations of layer (the demo model's penultimate layer is "fc1"), with
// the labels; with save set it also writes them as .npy.
func loadLayer(dir string, n int, model, layer, save string) (project.Rows, []int, error) {
	m, err := activis.LoadONNX(model)
	if err != nil {
		return nil, nil, err
	}
	data, err := activis.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), activis.FashionMNISTClasses)
	if err != nil {
		return nil, nil, err
	}
	if n > data.Len() {
		return nil, nil, fmt.Errorf("-model uses the %d test images; -n %d is too many", data.Len(), n)
	}
	if data, err = data.Slice(0, n); err != nil {
		return nil, nil, err
	}
	r, err := m.Run(data, layer)
	if err != nil {
		return nil, nil, err
	}
	acts, err := r.Tensor(layer)
	if err != nil {
		return nil, nil, err
	}
	if save != "" {
		if err := os.MkdirAll(filepath.Dir(save), 0o755); err != nil {
			return nil, nil, err
		}
		if err := activis.SaveNPY(save, acts); err != nil {
			return nil, nil, err
		}
	}
	return acts, append([]int(nil), data.Instances.Labels...), nil
}
