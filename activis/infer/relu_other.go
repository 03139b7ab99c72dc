//go:build !(goexperiment.simd && amd64)

package infer

// reluInto writes relu(src) into dst (portable build).
func reluInto(dst, src []float32) { reluGo(dst, src) }

// addBias adds b to every value of v and, when relu is set, applies relu
// (portable build).
func addBias(v []float32, b float32, relu bool) { addBiasGo(v, b, relu) }
