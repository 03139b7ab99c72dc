//go:build !(goexperiment.simd && amd64)

package infer

// maxPool2Rows computes rows output rows of a 2×2, stride 2 max pooling
// (portable build); see maxPool2RowsGo.
func maxPool2Rows(out, src []float32, rows, ow, w, stride int) {
	maxPool2RowsGo(out, src, rows, ow, w, stride)
}
