//go:build !(goexperiment.simd && amd64)

package infer

// maxPool2Row computes one output row of a 2×2, stride 2 max pooling
// (portable build); see maxPool2RowGo.
func maxPool2Row(out, r0, r1 []float32) { maxPool2RowGo(out, r0, r1) }
