"""Quantity extraction per language on the project's own gold files, in one run.

    .venv/bin/python benchmarks/quantities_languages.py [--errors] [--langs fi,de]

Reads tests/gold/quantities_<lang>.jsonl (sentences written for this project; with --heldout,
tests/gold/heldout/quantities_<lang>.jsonl, written later and scored before any rule was
fitted to it) and prints,
per language, precision / recall / F1 for value, value+qualifier and value+measure, and
sentences per second (parsing only, after the lexicons are loaded). Gold and predicted
quantities are paired one to one (maximum bipartite matching); a value matches when value,
low and high agree within 0.1 %.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from claimgrid.claims.quantities import extract_quantities
from claimgrid.evaluation import (field_matches, load_gold, one_to_one_matches, precision_recall_f1,
                                  value_matches)

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "gold"
LANGS = ("en", "fi", "de", "ru", "uk", "fr", "es")


CRITERIA = {
    "value": value_matches,
    "value+qualifier": field_matches("qualifier"),
    "value+measure": field_matches("measure"),
}


def run(lang: str, folder: Path = GOLD_DIR, repeats: int = 20):
    items = load_gold(folder / f"quantities_{lang}.jsonl")
    extract_quantities("0", lang)  # load the lexicons outside the timed loop
    start = time.perf_counter()
    for _ in range(repeats):
        predictions = [extract_quantities(it["text"], lang) for it in items]
    elapsed = time.perf_counter() - start
    return items, predictions, len(items) * repeats / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--errors", action="store_true", help="print sentences where value+measure differs")
    ap.add_argument("--heldout", action="store_true", help="score the held-out files in tests/gold/heldout/")
    args = ap.parse_args()
    folder = GOLD_DIR / "heldout" if args.heldout else GOLD_DIR
    rows = []
    for lang in args.langs.split(","):
        if not (folder / f"quantities_{lang}.jsonl").is_file():
            print(f"{lang}: no gold file in {folder}, skipped")
            continue
        items, predictions, speed = run(lang, folder)
        cells = [precision_recall_f1(items, predictions, ok) for ok in CRITERIA.values()]
        rows.append((lang, len(items), sum(len(i["quantities"]) for i in items), cells, speed))
        if args.errors:
            for it, pr in zip(items, predictions):
                ok = CRITERIA["value+measure"]
                if one_to_one_matches(it["quantities"], pr, ok) != len(it["quantities"]) or len(pr) != len(it["quantities"]):
                    print(f"[{lang}] {it['text']}")
                    print("   gold:", [(g["value"], g["qualifier"], g["measure"]) for g in it["quantities"]])
                    print("   got: ", [(q.text, q.value, q.qualifier, q.measure) for q in pr])
    print()
    print("| lang | sentences | quantities | value P / R / F1 | value+qualifier P / R / F1 | value+measure P / R / F1 | sentences/s |")
    print("|---|---|---|---|---|---|---|")
    for lang, n, nq, cells, speed in rows:
        fmt = " | ".join(" / ".join(f"{100 * x:.1f}" for x in c) for c in cells)
        print(f"| {lang} | {n} | {nq} | {fmt} | {speed:,.0f} |")


if __name__ == "__main__":
    main()
