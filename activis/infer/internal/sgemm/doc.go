// Package sgemm multiplies float32 matrices: Gemm computes
//
//	C = alpha·op(A)·op(B) + beta·C
//
// with the semantics of gonum's blas32.Gemm (row-major blas32.General
// operands with strides, op(X) = X or Xᵀ, beta == 0 ignores the old
// contents of C, NaN included, the same panics), so that activis/infer can
// swap one call for the other.
//
// Why it exists: no maintained pure-Go library has a fast float32 GEMM.
// gonum, the library the project uses for everything else, reaches about
// 15 GFLOPS on one core of the development machine (AMD EPYC, Zen 4), and
// GEMM (Conv as im2col + GEMM, Gemm, MatMul) is most of the time of a
// model run. So the kernel is written here by hand, in the GotoBLAS/BLIS
// style:
//
//   - op(A) is copied, mc rows by kc columns at a time, into panels mr rows
//     tall with alpha folded in; a transposed op(B) is copied, kc rows by
//     nc columns at a time, into panels nr columns wide, while a row-major
//     op(B) is read in place (its rows already are runs of nr values; only
//     a last, partial panel is copied and zero-padded);
//   - a register-blocked micro-kernel multiplies one A panel by one B panel
//     into an mr×nr tile of C held in vector registers, streaming kc rank-1
//     updates, and merges the tile into C with beta on the first k block
//     and adds it on the others; tiles that stick out of C go through a
//     small buffer.
//
// The micro-kernels are written with Go's experimental simd/archsimd
// package and compiled only with GOEXPERIMENT=simd on amd64: 4×32 in
// AVX-512 registers when the CPU has AVX-512 (about 2× the 4×16 kernel on
// Zen 4), 4×16 with AVX2 and FMA otherwise (and for a last panel at most 16
// wide). Everywhere else (another build, a CPU without AVX2 and FMA), for
// products too small to repay the packing, and for the cases blas32.Gemm
// panics on or returns early for, Gemm calls blas32.Gemm. Gemm is
// single-threaded: callers parallelise over batches. Scratch buffers come
// from a sync.Pool, so Gemm is safe for concurrent use.
//
// Gemm never starts goroutines; gonum's does for large products when
// GOMAXPROCS > 1, so compare the two on one core (-cpu 1).
//
// Results differ from gonum's in the last bits (another summation order,
// fused multiply-adds), well within float32 rounding of a k-term dot
// product. One difference is not rounding: gonum skips the zeros of A, so
// a zero of A times an Inf or NaN of B adds nothing there, while here it
// adds NaN, as IEEE arithmetic (and onnxruntime) does.
package sgemm
