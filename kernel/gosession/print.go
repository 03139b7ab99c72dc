package gosession

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// yaegi's print and println write to the interpreter's stdout with fmt's
// %v and a space after every value; Go's write to stderr in the runtime's
// own format (Go 1.26: the shortest representation of floats). gosrc/print.go.txt declares print and println in package main
// over these two functions.

// printExports are the session's print and println.
func (s *Session) printExports() interp.Exports {
	w := streamWriter{s: s, name: "stderr"}
	return interp.Exports{runtimePath + "/runtime": {
		"Print":   reflect.ValueOf(func(args ...any) { w.Write([]byte(goPrint(args, false))) }),
		"Println": reflect.ValueOf(func(args ...any) { w.Write([]byte(goPrint(args, true))) }),
	}}
}

// goPrint formats args as Go's print (no separators) or println (spaces
// between the values and a newline).
func goPrint(args []any, ln bool) string {
	var b strings.Builder
	for i, a := range args {
		if ln && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(printValue(a))
	}
	if ln {
		b.WriteByte('\n')
	}
	return b.String()
}

// printValue formats one value as the Go runtime's print does.
func printValue(a any) string {
	if a == nil {
		return "(0x0,0x0)"
	}
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32:
		return printFloat(v.Float(), 32)
	case reflect.Float64:
		return printFloat(v.Float(), 64)
	case reflect.Complex64, reflect.Complex128:
		bits := 64
		if v.Kind() == reflect.Complex64 {
			bits = 32
		}
		c := v.Complex()
		im := printFloat(imag(c), bits)
		if !strings.HasPrefix(im, "-") && !strings.HasPrefix(im, "+") {
			im = "+" + im
		}
		return "(" + printFloat(real(c), bits) + im + "i)"
	case reflect.String:
		return v.String()
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return "0x" + strconv.FormatUint(uint64(v.Pointer()), 16)
	case reflect.Slice:
		return fmt.Sprintf("[%d/%d]0x%x", v.Len(), v.Cap(), v.Pointer())
	case reflect.Struct:
		// A nil value of an interpreted interface type reaches here as
		// yaegi's wrapper with a nil node.
		if t := v.Type(); isValueInterface(t) &&
			t.NumField() > 0 && t.Field(0).Type.Kind() == reflect.Pointer && v.Field(0).IsNil() {
			return "(0x0,0x0)"
		}
	}
	return fmt.Sprintf("%v", a)
}

// printFloat is the Go 1.26 runtime's float format: the shortest
// representation of the value at its size (1.5, 1e+21, 1.23456789e+08,
// -0), NaN, +Inf, -Inf.
func printFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}
