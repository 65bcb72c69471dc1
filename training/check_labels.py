#!/usr/bin/env python3
"""Checks labelled training articles against the label format of shared/eval/GUIDELINES.md.

    python3 training/check_labels.py LABELS.jsonl [LABELS.jsonl ...] --articles DIR

For every label: the article exists and has `# source:` and `# date: YYYY-MM-DD` header lines,
the snippet occurs exactly once in the article's text, the stance is one of the four, the
holder is empty or a party code in capitals, a stance other than NONE has a holder, and no
snippet is labelled twice. Prints one line per problem, then counts; exit status 1 on any
problem.
"""
import argparse, collections, json, os, re, sys

STANCES = {"OPEN", "CONDITIONAL", "CLOSED", "NONE"}
HOLDER = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
DATE = re.compile(r"^# date: \d{4}-\d{2}-\d{2}\s*$", re.M)
SOURCE = re.compile(r"^# source: \S+", re.M)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("labels", nargs="+")
    ap.add_argument("--articles", required=True)
    a = ap.parse_args(argv)
    problems, labels, texts = [], [], {}
    for path in a.labels:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except ValueError as e:
                problems.append(f"{path}:{n}: not JSON ({e})")
                continue
            missing = {"article", "snippet", "speaker", "holder", "stance"} - set(r)
            if missing:
                problems.append(f"{path}:{n}: missing {sorted(missing)}")
                continue
            labels.append((path, n, r))
    seen = set()
    for path, n, r in labels:
        art = os.path.join(a.articles, r["article"])
        if r["article"] not in texts:
            if not os.path.exists(art):
                problems.append(f"{path}:{n}: no article {art}")
                texts[r["article"]] = None
            else:
                t = open(art, encoding="utf-8").read()
                texts[r["article"]] = t
                if not SOURCE.search(t) or not DATE.search(t):
                    problems.append(f"{art}: header needs '# source: URL' and '# date: YYYY-MM-DD'")
        t = texts[r["article"]]
        if t is None:
            continue
        k = t.count(r["snippet"])
        if k != 1:
            problems.append(f"{path}:{n}: snippet found {k} times in {r['article']}: {r['snippet'][:60]!r}")
        if r["stance"] not in STANCES:
            problems.append(f"{path}:{n}: stance {r['stance']!r}")
        if r["holder"] and not HOLDER.match(r["holder"]):
            problems.append(f"{path}:{n}: holder {r['holder']!r} is not a party code")
        if r["stance"] != "NONE" and not r["holder"]:
            problems.append(f"{path}:{n}: stance {r['stance']} without a holder")
        key = (r["article"], r["snippet"])
        if key in seen:
            problems.append(f"{path}:{n}: snippet labelled twice")
        seen.add(key)
    for p in problems:
        print(p)
    st = collections.Counter(r["stance"] for _, _, r in labels)
    total = sum(st.values()) or 1
    print(f"{len(labels)} labels in {len({r['article'] for _, _, r in labels})} articles; "
          + ", ".join(f"{s} {st[s]} ({100 * st[s] / total:.0f}%)" for s in ["OPEN", "CONDITIONAL", "CLOSED", "NONE"]))
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
