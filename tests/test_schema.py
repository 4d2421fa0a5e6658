"""The JSON Schemas and validate_report / validate_quantities_line / validate_stories."""
import copy
import json
from pathlib import Path

import pytest

from claimgrid.errors import ClaimgridError
from claimgrid.report.schema import (
    ReportSchemaError, load_schema, validate_quantities_line, validate_report, validate_stories,
)

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "reports").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def flood() -> dict:
    return load(Path(__file__).parent / "fixtures" / "reports" / "flood_three_outlets.json")


def test_there_are_sample_reports():
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_sample_report_validates(path):
    validate_report(load(path))


def test_schemas_are_valid_draft_2020_12():
    from jsonschema import Draft202012Validator
    for name in ("report", "quantities", "stories"):
        schema = load_schema(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_error_is_a_claimgrid_error_with_path(flood):
    del flood["claims"][2]["quantity"]["unit"]
    with pytest.raises(ClaimgridError) as caught:
        validate_report(flood)
    assert isinstance(caught.value, ReportSchemaError)
    assert caught.value.path == "$.claims[2].quantity"
    assert "'unit' is a required property" in str(caught.value)


@pytest.mark.parametrize("top_level", ["schema", "sources", "claims", "entities", "alignments", "figures", "unique"])
def test_missing_top_level_field_fails(flood, top_level):
    del flood[top_level]
    with pytest.raises(ReportSchemaError, match=f"'{top_level}' is a required property"):
        validate_report(flood)


@pytest.mark.parametrize("where, field", [
    (("sources", 0), "published"), (("sources", 1), "url"), (("claims", 0), "attribution"),
    (("claims", 3), "time"), (("alignments", 0), "explanation"), (("figures", 0), "high"),
])
def test_unknown_must_be_null_not_omitted(flood, where, field):
    del flood[where[0]][where[1]][field]
    with pytest.raises(ReportSchemaError) as caught:
        validate_report(flood)
    assert caught.value.path == f"$.{where[0]}[{where[1]}]"
    assert field in caught.value.reason


def test_misspelled_field_is_caught(flood):
    flood["alignments"][1]["relaton"] = flood["alignments"][1].pop("relation")
    with pytest.raises(ReportSchemaError, match="'relation' is a required property"):
        validate_report(flood)


@pytest.mark.parametrize("path, bad", [
    (("claims", 0, "kind"), "number"),
    (("alignments", 0, "relation"), "contradicts"),
    (("claims", 0, "quantity", "qualifier"), "more than"),
    (("alignments", 0, "differences", 0, "field"), "amount"),
    (("claims", 6, "quantity", "change"), "up"),
])
def test_bad_enum_names_its_path(flood, path, bad):
    target = flood
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    with pytest.raises(ReportSchemaError) as caught:
        validate_report(flood)
    assert caught.value.path == "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
    assert repr(bad) in caught.value.reason


@pytest.mark.parametrize("span", [[1, 2, 3], [5], ["5", 9], [1.5, 9], [-1, 4]])
def test_spans_are_two_non_negative_integers(flood, span):
    flood["claims"][0]["span"] = span
    with pytest.raises(ReportSchemaError) as caught:
        validate_report(flood)
    assert caught.value.path.startswith("$.claims[0].span")


def test_claim_text_must_be_the_text_at_its_span(flood):
    start, end = flood["claims"][0]["span"]
    flood["claims"][0]["span"] = [start + 1, end]
    with pytest.raises(ReportSchemaError, match=r"is not the text at its span") as caught:
        validate_report(flood)
    assert caught.value.path == "$.claims[0].text"


def test_span_past_the_end_of_the_text_fails(flood):
    length = len(flood["sources"][0]["text"])
    flood["claims"][0]["span"] = [length - 2, length + 5]
    with pytest.raises(ReportSchemaError, match="runs past the end"):
        validate_report(flood)


def test_unknown_claim_in_alignment_fails(flood):
    flood["alignments"][2]["claims"].append("C:99")
    with pytest.raises(ReportSchemaError, match="unknown claim 'C:99'") as caught:
        validate_report(flood)
    assert caught.value.path == "$.alignments[2].claims[3]"


def test_unique_claim_must_belong_to_its_source(flood):
    flood["unique"]["A"].append("B:6")
    with pytest.raises(ReportSchemaError, match="belongs to source 'B'"):
        validate_report(flood)


def test_aligned_claim_cannot_be_unique(flood):
    flood["unique"]["A"].append("A:1")
    with pytest.raises(ReportSchemaError, match="listed as unique but agrees") as caught:
        validate_report(flood)
    assert caught.value.path == "$.unique.A[1]"


def test_claim_only_related_may_be_unique(flood):
    # C:3 is only in L6 (related: another scope), so listing it as unique is consistent.
    flood["unique"]["C"].append("C:3")
    validate_report(flood)


def test_fields_may_be_added(flood):
    flood["generator"] = "claimgrid 0.1.0"
    flood["claims"][0]["confidence"] = 0.9
    flood["alignments"][0]["similarity"] = 0.93
    flood["sources"][0]["word_count"] = 80
    validate_report(flood)


def test_nulls_allowed_where_unknown(flood):
    source = flood["sources"][0]
    for key in ("path", "url", "title", "outlet", "language", "published"):
        source[key] = None
    flood["claims"][0]["quantity"]["high"] = None
    flood["claims"][0]["quantity"]["unit"] = None
    flood["figures"][0]["subject"] = None
    validate_report(flood)


def test_quantities_line():
    text = "Exports fell 7% to $2.3 billion."
    line = {"text": text, "quantities": [
        {"span": [13, 15], "text": "7%", "value": 7, "low": 7, "high": 7, "qualifier": "exact",
         "unit": "percent", "measure": "percent", "change": "decrease"},
        {"span": [19, 31], "text": "$2.3 billion", "value": 2.3e9, "low": 2.3e9, "high": 2.3e9,
         "qualifier": "exact", "unit": "USD", "measure": "money", "change": None}]}
    validate_quantities_line(line)
    broken = copy.deepcopy(line)
    broken["quantities"][1]["span"] = [18, 31]
    with pytest.raises(ReportSchemaError) as caught:
        validate_quantities_line(broken)
    assert caught.value.path == "$.quantities[1].text"
    broken = copy.deepcopy(line)
    del broken["quantities"][0]["change"]
    with pytest.raises(ReportSchemaError, match="'change' is a required property"):
        validate_quantities_line(broken)


def test_stories():
    stories = {"schema": "claimgrid.stories/1", "stories": [
        {"id": "S1", "title": "Kessling floods", "first_seen": "2024-09-17", "last_seen": "2024-09-18T10:00:00",
         "languages": ["en", "de"],
         "articles": [{"id": "9f2c", "path": "a.txt", "url": None, "outlet": "Valley Courier",
                       "language": "en", "published": "2024-09-18"}]}]}
    validate_stories(stories)
    del stories["stories"][0]["articles"][0]["outlet"]
    with pytest.raises(ReportSchemaError) as caught:
        validate_stories(stories)
    assert caught.value.path == "$.stories[0].articles[0]"
    stories["schema"] = "claimgrid.stories/2"
    with pytest.raises(ReportSchemaError):
        validate_stories(stories)
