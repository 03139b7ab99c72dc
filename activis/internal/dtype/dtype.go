// Package dtype converts the values of NumPy arrays to float32, whatever
// their stored dtype: converters for float16/32/64 and 8- to 64-bit integers
// in either byte order, read straight from a file's bytes (a memory map).
package dtype

import (
	"encoding/binary"
	"math"
	"unsafe"

	"codeberg.org/sbinet/npyio/npy/float16"
)

// Conv converts len(dst) stored values from src (len(dst) × the element
// size bytes) to float32.
type Conv = func(dst []float32, src []byte)

// NativeLittle reports whether this machine is little-endian, so that
// '<f4' data can be viewed as []float32 without conversion.
var NativeLittle = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// Float returns the element size and converter for a floating-point NumPy
// dtype string ("<f4", ">f2", "=f8", ...), and whether it is float32 in
// native order (its bytes can be viewed as []float32); ok is false for any
// other dtype.
func Float(dtype string) (esize int, conv Conv, native, ok bool) {
	if len(dtype) != 3 || dtype[1] != 'f' {
		return 0, nil, false, false
	}
	var bo binary.ByteOrder
	switch dtype[0] {
	case '<':
		bo = binary.LittleEndian
	case '>':
		bo = binary.BigEndian
	case '=':
		bo = nil
	default:
		return 0, nil, false, false
	}
	little := bo == binary.LittleEndian || (dtype[0] == '=' && NativeLittle)
	// The little-endian loops call binary.LittleEndian directly (a concrete
	// type, inlined) rather than through the ByteOrder interface: this is
	// the common case and several times faster.
	switch dtype[2] {
	case '2':
		if little {
			return 2, func(dst []float32, src []byte) {
				for k := range dst {
					dst[k] = float16.Float16Frombits(binary.LittleEndian.Uint16(src[2*k:])).Float32()
				}
			}, false, true
		}
		return 2, func(dst []float32, src []byte) {
			for k := range dst {
				dst[k] = float16.Float16Frombits(binary.BigEndian.Uint16(src[2*k:])).Float32()
			}
		}, false, true
	case '4':
		if little {
			return 4, func(dst []float32, src []byte) {
				for k := range dst {
					dst[k] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:]))
				}
			}, NativeLittle, true
		}
		return 4, func(dst []float32, src []byte) {
			for k := range dst {
				dst[k] = math.Float32frombits(binary.BigEndian.Uint32(src[4*k:]))
			}
		}, !NativeLittle, true
	case '8':
		if little {
			return 8, func(dst []float32, src []byte) {
				src = src[:8*len(dst)]
				if f, ok := viewFloat64(src); ok {
					for k, v := range f {
						dst[k] = float32(v)
					}
					return
				}
				for k := range dst {
					dst[k] = float32(math.Float64frombits(binary.LittleEndian.Uint64(src[8*k:])))
				}
			}, false, true
		}
		return 8, func(dst []float32, src []byte) {
			for k := range dst {
				dst[k] = float32(math.Float64frombits(binary.BigEndian.Uint64(src[8*k:])))
			}
		}, false, true
	}
	return 0, nil, false, false
}

// Int returns the element size and converter for an integer NumPy dtype
// ("|u1", "<i8", ">i4", ...), values converted to float32; ok is false for
// any other dtype.
func Int(dtype string) (esize int, conv Conv, ok bool) {
	if len(dtype) != 3 || (dtype[1] != 'i' && dtype[1] != 'u') {
		return 0, nil, false
	}
	var bo binary.ByteOrder
	switch dtype[0] {
	case '<':
		bo = binary.LittleEndian
	case '>':
		bo = binary.BigEndian
	case '=':
		bo = binary.NativeEndian
	case '|':
		if dtype[2] != '1' {
			return 0, nil, false
		}
		bo = binary.LittleEndian // one byte: no order
	default:
		return 0, nil, false
	}
	signed := dtype[1] == 'i'
	switch dtype[2] {
	case '1':
		return 1, intRows(1, signed, func(b []byte) uint64 { return uint64(b[0]) }), true
	case '2':
		return 2, intRows(2, signed, func(b []byte) uint64 { return uint64(bo.Uint16(b)) }), true
	case '4':
		return 4, intRows(4, signed, func(b []byte) uint64 { return uint64(bo.Uint32(b)) }), true
	case '8':
		return 8, intRows(8, signed, bo.Uint64), true
	}
	return 0, nil, false
}

// intRows returns the converter of size-byte integers read by get,
// sign-extended when signed.
func intRows(size int, signed bool, get func([]byte) uint64) Conv {
	shift := 64 - 8*size
	return func(dst []float32, src []byte) {
		for k := range dst {
			v := get(src[size*k:])
			if signed {
				dst[k] = float32(int64(v<<shift) >> shift)
			} else {
				dst[k] = float32(v)
			}
		}
	}
}

// viewFloat64 views little-endian float64 bytes as []float64 without
// copying when the machine is little-endian and the bytes are aligned.
func viewFloat64(b []byte) ([]float64, bool) {
	if !NativeLittle || len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 != 0 {
		return nil, false
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/8), true
}
