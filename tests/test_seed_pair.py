"""Acceptance: the seed pair's findings E1–E12 (../shared/seeds/EXPECTED.md) in the JSON report."""
from __future__ import annotations

import datetime as dt

import pytest

from claimgrid.compare import compare
from claimgrid.report.schema import validate_report


@pytest.fixture(scope="module")
def report(shared_dir):
    seeds = shared_dir / "seeds"
    data = compare([seeds / "000_e2e74c59d24aeca2.txt", seeds / "001_ea96b6167f84d1a4.txt"],
                   published=dt.date(2023, 5, 1))
    validate_report(data)
    return data


def claims_by_id(report):
    return {c["id"]: c for c in report["claims"]}


def source_text(report, sid):
    return next(s["text"] for s in report["sources"] if s["id"] == sid)


def quantity_claims(report, source, value, measure=None):
    return [c for c in report["claims"] if c["source"] == source and c["quantity"]
            and c["quantity"]["value"] == value and (measure is None or c["quantity"]["measure"] == measure)]


def alignment_joining(report, a_ids, b_ids):
    for al in report["alignments"]:
        if set(al["claims"]) & set(a_ids) and set(al["claims"]) & set(b_ids):
            return al
    return None


def sentence_of(report, claim):
    text = source_text(report, claim["source"])
    return text[claim["sentence"][0]:claim["sentence"][1]]


def test_spans_point_at_their_text(report):
    for c in report["claims"]:
        text = source_text(report, c["source"])
        assert text[c["span"][0]:c["span"][1]] == c["text"]
        assert c["sentence"][0] <= c["span"][0] and c["span"][1] <= c["sentence"][1]


@pytest.mark.parametrize("finding,value,measure,phrase_a,phrase_b", [
    ("E1", 100000, "casualties", "since December", "past five months"),
    ("E2", 20000, "killed", "about six months", "20,000 dead"),
])
def test_shared_figures_align(report, finding, value, measure, phrase_a, phrase_b):
    a = quantity_claims(report, "A", value, measure)
    b = quantity_claims(report, "B", value, measure)
    assert a and b, f"{finding}: no {value} {measure} claim in A ({len(a)}) or B ({len(b)})"
    al = alignment_joining(report, [c["id"] for c in a], [c["id"] for c in b])
    assert al is not None, f"{finding}: the {value} claims are not aligned"
    assert al["relation"] in ("agree", "compatible")
    assert "qualifier" in {d["field"] for d in al["differences"]}
    by_id = claims_by_id(report)
    assert any(phrase_a in sentence_of(report, by_id[cid]) for cid in al["claims"] if cid.startswith("A:"))
    assert any(phrase_b in sentence_of(report, by_id[cid]) for cid in al["claims"] if cid.startswith("B:"))


def test_e3_half_of_the_killed_were_wagner(report):
    halves = lambda s: [c["id"] for c in report["claims"] if c["source"] == s and c["quantity"]  # noqa: E731
                        and c["quantity"]["value"] in (0.5, 50) and "Wagner" in sentence_of(report, c)]
    al = alignment_joining(report, halves("A"), halves("B"))
    assert al is not None and al["relation"] in ("agree", "compatible")


@pytest.mark.parametrize("words_a,words_b", [
    ("stalled and failed", "halted and failed"),
    ("extraordinary losses", "significant losses"),
])
def test_e4_e5_quotes_in_two_wordings(report, words_a, words_b):
    qa = [c["id"] for c in report["claims"] if c["kind"] == "quote" and c["source"] == "A" and words_a in c["text"]]
    qb = [c["id"] for c in report["claims"] if c["kind"] == "quote" and c["source"] == "B" and words_b in c["text"]]
    assert qa and qb
    al = alignment_joining(report, qa, qb)
    assert al is not None and al["relation"] in ("agree", "compatible")
    assert "wording" in {d["field"] for d in al["differences"]}


def test_e6_one_speaker_carries_both_figures(report):
    kirby = [e for e in report["entities"] if e["name"].endswith("Kirby")]
    assert len(kirby) == 1, [e["name"] for e in report["entities"]]
    kirby = kirby[0]
    assert {m["source"] for m in kirby["mentions"]} == {"A", "B"}
    for value, measure in ((100000, "casualties"), (20000, "killed")):
        for source in "AB":
            claims = quantity_claims(report, source, value, measure)
            assert any(c["attribution"] and c["attribution"]["speaker"] == kirby["id"] for c in claims), \
                f"{source}'s {value} claim is not attributed to Kirby"


def test_e7_one_place_in_two_spellings(report):
    spelled = {"Bakhmut", "Bahmut"}
    places = [e for e in report["entities"] if spelled <= {m["text"] for m in e["mentions"]}]
    assert len(places) == 1


def _unique_or_related_only(report, claim_ids):
    for al in report["alignments"]:
        if set(al["claims"]) & set(claim_ids) and al["relation"] != "related":
            return False
    return True


def test_e8_only_in_a(report):
    for value in (4500,):
        ids = [c["id"] for c in quantity_claims(report, "A", value)]
        assert ids and _unique_or_related_only(report, ids)
    vague = [c["id"] for c in report["claims"] if c["source"] == "A" and c["quantity"]
             and "hundreds of thousands" in c["quantity"]["text"]]
    assert vague and _unique_or_related_only(report, vague)


def test_e9_only_in_b(report):
    for value in (43000, 17500, 200000, 30):
        ids = [c["id"] for c in quantity_claims(report, "B", value)]
        assert ids, f"B's {value} not extracted"
        assert _unique_or_related_only(report, ids), f"B's {value} aligned as agree/compatible/conflict"


def test_e10_no_conflict(report):
    assert [al for al in report["alignments"] if al["relation"] == "conflict"] == []


def test_e11_relative_times_resolve(report):
    a = quantity_claims(report, "A", 100000, "casualties")
    b = quantity_claims(report, "B", 100000, "casualties")
    ta, tb = a[0]["time"], b[0]["time"]
    assert ta and tb and None not in (ta["start"], ta["end"], tb["start"], tb["end"])
    sa, ea = dt.date.fromisoformat(ta["start"]), dt.date.fromisoformat(ta["end"])
    sb, eb = dt.date.fromisoformat(tb["start"]), dt.date.fromisoformat(tb["end"])
    overlap = (min(ea, eb) - max(sa, sb)).days + 1
    assert overlap / ((max(ea, eb) - min(sa, sb)).days + 1) >= 0.8
    monday = [c for c in quantity_claims(report, "B", 30) if c["time"]]
    assert monday and monday[0]["time"]["start"] == "2023-05-01"


def test_e12_place_scope_from_a_later_sentence(report):
    a = quantity_claims(report, "A", 100000, "casualties")
    b = quantity_claims(report, "B", 100000, "casualties")
    al = alignment_joining(report, [c["id"] for c in a], [c["id"] for c in b])
    place = [d for d in al["differences"] if d["field"] == "place"]
    assert place and any(v and v.startswith(("Bakhmut", "Bahmut")) for v in place[0]["values"].values())


def test_without_a_date_relative_times_stay_open(shared_dir):
    seeds = shared_dir / "seeds"
    data = compare([seeds / "000_e2e74c59d24aeca2.txt", seeds / "001_ea96b6167f84d1a4.txt"])
    times = [c["time"] for c in data["claims"] if c["time"] and "December" in c["time"]["text"]]
    assert times and all(t["start"] is None for t in times)
