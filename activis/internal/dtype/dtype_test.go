package dtype

import (
	"encoding/binary"
	"math"
	"testing"
)

func TestConverters(t *testing.T) {
	vals := []float64{0, 1, -2.5, 1024, -7}
	enc := func(size int, bo binary.ByteOrder, put func(b []byte, bo binary.ByteOrder, v float64)) []byte {
		b := make([]byte, size*len(vals)+1)[1:] // misaligned on purpose
		for k, v := range vals {
			put(b[size*k:], bo, v)
		}
		return b
	}
	f32 := func(b []byte, bo binary.ByteOrder, v float64) { bo.PutUint32(b, math.Float32bits(float32(v))) }
	f64 := func(b []byte, bo binary.ByteOrder, v float64) { bo.PutUint64(b, math.Float64bits(v)) }
	i16 := func(b []byte, bo binary.ByteOrder, v float64) { bo.PutUint16(b, uint16(int16(v))) }
	i64 := func(b []byte, bo binary.ByteOrder, v float64) { bo.PutUint64(b, uint64(int64(v))) }
	for _, c := range []struct {
		dtype string
		size  int
		bytes []byte
		float bool
	}{
		{"<f4", 4, enc(4, binary.LittleEndian, f32), true},
		{">f4", 4, enc(4, binary.BigEndian, f32), true},
		{"<f8", 8, enc(8, binary.LittleEndian, f64), true},
		{">f8", 8, enc(8, binary.BigEndian, f64), true},
		{"<i2", 2, enc(2, binary.LittleEndian, i16), false},
		{">i8", 8, enc(8, binary.BigEndian, i64), false},
	} {
		var size int
		var conv Conv
		var ok bool
		if c.float {
			size, conv, _, ok = Float(c.dtype)
		} else {
			size, conv, ok = Int(c.dtype)
		}
		if !ok || size != c.size {
			t.Fatalf("%s: size %d ok %v, want %d", c.dtype, size, ok, c.size)
		}
		got := make([]float32, len(vals))
		conv(got, c.bytes)
		for k, v := range vals {
			if !c.float {
				v = math.Trunc(v)
			}
			if got[k] != float32(v) {
				t.Errorf("%s: value %d = %v, want %v", c.dtype, k, got[k], v)
			}
		}
	}
	// Unsigned bytes do not sign-extend.
	_, conv, ok := Int("|u1")
	got := make([]float32, 1)
	if conv(got, []byte{255}); !ok || got[0] != 255 {
		t.Errorf("|u1 255 → %v", got[0])
	}
	for _, bad := range []string{"<f3", "<i4x", "|i2", "U10", "", "<c8"} {
		if _, _, _, ok := Float(bad); ok {
			t.Errorf("Float(%q) accepted", bad)
		}
		if _, _, ok := Int(bad); ok {
			t.Errorf("Int(%q) accepted", bad)
		}
	}
	if _, _, native, _ := Float("<f4"); native != NativeLittle {
		t.Errorf("<f4 native = %v on a little-endian=%v machine", native, NativeLittle)
	}
}
