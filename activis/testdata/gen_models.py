#!/usr/bin/python3
"""Generate the ONNX test models of package activis and their expected outputs.

Regenerate (needs Debian's python3-torch 1.13 and python3-onnx; the Go tests
do not):

    cd activis/testdata && /usr/bin/python3 gen_models.py

For every model NAME this writes NAME.onnx (exported by torch.onnx.export) and
NAME.expect, the random input batch and PyTorch's own outputs: the model
output and the output of every named submodule (captured with forward hooks,
keyed by the module's qualified name such as "fc1" or "features.3"). The Go
test resolves these module names through the graph's name scopes, so the
same file tests the runtime and the scope resolution.

NAME.expect is read without numpy: one line of JSON, a newline, then raw
little-endian float32 data. The JSON is
    {"input": "x", "int_input": false,
     "tensors": [{"name": ..., "shape": [...], "offset": <float index>}, ...]}
where the tensor named "input" is the input batch and "output" the model
output; integer inputs (token ids) are stored as float32 values.
"""

import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(7)
HERE = os.path.dirname(os.path.abspath(__file__))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.relu1 = nn.ReLU()
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(32, 16)
        self.act2 = nn.Tanh()
        self.fc3 = nn.Linear(16, 5)
        self.register_buffer("shift", torch.linspace(-1, 1, 20))

    def forward(self, x):
        x = (x - self.shift) * 2.0 / 3.0                  # Sub, Mul, Div
        x = x.unsqueeze(1).squeeze(1)                      # attribute axes (opset 11)
        x = self.drop(self.relu1(self.fc1(x)))
        x = self.act2(self.fc2(x))
        return self.fc3(x)


class SmallCNN(nn.Module):
    """Conv-BN-ReLU-MaxPool, Conv-LeakyReLU-AvgPool(padding), two heads
    (GlobalAveragePool and a flattened view) concatenated, LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.conv2 = nn.Conv2d(8, 12, 3, stride=1, padding=1)
        self.act2 = nn.LeakyReLU(0.1)
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(12 + 12 * 3 * 3, 6)
        self.out = nn.LogSoftmax(dim=1)

    def forward(self, x):
        x = self.features(x)
        x = self.pool2(self.act2(self.conv2(x)))
        g = torch.flatten(self.gap(x), 1)
        f = x.view(x.size(0), -1)
        return self.out(self.fc(torch.cat([g, f], dim=1)))


class TransposeCNN(nn.Module):
    """Conv-Sigmoid with stride and groups, a Transpose (permute), a Reshape
    and a Softmax output."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, stride=2, padding=1, groups=2)
        self.act = nn.Sigmoid()
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.fc = nn.Linear(4 * 4 * 4, 4)
        self.prob = nn.Softmax(dim=1)

    def forward(self, x):
        x = self.pool(self.act(self.conv(x)))          # N,4,4,4
        x = x.permute(0, 2, 3, 1)                      # N,4,4,4
        x = x.reshape(x.shape[0], -1)
        return self.prob(self.fc(x))


class TextClassifier(nn.Module):
    """Embedding (Gather) -> per-token Linear (MatMul + Add) -> mean over
    tokens (ReduceMean, Squeeze with axes input) -> Linear."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.proj = nn.Linear(8, 8)
        self.hidden = nn.Linear(8, 16)
        self.relu = nn.ReLU()
        self.cls = nn.Linear(16, 3)

    def forward(self, ids):
        e = self.proj(self.embed(ids)).mean(dim=1, keepdim=True).squeeze(1)
        return self.cls(self.relu(self.hidden(e)))


class ExtraOps(nn.Module):
    """Operators beyond the required list that PyTorch emits for common
    layers: LayerNormalization (opset 17), GELU (Erf), slicing (Slice),
    ReLU6 (Clip), Hardswish, Hardsigmoid, Softplus, ELU, PReLU, a max over a
    dimension (ReduceMax), Expand and Where-free masking arithmetic."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 16)
        self.norm = nn.LayerNorm(16)
        self.gelu = nn.GELU()
        self.fc2 = nn.Linear(8, 8)
        self.relu6 = nn.ReLU6()
        self.hswish = nn.Hardswish()
        self.hsig = nn.Hardsigmoid()
        self.softplus = nn.Softplus()
        self.elu = nn.ELU()
        self.prelu = nn.PReLU(8)
        self.head = nn.Linear(8 + 4, 3)

    def forward(self, x):
        h = self.gelu(self.norm(self.fc1(x)))
        a = self.fc2(h[:, :8])                          # Slice
        a = self.relu6(a) + self.hswish(a) + self.hsig(a)
        a = self.prelu(self.elu(self.softplus(a) - 1.0))
        m = h.view(h.shape[0], 4, 4).amax(dim=2)         # ReduceMax
        m = m * torch.ones(1, 4).expand(h.shape[0], 4)   # Expand
        return self.head(torch.cat([a, m], dim=1))


class Pools(nn.Module):
    """Pooling corner cases: ceil_mode, count_include_pad=False, dilation,
    1-D convolution and pooling."""

    def __init__(self):
        super().__init__()
        self.avg_ceil = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.avg_plain = nn.AvgPool2d(2, ceil_mode=True)
        self.max_dil = nn.MaxPool2d(2, stride=1, dilation=2)
        self.conv1d = nn.Conv1d(2, 3, 3, padding=2, dilation=2)
        self.pool1d = nn.MaxPool1d(2)

    def forward(self, x):                               # N,2,9,9
        a = self.avg_ceil(x)                            # N,2,5,5
        b = self.avg_plain(a)                           # N,2,3,3
        c = self.max_dil(x)                             # N,2,7,7
        d = self.pool1d(self.conv1d(x.flatten(2)))      # N,3,40
        return torch.cat([b.flatten(1), c.flatten(1), d.flatten(1)], dim=1)


class FashionCNN(nn.Module):
    """The Fashion-MNIST-sized CNN of the benchmark (random weights)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = self.relu3(self.fc1(self.flatten(x)))
        return self.fc2(x)


def perturb_bn(model):
    """Give BatchNorm layers non-trivial running statistics."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)


def write_expect(path, inp, int_input, outputs):
    tensors, blobs, offset = [], [], 0
    for name, t in [("input", inp.float())] + outputs:
        a = t.detach().float().contiguous().reshape(-1).tolist()
        tensors.append({"name": name, "shape": list(t.shape), "offset": offset})
        blobs.append(struct.pack("<%df" % len(a), *a))
        offset += len(a)
    header = json.dumps({"int_input": int_input, "tensors": tensors})
    with open(path, "wb") as f:
        f.write(header.encode() + b"\n")
        for b in blobs:
            f.write(b)


def export(name, model, inp, opset, dynamic=True, int_input=False, skip=(), **kw):
    """Export model and write its expected outputs; modules named in skip
    are not recorded (their ONNX counterpart computes something else)."""
    model.eval()
    captured = []
    hooks = []
    for qual, m in model.named_modules():
        if qual == "" or qual in skip or isinstance(m, (nn.Sequential, nn.Dropout)):
            continue
        hooks.append(m.register_forward_hook(
            lambda mod, i, o, qual=qual: captured.append((qual, o))))
    with torch.no_grad():
        out = model(inp)
    for h in hooks:
        h.remove()
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(
        model, (inp,), path, opset_version=opset,
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None,
        **kw)
    write_expect(os.path.join(HERE, name + ".expect"), inp, int_input,
                 [("output", out)] + captured)
    print(name, "opset", opset, os.path.getsize(path), "bytes")


def main():
    export("mlp_op11", MLP(), torch.randn(4, 20), 11)
    cnn = SmallCNN()
    perturb_bn(cnn)
    export("cnn_bn_op13", cnn, torch.randn(3, 1, 12, 12), 13,
           training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    # The same network exported in eval mode: BatchNorm folded into Conv.
    # features.0's Conv then computes Conv+BN, so its hook value is not recorded.
    export("cnn_op17", cnn, torch.randn(3, 1, 12, 12), 17, skip=("features.0",))
    export("transpose_op13", TransposeCNN(), torch.randn(2, 2, 11, 11), 13,
           dynamic=False)
    export("text_op13", TextClassifier(), torch.randint(0, 50, (5, 7)), 13,
           int_input=True)
    export("extra_op17", ExtraOps(), torch.randn(4, 12), 17)
    export("pools_op11", Pools(), torch.randn(2, 2, 9, 9), 11)
    export("fashion_cnn", FashionCNN(), torch.rand(1, 1, 28, 28), 13)


if __name__ == "__main__":
    main()
