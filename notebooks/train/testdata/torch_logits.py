#!/usr/bin/python3
"""Cross-check of the committed demo model against PyTorch.

Reads notebooks/data/fashion_cnn.onnx with the `onnx` package, evaluates
its graph node by node with torch.nn.functional (an implementation of the
ONNX operators independent of the Go trainer), and writes the logits of the
first 200 Fashion-MNIST test images to torch_logits.json beside this
script, with the SHA-256 of the model they belong to. The Go test
TestTorchLogits compares the trainer's forward pass with them, so the
layouts the exporter writes (NCHW weights, C-H-W flatten order, Gemm
transB) are checked against a second implementation without needing
torch in CI.

Regenerate after retraining (needs Debian's python3-onnx and torch):

    /usr/bin/python3 notebooks/train/testdata/torch_logits.py
"""
import gzip
import hashlib
import json
import os

import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "data", "fashion_cnn.onnx")
IMAGES = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
N = 200


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def run(model, x):
    env = {model.graph.input[0].name: x}
    for t in model.graph.initializer:
        env[t.name] = torch.from_numpy(numpy_helper.to_array(t).copy())
    for node in model.graph.node:
        a = attrs(node)
        i = [env[n] for n in node.input]
        if node.op_type == "Conv":
            p = a["pads"]
            assert p[0] == p[2] and p[1] == p[3]
            y = F.conv2d(i[0], i[1], i[2], stride=tuple(a["strides"]), padding=(p[0], p[1]))
        elif node.op_type == "Relu":
            y = F.relu(i[0])
        elif node.op_type == "MaxPool":
            y = F.max_pool2d(i[0], tuple(a["kernel_shape"]), tuple(a["strides"]))
        elif node.op_type == "Flatten":
            y = torch.flatten(i[0], a.get("axis", 1))
        elif node.op_type == "Gemm":
            w = i[1].t() if a.get("transB", 0) else i[1]
            y = a.get("alpha", 1.0) * (i[0] @ w) + a.get("beta", 1.0) * i[2]
        elif node.op_type == "Dropout":
            y = i[0]
        else:
            raise ValueError("unexpected op " + node.op_type)
        env[node.output[0]] = y
    return env[model.graph.output[0].name]


def main():
    raw = open(MODEL, "rb").read()
    model = onnx.load_from_string(raw)
    onnx.checker.check_model(model, full_check=True)
    with gzip.open(IMAGES, "rb") as f:
        data = f.read()
    pix = torch.frombuffer(bytearray(data[16:16 + N * 784]), dtype=torch.uint8)
    x = pix.float().div(255).reshape(N, 1, 28, 28)
    with torch.no_grad():
        logits = run(model, x)
    out = {
        "model_sha256": hashlib.sha256(raw).hexdigest(),
        "images": IMAGES,
        "n": N,
        "logits": [[round(float(v), 6) for v in row] for row in logits],
    }
    with open(os.path.join(HERE, "torch_logits.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
