package widget

import (
	"encoding/binary"
	"reflect"
	"strconv"
)

// modelRefPrefix marks a reference to another widget model in a state value.
const modelRefPrefix = "IPY_MODEL_"

// encoded is a state ready for the wire: JSON values, the paths of the
// binary buffers taken out of it, the buffers, and the models it refers to.
type encoded struct {
	state   map[string]any
	paths   [][]any
	buffers [][]byte
	refs    []*Model
}

// encodeState turns Go state values into wire values: a *Model becomes
// "IPY_MODEL_<id>", a slice of fixed-size numbers ([]byte, []float32,
// []float64, []int8…[]int64, []uint16…[]uint64) is taken out as a
// little-endian binary buffer recorded at its path (in a map its key is
// removed, in a list its element becomes null, as ipywidgets does), maps and
// slices are walked, and other values are left to encoding/json.
func encodeState(state map[string]any) encoded {
	var e encoded
	e.state = make(map[string]any, len(state))
	for k, v := range state {
		if out, keep := e.value(v, []any{k}); keep {
			e.state[k] = out
		}
	}
	return e
}

// value encodes v found at path; keep is false when v became a buffer and
// is to be dropped from its map.
func (e *encoded) value(v any, path []any) (out any, keep bool) {
	switch x := v.(type) {
	case nil, string, bool, int, int64, float64, float32:
		return v, true
	case *Model:
		if x == nil {
			return nil, true
		}
		e.refs = append(e.refs, x)
		return modelRefPrefix + x.ID(), true
	case []byte:
		e.buffer(path, x)
		return nil, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if isFixedNumber(rv.Type().Elem().Kind()) {
			b, err := binary.Append(nil, binary.LittleEndian, v)
			if err == nil {
				e.buffer(path, b)
				return nil, false
			}
		}
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return v, true
		}
		list := make([]any, rv.Len())
		for i := range list {
			out, keep := e.value(rv.Index(i).Interface(), appendPath(path, i))
			if keep {
				list[i] = out
			}
		}
		return list, true
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v, true
		}
		if rv.IsNil() {
			return v, true
		}
		m := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			k := it.Key().String()
			if out, keep := e.value(it.Value().Interface(), appendPath(path, k)); keep {
				m[k] = out
			}
		}
		return m, true
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, true
		}
	}
	return v, true
}

func (e *encoded) buffer(path []any, b []byte) {
	e.paths = append(e.paths, path)
	e.buffers = append(e.buffers, b)
}

func appendPath(path []any, k any) []any {
	p := make([]any, len(path), len(path)+1)
	copy(p, path)
	return append(p, k)
}

func isFixedNumber(k reflect.Kind) bool {
	switch k {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// placeBuffers puts received buffers back into state at their paths, as
// []byte values (write true), or only checks that it can (write false). A
// path element is a map key (string) or a list index (number). A path that
// does not lead into the state is an error.
func placeBuffers(state map[string]any, paths []any, buffers [][]byte, write bool) error {
	if len(paths) != len(buffers) {
		return errorf("%d buffer paths for %d buffers", len(paths), len(buffers))
	}
	for i, p := range paths {
		path, ok := p.([]any)
		if !ok || len(path) == 0 {
			return errorf("buffer path %d is %v, want a non-empty list", i, p)
		}
		if err := putAt(state, path, buffers[i], write); err != nil {
			return errorf("buffer path %v: %v", path, err)
		}
	}
	return nil
}

func putAt(obj any, path []any, b []byte, write bool) error {
	for j, key := range path {
		last := j == len(path)-1
		switch o := obj.(type) {
		case map[string]any:
			k, ok := key.(string)
			if !ok {
				return errorf("key %v into an object is not a string", key)
			}
			if last {
				if write {
					o[k] = b
				}
				return nil
			}
			obj = o[k]
		case []any:
			i, ok := index(key)
			if !ok || i < 0 || i >= len(o) {
				return errorf("index %v out of a list of %d", key, len(o))
			}
			if last {
				if write {
					o[i] = b
				}
				return nil
			}
			obj = o[i]
		default:
			return errorf("element %v is not inside an object or list", key)
		}
	}
	return nil
}

func index(k any) (int, bool) {
	switch x := k.(type) {
	case float64:
		return int(x), float64(int(x)) == x
	case int:
		return x, true
	case string:
		i, err := strconv.Atoi(x)
		return i, err == nil
	}
	return 0, false
}
