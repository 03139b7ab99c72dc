# Regenerates the fixtures in this folder (run once; CI only reads them):
#
#	cd activis/testdata/torchhook && /usr/bin/python3 gen.py
#
# Needs torch and numpy (Debian python3-torch, python3-numpy). The part
# between the "snippet" markers is the exact code activis/doc.go shows
# PyTorch users; a Go test checks the two stay identical.
import csv
import json

import numpy as np
import torch

torch.manual_seed(7)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.fc1 = torch.nn.Linear(8, 5)
        self.out = torch.nn.Linear(5, 3)

    def forward(self, x):
        x = torch.relu(self.conv(x)).flatten(1)
        return self.out(torch.relu(self.fc1(x)))


model = Net()
# Class names with CSV and HTML metacharacters: they must survive verbatim.
classes = ["cat", "dog & <b>bird</b>", 'say "hi", ok']
xs = torch.randn(12, 1, 4, 4)
ys = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
loader = torch.utils.data.DataLoader(list(zip(xs, ys)), batch_size=5)

# --- snippet begin ---
layers = {"conv": model.conv, "fc1": model.fc1}  # modules whose outputs to record
acts = {name: [] for name in layers}
hooks = [m.register_forward_hook(lambda m, i, out, name=name:
                                 acts[name].append(out.detach().float().cpu().numpy()))
         for name, m in layers.items()]
rows = []
model.eval()
with torch.no_grad():
    for x, y in loader:
        scores = torch.softmax(model(x), dim=1)
        for yi, si in zip(y.tolist(), scores):
            rows.append([len(rows), classes[yi], classes[int(si.argmax())], *si.tolist()])
for h in hooks:
    h.remove()
for name, chunks in acts.items():
    np.save(f"{name}.npy", np.concatenate(chunks))  # N × ..., float32, C order
with open("instances.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "label", "predicted"] + [f"score_{c}" for c in classes])
    w.writerows(rows)
# --- snippet end ---

# Expected values, computed independently of the files above.
with torch.no_grad():
    conv = torch.conv2d(xs, model.conv.weight, model.conv.bias)
    fc1 = torch.relu(conv).flatten(1) @ model.fc1.weight.T + model.fc1.bias
    sc = torch.softmax(torch.relu(fc1) @ model.out.weight.T + model.out.bias, dim=1)
fc1n = fc1.numpy().astype(np.float64)
convn = conv.numpy().astype(np.float64)
json.dump({
    "n": 12,
    "conv_shape": list(conv.shape),
    "conv_sum": float(convn.sum()),
    "fc1_sum": float(fc1n.sum()),
    "fc1_row3": fc1n[3].tolist(),
    "conv_row11": convn[11].reshape(-1).tolist(),
    "labels": [classes[i] for i in ys.tolist()],
    "predicted": [classes[i] for i in sc.argmax(1).tolist()],
    "scores_row3": sc[3].tolist(),
}, open("expected.json", "w"), indent=1)

# Dtype and container variants of fc1 for the loader tests.
f = np.load("fc1.npy")
np.save("fc1_f16.npy", f.astype(np.float16))
np.save("fc1_f64.npy", f.astype(np.float64))
np.save("fc1_be.npy", f.astype(">f4"))
np.save("fc1_fortran.npy", np.asfortranarray(f))
np.save("fc1_int32.npy", (f * 100).astype(np.int32))
np.savez("acts.npz", fc1=f, conv=np.load("conv.npy"), fc1_f16=f.astype(np.float16))
np.savez_compressed("acts_compressed.npz", fc1=f, fc1_f64=f.astype(np.float64))

# Instances as JSON Lines with a scores array, text (with HTML-ish content
# and a newline) and numeric and categorical attributes.
texts = ["<script>alert('x')</script> great", "a & b < c", "line one\nline two", "plain"]
with open("instances.jsonl", "w") as out:
    for i in range(12):
        out.write(json.dumps({
            "id": f"s{i}",
            "label": classes[ys[i]],
            "predicted": classes[int(sc[i].argmax())],
            "scores": [round(v, 6) for v in sc[i].tolist()],
            "text": texts[i % 4] + f" #{i}",
            "length": i * 1.5,
            "split": "train" if i % 3 else "test",
            "flag": bool(i % 2),
        }) + "\n")
