// Package infer runs ONNX graphs (package graph) in-process: float32
// tensors, a kernel per operator, and an executor that reuses its buffers
// from one batch to the next.
//
// # Use
//
// In outline (a fragment; ExampleCompile is the complete program, run by
// go test):
//
//	// given: batch *infer.Tensor
//	g, err := graph.Load("model.onnx")
//	p, err := infer.Compile(g)         // fails naming any unsupported op and node
//	x := p.NewExecutor()               // one per goroutine
//	out, err := x.Run(map[string]*infer.Tensor{g.Inputs[0]: batch}, "/fc1/Gemm_output_0", g.Outputs[0])
//
// A Program is immutable and shared; an Executor owns the buffers of every
// intermediate tensor, so the tensors Run returns stay valid until its next
// Run. Run computes only the nodes the wanted tensors depend on. A corrupt
// shape that would need a tensor larger than Executor.MaxElements is an
// error, not an allocation. Compile
// folds every node whose inputs are all constant (weights, Constant nodes
// and what follows from them) once; the Shape → Gather → Concat → Reshape
// chains that depend on the batch size run per batch and are cheap.
//
// # Operators
//
// The kernels are kept by operator family, each family in a file of its
// name (elementwise.go, conv.go, pool.go, norm.go, reduce.go, matmul.go,
// shape.go, slice.go, transpose.go, index.go, constant.go, recurrent.go,
// resize.go) holding its table (map[string]kernel); ops.go joins the
// tables. Package graph keeps the shape rules of the same operators in
// files of the same names, and a test checks that the two agree.
// docs/onnx-operators.md, generated from the tables by
// `go generate ./activis/graph`, lists them. In detail:
//
// Gemm, MatMul (numpy broadcasting), Add, Sub, Mul, Div, Pow (broadcasting),
// Relu, LeakyRelu, Sigmoid, Tanh, Exp, Sqrt, Neg, Erf, Clip, Softmax and
// LogSoftmax (opset < 13: coerced to 2-D at axis; from 13: along axis),
// Conv (1-D and 2-D, groups, strides, dilations, pads, auto_pad), MaxPool and
// AveragePool (pads, ceil_mode, count_include_pad), GlobalAveragePool,
// BatchNormalization (inference form), Dropout (identity), Flatten,
// Reshape (0 and -1, allowzero), Transpose, Concat, Gather, ReduceMean
// (axes as attribute before opset 18, as optional input from 18), Squeeze
// and Unsqueeze (axes as attribute before opset 13, as input from 13),
// Constant, Identity, Shape (start/end), Cast and Pad (constant, reflect,
// edge; pads as attribute before opset 11, as input after, opset 18 axes).
// Beyond that list, for the layers PyTorch users reach for next:
// LayerNormalization (opset 17), GELU's Erf, Slice (attributes before opset
// 10, inputs after, negative steps, INT64_MAX ends), Expand,
// ConstantOfShape, Where, Equal, Less, Greater, Max, Min, PRelu, Elu,
// Softplus, HardSigmoid, HardSwish, Log, Abs, Reciprocal, Floor, Ceil,
// ReduceSum, ReduceMax, ReduceMin and GlobalMaxPool.
//
// For recurrent, attention, decoder and normalisation layers:
//   - LSTM, GRU (linear_before_reset 0 or 1) and RNN: forward, reverse and
//     bidirectional, layout 0 and 1, bias, initial states, peepholes and
//     sequence_lens (what pack_padded_sequence exports); activations Sigmoid,
//     Tanh and Relu; clip and input_forget are unsupported;
//   - ConvTranspose (1-D and 2-D, groups, strides, dilations, pads,
//     output_padding, output_shape, auto_pad);
//   - Resize from opset 11 (nn.Upsample, F.interpolate): nearest with every
//     nearest_mode, N-linear and cubic (cubic_coeff_a, exclude_outside), with
//     the half_pixel, pytorch_half_pixel, align_corners, asymmetric and
//     tf_half_pixel_for_nn coordinate modes (not tf_crop_and_resize or
//     antialias); DepthToSpace (nn.PixelShuffle, modes DCR and CRD) and
//     SpaceToDepth;
//   - InstanceNormalization (also what GroupNorm exports), Gelu (opset 20),
//     Selu, Celu, Softsign, Sin, Cos, Sign;
//   - Range (torch.arange), Split, Tile, Einsum, ArgMax, ArgMin, TopK,
//     CumSum, Trilu, OneHot, Size, GatherElements, GatherND (batch_dims),
//     ScatterElements and ScatterND (index assignment; reductions none, add,
//     mul, max, min);
//   - Sum and Mean, and Max and Min over any number of inputs; Round (half
//     to even);
//   - Not, And, Or, Xor, LessOrEqual, GreaterOrEqual and Mod (fmod 0 and 1);
//   - ReduceProd, ReduceL1, ReduceL2 (F.normalize), ReduceSumSquare,
//     ReduceLogSum and ReduceLogSumExp.
//
// Attribute values these kernels do not implement (an LSTM's clip, a cubic
// Resize with tf_crop_and_resize, …) make Compile fail naming the node, as
// an unknown operator does. Div on integer tensors (shape arithmetic)
// truncates, as integer division does. The test models in ../testdata (see gen_models.py there) cover a
// residual and depthwise CNN, an LSTM+GRU text classifier, a Transformer
// encoder with a padding mask, a ConvTranspose/Upsample decoder and the ops
// above, compared with PyTorch's own outputs module by module.
// Output shapes come from graph.InferNode, the same rules that fill in the
// graph's static shapes, so the views and the runtime agree. Any other
// operator, or an operator from a non-default domain, makes Compile fail
// with an error wrapping ErrUnsupported that names the operator and node.
//
// All values are float32; integer tensors (token ids for Gather, shapes,
// axes) are carried as float32 values, exact up to 2^24, and Cast to an
// integer type truncates toward zero.
//
// # Speed
//
// Conv with unit strides and dilations (and one group) runs without im2col
// (conv_shifted.go): each image is copied once into a zero-padded buffer,
// and over "wide" output rows as long as a padded input row each kernel
// tap is a shifted view of that buffer, so the convolution is one GEMM
// whose right operand is those views (sgemm.MulShifted), in im2col's order
// of k, so that its sums are the im2col GEMM's bit for bit. A 2×2/2 max
// pooling fused after Conv+Relu pools straight from the wide rows, and the
// bias and ReLU are applied to the pooled values (max pooling commutes
// with both); without it the wide rows are compacted into the output with
// bias and ReLU in one pass. Other convolutions are im2col followed by one
// GEMM per image and group (the same-padded unit-stride ones build the
// im2col matrix with one shifted copy per kernel tap); Gemm and MatMul are
// GEMMs. Constant weights are packed for the GEMM kernel once per Program.
//
// GEMMs go through internal/sgemm: on amd64 CPUs with AVX-512 (any build)
// an 8×48 micro-kernel hand-written in Go assembly, 24 accumulators in ZMM
// registers; on AVX2-only CPUs a 6×16 one in YMM registers; elsewhere
// gonum's blas32.Gemm, the pure-Go BLAS, which reaches about 15 GFLOPS on
// one core of the development machine. The convolution without im2col
// needs the AVX-512 kernel (other CPUs use im2col). The bias and
// the ReLU of a Conv (fused when nobody asks for the Conv's own output)
// are applied in one pass while each image's output is in cache; a MaxPool
// or AveragePool that is the only reader of that ReLU is fused too, so the
// Conv's full output is never stored. 2×2/2 max pooling runs sixteen
// outputs per AVX-512 step (GOEXPERIMENT=simd), the last step of a short
// row spilling into the next rows' outputs, which are written after it.
// Batches run in parallel in activis.Model.Run, one Executor per worker
// (Model.Run asks for every layer's output, so there the steps stay
// apart). BenchmarkRun measures the Fashion-MNIST CNN on a batch of 256;
// testdata/bench/bench.js runs onnxruntime-node on the same model and
// batch, and `make bench-onnx` alternates the two three times.
//
// Measured on the 2-core development machine (AMD EPYC with AVX-512,
// 2026-12-04, GOEXPERIMENT=simd, one thread, batch of 256, interleaved
// with onnxruntime-node 1.30 in the same window): see README's
// Performance table for the figures; in CPU time one Executor takes
// about 1.2× onnxruntime's time per batch, against 2.3–2.5× before the
// assembly kernel and the convolution without im2col. The profile is
// then the GEMM kernel (about half), the 2×2 max pooling, the padded
// copies of the images and packing the fc layer's activations. Tried
// and dropped: the transposed layout (im2row · Wᵀ), which let gonum skip
// zero activations but made its row updates short (25% slower). Kept:
// Gemm with transB=1 and constant weights multiplies by a
// once-transposed copy, which the kernel reads in place.
//
// # Why not gonnx's executor
//
// github.com/advancedclimatesystems/gonnx (v1.1.0) was evaluated first. Its
// generated protobuf types are used (package graph decodes into them), but
// its executor is not, because for ActiVis's models it cannot serve:
//   - it accepts models of opset 13 only (ResolveOperatorGetter knows no
//     other version), while PyTorch exports at 11–17 are required;
//   - it lacks MaxPool, AveragePool, GlobalAveragePool, BatchNormalization,
//     LeakyRelu, LogSoftmax, ReduceMean, Pad, Dropout and Identity — every
//     CNN and the embedding classifier use some of them;
//   - its Conv rejects group ≠ 1 and computes with gorgonia tensors in
//     element loops, not a GEMM; operators are re-initialised from the
//     NodeProto on every run and every intermediate is a fresh allocation,
//     where batched inference over a data set wants reused buffers;
//   - mixing executors per node would convert between gorgonia tensors and
//     these tensors at every boundary.
//
// The operator kernels here are written by hand against the ONNX operator
// specification; no maintained pure-Go ONNX runtime covers them.
package infer
