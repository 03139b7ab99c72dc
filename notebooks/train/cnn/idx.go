package cnn

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/activis-go/activis/activis"
)

// ErrData reports a dataset the network cannot train on.
var ErrData = errors.New("cnn: unusable dataset")

// Set is a labelled image set: N images of H×W pixels, scaled to [0, 1],
// stored row-major one image after another.
type Set struct {
	// Images holds N×H×W pixel values in [0, 1].
	Images []float32
	// Labels holds N class indices.
	Labels []uint8
	// N, H and W are the number of images and their height and width.
	N, H, W int
}

// Image returns image i as a slice of H×W pixels (not a copy).
func (s *Set) Image(i int) []float32 {
	d := s.H * s.W
	return s.Images[i*d : (i+1)*d]
}

// Subset returns the first n images of s (sharing storage with s).
func (s *Set) Subset(n int) *Set {
	n = min(n, s.N)
	d := s.H * s.W
	return &Set{Images: s.Images[:n*d], Labels: s.Labels[:n], N: n, H: s.H, W: s.W}
}

// FromDataset copies a single-channel image Dataset (as activis.LoadIDX
// returns) into a Set. Every instance needs a label below 256.
func FromDataset(d *activis.Dataset) (*Set, error) {
	if d == nil || d.Inputs == nil || d.Instances == nil {
		return nil, fmt.Errorf("%w: no inputs or instances", ErrData)
	}
	if len(d.InputShape) != 3 || d.InputShape[0] != 1 {
		return nil, fmt.Errorf("%w: input shape %v, want [1 H W]", ErrData, d.InputShape)
	}
	n, h, w := d.Inputs.Len(), d.InputShape[1], d.InputShape[2]
	if d.Inputs.Dim() != h*w || len(d.Instances.Labels) != n {
		return nil, fmt.Errorf("%w: %d×%d inputs and %d labels for images of %d×%d", ErrData, n, d.Inputs.Dim(), len(d.Instances.Labels), h, w)
	}
	s := &Set{Images: make([]float32, n*h*w), Labels: make([]uint8, n), N: n, H: h, W: w}
	for i := range n {
		copy(s.Image(i), d.Inputs.Row(i))
		l := d.Instances.Labels[i]
		if l < 0 || l > 255 {
			return nil, fmt.Errorf("%w: instance %d has label %d", ErrData, i, l)
		}
		s.Labels[i] = uint8(l)
	}
	return s, nil
}

// LoadIDX reads an IDX image file and its label file (gzip or not) with
// activis.LoadIDX into a Set.
func LoadIDX(images, labels string) (*Set, error) {
	d, err := activis.LoadIDX(images, labels, nil)
	if err != nil {
		return nil, fmt.Errorf("cnn: %w", err)
	}
	return FromDataset(d)
}

// LoadFashionMNIST reads the four Fashion-MNIST files from dir (as
// installed by Debian's dataset-fashion-mnist under
// /usr/share/datasets/fashion-mnist).
func LoadFashionMNIST(dir string) (train, test *Set, err error) {
	train, err = LoadIDX(filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, nil, err
	}
	test, err = LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
