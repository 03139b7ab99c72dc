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
// own format. gosrc/print.go.txt declares print and println in package main
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
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Uintptr:
		return "0x" + strconv.FormatUint(v.Uint(), 16)
	case reflect.Float32, reflect.Float64:
		return printFloat(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return "(" + printFloat(real(c)) + printFloat(imag(c)) + "i)"
	case reflect.String:
		return v.String()
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return "0x" + strconv.FormatUint(uint64(v.Pointer()), 16)
	case reflect.Slice:
		return fmt.Sprintf("[%d/%d]0x%x", v.Len(), v.Cap(), v.Pointer())
	}
	return fmt.Sprintf("%v", a)
}

// printFloat is the runtime's float format: sign, one digit, six decimals,
// a signed three-digit exponent (+1.500000e+000); NaN, +Inf, -Inf.
func printFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(f, 'e', 6, 64) // -1.500000e+00
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.HasPrefix(mant, "-") {
		mant = "+" + mant
	}
	n, _ := strconv.Atoi(exp)
	sign := "+"
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%se%s%03d", mant, sign, n)
}
