// Package logicleft calls its functions of float parameters in the left
// operands of || and &&, as github.com/wcharczuk/go-chart's curve
// flattening does, for the session's tests (negzeroarg.go's
// logicLeftCalls).
package logicleft

import (
	"fmt"
	"math"
)

func isFlat(dx, dy, d, threshold float64) bool { return d*d < threshold*(dx*dx+dy*dy) }

func inv(x float64) float64 { return 1 / x }

// Trace counts the flat steps, as a flattening loop does.
func Trace(ds []float64, limit int) string {
	flat := 0
	for i, d := range ds {
		if isFlat(1, 1, d, 0.5) || i == limit {
			flat++
		}
	}
	both := isFlat(1, 1, 0.1, 0.5) && !isFlat(1, 1, 5, 0.5)
	neither := !isFlat(1, 1, 5, 0.5) || false
	return fmt.Sprint(flat, both, neither, inv(math.Copysign(0, -1)))
}
