package project

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fashionDir holds the Fashion-MNIST IDX files on the development machine;
// tests and benchmarks that need them skip when they are absent (as in CI).
const fashionDir = "/usr/share/datasets/fashion-mnist"

// loadFashion returns the first n Fashion-MNIST images (test set first,
// then training set) as an n×784 row-major slice scaled to [0, 1], with
// their labels, or skips tb when the files are missing.
func loadFashion(tb testing.TB, n int) ([]float64, []int) {
	tb.Helper()
	data := make([]float64, 0, n*784)
	var labels []int
	for _, set := range []string{"t10k", "train"} {
		if len(labels) >= n {
			break
		}
		img, err := readIDX(filepath.Join(fashionDir, set+"-images-idx3-ubyte.gz"))
		if os.IsNotExist(err) {
			tb.Skipf("Fashion-MNIST not installed: %v", err)
		}
		if err != nil {
			tb.Fatal(err)
		}
		lab, err := readIDX(filepath.Join(fashionDir, set+"-labels-idx1-ubyte.gz"))
		if err != nil {
			tb.Fatal(err)
		}
		for i := 0; i < len(lab) && len(labels) < n; i++ {
			for _, v := range img[i*784 : (i+1)*784] {
				data = append(data, float64(v)/255)
			}
			labels = append(labels, int(lab[i]))
		}
	}
	if len(labels) < n {
		tb.Fatalf("only %d Fashion-MNIST images", len(labels))
	}
	return data, labels
}

// readIDX returns the unsigned-byte payload of a gzipped IDX file.
func readIDX(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var magic [4]byte
	if _, err := io.ReadFull(gz, magic[:]); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("%s: element type %#x, want unsigned byte", path, magic[2])
	}
	dims := make([]uint32, magic[3])
	if err := binary.Read(gz, binary.BigEndian, dims); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	size := 1
	for _, d := range dims {
		size *= int(d)
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(gz, out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
