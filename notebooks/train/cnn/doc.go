// Package cnn trains the small convolutional network of activis-go's demo
// on Fashion-MNIST, in pure Go on gonum's BLAS.
//
// # Architecture
//
// FashionConfig gives the demo model:
//
//	input  [N,1,28,28]  pixels in [0, 1]
//	conv1  Conv 1→16, 3×3, pad 1 + ReLU      [N,16,28,28]
//	pool1  MaxPool 2×2                       [N,16,14,14]
//	conv2  Conv 16→32, 3×3, pad 1 + ReLU     [N,32,14,14]
//	pool2  MaxPool 2×2                       [N,32,7,7]
//	       Flatten                           [N,1568]
//	fc1    Gemm →128 + ReLU (+ Dropout 0.25) [N,128]
//	logits Gemm →10                          [N,10]
//
// 206,922 parameters. Parameters are held in ONNX layout (Params.Tensors
// lists them with PyTorch's names), so package onnxout writes them as they
// are.
//
// # Computation
//
// Activations are NHWC, one spatial position per row. A 3×3 convolution is
// an im2col gather into a (N·H·W)×(C·9) matrix followed by one
// blas32.Gemm with the K×(C·9) weight; its backward pass is two more GEMMs
// (weight gradient and column gradient) and the col2im scatter. Max pooling
// records the position of each maximum for the backward pass. The loss is
// softmax cross-entropy; the optimiser is Adam with a per-epoch
// learning-rate decay.
//
// # Determinism
//
// Train splits each mini-batch into Options.Shards equal shards, computes
// each shard's gradient in its own Workspace (in parallel, Options.Threads
// at a time), then sums the shard gradients in shard order before the Adam
// step. Dropout draws from a generator keyed by (seed, step, shard), and
// gonum's GEMM partitions work by matrix size only, so the trained weights
// are a function of the seed, the shard count and the data: the same on 1
// or 2 threads (TestTrainDeterministic). They may differ between CPU
// architectures or Go versions, whose float32 kernels may round
// differently; the committed model records its seed and shard count.
//
// # Use
//
//	// given: ctx context.Context
//	train, test, err := cnn.LoadFashionMNIST("/usr/share/datasets/fashion-mnist")
//	opt := cnn.DefaultOptions()
//	opt.Log, opt.Test = os.Stderr, test
//	net, stats, err := cnn.Train(ctx, cnn.FashionConfig(), train, opt)
//	acc, err := net.Accuracy(test, 2)
//
// LoadIDX reads the data with the core library's activis.LoadIDX.
// The command notebooks/train runs exactly this and exports the network
// with package onnxout.
package cnn
