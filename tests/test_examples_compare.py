"""The planted findings of examples/ (examples/MANIFEST.toml) as the report shows them."""
from __future__ import annotations

import tomllib

import pytest

from claimgrid.compare import compare
from claimgrid.lexicons import supported_languages
from claimgrid.report.schema import validate_report

from conftest import EXAMPLES

MANIFEST = tomllib.loads((EXAMPLES / "MANIFEST.toml").read_text(encoding="utf-8"))
FOLDERS = {f["name"]: f for f in MANIFEST["folders"]}
_reports: dict[str, dict] = {}


def report_of(folder: str) -> dict:
    if folder not in _reports:
        files = [EXAMPLES / folder / name for name in FOLDERS[folder]["files"]]
        _reports[folder] = compare(files)
        validate_report(_reports[folder])
    return _reports[folder]


def source_of(report: dict, folder: str, file: str) -> dict:
    return next(s for s in report["sources"] if s["path"].endswith(f"{folder}/{file}"))


def claim_for(report: dict, folder: str, side: dict, kind: str) -> dict:
    """The claim that carries a planted side: inside its text, with its value."""
    source = source_of(report, folder, side["file"])
    start = source["text"].find(side["text"])
    end = start + len(side["text"])
    found = [c for c in report["claims"] if c["source"] == source["id"] and c["kind"] == kind
             and c["span"][0] < end and c["span"][1] > start]
    if kind == "quantity":
        value = side.get("value", ((side.get("low") or 0) + (side.get("high") or 0)) / 2)
        found = [c for c in found if abs(c["quantity"]["value"] - value) <= 1e-3 * max(1, abs(value))]
    assert found, f"no {kind} claim for {side['text']!r} in {side['file']}"
    return found[0]


def languages_supported(folder: str, finding: dict) -> bool:
    report = report_of(folder)
    langs = {source_of(report, folder, side["file"])["language"] for side in finding["sides"]}
    return langs <= set(supported_languages())


def facet(claim: dict, field: str):
    """What a field of a claim means, for comparing claims in different languages."""
    q, t = claim["quantity"] or {}, claim["time"]
    att = claim["attribution"] or {}
    return {
        "value": q.get("value"), "qualifier": q.get("qualifier"), "measure": q.get("measure"),
        "time": None if t is None else ((t["start"], t["end"]) if t["start"] else t["text"]),
        "place": (claim["place"] or {}).get("entity"), "subject": (claim["subject"] or {}).get("entity"),
        "attribution": att.get("speaker"), "wording": claim["text"],
    }[field]


def relation_among(alignment: dict, ids: set[str], claims: dict[str, dict]) -> tuple[str, set[str]]:
    """The relation and differing fields of an alignment seen from some of its claims only.

    An alignment may join many sources; two of them can agree exactly while a third
    differs. Values are compared by meaning (a time by its dates, a place by its
    entity), as the tool does, so "since Tuesday" and "depuis mardi" are one time.
    """
    fields = set()
    for d in alignment["differences"]:
        stated = {repr(facet(claims[k], d["field"])) for k in d["values"] if k in ids
                  and facet(claims[k], d["field"]) is not None}
        if len(stated) > 1:
            fields.add(d["field"])
    if alignment["relation"] in ("agree", "compatible") and not fields:
        return "agree", fields
    return alignment["relation"], fields


FINDINGS = MANIFEST["findings"]


@pytest.mark.parametrize("finding", FINDINGS, ids=[f["id"] for f in FINDINGS])
def test_planted_finding(finding):
    folder = finding["folder"]
    report = report_of(folder)
    claims = [claim_for(report, folder, side, finding["kind"]) for side in finding["sides"]]
    ids = {c["id"] for c in claims}
    if finding["relation"] == "unique":
        (claim,) = claims
        assert claim["id"] in report["unique"][claim["source"]], f"{claim['id']} is aligned"
        return
    joined = [al for al in report["alignments"] if len(ids & set(al["claims"])) >= 2]
    if not joined:
        assert "unique" in finding["accept"], f"{sorted(ids)} are not aligned"
        return
    for al in joined:
        relation, fields = relation_among(al, ids, {c["id"]: c for c in report["claims"]})
        assert relation in finding["accept"], f"{al['id']}: {relation} — {al['explanation']}"
        for field in finding["differs"]:
            if relation != "agree":
                assert field in fields, f"{al['id']} does not name the {field} difference: {al['explanation']}"


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_no_unplanted_conflict(folder):
    report = report_of(folder)
    planted = [f for f in FINDINGS if f["relation"] == "conflict" and f["folder"] == folder]
    planted_ids = [{claim_for(report, folder, s, f["kind"])["id"] for s in f["sides"]} for f in planted]
    conflicts = [al for al in report["alignments"] if al["relation"] == "conflict"]
    for al in conflicts:
        assert set(al["claims"]) in planted_ids, f"unplanted conflict {al['claims']}: {al['explanation']}"
    assert len(conflicts) == len(planted_ids)
