package activis

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Input returns a copy of instance i's flattened model input.
func (d *Dataset) Input(i int) ([]float32, error) {
	if i < 0 || i >= d.Len() {
		return nil, fmt.Errorf("activis: instance %d out of range [0, %d): %w", i, d.Len(), ErrRange)
	}
	px := make([]float32, d.Inputs.Dim())
	if err := d.Inputs.RowInto(i, i+1, px); err != nil {
		return nil, fmt.Errorf("activis: input of instance %d: %w", i, err)
	}
	return px, nil
}

// Edit returns a new one-instance data set holding a copy of instance i whose
// input edit has changed in place: a user's own test case made from an
// existing one (an erased patch, a brightened image, a changed word). The
// copy keeps instance i's label and attributes and gets the id
// "<id>-edited".
func (d *Dataset) Edit(i int, edit func(input []float32)) (*Dataset, error) {
	px, err := d.Input(i)
	if err != nil {
		return nil, err
	}
	edit(px)
	meta, err := d.Instances.Slice(i, i+1)
	if err != nil {
		return nil, err
	}
	one := *meta
	one.IDs = []string{meta.IDs[0] + "-edited"}
	one.Labels = append([]int(nil), meta.Labels...)
	one.Predicted = []int{-1}
	one.Scores = nil
	if a := one.Attribute(MeanPixelAttr); a != nil && a.Kind == Numeric {
		var sum float64
		for _, v := range px {
			sum += float64(v)
		}
		one.Attrs = append([]*Attribute(nil), one.Attrs...)
		for k, at := range one.Attrs {
			if at.Name == MeanPixelAttr {
				c := *at
				c.Num = []float64{sum / float64(len(px))}
				one.Attrs[k] = &c
			}
		}
	}
	extra, err := d.sliceExtra(i, i+1)
	if err != nil {
		return nil, err
	}
	return &Dataset{
		Instances:  &one,
		Inputs:     NewActivations(px, 1, len(px)),
		InputShape: append([]int(nil), d.InputShape...),
		Extra:      extra,
	}, nil
}

// Image returns instance i's input as an image when the input shape is an
// image ([1 H W] grayscale or [3 H W] colour, values in [0, 1]); in a
// notebook an image.Image shows as a PNG.
func (d *Dataset) Image(i int) (image.Image, error) {
	s := d.InputShape
	if len(s) != 3 || (s[0] != 1 && s[0] != 3) {
		return nil, fmt.Errorf("activis: input shape %v is not an image ([1 H W] or [3 H W])", s)
	}
	px, err := d.Input(i)
	if err != nil {
		return nil, err
	}
	h, w := s[1], s[2]
	u8 := func(v float32) uint8 {
		if math.IsNaN(float64(v)) || v <= 0 {
			return 0
		}
		if v >= 1 {
			return 255
		}
		return uint8(v*255 + 0.5)
	}
	if s[0] == 1 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for k, v := range px[:h*w] {
			g.Pix[k] = u8(v)
		}
		return g, nil
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{u8(px[y*w+x]), u8(px[h*w+y*w+x]), u8(px[2*h*w+y*w+x]), 255})
		}
	}
	return img, nil
}
