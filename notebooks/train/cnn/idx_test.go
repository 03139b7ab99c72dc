package cnn

import (
	"errors"
	"testing"

	"github.com/activis-go/activis/activis"
)

func TestFromDataset(t *testing.T) {
	in := activis.NewInstances([]string{"a", "b"}, 2)
	in.Labels[0], in.Labels[1] = 1, 0
	pix := []float32{0, 1, 0.2, 0.4, 0, 0, 1, 1, 1, 1, 0.5, 0.5} // 2 images of 2×3
	d := &activis.Dataset{Instances: in, Inputs: activis.NewActivations(pix, 2, 6), InputShape: []int{1, 2, 3}}
	s, err := FromDataset(d)
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 2 || s.H != 2 || s.W != 3 || s.Labels[0] != 1 || s.Labels[1] != 0 {
		t.Errorf("set %d×%d×%d labels %v", s.N, s.H, s.W, s.Labels)
	}
	if got := s.Image(1); got[0] != 1 || got[5] != 0.5 {
		t.Errorf("image 1 = %v", got)
	}
	if sub := s.Subset(1); sub.N != 1 || len(sub.Images) != 6 || len(sub.Labels) != 1 {
		t.Errorf("Subset(1) = %+v", sub)
	}

	unlabelled := activis.NewInstances([]string{"a"}, 2) // labels -1
	for _, test := range []struct {
		name string
		d    *activis.Dataset
	}{
		{"nil", nil},
		{"rgb", &activis.Dataset{Instances: in, Inputs: activis.NewActivations(pix, 2, 6), InputShape: []int{3, 1, 2}}},
		{"size", &activis.Dataset{Instances: in, Inputs: activis.NewActivations(pix, 2, 6), InputShape: []int{1, 2, 2}}},
		{"no label", &activis.Dataset{Instances: unlabelled, Inputs: activis.NewActivations(pix, 2, 6), InputShape: []int{1, 2, 3}}},
	} {
		if _, err := FromDataset(test.d); !errors.Is(err, ErrData) {
			t.Errorf("%s: err = %v, want ErrData", test.name, err)
		}
	}
	if _, _, err := LoadFashionMNIST(t.TempDir()); err == nil {
		t.Error("LoadFashionMNIST of an empty directory succeeded")
	}
}
