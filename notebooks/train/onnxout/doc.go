// Package onnxout writes a cnn.Net as an ONNX model and reads it back.
//
// The model is built from the protobuf types generated in
// github.com/advancedclimatesystems/gonnx/onnx and serialised with
// google.golang.org/protobuf (deterministically, so the same weights give
// the same bytes). It uses IR version 8 and opset 13 and mirrors what
// torch.onnx.export writes for the same module, so the graph view shows
// the same structure as for a PyTorch model:
//
//	node               op       output tensor
//	/conv1/Conv        Conv     /conv1/Conv_output_0
//	/relu1/Relu        Relu     conv1
//	/pool1/MaxPool     MaxPool  pool1
//	/conv2/Conv        Conv     /conv2/Conv_output_0
//	/relu2/Relu        Relu     conv2
//	/pool2/MaxPool     MaxPool  pool2
//	/flatten/Flatten   Flatten  /flatten/Flatten_output_0
//	/fc1/Gemm          Gemm     /fc1/Gemm_output_0
//	/fc1_relu/Relu     Relu     fc1
//	/dropout/Dropout   Dropout  /dropout/Dropout_output_0
//	/fc2/Gemm          Gemm     logits
//
// Node names carry the scopes ("conv1", "fc1", ...); the post-activation
// tensors have the short names notebooks ask for, so
// model.Run(data, "conv2", "fc1") picks the rectified activations. The
// graph input "input" is [N,1,28,28] with the symbolic batch dimension "N"
// and takes pixels scaled to [0, 1]; the output is "logits" [N,10]. Every
// intermediate tensor has a value_info with its shape. Initializers are
// named like PyTorch parameters ("conv1.weight", "fc1.bias") and stored as
// raw little-endian float32. Dropout has no ratio input: at inference it
// is the identity; its training ratio is in the node's doc_string.
//
// ReadFile reverses WriteFile for the trainer's own forward pass, which
// the tests use to check the committed model.
package onnxout
