#!/usr/bin/python3
"""Write masked_text.onnx: a text classifier with two inputs, token ids and
an attention mask (as Hugging Face models take them), and masked.expect,
PyTorch's outputs on a padded batch.

Regenerate (needs Debian's python3-torch 1.13; the Go tests do not):

    cd activis/testdata/multi && /usr/bin/python3 gen_masked.py

The model: embedding → one Transformer encoder layer whose key padding mask
comes from attention_mask → mean over the unmasked tokens → fc1 (ReLU) →
fc2. masked.expect has the format of ../gen_models.py with two input
tensors, "input" (token ids) and "input:attention_mask", then "output" and
the hooked modules "fc1" and "encoder".
"""

import json
import os
import struct

import torch
import torch.nn as nn

torch.manual_seed(5)
HERE = os.path.dirname(os.path.abspath(__file__))


class Masked(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(40, 16, padding_idx=0)
        self.encoder = nn.TransformerEncoderLayer(16, 2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.fc1 = nn.Sequential(nn.Linear(16, 12), nn.ReLU())
        self.fc2 = nn.Linear(12, 3)

    def forward(self, input_ids, attention_mask):
        h = self.encoder(self.embed(input_ids), src_key_padding_mask=attention_mask == 0)
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1)
        return self.fc2(self.fc1(pooled))


def main():
    model = Masked().eval()
    ids = torch.randint(1, 40, (5, 9))
    mask = torch.ones(5, 9, dtype=torch.int64)
    for i, keep in enumerate([9, 6, 3, 9, 1]):
        ids[i, keep:] = 0
        mask[i, keep:] = 0
    captured = {}
    for name in ("fc1", "encoder"):
        getattr(model, name).register_forward_hook(
            lambda m, i, o, name=name: captured.__setitem__(name, o.detach().clone()))
    with torch.no_grad():
        out = model(ids, mask)
    path = os.path.join(HERE, "masked_text.onnx")
    torch.onnx.export(model, (ids, mask), path, opset_version=14,
                      input_names=["input_ids", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch"}, "attention_mask": {0: "batch"}, "logits": {0: "batch"}})
    tensors, blobs, offset = [], [], 0
    for name, t in [("input", ids), ("input:attention_mask", mask), ("output", out),
                    ("fc1", captured["fc1"]), ("encoder", captured["encoder"])]:
        a = t.float().contiguous().reshape(-1).tolist()
        tensors.append({"name": name, "shape": list(t.shape), "offset": offset})
        blobs.append(struct.pack("<%df" % len(a), *a))
        offset += len(a)
    with open(os.path.join(HERE, "masked.expect"), "wb") as f:
        f.write(json.dumps({"int_input": True, "tensors": tensors}).encode() + b"\n")
        for b in blobs:
            f.write(b)
    print("masked_text.onnx", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
