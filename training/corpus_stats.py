#!/usr/bin/env python3
"""Counts for the training corpus's datasheet (corpus/train/README.md).

    python3 training/corpus_stats.py corpus/train/labels.jsonl corpus/train/articles

Each article is assigned the conflict of the party it labels most often among the parties to a
conflict (mediators such as the US, Qatar or the UN are counted only when nothing else is
labelled); prints articles and labels per conflict, stances, the most frequent holders,
publication years and source outlets.
"""
import collections, json, os, re, sys
from urllib.parse import urlsplit

CONFLICTS = {
    "Russia-Ukraine": "RUS UKR BLR",
    "Israel-Hamas (Gaza)": "ISR HAMAS PSE PIJ FATAH",
    "Israel-Hezbollah, Lebanon": "HEZBOLLAH LBN",
    "Syria (government, SDF, Turkey, Israel)": "SYR SDF SNA",
    "US/Israel-Iran and Iraq's factions": "IRN IRQ KH IRI E3",
    "Yemen and the Houthis": "HOUTHIS YEM",
    "Sudan (army vs RSF)": "SDN RSF TAQADDUM TASIS",
    "DR Congo-Rwanda-M23, Burundi": "COD RWA M23 BDI",
    "Ethiopia (TPLF, Fano), Eritrea, GERD": "ETH TPLF FANO ERI",
    "Somalia, al-Shabaab, Somaliland": "SOM ALSHABAAB SOMALILAND JUBALAND PUNTLAND",
    "South Sudan": "SSD SPLMIO SSOMA",
    "Libya": "LBY HOR HCS LNA",
    "Sahel, Chad, Nigeria, Cameroon, Mozambique, CAR": "MLI NER BFA TCD FACT NGA CMR AMBAZONIA MONDLANE MOZ CSP UPC ECOWAS",
    "Western Sahara, Algeria-Morocco": "MAR POLISARIO DZA",
    "Armenia-Azerbaijan": "ARM AZE NKR",
    "India-Pakistan, India-China": "IND PAK NSCN KNO KZC",
    "Pakistan-Afghanistan, TTP": "AFG TTP BLA",
    "Thailand-Cambodia": "THA KHM BRN",
    "Myanmar": "MMR NUG TNLA AA MNDAA KNU KPICT BROTHERHOOD",
    "Philippines (NDFP, MILF, South China Sea), China-Taiwan, Japan": "PHL NDFP MILF TWN DPP JPN",
    "The Koreas": "PRK KOR",
    "Colombia (ELN, EMC, Clan del Golfo...)": "COL ELN EMC EGC MARQUETALIA COMUNEROS CNEB",
    "Venezuela (US, opposition, Guyana)": "VEN PUD GUY",
    "Haiti": "HTI VIVANSANM",
    "Serbia-Kosovo, Bosnia": "SRB XKX SRPSKA",
    "Turkey-PKK, Armenia-Turkey": "PKK DEM MHP YPG",
    "Moldova-Transnistria, Georgia": "MDA TRANSNISTRIA GEO ABKHAZIA SOUTHOSSETIA",
    "Cyprus": "CYP TRNC",
}
OF = {code: name for name, codes in CONFLICTS.items() for code in codes.split()}
PREFIX_DEFAULT = {"rua": "Russia-Ukraine", "rub": "Russia-Ukraine", "ukc": "Russia-Ukraine", "eur": "Russia-Ukraine",
                  "glb": "Russia-Ukraine", "gaz": "Israel-Hamas (Gaza)", "isb": "Israel-Hamas (Gaza)"}


def main(argv):
    labels = [json.loads(l) for l in open(argv[1], encoding="utf-8") if l.strip()]
    by_article = collections.defaultdict(list)
    for r in labels:
        by_article[r["article"]].append(r)
    conflict_of = {}
    for a, rows in by_article.items():
        votes = collections.Counter(OF[r["holder"]] for r in rows if r["holder"] in OF)
        conflict_of[a] = votes.most_common(1)[0][0] if votes else PREFIX_DEFAULT.get(a.split("_")[0], "other")
    arts, labs = collections.Counter(conflict_of.values()), collections.Counter(conflict_of[r["article"]] for r in labels)
    print(f"{len(by_article)} articles, {len(labels)} labels, {len(arts)} conflicts")
    print("\n| conflict | articles | labels |\n|---|---|---|")
    for c, n in arts.most_common():
        print(f"| {c} | {n} | {labs[c]} |")
    st = collections.Counter(r["stance"] for r in labels)
    print("\n| stance | labels | share |\n|---|---|---|")
    for s in ["OPEN", "CONDITIONAL", "CLOSED", "NONE"]:
        print(f"| {s} | {st[s]} | {100 * st[s] / len(labels):.1f}% |")
    holders = collections.Counter(r["holder"] for r in labels if r["holder"])
    print(f"\n{len(holders)} holders; most frequent: " + ", ".join(f"{h} {n}" for h, n in holders.most_common(25)))
    speakers = collections.Counter(r["speaker"] for r in labels if r["speaker"])
    print(f"{len(speakers)} distinct speakers; {sum(1 for r in labels if r['speaker'])} labels with a speaker")
    years, hosts = collections.Counter(), collections.Counter()
    for a in by_article:
        text = open(os.path.join(argv[2], a), encoding="utf-8").read()
        m = re.search(r"^# date: (\d{4})", text, re.M)
        years[m.group(1) if m else "?"] += 1
        s = re.search(r"^# source: (\S+)", text, re.M)
        host = urlsplit(s.group(1)).netloc.lower() if s else "?"
        hosts[host[4:] if host.startswith("www.") else host] += 1
    print("\narticles by year: " + ", ".join(f"{y} {n}" for y, n in sorted(years.items())))
    print(f"{len(hosts)} outlets (hosts); most frequent: " + ", ".join(f"{h} {n}" for h, n in hosts.most_common(12)))


if __name__ == "__main__":
    main(sys.argv)
