"""Corpus ingest on real files and a real SQLite store: dedup, stories, reports, errors, and resume after SIGKILL."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import claimgrid.corpus as corpus_module
from claimgrid.corpus import estimate_total, ingest, stories_document, story_report
from claimgrid.report.schema import validate_report, validate_stories
from claimgrid.store import open_store

from corpus_articles import EVENTS, TEMPLATES, write_corpus

N_ARTICLES = len(EVENTS) * len(TEMPLATES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "news"
    assert write_corpus(folder) == N_ARTICLES
    (folder / "60-copy-of-first.txt").write_text((folder / "00-quake-en.txt").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("db") / "corpus.db"
    with open_store(db) as store:
        summary = ingest([str(corpus)], store, batch_size=8)
    return db, summary


def test_ingest_counts_new_duplicate_and_unreadable(ingested):
    db, summary = ingested
    assert (summary.new, summary.present, summary.errors) == (N_ARTICLES, 1, 2)
    with open_store(db) as store:
        assert store.article_count() == N_ARTICLES
        reasons = {Path(e["input"]).name: e["reason"] for e in store.errors()}
        assert set(reasons) == {"50-empty.txt", "51-binary.txt"}
        n_claims = store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        assert n_claims > 0


def test_second_ingest_adds_nothing_and_keeps_the_state(ingested, corpus):
    db, _ = ingested
    with open_store(db) as store:
        before = store.db.execute("SELECT meta FROM ingest_state").fetchone()
        summary = ingest([str(corpus)], store)
        after = store.db.execute("SELECT meta FROM ingest_state").fetchone()
    assert (summary.new, summary.present) == (0, N_ARTICLES + 1)
    assert before == after


def test_each_event_is_one_story_across_languages(ingested):
    db, _ = ingested
    with open_store(db) as store:
        document = stories_document(store)
    validate_stories(document)
    groups = sorted(sorted(Path(a["path"]).name.split("-")[1] for a in s["articles"]) for s in document["stories"])
    # every story holds the five reports (de, en, en2, es, fr) of one event, and each event has one story
    assert len(document["stories"]) == len(EVENTS)
    assert all(len(set(g)) == 1 and len(g) == len(TEMPLATES) for g in groups)
    assert all(sorted(s["languages"]) == ["de", "en", "es", "fr"] for s in document["stories"])
    # eight different kinds of disaster (quake, flash flood, fire, ferry, derailment, …) reported
    # with the same phrasing: the phrasing alone must not put them in one topic
    assert len({s["topic"] for s in document["stories"]}) == len(EVENTS)


def test_story_report_is_a_valid_report_over_the_story_articles(ingested):
    db, _ = ingested
    with open_store(db) as store:
        story = store.story(store.story_ids()[0])
        report = story_report(store, story.id)
        validate_report(report)
        assert [s["article_id"] for s in report["sources"]] == [a.id for a in story.articles]
        assert report["claims"], "the English reports carry figures"
        # cached with its alignments; a second call returns the same report
        assert story_report(store, story.id) == report
        n_alignments = store.db.execute("SELECT COUNT(*) FROM alignments WHERE story_id = ?",
                                        (story.id,)).fetchone()[0]
        assert n_alignments == len(report["alignments"])


def test_story_report_stops_at_the_article_limit_with_a_warning(ingested, monkeypatch):
    db, _ = ingested
    monkeypatch.setattr(corpus_module, "MAX_REPORT_ARTICLES", 3)   # the stories here have 5 articles
    with open_store(db) as store:
        story = store.story(store.story_ids()[0])
        report = story_report(store, story.id, use_cache=False)
    validate_report(report)
    assert [s["article_id"] for s in report["sources"]] == [a.id for a in story.articles[:3]]
    assert any(f"has {len(story.articles)} articles" in w and "first 3" in w for w in report["warnings"])


def test_estimate_total_counts_files_in_folders(corpus):
    # 40 articles + 1 copy + 2 unreadable files; sidecars are not inputs
    assert estimate_total([str(corpus)]) == N_ARTICLES + 3


# ---------------------------------------------------------------- resume after SIGKILL

def _snapshot(db: Path) -> dict:
    """Everything in the store except timestamps."""
    con = sqlite3.connect(db)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "articles": q("SELECT seq, id, text, path, url, title, outlet, published, language FROM articles ORDER BY seq"),
            "sentences": q('SELECT article_id, n, start, "end" FROM sentences ORDER BY article_id, n'),
            "mentions": q('SELECT * FROM mentions ORDER BY article_id, n'),
            "claims": q("SELECT rowid, id, article_id, kind, text, value, json FROM claims ORDER BY rowid"),
            "stories": q("SELECT id, seq, title, first_seen, last_seen, size FROM stories ORDER BY seq"),
            "story_articles": q("SELECT story_id, article_id FROM story_articles ORDER BY article_id"),
            "errors": q("SELECT input, reason FROM errors ORDER BY input"),
            "state": q("SELECT name, meta, arrays FROM ingest_state"),
            "embeddings": q("SELECT key, vector FROM embeddings ORDER BY key"),
            "fts": q("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'governor OR gouverneur' ORDER BY rowid"),
        }
    finally:
        con.close()


def _ingest_command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "claimgrid.cli", "ingest", str(folder), "--db", str(db), "--quiet",
            "--batch-size", "2"]


def _stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:   # not migrated yet
        return 0


def test_ingest_killed_mid_run_resumes_to_the_clean_result(corpus, tmp_path):
    env = {**os.environ, "CLAIMGRID_EMBED_THREADS": "1"}
    clean = tmp_path / "clean.db"
    subprocess.run(_ingest_command(corpus, clean), check=True, env=env, timeout=300)

    killed = tmp_path / "killed.db"
    process = subprocess.Popen(_ingest_command(corpus, killed), env=env)
    try:
        deadline = time.monotonic() + 240
        stored = 0
        while time.monotonic() < deadline and process.poll() is None:
            stored = _stored_articles(killed)
            if stored >= N_ARTICLES // 3:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the ingest finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    at_kill = _stored_articles(killed)
    assert 0 < at_kill < N_ARTICLES, f"killed with {at_kill} articles stored"

    subprocess.run(_ingest_command(corpus, killed), check=True, env=env, timeout=300)
    assert _snapshot(killed) == _snapshot(clean)


def test_a_repeat_read_before_its_first_copy_is_committed_is_stored_once(tmp_path):
    # batches of two: the third file repeats the first and is read while the first batch
    # waits for its commit (a batch commits once the next one has been read)
    folder = tmp_path / "news"
    folder.mkdir()
    texts = ["Floodwater cut the road to Tallow Creek on Monday; 40 homes were evacuated.",
             "The council of Marren voted 7 to 2 on Tuesday to close the old pier for repairs."]
    for name, text in (("a.txt", texts[0]), ("b.txt", texts[1]), ("c.txt", texts[0])):
        (folder / name).write_text(text, encoding="utf-8")
    with open_store(tmp_path / "c.db") as store:
        summary = ingest([str(folder)], store, batch_size=2)
        assert (summary.new, summary.present) == (2, 1)
        assert store.article_count() == 2
