#!/usr/bin/python3
"""Generate the ONNX test models of package activis and their expected outputs.

Regenerate (needs Debian's python3-torch 1.13 and python3-onnx; the Go tests
do not):

    cd activis/testdata && /usr/bin/python3 gen_models.py

For every model NAME this writes NAME.onnx (exported by torch.onnx.export) and
NAME.expect, the random input batch and PyTorch's own outputs: the model
output and the output of every named submodule (captured with forward hooks,
keyed by the module's qualified name such as "fc1" or "features.3"; for a
module returning a tuple, such as nn.LSTM, its first element). The Go
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


class RNNText(nn.Module):
    """Embedding with padding_idx -> bidirectional LSTM (batch_first; its
    full output sequence) -> GRU -> the GRU's last hidden state -> Linear.
    PyTorch exports the recurrent layers as ONNX LSTM and GRU (sequence
    first, with Transposes around them)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(30, 6, padding_idx=0)
        self.lstm = nn.LSTM(6, 5, batch_first=True, bidirectional=True)
        self.gru = nn.GRU(10, 4, batch_first=True)
        self.fc = nn.Linear(4, 3)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        _, h = self.gru(out)
        return self.fc(h[-1])


class InvertedResidual(nn.Module):
    """MobileNetV2's block: 1x1 expansion, depthwise 3x3 (groups = channels),
    ReLU6, 1x1 projection, and the residual connection."""

    def __init__(self, ch, expand):
        super().__init__()
        hidden = ch * expand
        self.expand = nn.Conv2d(ch, hidden, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(hidden)
        self.act1 = nn.ReLU6()
        self.depthwise = nn.Conv2d(hidden, hidden, 3, padding=1, groups=hidden, bias=False)
        self.bn2 = nn.BatchNorm2d(hidden)
        self.act2 = nn.ReLU6()
        self.project = nn.Conv2d(hidden, ch, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(ch)

    def forward(self, x):
        y = self.act1(self.bn1(self.expand(x)))
        y = self.act2(self.bn2(self.depthwise(y)))
        return x + self.bn3(self.project(y))


class BasicBlock(nn.Module):
    """ResNet's basic block with a strided 1x1 downsampling shortcut."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = nn.Conv2d(cin, cout, 1, stride=2, bias=False)
        self.down_bn = nn.BatchNorm2d(cout)
        self.relu2 = nn.ReLU()

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))
        return self.relu2(y + self.down_bn(self.down(x)))


class ResidualCNN(nn.Module):
    """A ResNet-style basic block and a MobileNetV2-style inverted residual
    with a depthwise convolution, Hardswish, AdaptiveAvgPool2d and Linear."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 6, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(6)
        self.stem_act = nn.Hardswish()
        self.block1 = BasicBlock(6, 8)
        self.block2 = InvertedResidual(8, 2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = self.stem_act(self.stem_bn(self.stem(x)))
        x = self.block2(self.block1(x))
        return self.fc(torch.flatten(self.pool(x), 1))


class TransformerText(nn.Module):
    """Token and learned positional embeddings (positions from
    torch.arange, exported as Range), a two-layer nn.TransformerEncoder
    (batch_first) with a key padding mask, mean over tokens, Linear."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(30, 8, padding_idx=0)
        self.pos = nn.Embedding(16, 8)
        layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(8, 3)

    def forward(self, ids):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        h = self.enc(self.embed(ids) + self.pos(pos), src_key_padding_mask=ids == 0)
        return self.fc(h.mean(dim=1))


class Decoder(nn.Module):
    """ConvTranspose2d (stride, padding, output_padding; and a 1-D one),
    nn.Upsample nearest, bilinear and bilinear with align_corners (ONNX
    Resize), and a head."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(1, 3, 3, stride=2, padding=1)
        self.act = nn.ReLU()
        self.deconv = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)
        self.deconv1d = nn.ConvTranspose1d(2, 2, 4, stride=2, padding=1, groups=2)
        self.up_nearest = nn.Upsample(scale_factor=2, mode="nearest")
        self.up_linear = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.up_corners = nn.Upsample(size=(5, 7), mode="bilinear", align_corners=True)
        self.head = nn.Linear(2 * 8 * 8 + 2 * 16 + 3 * 8 * 8 + 3 * 5 * 7, 4)

    def forward(self, x):                               # N,1,8,8
        z = self.act(self.enc(x))                       # N,3,4,4
        a = self.deconv(z)                              # N,2,8,8
        b = self.deconv1d(a[:, :, 0, :])                # N,2,16
        c = self.up_nearest(z) + self.up_linear(z)      # N,3,8,8
        d = self.up_corners(z)                          # N,3,5,7
        f = torch.cat([a.flatten(1), b.flatten(1), c.flatten(1), d.flatten(1)], dim=1)
        return self.head(f)


class MoreOps(nn.Module):
    """torch.split and chunk (Split), repeat (Tile), argmax, topk, cumsum,
    GroupNorm and InstanceNorm2d (InstanceNormalization), SELU, CELU,
    Softsign, F.normalize (ReduceL2), einsum and index assignment
    (ScatterND)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 24)
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.gn = nn.GroupNorm(2, 4)
        self.inorm = nn.InstanceNorm2d(4, affine=True)
        self.selu = nn.SELU()
        self.celu = nn.CELU(0.7)
        self.softsign = nn.Softsign()
        self.head = nn.Linear(8 + 4 + 4 + 4 + 4 + 4, 3)

    def forward(self, x):                               # N,12
        h = self.fc(x) + x.repeat(1, 2)
        h[:, 0] = 0.5
        a, b, c = torch.split(h, [8, 8, 8], dim=1)
        d, e = torch.chunk(a * b, 2, dim=1)
        m = torch.cat([self.selu(d), self.celu(e)], 1)  # N,8
        f = self.conv(h[:, :18].reshape(-1, 2, 3, 3))   # N,4,3,3
        g = self.gn(f).mean(dim=(2, 3))
        i = self.inorm(f).amax(dim=(2, 3))
        tv, ti = torch.topk(c, 4, dim=1)
        idx = torch.argmax(h, dim=1, keepdim=True).float() / 24
        s = torch.cumsum(self.softsign(c), dim=1)[:, -4:] + idx
        k = F.normalize(h, dim=1)[:, :4] + torch.einsum("ni,ni->n", a, b).unsqueeze(1) / 8
        return self.head(torch.cat([m, g, i, tv + ti.float() / 8, s, k], 1))


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
            lambda mod, i, o, qual=qual: captured.append(
                (qual, (o[0] if isinstance(o, tuple) else o).clone()))))
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
    # Beyond MLPs and plain CNNs. Token batches end in padding (id 0).
    ids = torch.randint(1, 30, (4, 7))
    ids[1, 4:] = 0
    ids[2, 6:] = 0
    # The GRU's own output is not what the model reads (its last hidden
    # state is), so its hook value has no counterpart in the graph.
    export("rnn_text_op11", RNNText(), ids, 11, int_input=True, skip=("gru",))
    res = ResidualCNN()
    perturb_bn(res)
    export("residual_op13", res, torch.randn(3, 3, 8, 8), 13,
           training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    export("transformer_op13", TransformerText(), ids, 13, int_input=True)
    export("decoder_op11", Decoder(), torch.randn(3, 1, 8, 8), 11)
    export("moreops_op13", MoreOps(), torch.randn(4, 12), 13)


if __name__ == "__main__":
    main()
