"""The corpus verbs through the real command line parser: ingest, stories, report, search, errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgrid.cli import main
from claimgrid.report.schema import validate_report, validate_stories

from corpus_articles import EVENTS, TEMPLATES, write_corpus

N_ARTICLES = len(EVENTS) * len(TEMPLATES)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    write_corpus(root / "news")
    path = root / "corpus.db"
    assert main(["ingest", str(root / "news"), "--db", str(path), "--quiet"]) == 0
    return path


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_ingest_json_summary(db, tmp_path, capsys):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "new.txt").write_text("Striking dockworkers in Felsport blocked 14 cargo ships on Friday.\n",
                                    encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(folder), "--db", str(db), "--format", "json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert (summary["schema"], summary["new"], summary["present"], summary["errors"]) == ("claimgrid.ingest/1", 1, 0, 1)
    assert "empty.txt: empty file" in captured.err          # one warning line per unreadable input


def test_ingest_text_summary_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("A grain silo exploded in Dorvik on Tuesday, injuring 5 workers.\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db")]) == 0
    assert capsys.readouterr().out.startswith("claimgrid: 1 new articles, 0 already present, 0 errors (1 new stories)")


def test_stories_json_and_table(db, capsys):
    assert main(["stories", "--db", str(db), "--format", "json"]) == 0
    document = _json(capsys)
    validate_stories(document)
    assert sum(len(s["articles"]) for s in document["stories"]) >= N_ARTICLES
    assert all(s["topic"] and s["topic"].startswith("T") for s in document["stories"])
    assert main(["stories", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "story" in table and "Varnovo" in table


def test_report_formats(db, tmp_path, capsys):
    assert main(["stories", "--db", str(db), "--format", "json"]) == 0
    story = next(s for s in _json(capsys)["stories"] if "Varnovo" in (s["title"] or ""))
    assert main(["report", story["id"], "--db", str(db), "--format", "json"]) == 0
    report = _json(capsys)
    validate_report(report)
    assert {s["article_id"] for s in report["sources"]} == {a["id"] for a in story["articles"]}
    out = tmp_path / "story.html"
    assert main(["report", story["id"], "--db", str(db), "--format", "html", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert main(["report", story["id"], "--db", str(db), "--format", "md"]) == 0
    assert "Varnovo" in capsys.readouterr().out


def test_search_json(db, capsys):
    assert main(["search", "Hollerbach", "--db", str(db), "--format", "json"]) == 0
    found = _json(capsys)
    assert len(found["articles"]) == len(TEMPLATES)
    assert all("[Hollerbach]" in a["snippet"] for a in found["articles"])
    assert len({a["story"] for a in found["articles"]}) == 1
    assert main(["search", "Hollerbach", "--db", str(db)]) == 0
    assert "[Hollerbach]" in capsys.readouterr().out


def test_errors_listing(db, capsys):
    assert main(["errors", "--db", str(db), "--format", "json"]) == 0
    errors = _json(capsys)["errors"]
    assert {(Path(e["input"]).name, e["reason"]) for e in errors} >= {("50-empty.txt", "empty file"),
                                                                      ("51-binary.txt", "binary file (not text)")}
    assert main(["errors", "--db", str(db)]) == 0
    assert "51-binary.txt" in capsys.readouterr().out


def test_private_address_refused_by_default_and_recorded(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert main(["ingest", "http://127.0.0.1:9/news.html", "--db", str(db), "--quiet"]) == 2
    assert main(["errors", "--db", str(db), "--format", "json"]) == 0
    [error] = _json(capsys)["errors"]
    assert error["input"] == "http://127.0.0.1:9/news.html" and "private" in error["reason"].lower()


@pytest.mark.parametrize("argv, reason", [
    (["stories"], "no such database"),
    (["report", "S1"], "no such database"),
    (["errors"], "no such database"),
    (["search", "x"], "no such database"),
])
def test_missing_database_is_one_line_exit_2(tmp_path, capsys, argv, reason):
    assert main(argv + ["--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "none.db" in err[0] and reason in err[0]


def test_unknown_story_and_bad_database_exit_2(db, tmp_path, capsys):
    assert main(["report", "S999", "--db", str(db)]) == 2
    assert "S999: no such story" in capsys.readouterr().err
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite at all " * 200, encoding="utf-8")
    assert main(["stories", "--db", str(bad)]) == 2
    assert "bad.db: not a claimgrid database" in capsys.readouterr().err
