"""The SQLite store on real files: migrations, dedup by content hash, errors, state, search."""
from __future__ import annotations

import datetime as dt
import sqlite3

import numpy
import pytest

from claimgrid.compare import analyse_article
from claimgrid.errors import InputError
from claimgrid.model import Article
from claimgrid.store import open_store
from claimgrid.store.sqlite import migrations

TEXT = ("Floodwater cut off the village of Merrow Ford on Sunday.\n"
        "At least 7 people were killed and more than 30 were injured, the mayor Dana Coil said.\n")


def _article(text=TEXT, **kw):
    return Article(text=text, title=kw.pop("title", "Floods cut off Merrow Ford"), language="en",
                   published=dt.date(2024, 5, 12), **kw)


def _add(store, article):
    analysis = analyse_article(article.id, article, None, [])
    with store.transaction():
        added = store.add_article(article, analysis.sentences, analysis.mentions, analysis.claims)
    return added, analysis


def test_new_store_is_migrated_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "c.db"
    with open_store(path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        recorded = [r[0] for r in store.db.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert recorded == [v for v, _, _ in migrations()]
    with open_store(path) as store:            # reopening applies nothing twice
        assert store.migrate() == []


def test_article_is_stored_once_with_its_claims(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        article = _article(path="a.txt")
        added, analysis = _add(store, article)
        assert added and analysis.claims
        again, _ = _add(store, _article(path="copy-of-a.txt"))   # same text, other file: same id
        assert not again
        assert store.article_count() == 1
        assert store.article(article.id) == article
        rows = store.db.execute("SELECT id, kind, value, span_start, span_end FROM claims").fetchall()
        assert len(rows) == len(analysis.claims)
        for cid, kind, value, start, end in rows:
            claim = next(c for c in analysis.claims if c.id == cid)
            assert (start, end) == claim.span and kind == claim.kind
        n_sentences = store.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
        assert n_sentences == len(analysis.sentences) == 2


def test_foreign_keys_refuse_a_claim_without_article(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction():
                store.db.execute("INSERT INTO claims (id, article_id, kind, span_start, span_end, text, json)"
                                 " VALUES ('x:1', 'missing', 'quantity', 0, 1, 'x', '{}')")
        assert store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0


def test_failed_transaction_leaves_nothing(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        article = _article()
        analysis = analyse_article(article.id, article, None, [])
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.add_article(article, analysis.sentences, analysis.mentions, analysis.claims)
                raise RuntimeError("killed")
        assert store.article_count() == 0
        assert store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0


def test_errors_are_counted_per_input_and_reason(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        with store.transaction():
            store.record_error("a.txt", "empty file")
            store.record_error("a.txt", "empty file")
            store.record_error("b.bin", "binary file (not text)")
        errors = {(e["input"], e["reason"]): e["count"] for e in store.errors()}
        assert errors == {("a.txt", "empty file"): 2, ("b.bin", "binary file (not text)"): 1}


def test_state_round_trip(tmp_path):
    path = tmp_path / "c.db"
    arrays = {"sums": numpy.arange(12, dtype=numpy.float32).reshape(3, 4), "df": numpy.zeros(1000, numpy.int32)}
    with open_store(path) as store:
        assert store.load_state("clusterer") is None
        with store.transaction():
            store.save_state("clusterer", {"seen": 3}, arrays)
    with open_store(path) as store:
        state = store.load_state("clusterer")
    assert state["meta"] == {"seen": 3}
    assert set(state["arrays"]) == {"sums", "df"}
    assert (state["arrays"]["sums"] == arrays["sums"]).all() and state["arrays"]["sums"].dtype == numpy.float32


def test_search_finds_articles_and_claims_with_snippets(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        _add(store, _article())
        _add(store, _article("Die Stadtverwaltung von Kerrin meldete am Dienstag einen Stromausfall.\n",
                             title="Stromausfall in Kerrin"))
        found = store.search("Merrow")
        assert len(found["articles"]) == 1 and "[Merrow]" in found["articles"][0]["snippet"]
        assert store.search("stromausfall")["articles"][0]["title"] == "Stromausfall in Kerrin"
        claims = store.search("injured")["claims"]
        # found through their sentence, which holds both figures
        assert sorted(c["text"] for c in claims) == ["At least 7 people", "more than 30"]
        assert all("[injured]" in c["snippet"] for c in claims)
        assert store.search("Floodwater")["claims"] == []         # a sentence without a claim
        # not FTS5 syntax: retried with each word quoted instead of failing
        assert len(store.search("Merrow-Ford")["articles"]) == 1
        assert store.search('Merrow "')["articles"][0]["title"] == "Floods cut off Merrow Ford"


def test_search_finds_other_forms_of_an_english_word(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        _add(store, _article())
        for form in ("kill", "killing", "kills", "injure", "injuring"):
            assert store.search(form)["articles"], form
        assert store.search("stromausfall")["articles"] == []


def test_stemming_migration_reindexes_a_store_made_before_it(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        _add(store, _article())
        # undo 0003 as a store written before it would be: plain Unicode tokens, no stemming
        store.db.executescript(
            "BEGIN; DROP TABLE articles_fts; CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
            " content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');"
            " INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
            " DELETE FROM schema_migrations WHERE version = 3; COMMIT;")
        assert store.search("killing")["articles"] == []
        assert store.search("killed")["articles"]
    with open_store(path) as store:               # reopening applies 0003 and rebuilds the index
        assert store.schema_version() == 3
        assert store.search("killing")["articles"] and store.search("killed")["articles"]


def test_not_a_database_is_input_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is a text file, not SQLite " * 100)
    with pytest.raises(InputError) as err:
        open_store(bad)
    assert "not a claimgrid database" in str(err.value)
    with pytest.raises(InputError):
        open_store(tmp_path / "missing.db", create=False)


def test_moved_articles_change_story_and_an_emptied_story_is_deleted(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        early = _article(text="Early report. " + TEXT, title="First word from Merrow Ford")
        later = [_article(text=f"Report {n}. " + TEXT, title=f"Merrow Ford report {n}") for n in range(2)]
        for article in [early, *later]:
            _add(store, article)
        with store.transaction():
            store.assign_story("S1", early, topic="T1")
            store.assign_story("S2", later[0], topic="T2")
            store.assign_story("S2", later[1], topic="T2")
        store.save_report("S1", "key", {"alignments": []})
        with store.transaction():
            store.move_articles([(early.id, "S1", "S2")], title_of=lambda a: a.title)
        assert store.story_ids() == ["S2"]                 # S1 lost its only article: gone, report too
        assert store.db.execute("SELECT COUNT(*) FROM story_reports").fetchone()[0] == 0
        moved = store.story("S2")
        assert [a.id for a in moved.articles] == [early.id, later[0].id, later[1].id]   # ingest order
        size, title = store.db.execute("SELECT size, title FROM stories WHERE id = 'S2'").fetchone()
        assert size == 3 and title == "First word from Merrow Ford"   # its first article names it now



def test_a_move_to_a_story_not_stored_yet_creates_it_in_the_source_topic(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        reports = [_article(text=f"Report {n}. " + TEXT, title=f"Store fire report {n}") for n in range(3)]
        for article in reports:
            _add(store, article)
        with store.transaction():
            for article in reports:
                store.assign_story("S1", article, topic="T1")
        with store.transaction():          # a split: the last two reports are another event
            store.move_articles([(reports[1].id, "S1", "S4"), (reports[2].id, "S1", "S4")],
                                title_of=lambda a: a.title)
        assert store.story_ids() == ["S1", "S4"]
        rows = store.db.execute("SELECT id, size, title, topic FROM stories ORDER BY seq").fetchall()
        assert rows == [("S1", 1, "Store fire report 0", "T1"), ("S4", 2, "Store fire report 1", "T1")]
        assert [a.id for a in store.story("S4").articles] == [reports[1].id, reports[2].id]
