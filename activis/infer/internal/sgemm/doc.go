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
// On amd64 CPUs with AVX-512F the micro-kernel is 8×48, hand-written in
// Go assembly (kernel_amd64.s: 24 accumulators in ZMM registers, with 8×32
// and 8×16 variants for the last columns); on CPUs with AVX2 and FMA but
// not AVX-512 it is 6×16 (kernel_avx2_amd64.s, 12 YMM accumulators), in
// every build. Kernels written with Go's experimental simd/archsimd
// package (GOEXPERIMENT=simd: 4×32 AVX-512, 4×16 AVX2) are kept as their
// benchmark baselines: the compiler spilled the accumulators of larger
// tiles. Everywhere else (another architecture, a CPU without AVX2 and
// FMA), for products too small to
// repay the packing, and for the cases blas32.Gemm panics on or returns
// early for, Gemm calls blas32.Gemm. Gemm is single-threaded: callers
// parallelise over batches. Scratch buffers come from a sync.Pool, so
// Gemm is safe for concurrent use. PackA packs a constant left operand
// (a layer's weights) once for many GemmPacked calls. MulShifted runs the
// same assembly kernel over a right operand given as shifted views of one
// buffer (a convolution's kernel taps over its zero-padded input), which
// spares activis/infer the im2col matrix.
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
