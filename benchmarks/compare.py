"""Cold `claimgrid compare` of the seed pair: wall time from process start to exit, and where it goes.

    python benchmarks/compare.py [--runs 5]

Needs ../shared/seeds (the seed pair). Prints a table; every figure comes from
this one run (times on a shared machine are noisy: compare the ratios).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FILES = [str(SEEDS / "000_e2e74c59d24aeca2.txt"), str(SEEDS / "001_ea96b6167f84d1a4.txt")]


def stages() -> dict[str, float]:
    """Run the chain once in this (fresh) process, timing each stage."""
    import datetime as dt
    marks = {}
    t0 = time.perf_counter()
    from claimgrid import compare as pipeline
    from claimgrid.claims import extract_claims
    from claimgrid.embed import _get_model
    from claimgrid.report.terminal import render_terminal
    marks["imports"] = time.perf_counter() - t0

    t = time.perf_counter()
    _get_model()
    marks["model load"] = time.perf_counter() - t

    t = time.perf_counter()
    articles, warnings = pipeline.read_sources(FILES, published=dt.date(2023, 5, 1))
    marks["read + language id"] = time.perf_counter() - t

    t = time.perf_counter()
    for sid, article in zip("AB", articles):
        extract_claims(article, sid, article.language or "en")
    marks["claim extraction (first call, incl. lexicon compile)"] = time.perf_counter() - t

    t = time.perf_counter()
    report = pipeline.compare_articles(articles, warnings=warnings)
    marks["whole chain again (extraction warm, embeddings, alignment)"] = time.perf_counter() - t

    t = time.perf_counter()
    render_terminal(report, color=False)
    marks["terminal rendering"] = time.perf_counter() - t
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stages()))
        return
    if not SEEDS.is_dir():
        sys.exit(f"skipped: {SEEDS} is absent")
    env = {**os.environ, "NO_COLOR": "1"}
    walls = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claimgrid.cli", "compare", *FILES, "--published", "2023-05-01"],
                       check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python_start = time.perf_counter() - t
    breakdown = json.loads(subprocess.run([sys.executable, __file__, "--stages"], check=True,
                                          capture_output=True, text=True, env=env).stdout)

    print(f"cold `claimgrid compare` of the seed pair, {args.runs} runs, {os.cpu_count()} cores")
    print(f"{'wall time, median':<62} {statistics.median(walls):7.3f} s")
    print(f"{'wall time, min / max':<62} {min(walls):7.3f} / {max(walls):.3f} s")
    print(f"{'bare python start':<62} {python_start:7.3f} s")
    print("where the time goes (one fresh process):")
    for name, seconds in breakdown.items():
        print(f"  {name:<60} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
