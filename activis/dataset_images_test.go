package activis

import (
	"errors"
	"image"
	"testing"
)

func TestDatasetEditAndImage(t *testing.T) {
	in := NewInstances([]string{"a", "b"}, 2)
	in.Labels = []int{0, 1}
	if err := in.SetNumeric(MeanPixelAttr, []float64{0.5, 0.25}); err != nil {
		t.Fatal(err)
	}
	px := []float32{
		1, 1, 0, 0, // instance 0: 2×2 image
		0.5, 0.5, 0.5, 0.5,
	}
	d := &Dataset{Instances: in, Inputs: NewActivations(px, 2, 4), InputShape: []int{1, 2, 2}}

	e, err := d.Edit(0, func(p []float32) { p[0], p[1] = 0, 0 })
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 1 || e.Instances.IDs[0] != "0-edited" || e.Instances.Labels[0] != 0 {
		t.Fatalf("edited instance = %+v", e.Instances)
	}
	if got := e.Instances.At(0).Attr(MeanPixelAttr); got != 0 {
		t.Errorf("edited mean_pixel = %v, want 0", got)
	}
	if px[0] != 1 || d.Instances.At(0).Attr(MeanPixelAttr) != 0.5 {
		t.Errorf("Edit changed the original data set")
	}

	img, err := d.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || g.Bounds().Dx() != 2 || g.Pix[3] != 128 {
		t.Errorf("Image(1) = %T %v, want 2×2 gray of 128", img, img.Bounds())
	}
	if _, err := d.Image(2); !errors.Is(err, ErrRange) {
		t.Errorf("Image(2) error = %v, want ErrRange", err)
	}
	flat := &Dataset{Instances: in, Inputs: NewActivations(px, 2, 4), InputShape: []int{4}}
	if _, err := flat.Image(0); err == nil {
		t.Errorf("Image of a non-image input gave no error")
	}
}
