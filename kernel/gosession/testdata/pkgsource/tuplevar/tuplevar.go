// Package tuplevar defines package-level variables from multi-valued
// expressions, as github.com/dustin/go-humanize's si.go does (tuplevar.go).
package tuplevar

import (
	"math"
	"strconv"
)

var table = map[float64]string{-6: "µ", -3: "m", 0: "", 3: "k", 6: "M"}

var minExp, maxExp = func() (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for k := range table {
		lo, hi = min(lo, k), max(hi, k)
	}
	return lo, hi
}()

// Compute returns input scaled to its prefix and the prefix.
func Compute(input float64) (float64, string) {
	if input == 0 {
		return 0, ""
	}
	exp := math.Floor(math.Log10(math.Abs(input))/3) * 3
	if exp < minExp {
		exp = minExp
	} else if exp > maxExp {
		exp = maxExp
	}
	return input / math.Pow(10, exp), table[exp]
}

// SI formats input with its prefix and unit.
func SI(input float64, unit string) string {
	value, prefix := Compute(input)
	return strconv.FormatFloat(value, 'g', 4, 64) + " " + prefix + unit
}

var (
	codes          = map[string]int{"a": 4}
	code, hasA     = codes["a"]
	held       any = 2.5
	f, isFloat     = held.(float64)
	_, second      = pair()
)

func pair() (string, int) { return "one", 2 }

// Lookups returns what the comma-ok variables hold.
func Lookups() (int, bool, float64, bool, int) { return code, hasA, f, isFloat, second }
