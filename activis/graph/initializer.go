package graph

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/advancedclimatesystems/gonnx/onnx"
)

// Initializer is a constant tensor stored in the file: a weight, or the
// value of a Constant node's attribute.
type Initializer struct {
	// Name is the tensor's name.
	Name string
	// DType is the element type, e.g. "float32" or "int64".
	DType string
	// Shape holds the dimensions ([] for a scalar).
	Shape []int

	f []float32
	i []int64
}

// Len returns the number of elements.
func (in *Initializer) Len() int {
	n := 1
	for _, d := range in.Shape {
		n *= d
	}
	return n
}

// Float32s returns the values converted to float32 (integers convert
// exactly up to 2^24). The slice must not be modified.
func (in *Initializer) Float32s() []float32 {
	if in.f == nil && in.i != nil {
		f := make([]float32, len(in.i))
		for k, v := range in.i {
			f[k] = float32(v)
		}
		return f
	}
	return in.f
}

// Int64s returns the values converted to int64 (floats truncate toward zero).
func (in *Initializer) Int64s() []int64 {
	if in.i == nil && in.f != nil {
		v := make([]int64, len(in.f))
		for k, x := range in.f {
			v[k] = int64(x)
		}
		return v
	}
	return in.i
}

var dtypeNames = map[int32]string{
	1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
	7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "float64",
	12: "uint32", 13: "uint64", 16: "bfloat16",
}

func dtypeName(t int32) string { return dtypeNames[t] }

// DTypeCode returns the ONNX TensorProto.DataType code of a dtype name, 0 if unknown.
func DTypeCode(name string) int32 {
	for k, v := range dtypeNames {
		if v == name {
			return k
		}
	}
	return 0
}

// NewInitializer decodes a TensorProto; errors name the tensor.
func NewInitializer(tp *onnx.TensorProto) (*Initializer, error) { return newInitializer(tp) }

func newInitializer(tp *onnx.TensorProto) (*Initializer, error) {
	in := &Initializer{Name: tp.GetName(), DType: dtypeName(tp.GetDataType())}
	n := 1
	for _, d := range tp.GetDims() {
		if d < 0 {
			return nil, fmt.Errorf("tensor %q: negative dimension %d", in.Name, d)
		}
		in.Shape = append(in.Shape, int(d))
		n *= int(d)
	}
	if in.Shape == nil {
		in.Shape = []int{}
	}
	if tp.GetDataLocation() == onnx.TensorProto_EXTERNAL {
		return nil, fmt.Errorf("tensor %q: weights in an external data file, which only Load (given the model's path) can read", in.Name)
	}
	raw := tp.GetRawData()
	size := map[string]int{"float32": 4, "float64": 8, "float16": 2, "bfloat16": 2, "int64": 8, "int32": 4,
		"int16": 2, "uint16": 2, "int8": 1, "uint8": 1, "bool": 1, "uint32": 4, "uint64": 8}[in.DType]
	if size == 0 {
		if in.DType == "string" {
			return in, nil // strings are kept by name only
		}
		return nil, fmt.Errorf("tensor %q: unsupported data type %d", in.Name, tp.GetDataType())
	}
	if len(raw) > 0 {
		if len(raw) != n*size {
			return nil, fmt.Errorf("tensor %q: raw data has %d bytes, shape %v %s needs %d", in.Name, len(raw), in.Shape, in.DType, n*size)
		}
		in.decodeRaw(raw, n, size)
		return in, nil
	}
	got := in.decodeTyped(tp)
	if got != n {
		return nil, fmt.Errorf("tensor %q: has %d values, shape %v needs %d", in.Name, got, in.Shape, n)
	}
	if in.f == nil && in.i == nil {
		if isFloat(in.DType) {
			in.f = []float32{}
		} else {
			in.i = []int64{}
		}
	}
	return in, nil
}

// decodeRaw decodes n little-endian values of size bytes each from raw.
func (in *Initializer) decodeRaw(raw []byte, n, size int) {
	le := binary.LittleEndian
	switch in.DType {
	case "float32":
		in.f = make([]float32, n)
		for k := range in.f {
			in.f[k] = math.Float32frombits(le.Uint32(raw[4*k:]))
		}
	case "float64":
		in.f = make([]float32, n)
		for k := range in.f {
			in.f[k] = float32(math.Float64frombits(le.Uint64(raw[8*k:])))
		}
	case "float16":
		in.f = make([]float32, n)
		for k := range in.f {
			in.f[k] = halfToFloat(le.Uint16(raw[2*k:]))
		}
	case "bfloat16":
		in.f = make([]float32, n)
		for k := range in.f {
			in.f[k] = math.Float32frombits(uint32(le.Uint16(raw[2*k:])) << 16)
		}
	default:
		in.i = make([]int64, n)
		for k := range in.i {
			b := raw[k*size:]
			switch in.DType {
			case "int64", "uint64":
				in.i[k] = int64(le.Uint64(b))
			case "int32":
				in.i[k] = int64(int32(le.Uint32(b)))
			case "uint32":
				in.i[k] = int64(le.Uint32(b))
			case "int16":
				in.i[k] = int64(int16(le.Uint16(b)))
			case "uint16":
				in.i[k] = int64(le.Uint16(b))
			case "int8":
				in.i[k] = int64(int8(b[0]))
			default: // uint8, bool
				in.i[k] = int64(b[0])
			}
		}
	}
}

// decodeTyped copies the values of the typed field matching the dtype and
// returns their number.
func (in *Initializer) decodeTyped(tp *onnx.TensorProto) int {
	var got int
	switch in.DType {
	case "float32":
		in.f = append([]float32(nil), tp.GetFloatData()...)
		got = len(in.f)
	case "float64":
		for _, v := range tp.GetDoubleData() {
			in.f = append(in.f, float32(v))
		}
		got = len(tp.GetDoubleData())
	case "float16", "bfloat16":
		for _, v := range tp.GetInt32Data() {
			if in.DType == "float16" {
				in.f = append(in.f, halfToFloat(uint16(v)))
			} else {
				in.f = append(in.f, math.Float32frombits(uint32(v)<<16))
			}
		}
		got = len(tp.GetInt32Data())
	case "int64":
		in.i = append([]int64(nil), tp.GetInt64Data()...)
		got = len(in.i)
	case "uint32", "uint64":
		for _, v := range tp.GetUint64Data() {
			in.i = append(in.i, int64(v))
		}
		got = len(tp.GetUint64Data())
	default:
		for _, v := range tp.GetInt32Data() {
			in.i = append(in.i, int64(v))
		}
		got = len(tp.GetInt32Data())
	}
	return got
}

// halfToFloat converts an IEEE 754 half-precision value.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		f := float32(frac) / 1024 / 16384
		if sign != 0 {
			f = -f
		}
		return f
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}

func newAttr(ap *onnx.AttributeProto) (*Attr, error) {
	a := &Attr{Name: ap.GetName()}
	t := ap.GetType()
	if t == onnx.AttributeProto_UNDEFINED { // old files: infer from the filled field
		switch {
		case len(ap.GetInts()) > 0:
			t = onnx.AttributeProto_INTS
		case len(ap.GetFloats()) > 0:
			t = onnx.AttributeProto_FLOATS
		case ap.GetT() != nil:
			t = onnx.AttributeProto_TENSOR
		case len(ap.GetS()) > 0:
			t = onnx.AttributeProto_STRING
		case ap.GetF() != 0:
			t = onnx.AttributeProto_FLOAT
		default:
			t = onnx.AttributeProto_INT
		}
	}
	switch t {
	case onnx.AttributeProto_FLOAT:
		a.Type, a.F = AttrFloat, ap.GetF()
	case onnx.AttributeProto_INT:
		a.Type, a.I = AttrInt, ap.GetI()
	case onnx.AttributeProto_STRING:
		a.Type, a.S = AttrString, string(ap.GetS())
	case onnx.AttributeProto_TENSOR:
		in, err := newInitializer(ap.GetT())
		if err != nil {
			return nil, err
		}
		a.Type, a.T = AttrTensor, in
	case onnx.AttributeProto_FLOATS:
		a.Type, a.Floats = AttrFloats, ap.GetFloats()
	case onnx.AttributeProto_INTS:
		a.Type, a.Ints = AttrInts, ap.GetInts()
	case onnx.AttributeProto_STRINGS:
		a.Type = AttrStrings
		for _, s := range ap.GetStrings() {
			a.Strings = append(a.Strings, string(s))
		}
	default:
		a.Type = AttrUnknown // graphs, sparse tensors, types: kept by name only
	}
	return a, nil
}

// NewFloatInitializer makes a float32 initializer (for tests and tools).
func NewFloatInitializer(name string, shape []int, data []float32) *Initializer {
	return &Initializer{Name: name, DType: "float32", Shape: shape, f: data}
}

// NewIntInitializer makes an int64 initializer (for tests and tools).
func NewIntInitializer(name string, shape []int, data []int64) *Initializer {
	return &Initializer{Name: name, DType: "int64", Shape: shape, i: data}
}
