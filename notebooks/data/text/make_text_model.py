#!/usr/bin/python3
"""Train the small text classifier of notebook 03 and write its files.

Run it (Debian's python3-torch 1.13, numpy and onnx; not the python3 on
PATH) from anywhere:

    apt-get install fortunes          # the text, /usr/share/games/fortunes
    /usr/bin/python3 notebooks/data/text/make_text_model.py

It takes about 30 seconds (one thread) and writes, next to itself:

    model.onnx      the classifier exported by torch.onnx.export (opset 13);
                    its modules embed, fc1 and fc2 become the graph's scopes
    vocab.txt       the vocabulary, line k holding the word of token id k
                    (0 "<pad>", 1 "<unk>")
    fc1.npy         N x 64 float32, outputs of fc1 (Linear + ReLU)
    fc2.npy         N x 5 float32, outputs of fc2 (the logits)
    instances.csv   id, label, predicted, score_<class>, then the attributes
                    text (the fortune, verbatim), words, split

fc1.npy, fc2.npy and the first columns of instances.csv are written by
forward hooks exactly as the snippet "Recording activations in PyTorch" of
activis/doc.go; the attributes are appended to each row as that section
says. Everything is deterministic (fixed seed, one thread, deterministic
algorithms): running it twice gives the same numbers.

The data: the fortune cookies of Debian's "fortunes" package (source
fortune-mod 1.99.1), categories computers, literature, politics, science
and wisdom. /usr/share/doc/fortunes/copyright places the package under the
BSD licence of the University of California (clause 3 deleted); the
fortunes are short quotations and jokes collected from Usenet and other
sources, as shipped in Debian main. The model and the files derived here
are under the same terms; see README.md.

Tokens: the maximal runs of ASCII letters, digits and apostrophes, with
apostrophes trimmed from both ends, lower-cased. Texts are cut or padded
(with 0) to MAXLEN tokens. A Go reader reproduces this with
regexp.MustCompile(`[A-Za-z0-9']+`), strings.Trim(w, "'") and
strings.ToLower.
"""

import collections
import csv
import os
import random
import re

import numpy as np
import torch
from torch import nn

SEED = 20170101
FORTUNES = "/usr/share/games/fortunes"
CLASSES = ["computers", "literature", "politics", "science", "wisdom"]
MAX_WORDS = 60  # keep fortunes of at most this many words (drops long stories)
MAXLEN = 64  # tokens per instance after padding
VOCAB = 3000  # most frequent training words kept (plus <pad> and <unk>)
MIN_COUNT = 2  # a word must occur this often in the training split
EMBED, HIDDEN = 32, 64
TEST_FRACTION = 0.3
EPOCHS = 30
OUT = os.path.dirname(os.path.abspath(__file__))

TOKEN = re.compile(r"[A-Za-z0-9']+")


def tokenize(text):
    """Words of text: ASCII alphanumeric runs (with apostrophes), lower-cased."""
    out = []
    for w in TOKEN.findall(text):
        w = w.strip("'").lower()
        if w:
            out.append(w)
    return out


def read_fortunes():
    """(text, class) pairs of the chosen categories, without duplicates."""
    seen = collections.Counter()
    items = []
    for c in CLASSES:
        with open(os.path.join(FORTUNES, c), encoding="utf-8") as f:
            raw = f.read()
        for t in re.split(r"^%\n", raw, flags=re.M):
            t = t.rstrip()
            if not t.strip() or len(t.split()) > MAX_WORDS or not tokenize(t):
                continue
            items.append((t, c))
            seen[t] += 1
    # A fortune filed under two categories has no single true class.
    return [(t, c) for t, c in items if seen[t] == 1]


def encode(words, index):
    ids = [index.get(w, 1) for w in words[:MAXLEN]]
    return ids + [0] * (MAXLEN - len(ids))


class EmbedMean(nn.Module):
    """Mean of the embeddings of a text's tokens, padding (0) excluded."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.table = nn.Embedding(vocab, dim, padding_idx=0)

    def forward(self, tokens):
        e = self.table(tokens)  # N x L x E, the padding row is zero
        n = (tokens > 0).to(e.dtype).sum(dim=1, keepdim=True)
        return e.sum(dim=1) / n.clamp(min=1.0)


class TextMLP(nn.Module):
    """embed (EmbeddingBag-like mean) -> fc1 (Linear + ReLU) -> fc2 (Linear)."""

    def __init__(self, vocab, classes):
        super().__init__()
        self.embed = EmbedMean(vocab, EMBED)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Sequential(collections.OrderedDict(
            linear=nn.Linear(EMBED, HIDDEN), relu=nn.ReLU()))
        self.fc2 = nn.Linear(HIDDEN, classes)

    def forward(self, tokens):
        return self.fc2(self.fc1(self.drop(self.embed(tokens))))


def main():
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    items = read_fortunes()
    # Stratified split: the same fraction of every class is held out.
    split = []
    rng = random.Random(SEED)
    for c in CLASSES:
        idx = [i for i, (_, ci) in enumerate(items) if ci == c]
        rng.shuffle(idx)
        k = round(len(idx) * TEST_FRACTION)
        split += [(i, "test") for i in idx[:k]] + [(i, "train") for i in idx[k:]]
    split.sort()
    splits = [s for _, s in split]

    counts = collections.Counter()
    for (t, _), s in zip(items, splits):
        if s == "train":
            counts.update(tokenize(t))
    words = [w for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
             if n >= MIN_COUNT][:VOCAB]
    vocab = ["<pad>", "<unk>"] + words
    index = {w: i for i, w in enumerate(vocab)}

    tokens = torch.tensor([encode(tokenize(t), index) for t, _ in items], dtype=torch.int64)
    labels = torch.tensor([CLASSES.index(c) for _, c in items], dtype=torch.int64)
    is_train = torch.tensor([s == "train" for s in splits])
    train = torch.utils.data.TensorDataset(tokens[is_train], labels[is_train])

    model = TextMLP(len(vocab), len(CLASSES))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-5)
    gen = torch.Generator().manual_seed(SEED)
    batches = torch.utils.data.DataLoader(train, batch_size=32, shuffle=True, generator=gen)
    lossf = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        model.train()
        total = 0.0
        for xb, yb in batches:
            opt.zero_grad()
            loss = lossf(model(xb), yb)
            loss.backward()
            opt.step()
            total += float(loss) * len(yb)
        if epoch % 10 == 9:
            print(f"epoch {epoch + 1}: train loss {total / len(train):.4f}")

    # Every instance, train and test, in file order.
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(tokens, labels), batch_size=256)
    classes = CLASSES
    os.chdir(OUT)

    # ---- the snippet of activis/doc.go, "Recording activations in PyTorch" ----
    layers = {"fc1": model.fc1, "fc2": model.fc2}  # modules whose outputs to record
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
    # Attributes appended to each row, as the documentation says.
    for row, (t, _), s in zip(rows, items, splits):
        row += [t, len(t.split()), s]
    with open("instances.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "predicted"] + [f"score_{c}" for c in classes]
                   + ["text", "words", "split"])
        w.writerows(rows)
    # ---- end of the snippet ----

    with open("vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")

    torch.onnx.export(model, tokens[:2], "model.onnx", opset_version=13,
                      input_names=["tokens"], output_names=["logits"],
                      dynamic_axes={"tokens": {0: "batch"}, "logits": {0: "batch"}})

    correct = collections.Counter()
    total = collections.Counter()
    for row, s in zip(rows, splits):
        total[s] += 1
        correct[s] += row[1] == row[2]
    for s in ("train", "test"):
        print(f"{s}: {total[s]} instances, accuracy {correct[s] / total[s]:.4f} ({correct[s]}/{total[s]})")
    print(f"vocabulary: {len(vocab)} tokens; classes: {', '.join(classes)}")
    for c in classes:
        print(f"  {c}: {sum(1 for _, ci in items if ci == c)}")


if __name__ == "__main__":
    main()
