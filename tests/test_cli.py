"""The command line as a user meets it: real files, a real subprocess, exit codes and one-line errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimgrid.report.schema import validate_report

EN_A = ("The regional health office said at least 12 people were killed in the landslide on Monday. "
        "More than 40 people were injured, the office added.\n")
EN_B = ("Rescuers said 12 people died when the hillside gave way on Monday, officials said. "
        "About 40 people were hurt, according to the health office.\n")


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimgrid.cli", *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin, timeout=120, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture()
def two_reports(tmp_path: Path) -> list[Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(EN_A, encoding="utf-8")
    b.write_text(EN_B, encoding="utf-8")
    return [a, b]


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, proc.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


def test_compare_json_validates_and_aligns(two_reports):
    proc = run("compare", *map(str, two_reports), "--published", "2024-03-04", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    killed = [al for al in report["alignments"]
              if {report["claims"][int(c.split(":")[1]) - 1]["quantity"]["value"] for c in al["claims"]
                  if c.startswith("A:")} == {12}]
    assert killed and killed[0]["relation"] in ("agree", "compatible")


@pytest.mark.parametrize("fmt,marker", [("terminal", "A"), ("md", "| # |"), ("html", "<!DOCTYPE html>")])
def test_every_format_renders(two_reports, fmt, marker):
    proc = run("compare", *map(str, two_reports), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout


def test_more_than_26_sources_get_two_letter_ids(tmp_path):
    # outlets reporting one landslide, each with its own wording of the toll
    files = []
    for n in range(28):
        path = tmp_path / f"outlet-{n:02d}.txt"
        path.write_text(f"Outlet {n} reported that {12 + n % 2} people were killed in the landslide on Monday.\n",
                        encoding="utf-8")
        files.append(str(path))
    proc = run("compare", *files, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    assert [s["id"] for s in report["sources"]][24:] == ["Y", "Z", "AA", "AB"]
    sources_aligned = {c.split(":")[0] for al in report["alignments"] for c in al["claims"]}
    assert {"A", "Z", "AB"} <= sources_aligned


def test_output_file_is_written(two_reports, tmp_path):
    out = tmp_path / "report.html"
    proc = run("compare", *map(str, two_reports), "--format", "html", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.html")]


def test_missing_file_is_skipped_while_two_remain(two_reports, tmp_path):
    missing = tmp_path / "nope.txt"
    proc = run("compare", *map(str, two_reports), str(missing), "--format", "json")
    assert proc.returncode == 0
    assert "nope.txt" in proc.stderr and "warning" in proc.stderr
    assert len(json.loads(proc.stdout)["sources"]) == 2


@pytest.mark.parametrize("make_bad,reason", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "directory"),
    (lambda d: _write(d / "empty.txt", b"  \n"), "empty"),
    (lambda d: _write(d / "blob.txt", bytes(range(256)) * 40), "binary"),
    (lambda d: _write(d / "page.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"), "main text"),
])
def test_fewer_than_two_readable_sources_is_exit_2(two_reports, tmp_path, make_bad, reason):
    bad = make_bad(tmp_path)
    proc = run("compare", str(two_reports[0]), str(bad))
    assert_one_line_error(proc, reason, "two readable sources")


def test_invalid_utf8_names_the_file(two_reports, tmp_path):
    good = "Die Behörden zählten über 300 beschädigte Häuser in Süddeutschland. ".encode("utf-8")
    bad = _write(tmp_path / "broken.txt", good * 3 + b"\xff\xfe" + good)
    proc = run("compare", str(two_reports[0]), str(bad))
    assert_one_line_error(proc, "broken.txt", "not valid UTF-8")


def test_huge_file_is_refused_without_reading_it(two_reports, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    proc = run("compare", str(two_reports[0]), str(big))
    assert_one_line_error(proc, "big.txt", "too large")


def test_bad_date_is_a_usage_error(two_reports):
    proc = run("compare", *map(str, two_reports), "--published", "yesterday")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr and "Traceback" not in proc.stderr


def test_help_teaches(two_reports):
    proc = run("compare", "--help")
    assert proc.returncode == 0
    for words in ("--published", "--format", "examples:", "exit", "sidecar"):
        assert words in proc.stdout.replace("status 2", "exit")


def test_quantities_reads_lines_and_keeps_order():
    lines = "Exports to China dropped 7% to $2.3 billion.\nNo numbers here.\nAbout 300 people fled.\n"
    proc = run("quantities", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["text"] for o in out] == lines.splitlines()
    assert [q["value"] for q in out[0]["quantities"]] == [7, 2300000000]
    assert out[1]["quantities"] == []
    assert out[2]["quantities"][0]["qualifier"] == "about"


def test_quantities_missing_file_is_exit_2(tmp_path):
    proc = run("quantities", str(tmp_path / "none.txt"))
    assert_one_line_error(proc, "none.txt", "no such file")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_quantities_detects_the_language_of_each_line():
    lines = ("Mindestens 46 Menschen kamen bei dem Dammbruch ums Leben, teilte das Ministerium mit.\n"
             "Almeno 46 persone sono morte nel crollo della diga, secondo il ministero.\n")
    proc = run("quantities", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    german, italian = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(q["value"], q["qualifier"], q["measure"]) for q in german["quantities"]] == [(46, "at_least", "killed")]
    assert italian["quantities"] == [] and "line 2: language 'it' is not supported" in proc.stderr


def test_quantities_refuses_an_unsupported_forced_language():
    proc = run("quantities", "--lang", "xx", stdin="12 people\n")
    assert_one_line_error(proc, "'xx' is not supported")


def test_compare_reads_no_claims_from_an_unsupported_language(tmp_path, two_reports):
    italian = tmp_path / "it.txt"
    italian.write_text("Almeno 12 persone sono morte nella frana di lunedì, ha detto l'ufficio sanitario regionale. "
                       "Più di 40 persone sono rimaste ferite.\n", encoding="utf-8")
    proc = run("compare", *map(str, two_reports), str(italian), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    it_source = next(s for s in report["sources"] if s["path"].endswith("it.txt"))
    assert it_source["language"] == "it"
    assert not [c for c in report["claims"] if c["source"] == it_source["id"]]
    assert "'it' is not supported" in proc.stderr
