#!/usr/bin/python3
"""Write keras_tf2onnx.onnx: a small Keras-style CNN laid out the way
tf2onnx (and keras2onnx) export Keras models, with its expected outputs
computed by onnxruntime, an implementation independent of activis/infer.

Regenerate (needs Debian's python3-onnx and python3-numpy, plus node with
onnxruntime-node, which `make bench-onnx` installs):

    cd activis/testdata/keras && /usr/bin/python3 gen_keras_style.py

TensorFlow is not needed: the graph is written with onnx.helper, copying
the conventions of tf2onnx 1.x on a tf.keras Sequential model:
  - NHWC input named "input_1" with a dynamic batch, Transpose nodes
    around every convolution ("…/Conv2D__6"), Keras flattening in NHWC;
  - name scopes "sequential/<layer>/<Op>" and tensor names ending in ":0";
  - Conv with auto_pad SAME_UPPER (also with stride 2 on an even size,
    where the padding is asymmetric), bias folded into Conv;
  - Dense as MatMul + Add (not Gemm), GlobalAveragePooling2D as ReduceMean
    over axes [1, 2] without keepdims, Flatten as Reshape to a constant
    shape, BatchNormalization in inference form, Softmax at the end.

The outputs go to ../keras_tf2onnx.expect in the format of
../gen_models.py (one JSON line, then float32 data); the hooks are the
Keras layer names ("sequential/conv2d"), which activis resolves through the
graph's name scopes, as a Keras user would name layers.
"""

import json
import os
import struct
import subprocess
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..")
ORT = os.path.join(HERE, "..", "..", "infer", "testdata", "bench")
rng = np.random.default_rng(11)

# Keras layer → the tensor a Keras user would inspect (its output).
LAYERS = [
    ("sequential/conv2d", "sequential/conv2d/Relu:0"),
    ("sequential/batch_normalization", "sequential/batch_normalization/FusedBatchNormV3:0"),
    ("sequential/max_pooling2d", "sequential/max_pooling2d/MaxPool:0"),
    ("sequential/conv2d_1", "sequential/conv2d_1/Relu__20:0"),
    ("sequential/global_average_pooling2d", "sequential/global_average_pooling2d/Mean:0"),
    ("sequential/flatten", "sequential/flatten/Reshape:0"),
    ("sequential/dense", "sequential/dense/Relu:0"),
]


def w(name, *shape, scale=0.3):
    return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)


def build():
    inits = [
        w("sequential/conv2d/Conv2D/ReadVariableOp:0", 6, 1, 3, 3),
        w("sequential/conv2d/BiasAdd/ReadVariableOp:0", 6, scale=0.1),
        numpy_helper.from_array(rng.uniform(0.5, 1.5, 6).astype(np.float32), "sequential/batch_normalization/ReadVariableOp:0"),
        numpy_helper.from_array(rng.uniform(-0.2, 0.2, 6).astype(np.float32), "sequential/batch_normalization/ReadVariableOp_1:0"),
        numpy_helper.from_array(rng.uniform(-0.1, 0.3, 6).astype(np.float32), "sequential/batch_normalization/FusedBatchNormV3/ReadVariableOp:0"),
        numpy_helper.from_array(rng.uniform(0.5, 2.0, 6).astype(np.float32), "sequential/batch_normalization/FusedBatchNormV3/ReadVariableOp_1:0"),
        w("sequential/conv2d_1/Conv2D/ReadVariableOp:0", 8, 6, 3, 3, scale=0.2),
        w("sequential/conv2d_1/BiasAdd/ReadVariableOp:0", 8, scale=0.1),
        numpy_helper.from_array(np.array([-1, 7 * 7 * 8], dtype=np.int64), "sequential/flatten/Const:0"),
        w("sequential/dense/MatMul/ReadVariableOp:0", 8 + 7 * 7 * 8, 16, scale=0.05),
        w("sequential/dense/BiasAdd/ReadVariableOp:0", 16, scale=0.1),
        w("sequential/dense_1/MatMul/ReadVariableOp:0", 16, 5, scale=0.3),
        w("sequential/dense_1/BiasAdd/ReadVariableOp:0", 5, scale=0.1),
    ]
    n = helper.make_node
    nodes = [
        n("Transpose", ["input_1"], ["sequential/conv2d/Conv2D__6:0"], name="sequential/conv2d/Conv2D__6", perm=[0, 3, 1, 2]),
        n("Conv", ["sequential/conv2d/Conv2D__6:0", "sequential/conv2d/Conv2D/ReadVariableOp:0", "sequential/conv2d/BiasAdd/ReadVariableOp:0"],
          ["sequential/conv2d/BiasAdd:0"], name="sequential/conv2d/BiasAdd", auto_pad="SAME_UPPER", kernel_shape=[3, 3], strides=[1, 1], dilations=[1, 1]),
        n("Relu", ["sequential/conv2d/BiasAdd:0"], ["sequential/conv2d/Relu:0"], name="sequential/conv2d/Relu"),
        n("BatchNormalization", ["sequential/conv2d/Relu:0",
                                 "sequential/batch_normalization/ReadVariableOp:0",
                                 "sequential/batch_normalization/ReadVariableOp_1:0",
                                 "sequential/batch_normalization/FusedBatchNormV3/ReadVariableOp:0",
                                 "sequential/batch_normalization/FusedBatchNormV3/ReadVariableOp_1:0"],
          ["sequential/batch_normalization/FusedBatchNormV3:0"], name="sequential/batch_normalization/FusedBatchNormV3", epsilon=0.001),
        n("MaxPool", ["sequential/batch_normalization/FusedBatchNormV3:0"], ["sequential/max_pooling2d/MaxPool:0"],
          name="sequential/max_pooling2d/MaxPool", kernel_shape=[2, 2], strides=[2, 2], auto_pad="VALID"),
        n("Conv", ["sequential/max_pooling2d/MaxPool:0", "sequential/conv2d_1/Conv2D/ReadVariableOp:0", "sequential/conv2d_1/BiasAdd/ReadVariableOp:0"],
          ["sequential/conv2d_1/BiasAdd:0"], name="sequential/conv2d_1/BiasAdd", auto_pad="SAME_UPPER", kernel_shape=[3, 3], strides=[2, 2], dilations=[1, 1]),
        n("Relu", ["sequential/conv2d_1/BiasAdd:0"], ["sequential/conv2d_1/Relu:0"], name="sequential/conv2d_1/Relu"),
        n("Transpose", ["sequential/conv2d_1/Relu:0"], ["sequential/conv2d_1/Relu__20:0"], name="sequential/conv2d_1/Relu__20", perm=[0, 2, 3, 1]),
        n("ReduceMean", ["sequential/conv2d_1/Relu__20:0"], ["sequential/global_average_pooling2d/Mean:0"],
          name="sequential/global_average_pooling2d/Mean", axes=[1, 2], keepdims=0),
        n("Reshape", ["sequential/conv2d_1/Relu__20:0", "sequential/flatten/Const:0"], ["sequential/flatten/Reshape:0"], name="sequential/flatten/Reshape"),
        n("Concat", ["sequential/global_average_pooling2d/Mean:0", "sequential/flatten/Reshape:0"], ["sequential/concatenate/concat:0"],
          name="sequential/concatenate/concat", axis=-1),
        n("MatMul", ["sequential/concatenate/concat:0", "sequential/dense/MatMul/ReadVariableOp:0"], ["sequential/dense/MatMul:0"], name="sequential/dense/MatMul"),
        n("Add", ["sequential/dense/MatMul:0", "sequential/dense/BiasAdd/ReadVariableOp:0"], ["sequential/dense/BiasAdd:0"], name="sequential/dense/BiasAdd"),
        n("Relu", ["sequential/dense/BiasAdd:0"], ["sequential/dense/Relu:0"], name="sequential/dense/Relu"),
        n("MatMul", ["sequential/dense/Relu:0", "sequential/dense_1/MatMul/ReadVariableOp:0"], ["sequential/dense_1/MatMul:0"], name="sequential/dense_1/MatMul"),
        n("Add", ["sequential/dense_1/MatMul:0", "sequential/dense_1/BiasAdd/ReadVariableOp:0"], ["sequential/dense_1/BiasAdd:0"], name="sequential/dense_1/BiasAdd"),
        n("Softmax", ["sequential/dense_1/BiasAdd:0"], ["dense_1"], name="sequential/dense_1/Softmax", axis=-1),
    ]
    g = helper.make_graph(
        nodes, "tf2onnx",
        [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__24", 28, 28, 1])],
        [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, ["unk__25", 5])],
        initializer=inits)
    m = helper.make_model(g, producer_name="tf2onnx", producer_version="1.9.3",
                          opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(m)
    return m


def main():
    m = build()
    path = os.path.join(OUT, "keras_tf2onnx.onnx")
    onnx.save(m, path)
    x = rng.uniform(0, 1, (4, 28, 28, 1)).astype(np.float32)
    # onnxruntime returns graph outputs only: a copy lists the layer
    # tensors as outputs too.
    probe = onnx.load(path)
    for _, t in LAYERS:
        probe.graph.output.append(helper.make_tensor_value_info(t, TensorProto.FLOAT, None))
    with tempfile.TemporaryDirectory() as tmp:
        pm = os.path.join(tmp, "probe.onnx")
        onnx.save(probe, pm)
        np.save(os.path.join(tmp, "x.npy"), x)
        script = """
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const [model, xbin, out] = process.argv.slice(2);
  const buf = fs.readFileSync(xbin);
  const x = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const s = await ort.InferenceSession.create(model);
  const r = await s.run({input_1: new ort.Tensor('float32', x, [4, 28, 28, 1])});
  const res = {};
  for (const k of s.outputNames) res[k] = {dims: r[k].dims, data: Array.from(r[k].data)};
  fs.writeFileSync(out, JSON.stringify(res));
})();
"""
        js = os.path.join(tmp, "run.js")
        with open(js, "w") as f:
            f.write(script)
        x.tofile(os.path.join(tmp, "x.bin"))
        res = os.path.join(tmp, "res.json")
        subprocess.run(["node", js, pm, os.path.join(tmp, "x.bin"), res], check=True,
                       env=dict(os.environ, NODE_PATH=os.path.join(ORT, "node_modules")))
        with open(res) as f:
            r = json.load(f)
    outputs = [("output", r["dense_1"])] + [(hook, r[t]) for hook, t in LAYERS]
    tensors, blobs, offset = [], [], 0
    for name, shape, data in [("input", list(x.shape), x.reshape(-1).tolist())] + [(k, v["dims"], v["data"]) for k, v in outputs]:
        tensors.append({"name": name, "shape": shape, "offset": offset})
        blobs.append(struct.pack("<%df" % len(data), *data))
        offset += len(data)
    with open(os.path.join(OUT, "keras_tf2onnx.expect"), "wb") as f:
        f.write(json.dumps({"int_input": False, "tensors": tensors}).encode() + b"\n")
        for b in blobs:
            f.write(b)
    print("wrote keras_tf2onnx.onnx and .expect:", [k for k, _ in outputs])


if __name__ == "__main__":
    main()
