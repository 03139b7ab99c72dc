package widget

import (
	"encoding/binary"
	"fmt"
)

// Float32s reads a binary buffer from a view (a []byte state value, sent
// by a JavaScript `Float32Array`) as little-endian float32 values.
func Float32s(v any) ([]float32, error) { return decodeBuffer[float32](v, "float32") }

// Float64s reads a binary buffer from a view (a JavaScript `Float64Array`) as
// little-endian float64 values.
func Float64s(v any) ([]float64, error) { return decodeBuffer[float64](v, "float64") }

// Int32s reads a binary buffer from a view (a JavaScript `Int32Array`) as little-endian
// int32 values.
func Int32s(v any) ([]int32, error) { return decodeBuffer[int32](v, "int32") }

func decodeBuffer[T float32 | float64 | int32](v any, name string) ([]T, error) {
	b, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("widget: reading %s values: the value is a %T, not a binary buffer ([]byte)", name, v)
	}
	var zero T
	size := binary.Size(zero)
	if len(b)%size != 0 {
		return nil, fmt.Errorf("widget: reading %s values: %d bytes is not a multiple of %d", name, len(b), size)
	}
	out := make([]T, len(b)/size)
	if _, err := binary.Decode(b, binary.LittleEndian, out); err != nil {
		return nil, fmt.Errorf("widget: reading %s values: %w", name, err)
	}
	return out, nil
}
