package typed

import (
	"fmt"
	"math"
)

func inv(x float64) float64 { return 1 / x }

func scale(x, k float64) float64 { return x * k }

type pt struct{ x, y float64 }

func norm(p pt) float64 { return 1 / p.y }

func pair() (float64, float64) { return math.Copysign(0, -1), 1 }

func div(a, b float64) float64 { return b / a }

// NegZero passes -0 to functions of the package.
func NegZero() string {
	z := math.Copysign(0, -1)
	return fmt.Sprint(inv(z), " ", inv(scale(z, 2)), " ", norm(pt{1, z}), " ", div(pair()))
}
