"""Story clustering benchmark on ECB+ (982 articles, 43 topics, 86 stories).

    python benchmarks/stories.py                 # 1x and 10x runs, accuracy + speed + memory table
    python benchmarks/stories.py --fit           # fit the join weights; held-out odd/even topic estimate
    python benchmarks/stories.py --multiples 1   # only the 1x run

Stream order (ECB+ has dates only for the ecbplus documents that print one):
the articles with a parsed date come in date order; the undated ones are
inserted at random positions (``random.Random(SEED)``), so every story's
articles are spread through the stream as in a real feed. Document ids and
topic numbers are never used by the clusterer; the gold labels are only
read for scoring and, with ``--fit``, for fitting the global weights.

The N x runs repeat the corpus N times; copy k > 0 of an article gets the id
``<id>~k`` and a short suffix line appended to its text, so its content hash
differs. Its title and lead (what is embedded) usually stay the same, so
embeddings for them come from the on-disk cache (``--cache``); the count of
freshly embedded texts is printed. Repeating one text is a degenerate case:
a copy always joins the story of its original, so the N x runs show memory and
throughput, and their accuracy is reported for completeness only.

Each run happens in its own subprocess so that peak memory (``ru_maxrss``) is
per run. The 1x prediction is scored by ``score_clusters.py`` as a
subprocess; held-out and N x scores use the same script's functions.
"""
from __future__ import annotations

import argparse
import itertools
import datetime as dt
import json
import random
import re
import resource
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy

from claimgrid.model import Article
from claimgrid.embed import EmbeddingCache, embed_texts
from claimgrid.stories import (DEFAULT_THRESHOLD, DEFAULT_WEIGHTS, LEAD_TOKENS, StoryClusterer, article_features,
                               lead_text)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ecbplus"
SEED = 20240501

_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_LABEL = re.compile(r"^(?:first published|first posted|published on|published at|published|posted at|posted"
                    r"|updated|last updated|release|released|found|date)\s*:?\s*", re.I)


def parse_date_line(line: str) -> dt.date | None:
    """The date of a short date/byline line ("May 03, 2013", "Published on: Fri, 11 Nov 2011 at 09:56 IST")."""
    import dateparser

    if len(line) > 80 or not _YEAR.search(line):
        return None
    cleaned = _LABEL.sub("", line.strip())
    cleaned = re.split(r"\s+(?:last updated|updated)\b|\s*\|", cleaned, flags=re.I)[0]
    cleaned = re.sub(r"\s+at\s+\d.*$", "", cleaned, flags=re.I)
    parsed = dateparser.parse(cleaned, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def load_articles(path: Path) -> list[tuple[dict, Article]]:
    """ECB+ documents as Articles: ecbplus ones have a URL line, a headline and maybe a date line."""
    out = []
    for line in path.open(encoding="utf-8"):
        doc = json.loads(line)
        lines = doc["text"].split("\n")
        url = title = published = None
        if lines and re.match(r"https?://", lines[0]):
            url, lines = lines[0].strip(), lines[1:]
            head = []
            for i, candidate in enumerate(lines[:4]):
                if published is None and (date := parse_date_line(candidate)):
                    published = date
                    continue
                head.append(i)
            if head:
                title = lines[head[0]]
            skip = {head[0]} if head else set()
            skip |= {i for i in range(min(4, len(lines))) if i not in head}
            lines = [l for i, l in enumerate(lines) if i not in skip]
        text = "\n".join(lines) if lines else (title or "")
        out.append((doc, Article(text=text, url=url, title=title, published=published, language="en")))
    return out


def stream_order(items: list[tuple[dict, Article]], seed: int = SEED) -> list[tuple[dict, Article]]:
    """Dated articles in date order; undated ones inserted at random positions (fixed seed)."""
    rng = random.Random(seed)
    dated = sorted((x for x in items if x[1].published), key=lambda x: (x[1].published, x[0]["id"]))
    undated = [x for x in items if not x[1].published]
    rng.shuffle(undated)
    stream = list(dated)
    for item in undated:
        stream.insert(rng.randint(0, len(stream)), item)
    return stream


def multiply(stream: list[tuple[dict, Article]], copies: int):
    """The stream repeated ``copies`` times, generated lazily; copy k>0 has a suffixed id and text."""
    yield from stream
    for k in range(1, copies):
        for doc, art in stream:
            clone = dict(doc, id=f"{doc['id']}~{k}")
            yield clone, Article(text=f"{art.text}\n(Stream copy {k}.)", url=art.url, title=art.title,
                                 published=art.published, language=art.language)


def scorer():
    return runpy.run_path(str(SHARED / "score_clusters.py"), run_name="claimgrid_bench")


def bcubed_f1(assign: dict[str, str], docs: list[dict], level: str) -> float:
    gold = {d["id"]: d[level] for d in docs}
    return scorer()["bcubed"]({i: assign[i] for i in gold}, gold)[2]


def features_for(stream, cache_path):
    """(features, seconds embedding, seconds other features, freshly embedded count)."""
    cache = EmbeddingCache(cache_path) if cache_path else None
    leads = [lead_text(a) for _, a in stream]
    fresh = len(leads) if cache is None else len({t for t in leads} - set(_cached(cache, leads)))
    t0 = time.perf_counter()
    vectors = numpy.concatenate([embed_texts(leads[i:i + 256], cache=cache) for i in range(0, len(leads), 256)])
    t1 = time.perf_counter()
    feats = [article_features(a, v) for (_, a), v in zip(stream, vectors)]
    t2 = time.perf_counter()
    return feats, t1 - t0, t2 - t1, fresh


def _cached(cache, texts):
    from claimgrid.embed import text_key
    keys = {text_key(t): t for t in texts}
    return [keys[k] for k in cache.get_many(list(keys))]


def cluster(stream, feats, **params) -> dict[str, str]:
    return cluster_both(stream, feats, **params)[0]


def cluster_both(stream, feats, **params) -> tuple[dict[str, str], dict[str, str]]:
    """(article -> story, article -> topic of its story), both as a store shows them at the end."""
    clusterer = StoryClusterer(**params)
    stories, story_topic = {}, {}
    for (doc, _), f in zip(stream, feats):
        stories[doc["id"]] = story = clusterer.add(doc["id"], f)
        story_topic.setdefault(story, clusterer.topic_of(story))
        follow(clusterer, stories, story_topic)
    finish(clusterer, stories, story_topic)
    return stories, {doc: story_topic[story] for doc, story in stories.items()}


def follow(clusterer, stories: dict[str, str], story_topic: dict[str, str]) -> None:
    """Apply the clusterer's second-look moves and topic merges to the caller's maps, as a store does."""
    for article, _, to in clusterer.take_moves():
        stories[article] = to
    story_topic.update(clusterer.take_topic_changes())


def finish(clusterer, stories: dict[str, str], story_topic: dict[str, str]) -> None:
    """The end of the stream, as at the end of an ingest: pending second looks, then a topic pass."""
    clusterer.look_again_now()
    clusterer.revise()
    follow(clusterer, stories, story_topic)


# ---------------------------------------------------------------- one measured run (subprocess)

def run_one(args) -> None:
    items = load_articles(args.docs)
    stream = multiply(stream_order(items), args.run_one)
    gold: list[dict] = []          # id, story, topic of each article, for scoring only
    cache = EmbeddingCache(args.cache) if args.cache else None
    clusterer = StoryClusterer(threshold=args.threshold, time_window_days=args.window)
    assign: dict[str, str] = {}
    story_topic: dict[str, str] = {}
    fresh, t_embed, t_feat, t_cluster = 0, 0.0, 0.0, 0.0
    start = time.perf_counter()
    # Streamed in chunks, as an ingest would: only one chunk's features are alive at a time.
    while chunk := list(itertools.islice(stream, 64)):
        gold += [{"id": d["id"], "story": d["story"], "topic": d["topic"]} for d, _ in chunk]
        leads = [lead_text(a) for _, a in chunk]
        fresh += len(set(leads)) if cache is None else len(set(leads) - set(_cached(cache, leads)))
        t0 = time.perf_counter()
        vectors = embed_texts(leads, cache=cache)
        t1 = time.perf_counter()
        feats = [article_features(a, v) for (_, a), v in zip(chunk, vectors)]
        t2 = time.perf_counter()
        for (doc, _), f in zip(chunk, feats):
            assign[doc["id"]] = story = clusterer.add(doc["id"], f)
            story_topic.setdefault(story, clusterer.topic_of(story))
            follow(clusterer, assign, story_topic)
        t3 = time.perf_counter()
        t_embed, t_feat, t_cluster = t_embed + t1 - t0, t_feat + t2 - t1, t_cluster + t3 - t2
    finish(clusterer, assign, story_topic)
    total = time.perf_counter() - start
    state = clusterer.state()
    state_bytes = sum(a.nbytes for a in state["arrays"].values()) + len(json.dumps(state["meta"]))
    docs = gold   # copies carry their original's story and topic
    topics = {doc: story_topic[story] for doc, story in assign.items()}
    result = {
        "multiple": args.run_one, "articles": len(docs), "fresh_embeddings": fresh,
        "seconds_embed": t_embed, "seconds_features": t_feat, "seconds_cluster": t_cluster,
        "articles_per_second": len(docs) / total,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "active_stories": len(clusterer.stories), "stories_created": clusterer.created,
        "state_kib": state_bytes / 1024,
        "b3_f1_story": bcubed_f1(assign, docs, "story"), "b3_f1_topic": bcubed_f1(assign, docs, "topic"),
        "b3_f1_topic_level": bcubed_f1(topics, docs, "topic"), "topics": len(set(topics.values())),
    }
    if args.run_one == 1:
        pred = args.out / "stories_pred.json"
        clusters: dict[str, list[str]] = {}
        for doc_id, story in assign.items():
            clusters.setdefault(story, []).append(doc_id)
        pred.write_text(json.dumps({"clusters": list(clusters.values())}))
        scored = args.out / "stories_scores.json"
        proc = subprocess.run([sys.executable, str(SHARED / "score_clusters.py"), str(pred), "--json", str(scored)],
                              capture_output=True, text=True, check=True)
        print(proc.stdout, file=sys.stderr)
        result["scores"] = json.loads(scored.read_text())
    print(json.dumps(result))


# ---------------------------------------------------------------- fitting

def sigmoid(z):
    return 1.0 / (1.0 + numpy.exp(-z))


def fit_logistic(X: numpy.ndarray, y: numpy.ndarray, l2: float = 1e-2) -> numpy.ndarray:
    """Logistic regression by Newton's method with a small L2 penalty (not on the bias)."""
    w = numpy.zeros(X.shape[1])
    penalty = numpy.full(X.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(100):
        p = sigmoid(X @ w)
        grad = X.T @ (p - y) + penalty * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + numpy.diag(penalty + 1e-9)
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if numpy.abs(step).max() < 1e-8:
            break
    return w


def fit_cross_language(X: numpy.ndarray, y: numpy.ndarray) -> numpy.ndarray:
    """The join weights without the last feature (the term cosine), for cross-language pairs."""
    return fit_logistic(X[:, :-1], y)


def teacher_forced_pairs(stream, feats, window) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(pair features, label) for every candidate story the online clusterer would score,
    with the past clustered by the gold stories."""
    clusterer = StoryClusterer(time_window_days=window)
    gold_to_story: dict[str, str] = {}
    X, y = [], []
    for (doc, _), f in zip(stream, feats):
        clusterer.observe(f)
        target = gold_to_story.get(doc["story"])
        for story_id, x, _ in clusterer.score_candidates(f):
            X.append(x)
            y.append(1.0 if story_id == target else 0.0)
        gold_to_story[doc["story"]] = clusterer.assign(f, target if target in clusterer.stories else None, doc["id"])
    return numpy.array(X), numpy.array(y)


def fit(args) -> None:
    items = load_articles(args.docs)
    stream = stream_order(items)
    feats, *_ = features_for(stream, args.cache)
    thresholds = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]

    def part(parity):
        idx = [i for i, (d, _) in enumerate(stream) if parity is None or int(d["topic"]) % 2 == parity]
        return [stream[i] for i in idx], [feats[i] for i in idx]

    def tune(train):
        X, y = teacher_forced_pairs(*train, args.window)
        w = fit_logistic(X, y)
        best = max(thresholds, key=lambda t: _objective(train, w, t, args.window))
        topic = max(TOPIC_THRESHOLDS, key=lambda tt: _topic_objective(train, w, best, args.window, tt))
        return w, best, topic, len(y), int(y.sum())

    print(f"time window: {args.window} days, lead tokens: {LEAD_TOKENS}")
    for name, tr, te in (("odd->even", 1, 0), ("even->odd", 0, 1)):
        train, test = part(tr), part(te)
        w, t, tt, n, pos = tune(train)
        docs = [d for d, _ in test[0]]
        stories, topics = cluster_both(*test, threshold=t, time_window_days=args.window, weights=tuple(w),
                                       topic_threshold=tt)
        print(f"{name}: pairs={n} positives={pos} weights={numpy.round(w, 2).tolist()} threshold={t} "
              f"topic threshold={tt} "
              f"train objective={_objective(train, w, t, args.window):.4f} "
              f"held-out B3 F1 story={bcubed_f1(stories, docs, 'story'):.4f} (vs topics {bcubed_f1(stories, docs, 'topic'):.4f}) "
              f"topic level vs topics={bcubed_f1(topics, docs, 'topic'):.4f}", flush=True)
    w, t, tt, n, pos = tune(part(None))
    cross = fit_cross_language(*teacher_forced_pairs(*part(None), args.window))
    print(f"all topics: weights={numpy.round(w, 2).tolist()} threshold={t} topic threshold={tt}"
          f" cross-language weights={numpy.round(cross, 2).tolist()}")


TOPIC_THRESHOLDS = tuple(round(0.9 + 0.025 * i, 3) for i in range(17))    # 0.9 .. 1.3


def _topic_objective(data, w, threshold, window, topic_threshold) -> float:
    """B3 F1 of the topic level against the gold topics."""
    stream, feats = data
    docs = [d for d, _ in stream]
    _, topics = cluster_both(stream, feats, threshold=threshold, time_window_days=window, weights=tuple(w),
                             topic_threshold=topic_threshold)
    return bcubed_f1(topics, docs, "topic")


def _objective(data, w, threshold, window) -> float:
    """What the threshold is tuned for: B3 F1 against the stories (the topic goal conflicts with it)."""
    stream, feats = data
    docs = [d for d, _ in stream]
    assign = cluster(stream, feats, threshold=threshold, time_window_days=window, weights=tuple(w))
    return bcubed_f1(assign, docs, "story")


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, default=SHARED / "docs.jsonl")
    ap.add_argument("--cache", type=lambda v: Path(v) if v else None, default=Path(tempfile.gettempdir()) / "claimgrid-bench-embeddings.sqlite",
                    help="embedding cache (SQLite); the 1x run is timed without it unless --warm")
    ap.add_argument("--warm", action="store_true", help="let the 1x run use the cache too")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--multiples", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--window", type=lambda v: None if v == "none" else int(v), default=None,
                    help="time window in days, or 'none'")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--run-one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.docs.is_file():
        sys.exit(f"ECB+ documents not found at {args.docs}")
    if args.run_one:
        return run_one(args)
    if args.fit:
        return fit(args)
    rows = []
    for multiple in args.multiples:
        cmd = [sys.executable, __file__, "--run-one", str(multiple), "--docs", str(args.docs), "--out", str(args.out),
               "--threshold", str(args.threshold), "--window", "none" if args.window is None else str(args.window)]
        if multiple != 1 or args.warm:
            cmd += ["--cache", str(args.cache)]
        else:
            cmd += ["--cache", ""]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(proc.stderr)
        print(proc.stderr, end="", file=sys.stderr)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"threshold={args.threshold} window={args.window} weights={list(DEFAULT_WEIGHTS)} lead tokens={LEAD_TOKENS}")
    print("| corpus | articles | fresh embeddings | B³ F1 story | stories vs topics | B³ F1 topic level | topics | ARI story | articles/s | embed s | features s | cluster s | peak RSS MiB | active stories | state KiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ari = f"{r['scores']['story']['ari']:.4f}" if "scores" in r else "–"
        print(f"| {r['multiple']}× | {r['articles']} | {r['fresh_embeddings']} | {r['b3_f1_story']:.4f} | {r['b3_f1_topic']:.4f} | "
              f"{r['b3_f1_topic_level']:.4f} | {r['topics']} | "
              f"{ari} | {r['articles_per_second']:.1f} | {r['seconds_embed']:.1f} | {r['seconds_features']:.1f} | "
              f"{r['seconds_cluster']:.1f} | {r['peak_rss_mib']:.0f} | {r['active_stories']} | {r['state_kib']:.0f} |")


if __name__ == "__main__":
    main()
