package views

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"testing"
)

func TestSnapshotText(t *testing.T) {
	for _, test := range []struct{ in, ascii, clipped string }{
		{"Activations · fc1", "Activations ? fc1", "Activati~"},
		{"<script>", "<script>", "<script>"},
		{"naïve…", "na?ve?", "naïve…"},
	} {
		if got := asciiOnly(test.in); got != test.ascii {
			t.Errorf("asciiOnly(%q) = %q, want %q", test.in, got, test.ascii)
		}
		if got := clip(test.in, 9); got != test.clipped {
			t.Errorf("clip(%q, 9) = %q, want %q", test.in, got, test.clipped)
		}
	}
}

func TestSnapshotPNG(t *testing.T) {
	b := fixtureBundle(t, kindAll)
	raw, err := base64.StdEncoding.DecodeString(b.Data["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("snapshot is not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w != snapW {
		t.Errorf("snapshot width %d, want %d", w, snapW)
	}
	// The matrix area is coloured, not blank.
	r, g, bl, _ := img.At(snapLabelW+5, 28+18+3).RGBA()
	if r == 0xffff && g == 0xffff && bl == 0xffff {
		t.Errorf("matrix cell in the snapshot is white")
	}
}
