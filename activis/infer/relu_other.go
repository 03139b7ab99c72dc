//go:build !(goexperiment.simd && amd64)

package infer

// reluInto writes relu(src) into dst (portable build).
func reluInto(dst, src []float32) { reluGo(dst, src) }
