//go:build goexperiment.simd && amd64

package accumulate

//go:noescape
func finiteAddAVX512(acc, row *float32, n int) bool

// HasFiniteAdd reports whether FiniteAdd has a fused kernel for rows of d
// values (AVX-512 and d a multiple of 64).
func HasFiniteAdd(d int) bool { return hasAVX512 && d > 0 && d%64 == 0 }

// FiniteAdd reports Finite(x) and, when it holds and acc is not nil, adds
// x to the float32 partial sums acc: one call per row, the row read from
// memory once for the check and added while in L1. len(acc) must be
// len(x) when acc is not nil.
func FiniteAdd(acc, x []float32) bool {
	if !HasFiniteAdd(len(x)) {
		return finiteAddGo(acc, x)
	}
	var p *float32
	if acc != nil {
		p = &acc[:len(x)][0]
	}
	return finiteAddAVX512(p, &x[0], len(x)/64)
}
