package activis

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
)

// idxBytes builds an unsigned-byte IDX file.
func idxBytes(dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, idxUbyte, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestLoadIDX(t *testing.T) {
	// Two 2×3 images.
	pix := []byte{0, 255, 0, 255, 0, 255, 51, 51, 51, 51, 51, 51}
	imgs := idxBytes([]uint32{2, 2, 3}, pix)
	labs := idxBytes([]uint32{2}, []byte{6, 0})
	for _, test := range []struct {
		name       string
		img, lab   []byte
		classes    []string
		wantLabel1 string
	}{
		{"plain", imgs, labs, FashionMNISTClasses, "T-shirt/top"},
		{"gzip", gz(imgs), gz(labs), FashionMNISTClasses, "T-shirt/top"},
		{"mixed, no names", gz(imgs), labs, nil, "0"},
	} {
		t.Run(test.name, func(t *testing.T) {
			ds, err := LoadIDX(writeFile(t, "i", test.img), writeFile(t, "l", test.lab), test.classes)
			if err != nil {
				t.Fatal(err)
			}
			in := ds.Instances
			if in.Len() != 2 || ds.Inputs.Len() != 2 || ds.Inputs.Dim() != 6 || len(ds.InputShape) != 3 ||
				ds.InputShape[0] != 1 || ds.InputShape[1] != 2 || ds.InputShape[2] != 3 {
				t.Fatalf("n %d inputs %d×%d shape %v", in.Len(), ds.Inputs.Len(), ds.Inputs.Dim(), ds.InputShape)
			}
			if in.At(1).Label() != test.wantLabel1 || in.At(0).Predicted() != "" {
				t.Errorf("labels %q %q", in.At(0).Label(), in.At(1).Label())
			}
			if r := ds.Inputs.Row(0); r[0] != 0 || r[1] != 1 || r[5] != 1 {
				t.Errorf("row 0 %v", r)
			}
			if m0, m1 := in.At(0).Attr(MeanPixelAttr), in.At(1).Attr(MeanPixelAttr); !near(m0, 0.5, 1e-12) || !near(m1, 0.2, 1e-12) {
				t.Errorf("mean_pixel %v %v", m0, m1)
			}
		})
	}
	if test := (len(FashionMNISTClasses) == 10 && FashionMNISTClasses[6] == "Shirt"); !test {
		t.Error("FashionMNISTClasses table")
	}
}

func TestLoadIDXErrors(t *testing.T) {
	imgs := idxBytes([]uint32{2, 2, 2}, make([]byte, 8))
	labs := idxBytes([]uint32{2}, []byte{0, 1})
	for _, test := range []struct {
		name     string
		img, lab []byte
		classes  []string
		want     error
		text     string
	}{
		{"truncated images", imgs[:len(imgs)-1], labs, nil, ErrTruncated, "need 8 bytes of data, file has 7"},
		{"truncated gzip", gz(imgs)[:20], labs, nil, ErrTruncated, ""},
		{"truncated header", imgs[:6], labs, nil, ErrTruncated, "dimension"},
		{"bad magic", append([]byte{1}, imgs[1:]...), labs, nil, ErrIDX, "magic"},
		{"float type", append([]byte{0, 0, 0x0d}, imgs[3:]...), labs, nil, ErrIDX, "element type"},
		{"labels as images", labs, labs, nil, ErrIDX, "want 3"},
		{"images as labels", imgs, imgs, nil, ErrIDX, "want 1"},
		{"count mismatch", imgs, idxBytes([]uint32{3}, []byte{0, 1, 1}), nil, ErrShape, "2 images"},
		{"unknown class", imgs, labs, []string{"only"}, ErrUnknownClass, "label 1"},
		{"huge header", idxBytes([]uint32{1 << 31, 1 << 31, 1 << 31}, nil), labs, nil, ErrIDX, "too large"},
		{"huge but truncated", idxBytes([]uint32{1 << 20, 1 << 10, 1 << 10}, make([]byte, 100)), labs, nil, ErrTruncated, "file has 100"},
	} {
		t.Run(test.name, func(t *testing.T) {
			ip, lp := writeFile(t, "images.idx", test.img), writeFile(t, "labels.idx", test.lab)
			_, err := LoadIDX(ip, lp, test.classes)
			if !errors.Is(err, test.want) {
				t.Fatalf("error %v, want %v", err, test.want)
			}
			if !strings.Contains(err.Error(), test.text) || !(strings.Contains(err.Error(), ip) || strings.Contains(err.Error(), lp)) {
				t.Errorf("error %q should name the file and say %q", err, test.text)
			}
		})
	}
}

// TestLoadIDXFashionMNIST reads the real test set when the machine has it.
func TestLoadIDXFashionMNIST(t *testing.T) {
	const dir = "/usr/share/datasets/fashion-mnist/"
	img, lab := dir+"t10k-images-idx3-ubyte.gz", dir+"t10k-labels-idx1-ubyte.gz"
	if _, err := os.Stat(img); err != nil || testing.Short() {
		t.Skip("Fashion-MNIST not installed")
	}
	ds, err := LoadIDX(img, lab, FashionMNISTClasses)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Instances.Len() != 10000 || ds.Inputs.Dim() != 784 {
		t.Fatalf("%d × %d", ds.Instances.Len(), ds.Inputs.Dim())
	}
	counts := map[string]int{}
	for i := 0; i < 10000; i++ {
		counts[ds.Instances.At(i).Label()]++
	}
	if len(counts) != 10 || counts["Shirt"] != 1000 {
		t.Errorf("class counts %v", counts)
	}
	// The first test image is an ankle boot.
	if ds.Instances.At(0).Label() != "Ankle boot" {
		t.Errorf("first label %q", ds.Instances.At(0).Label())
	}
}
