package sgemm

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Cache blocking of the packed driver: an mcBlock×kcBlock block of op(A)
// (128 KiB) stays in L2 while a kcBlock×nr panel of op(B) (16 or 32 KiB)
// is reused from L1 by all of it; kcBlock×ncBlock of op(B) (2 MiB) is the
// outer block. kcBlock 128 and 192 measured no better on Zen 4 (and 128
// splits the demo CNN's k = 144).
const (
	mcBlock = 128 // rows of op(A) per packed block; gemm rounds it down to a multiple of mr
	kcBlock = 256 // inner dimension per packed block
	ncBlock = 2048
)

// minWork is the smallest m·n·k that goes through the packed kernel. The
// packed path measured faster than gonum down to 8×8×8 (and as fast at
// 4×4×4) on Zen 4; below minWork the call overhead is all there is.
const minWork = 512

// microKernel multiplies an A panel by a B panel into one mr×nr tile of C:
//
//	c[i*ldc+j] = Σ_{p<kc} a[p*mr+i]·b[p*ldb+j] + β·c[i*ldc+j]
//
// for i < mr, j < nr. a is packed (kc·mr values); b holds kc rows of nr
// values at stride ldb (ldb = nr when packed); c holds mr rows of nr
// values at stride ldc. mode selects β: betaZero (c is not read at all),
// betaOne, or betaScale (β = *beta). (A mode and a pointer rather than a
// float32 keep scalar float code out of the SIMD kernels.)
//
// edges, narrowest first, are the same kernel for narrower tiles; the
// driver runs a last B panel through the narrowest one that covers it.
type microKernel struct {
	mr, nr int
	run    kernelFunc
	edges  []edgeKernel
}

// kernelFunc is the signature of a micro-kernel (see microKernel).
type kernelFunc func(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32)

// edgeKernel is a microKernel's variant for a tile nr wide.
type edgeKernel struct {
	nr  int
	run kernelFunc
}

// Modes of a microKernel's β.
const (
	betaZero  = iota // C = AB, the old C not read
	betaOne          // C += AB
	betaScale        // C = AB + β·C
)

// modeOf returns the microKernel mode for beta.
func modeOf(beta float32) int {
	switch beta {
	case 0:
		return betaZero
	case 1:
		return betaOne
	}
	return betaScale
}

// blocking is the cache blocking used by gemm: mc rows of op(A) (a multiple
// of the kernel's mr), kc of the inner dimension, nc columns of op(B) (a
// multiple of nr), and whether to pack a row-major op(B) (reading it in
// place measured faster). Tests shrink it to reach every edge case with
// small matrices.
type blocking struct {
	mc, kc, nc int
	packB      bool // pack a row-major op(B) too, not only a transposed one
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C, where op(X) is X for
// blas.NoTrans and Xᵀ for blas.Trans or blas.ConjTrans. It is a drop-in
// for blas32.Gemm: the sizes come from a and b (C must hold op(A).Rows
// rows of op(B).Cols values at c.Stride), beta == 0 overwrites C without
// reading it, and it panics where blas32.Gemm panics (bad transpose,
// strides or short data), with gonum's message. Results agree to float32
// rounding; the package doc names the one IEEE difference (0·Inf).
func Gemm(tA, tB blas.Transpose, alpha float32, a, b blas32.General, beta float32, c blas32.General) {
	aT, bT := tA != blas.NoTrans, tB != blas.NoTrans
	m, k := a.Rows, a.Cols
	if aT {
		m, k = a.Cols, a.Rows
	}
	n := b.Cols
	if bT {
		n = b.Rows
	}
	kern, ok := pickKernel()
	if !ok || alpha == 0 || !valid(tA, tB, m, n, k, a, b, c) || m*n*k < minWork {
		// gonum handles what the packed path does not need to: no kernel
		// for this CPU or build, tiny products, the panics and the
		// quick returns (zero sizes, alpha == 0).
		blas32.Gemm(tA, tB, alpha, a, b, beta, c)
		return
	}
	gemm(kern, blocking{mc: mcBlock, kc: kcBlock, nc: ncBlock}, aT, bT, m, n, k,
		alpha, a.Data, a.Stride, nil, b.Data, b.Stride, beta, c.Data, c.Stride)
}

// Packed is a left operand op(A) packed once into the micro-kernel's
// panels (PackA), for products by many right operands (GemmPacked): a
// layer's constant weights, multiplied by every image's columns. It keeps
// a reference to A, which must not change while Packed is in use.
type Packed struct {
	tA     blas.Transpose
	a      blas32.General
	m, k   int
	kern   microKernel
	bl     blocking
	panels []float32 // nil when products go through Gemm (no kernel)
}

// PackA packs op(A) for GemmPacked. It panics, as Gemm would, on a bad
// transpose or a matrix whose data is shorter than its shape.
func PackA(tA blas.Transpose, a blas32.General) *Packed {
	m, k := a.Rows, a.Cols
	if tA != blas.NoTrans {
		m, k = a.Cols, a.Rows
	}
	p := &Packed{tA: tA, a: a, m: m, k: k}
	kern, ok := pickKernel()
	okT := tA == blas.NoTrans || tA == blas.Trans || tA == blas.ConjTrans
	if !ok || !okT || m <= 0 || k <= 0 || a.Stride < a.Cols || len(a.Data) < (a.Rows-1)*a.Stride+a.Cols {
		return p // GemmPacked calls Gemm, which panics where it should
	}
	p.kern, p.bl = kern, blocking{mc: mcBlock, kc: kcBlock, nc: ncBlock}
	p.panels = packAll(kern.mr, p.bl.kc, tA != blas.NoTrans, m, k, 1, a.Data, a.Stride)
	return p
}

// packAll packs all of alpha·op(A) (m×k) as the driver reads it: for each
// block of kc columns (the last one shorter), the panels of all its rows,
// mr rows each, the panel of rows i… at roundUp(m, mr)·p0 + i·kcb.
func packAll(mr, kc int, trans bool, m, k int, alpha float32, a []float32, lda int) []float32 {
	mp := roundUp(m, mr)
	out := make([]float32, mp*k)
	for p0 := 0; p0 < k; p0 += kc {
		kcb := min(kc, k-p0)
		packA(out[mp*p0:mp*p0+mp*kcb], a, lda, trans, 0, m, p0, kcb, alpha, mr)
	}
	return out
}

// Rows and Cols return the size of op(A).
func (p *Packed) Rows() int { return p.m }

// Cols returns the number of columns of op(A) (see Rows).
func (p *Packed) Cols() int { return p.k }

// GemmPacked computes C = op(A)·op(B) + beta·C for the op(A) packed in p,
// with Gemm's semantics and panics (the sizes come from p and b).
func GemmPacked(p *Packed, tB blas.Transpose, b blas32.General, beta float32, c blas32.General) {
	bT := tB != blas.NoTrans
	n := b.Cols
	if bT {
		n = b.Rows
	}
	if p.panels == nil || !valid(p.tA, tB, p.m, n, p.k, p.a, b, c) || p.m*n*p.k < minWork {
		Gemm(p.tA, tB, 1, p.a, b, beta, c)
		return
	}
	gemm(p.kern, p.bl, p.tA != blas.NoTrans, bT, p.m, n, p.k, 1, p.a.Data, p.a.Stride, p.panels,
		b.Data, b.Stride, beta, c.Data, c.Stride)
}

// valid reports whether blas32.Gemm accepts the operands without
// panicking; it repeats gonum's Sgemm checks. Zero sizes count as invalid
// here (gonum returns early for them).
func valid(tA, tB blas.Transpose, m, n, k int, a, b, c blas32.General) bool {
	okT := func(t blas.Transpose) bool {
		return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
	}
	if !okT(tA) || !okT(tB) || m <= 0 || n <= 0 || k <= 0 {
		return false
	}
	aT, bT := tA != blas.NoTrans, tB != blas.NoTrans
	rowsA, colsA := m, k
	if aT {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if bT {
		rowsB, colsB = n, k
	}
	return a.Stride >= max(1, colsA) && b.Stride >= max(1, colsB) && c.Stride >= max(1, n) &&
		len(a.Data) >= (rowsA-1)*a.Stride+colsA &&
		len(b.Data) >= (rowsB-1)*b.Stride+colsB &&
		len(c.Data) >= (m-1)*c.Stride+n
}

// workspace holds the packed blocks of one gemm call.
type workspace struct {
	a, b, tile []float32
}

// workspaces recycles packing buffers between calls (and goroutines).
var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// grow returns s resliced to n values, reallocated if it is too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// gemm is the packed, cache-blocked driver around kern: C = alpha·op(A)·op(B)
// + beta·C for an m×k op(A) and k×n op(B) with m, n, k > 0 and operands
// already validated. pa, when not nil, is op(A) already packed by packAll
// with the same mr and bl.kc (alpha is then 1 and a is not read).
func gemm(kern microKernel, bl blocking, aT, bT bool, m, n, k int, alpha float32,
	a []float32, lda int, pa []float32, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mr, nr := kern.mr, kern.nr
	bl.mc = max(mr, bl.mc/mr*mr) // panels of A never straddle two blocks (mr = 6 and mcBlock)
	kcMax := min(k, bl.kc)
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)
	if pa == nil {
		ws.a = grow(ws.a, roundUp(min(m, bl.mc), mr)*kcMax)
	}
	pb := bT || bl.packB // pack every panel of op(B)
	if pb {
		ws.b = grow(ws.b, roundUp(min(n, bl.nc), nr)*kcMax)
	} else {
		ws.b = grow(ws.b, nr*kcMax) // only the edge panel is packed
	}
	ws.tile = grow(ws.tile, mr*nr)
	for jc := 0; jc < n; jc += bl.nc {
		nc := min(bl.nc, n-jc)
		for pc := 0; pc < k; pc += bl.kc {
			kc := min(bl.kc, k-pc)
			mode := modeOf(beta)
			if pc > 0 {
				mode = betaOne // later k blocks add to what the first one stored
			}
			// A row-major op(B) is read in place, full panels straight
			// from b (its rows are runs of nr values); only a transposed
			// op(B) and the last, partial panel are packed, the latter as
			// wide as the narrowest kernel that covers it (read in place
			// too when it is exactly that wide).
			last := nc / nr * nr
			edge := nc - last
			enr, erun := nr, kern.run // width and kernel of the edge panel
			for _, e := range kern.edges {
				if edge <= e.nr {
					enr, erun = e.nr, e.run
					break
				}
			}
			inPlace := !pb && edge == enr
			eoff := 0 // where the edge panel is packed
			if pb {
				eoff = last * kc
				packB(ws.b, b, ldb, bT, pc, kc, jc, last, nr)
			}
			if edge > 0 && !inPlace {
				packB(ws.b[eoff:], b, ldb, bT, pc, kc, jc+last, edge, enr)
			}
			for ic := 0; ic < m; ic += bl.mc {
				mc := min(bl.mc, m-ic)
				ablock := ws.a
				if pa != nil {
					ablock = pa[roundUp(m, mr)*pc+ic*kc:]
				} else {
					packA(ws.a, a, lda, aT, ic, mc, pc, kc, alpha, mr)
				}
				for jr := 0; jr < nc; jr += nr {
					run, w := kern.run, nr
					var bp []float32
					bs := nr
					switch {
					case jr == last && inPlace:
						bp, bs, w, run = b[pc*ldb+jc+jr:], ldb, enr, erun
					case jr == last:
						bp, bs, w, run = ws.b[eoff:], enr, enr, erun
					case pb:
						bp = ws.b[jr*kc:]
					default:
						bp, bs = b[pc*ldb+jc+jr:], ldb
					}
					cols := min(w, nc-jr)
					for ir := 0; ir < mc; ir += mr {
						rows := min(mr, mc-ir)
						ap := ablock[ir*kc : (ir+mr)*kc]
						off := (ic+ir)*ldc + jc + jr
						if rows == mr && cols == w {
							run(kc, ap, bp, bs, c[off:], ldc, mode, &beta)
							continue
						}
						run(kc, ap, bp, bs, ws.tile, w, betaZero, nil)
						merge(c[off:], ldc, ws.tile, w, rows, cols, mode, beta)
					}
				}
			}
		}
	}
}

// roundUp rounds n up to a multiple of r.
func roundUp(n, r int) int { return (n + r - 1) / r * r }

// packB copies op(B)[p0:p0+kc, j0:j0+nc] into dst as ⌈nc/nr⌉ consecutive
// panels of kc×nr values (row p of a panel holds its nr columns of row p),
// zero-padded beyond column nc.
func packB(dst, b []float32, ldb int, trans bool, p0, kc, j0, nc, nr int) {
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		panel := dst[jr*kc : jr*kc+kc*nr]
		if !trans {
			// op(B)(p, j) = b[p*ldb+j]: rows of the panel are runs of b.
			for p := 0; p < kc; p++ {
				row := panel[p*nr : p*nr+nr]
				src := b[(p0+p)*ldb+j0+jr:]
				copy(row[:cols], src[:cols])
				clear(row[cols:])
			}
			continue
		}
		// op(B)(p, j) = b[j*ldb+p]: columns of the panel are runs of b.
		if cols < nr {
			clear(panel)
		}
		for jj := 0; jj < cols; jj++ {
			src := b[(j0+jr+jj)*ldb+p0:]
			src = src[:kc]
			for p, v := range src {
				panel[p*nr+jj] = v
			}
		}
	}
}

// packA copies alpha·op(A)[i0:i0+mc, p0:p0+kc] into dst as ⌈mc/mr⌉
// consecutive panels of kc×mr values (row p of a panel holds its mr rows'
// values in column p), zero-padded beyond row mc.
func packA(dst, a []float32, lda int, trans bool, i0, mc, p0, kc int, alpha float32, mr int) {
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		panel := dst[ir*kc : ir*kc+kc*mr]
		if trans {
			// op(A)(i, p) = a[p*lda+i]: rows of the panel are runs of a.
			for p := 0; p < kc; p++ {
				row := panel[p*mr : p*mr+mr]
				src := a[(p0+p)*lda+i0+ir:]
				src = src[:rows]
				for ii, v := range src {
					row[ii] = alpha * v
				}
				clear(row[rows:])
			}
			continue
		}
		// op(A)(i, p) = a[i*lda+p]: columns of the panel are runs of a.
		if rows == 4 && mr == 4 {
			packA4(panel, a[(i0+ir)*lda+p0:], lda, kc, alpha)
			continue
		}
		if rows == 8 && mr == 8 {
			packA8(panel, a[(i0+ir)*lda+p0:], lda, kc, alpha)
			continue
		}
		if rows < mr {
			clear(panel)
		}
		for ii := 0; ii < rows; ii++ {
			src := a[(i0+ir+ii)*lda+p0:]
			src = src[:kc]
			for p, v := range src {
				panel[p*mr+ii] = alpha * v
			}
		}
	}
}

// packA4 interleaves four rows of a (at stride lda, kc values each) into
// panel, scaled by alpha: panel[4p+i] = alpha·a[i*lda+p].
func packA4(panel, a []float32, lda, kc int, alpha float32) {
	r0 := a[:kc]
	r1 := a[lda : lda+kc]
	r2 := a[2*lda : 2*lda+kc]
	r3 := a[3*lda : 3*lda+kc]
	panel = panel[:4*kc]
	for p := range r0 {
		q := panel[4*p : 4*p+4]
		q[0] = alpha * r0[p]
		q[1] = alpha * r1[p]
		q[2] = alpha * r2[p]
		q[3] = alpha * r3[p]
	}
}

// packA8 interleaves eight rows of a (at stride lda, kc values each) into
// panel, scaled by alpha: panel[8p+i] = alpha·a[i*lda+p].
func packA8(panel, a []float32, lda, kc int, alpha float32) {
	r0 := a[:kc]
	r1 := a[lda : lda+kc]
	r2 := a[2*lda : 2*lda+kc]
	r3 := a[3*lda : 3*lda+kc]
	r4 := a[4*lda : 4*lda+kc]
	r5 := a[5*lda : 5*lda+kc]
	r6 := a[6*lda : 6*lda+kc]
	r7 := a[7*lda : 7*lda+kc]
	panel = panel[:8*kc]
	if alpha == 1 {
		for p := range r0 {
			q := panel[8*p : 8*p+8]
			q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
			q[4], q[5], q[6], q[7] = r4[p], r5[p], r6[p], r7[p]
		}
		return
	}
	for p := range r0 {
		q := panel[8*p : 8*p+8]
		q[0], q[1], q[2], q[3] = alpha*r0[p], alpha*r1[p], alpha*r2[p], alpha*r3[p]
		q[4], q[5], q[6], q[7] = alpha*r4[p], alpha*r5[p], alpha*r6[p], alpha*r7[p]
	}
}

// merge writes the top-left rows×cols of the tile t (stride nr) into c
// (stride ldc) as mode says: c = t + β·c, c not read for betaZero.
func merge(c []float32, ldc int, t []float32, nr, rows, cols int, mode int, beta float32) {
	for i := 0; i < rows; i++ {
		dst := c[i*ldc : i*ldc+cols]
		src := t[i*nr : i*nr+cols]
		switch mode {
		case betaZero:
			copy(dst, src)
		case betaOne:
			for j, v := range src {
				dst[j] += v
			}
		default:
			for j, v := range src {
				dst[j] = beta*dst[j] + v
			}
		}
	}
}
