#!/usr/bin/env python3
"""Splits a labels file into the training and held-out parts of one fold, by article, with the
folds that `./parley train --export` recorded (the same shuffle as its cross-validation).

    split_folds.py LABELS.jsonl EXAMPLES.jsonl FOLD TRAIN_OUT.jsonl TEST_OUT.jsonl

Articles with no exported example (none of their statements passes the gate) go to training.
"""
import json
import sys


def main(labels, examples, fold, train_out, test_out):
    folds = {}
    for line in open(examples, encoding="utf-8"):
        e = json.loads(line)
        folds[e["article"]] = e["fold"]
    n = [0, 0]
    with open(train_out, "w", encoding="utf-8") as tr, open(test_out, "w", encoding="utf-8") as te:
        for line in open(labels, encoding="utf-8"):
            if not line.strip():
                continue
            held = folds.get(json.loads(line)["article"], -1) == fold
            (te if held else tr).write(line)
            n[held] += 1
    print(f"{n[0]} training and {n[1]} held-out labels (fold {fold})")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__.split("\n\n")[1].strip())
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
