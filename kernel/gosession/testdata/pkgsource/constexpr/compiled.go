package constexpr

import "math"

func classify(n float64) string {
	if n > math.MaxFloat64 {
		return "Infinity"
	}
	if n < (0.0 - math.MaxFloat64) {
		return "-Infinity"
	}
	return "finite"
}

// Classify uses constant expressions with a compiled package's constant
// (as github.com/dustin/go-humanize's FormatFloat does).
func Classify() []string {
	return []string{classify(math.Inf(-1)), classify(1), classify(math.Inf(1))}
}
