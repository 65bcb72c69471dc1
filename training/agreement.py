#!/usr/bin/env python3
"""Agreement between two independent labellings of the same statements.

    python3 training/agreement.py FIRST.jsonl SECOND.jsonl [--settled DISAGREEMENTS.jsonl] [--misses]

FIRST is the corpus's labels (e.g. corpus/train/labels.jsonl), SECOND a blind relabelling of a
sample of its statements (same "article" and "snippet", labelled without seeing FIRST). Prints
Cohen's kappa for stance, the share of equal holders (where both give a stance) and of
equal speakers (score.py's surname rule, where the first gives one), with the confusion.
With --settled, the first labels are taken as they were before the disagreements listed there
were settled (each line's "first" holder and stance), which is the agreement the datasheet reports:
    python3 training/agreement.py corpus/train/labels.jsonl corpus/train/agreement/second.jsonl \
        --settled corpus/train/agreement/disagreements.jsonl
"""
import collections, json, sys

STANCES = ["OPEN", "CONDITIONAL", "CLOSED", "NONE"]


def kappa(pairs):
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca = collections.Counter(a for a, _ in pairs)
    cb = collections.Counter(b for _, b in pairs)
    pe = sum(ca[s] * cb[s] for s in STANCES) / (n * n)
    return (po - pe) / (1 - pe), po


def same_speaker(gold, pred):
    if not gold:
        return None
    if not pred:
        return False
    g, p = gold.lower(), pred.lower()
    return g.replace(".", " ").split()[-1] in p or p in g


def main(argv):
    first = {(r["article"], r["snippet"]): r for r in map(json.loads, open(argv[1], encoding="utf-8"))}
    if "--settled" in argv:
        for d in map(json.loads, open(argv[argv.index("--settled") + 1], encoding="utf-8")):
            key = (d["article"], d["snippet"])
            first[key] = dict(first[key], holder=d["first"]["holder"], stance=d["first"]["stance"])
    second = [json.loads(l) for l in open(argv[2], encoding="utf-8") if l.strip()]
    pairs, holders, speakers, conf, misses = [], [], [], collections.Counter(), []
    for s in second:
        f = first[(s["article"], s["snippet"])]
        pairs.append((f["stance"], s["stance"]))
        conf[(f["stance"], s["stance"])] += 1
        if f["stance"] != "NONE" and s["stance"] != "NONE":
            holders.append(f["holder"] == s["holder"])
        sp = same_speaker(f["speaker"], s["speaker"])
        if sp is not None:
            speakers.append(sp)
        if f["stance"] != s["stance"]:
            misses.append((s["article"], f["stance"], s["stance"], s["snippet"][:100]))
    k, po = kappa(pairs)
    print(f"items {len(pairs)}  stance kappa {k:.3f}  raw agreement {po:.3f}")
    print(f"holder agreement {sum(holders) / len(holders):.3f} ({len(holders)} items with a stance in both)")
    print(f"speaker agreement {sum(speakers) / len(speakers):.3f} ({len(speakers)} items with a first speaker)")
    print("confusion first->second: " + ", ".join(f"{a}->{b} {c}" for (a, b), c in sorted(conf.items())))
    if "--misses" in argv:
        for m in misses:
            print("  ", *m)


if __name__ == "__main__":
    main(sys.argv)
