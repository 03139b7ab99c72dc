//go:build !(goexperiment.simd && amd64)

package infer

// reluInto writes relu(src) into dst (portable build).
func reluInto(dst, src []float32) { reluGo(dst, src) }

// addBias adds b to every value of v and, when relu is set, applies relu
// (portable build).
func addBias(v []float32, b float32, relu bool) { addBiasGo(v, b, relu) }

// biasRows writes rows rows of w values, row r read from src[r·stride:],
// to dst[r·w:], adding b when bias is set and applying relu when relu is
// (portable build; see biasRowsGo).
func biasRows(dst, src []float32, rows, w, stride int, b float32, bias, relu bool) {
	biasRowsGo(dst, src, rows, w, stride, b, bias, relu)
}

// copyRows copies rows rows of w values from src (row r at r·w) to dst
// (row r at r·stride) (portable build; see copyRowsGo).
func copyRows(dst, src []float32, rows, w, stride int) { copyRowsGo(dst, src, rows, w, stride) }
