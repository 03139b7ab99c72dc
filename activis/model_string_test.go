package activis

import (
	"strings"
	"testing"
)

func TestModelString(t *testing.T) {
	m, err := LoadONNX("testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	s := m.String()
	for _, want := range []string{"opset", "parameters", "inputs:", "outputs:", "conv1", "fc1"} {
		if !strings.Contains(s, want) {
			t.Errorf("Model.String lacks %q:\n%s", want, s)
		}
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" || thousands(-1000) != "-1,000" {
		t.Errorf("thousands: %q %q %q", thousands(1234567), thousands(12), thousands(-1000))
	}
}
