package activis

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// FashionMNISTClasses names the ten Fashion-MNIST classes in label order.
// It is a constant table: read it, pass it, never modify it.
var FashionMNISTClasses = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// ErrIDX is returned (wrapped, naming the file) for a malformed IDX file.
var ErrIDX = errors.New("not a valid IDX file")

// MeanPixelAttr is the numeric attribute image loaders add to every
// instance: the mean of its input values in [0,1], so that notebooks can
// define subsets such as "bright" images.
const MeanPixelAttr = "mean_pixel"

// idxUbyte is the IDX type code of unsigned bytes, the only element type
// of the MNIST files.
const idxUbyte = 0x08

// LoadIDX reads images and labels in the IDX format of MNIST and
// Fashion-MNIST, gzipped or not (detected from the content). Pixels are
// scaled to [0,1] float32 and flattened per image; InputShape is [1 H W].
// classes names the labels in order (e.g. FashionMNISTClasses); nil names
// them "0".."k". Every instance gets the numeric attribute "mean_pixel".
// Errors name the file and wrap ErrIDX, ErrTruncated or ErrUnknownClass.
func LoadIDX(images, labels string, classes []string) (*Dataset, error) {
	imgDims, pix, err := readIDX(images)
	if err != nil {
		return nil, err
	}
	if len(imgDims) != 3 {
		return nil, fmt.Errorf("%s: %w: images have %d dimensions %v, want 3 (N, H, W)", images, ErrIDX, len(imgDims), imgDims)
	}
	labDims, lab, err := readIDX(labels)
	if err != nil {
		return nil, err
	}
	if len(labDims) != 1 {
		return nil, fmt.Errorf("%s: %w: labels have %d dimensions %v, want 1 (N)", labels, ErrIDX, len(labDims), labDims)
	}
	n, h, w := imgDims[0], imgDims[1], imgDims[2]
	if labDims[0] != n {
		return nil, fmt.Errorf("%w: %s has %d images but %s has %d labels", ErrShape, images, n, labels, labDims[0])
	}
	if classes == nil {
		k := 0
		for _, l := range lab {
			k = max(k, int(l)+1)
		}
		for c := range k {
			classes = append(classes, strconv.Itoa(c))
		}
	}
	in := NewInstances(classes, n)
	in.Source = images
	for i, l := range lab {
		if int(l) >= len(classes) {
			return nil, fmt.Errorf("%s: row %d: label %d: %w (only %d classes given)", labels, i, l, ErrUnknownClass, len(classes))
		}
		in.Labels[i] = int(l)
	}
	d := h * w
	x := make([]float32, n*d)
	mean := make([]float64, n)
	for i := range n {
		row := x[i*d : (i+1)*d]
		var s int
		for j, p := range pix[i*d : (i+1)*d] {
			row[j] = float32(p) / 255
			s += int(p)
		}
		if d > 0 {
			mean[i] = float64(s) / 255 / float64(d)
		}
	}
	if err := in.SetNumeric(MeanPixelAttr, mean); err != nil {
		return nil, err
	}
	return &Dataset{Instances: in, Inputs: NewActivations(x, n, d), InputShape: []int{1, h, w}}, nil
}

// readIDX reads an unsigned-byte IDX file (gzip or not) and returns its
// dimensions and data.
func readIDX(path string) ([]int, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("load idx: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, nil, fmt.Errorf("%s: %w (header: %v)", path, ErrTruncated, err)
	}
	if hdr[0] != 0 || hdr[1] != 0 {
		return nil, nil, fmt.Errorf("%s: %w (magic %#x%02x, want 0x0000)", path, ErrIDX, hdr[0], hdr[1])
	}
	if hdr[2] != idxUbyte {
		return nil, nil, fmt.Errorf("%s: %w (element type %#02x, want unsigned byte 0x08)", path, ErrIDX, hdr[2])
	}
	nd := int(hdr[3])
	if nd == 0 {
		return nil, nil, fmt.Errorf("%s: %w (no dimensions)", path, ErrIDX)
	}
	dims := make([]int, nd)
	size := 1
	for k := range dims {
		var v uint32
		if err := binary.Read(r, binary.BigEndian, &v); err != nil {
			return nil, nil, fmt.Errorf("%s: %w (dimension %d: %v)", path, ErrTruncated, k, err)
		}
		dims[k] = int(v)
		if v != 0 && size > maxElems/int(v) {
			return nil, nil, fmt.Errorf("%s: %w (dimensions %v too large)", path, ErrIDX, dims[:k+1])
		}
		size *= int(v)
	}
	// ReadAll grows its buffer as data arrives, so a corrupt header that
	// announces a huge size fails as truncated instead of allocating it.
	data, err := io.ReadAll(io.LimitReader(r, int64(size)))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w (%v)", path, ErrTruncated, err)
	}
	if len(data) < size {
		return nil, nil, fmt.Errorf("%s: %w: dimensions %v need %d bytes of data, file has %d", path, ErrTruncated, dims, size, len(data))
	}
	return dims, data, nil
}
