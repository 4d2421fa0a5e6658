"""Validate claimgrid's JSON outputs against the schemas kept in ``claimgrid/schemas``.

The schemas check shape (names, types, enums, nullability). ``validate_report`` also
checks what JSON Schema cannot: that every claim id an alignment, figure or
``unique`` list names exists, and that every span lies inside its source's text
and quotes it exactly (``text[start:end] == claim["text"]``), as the contract promises.
"""
from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources

import jsonschema
from jsonschema.exceptions import best_match

from claimgrid.errors import ClaimgridError

logger = logging.getLogger(__name__)

__all__ = ["ReportSchemaError", "validate_report", "validate_quantities_line", "validate_stories", "load_schema"]


class ReportSchemaError(ClaimgridError):
    """A report (or quantities line, or stories list) does not match its contract.

    ``path`` is the JSON path of the first problem (``$.claims[3].quantity``) and
    ``reason`` says what is wrong there.
    """

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@cache
def load_schema(name: str) -> dict:
    """The JSON Schema ``name`` ("report", "quantities" or "stories") shipped in the package."""
    text = resources.files("claimgrid.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _check_shape(name: str, data: object) -> None:
    """Raise ReportSchemaError for the most relevant schema violation, if any."""
    error = best_match(_validator(name).iter_errors(data))
    if error is None:
        return
    # best_match already descends into anyOf branches (object-or-null) to the useful error.
    raise ReportSchemaError(error.json_path, error.message)


def _check_span(path: str, span: list[int], text_length: int) -> None:
    start, end = span
    if start > end:
        raise ReportSchemaError(path, f"span starts after it ends: {span}")
    if end > text_length:
        raise ReportSchemaError(path, f"span {span} runs past the end of the source text ({text_length} characters)")


def _check_references(report: dict) -> None:
    texts: dict[str, str] = {}
    for i, source in enumerate(report["sources"]):
        if source["id"] in texts:
            raise ReportSchemaError(f"$.sources[{i}].id", f"duplicate source id {source['id']!r}")
        texts[source["id"]] = source["text"]

    entity_ids = {entity["id"] for entity in report["entities"]}
    claim_sources: dict[str, str] = {}
    for i, claim in enumerate(report["claims"]):
        where = f"$.claims[{i}]"
        if claim["id"] in claim_sources:
            raise ReportSchemaError(f"{where}.id", f"duplicate claim id {claim['id']!r}")
        if claim["source"] not in texts:
            raise ReportSchemaError(f"{where}.source", f"unknown source {claim['source']!r}")
        if claim["id"].split(":", 1)[0] != claim["source"]:
            raise ReportSchemaError(f"{where}.id", f"claim id {claim['id']!r} does not start with its source {claim['source']!r}")
        text = texts[claim["source"]]
        _check_span(f"{where}.sentence", claim["sentence"], len(text))
        _check_span(f"{where}.span", claim["span"], len(text))
        start, end = claim["span"]
        if text[start:end] != claim["text"]:
            raise ReportSchemaError(f"{where}.text", f"is not the text at its span {claim['span']}: {text[start:end]!r}")
        for key in ("subject", "place"):
            ref = claim[key]
            if ref is not None and ref["entity"] is not None and ref["entity"] not in entity_ids:
                raise ReportSchemaError(f"{where}.{key}.entity", f"unknown entity {ref['entity']!r}")
        claim_sources[claim["id"]] = claim["source"]

    for i, entity in enumerate(report["entities"]):
        for j, mention in enumerate(entity["mentions"]):
            where = f"$.entities[{i}].mentions[{j}]"
            if mention["source"] not in texts:
                raise ReportSchemaError(f"{where}.source", f"unknown source {mention['source']!r}")
            text = texts[mention["source"]]
            _check_span(f"{where}.span", mention["span"], len(text))
            start, end = mention["span"]
            if text[start:end] != mention["text"]:
                raise ReportSchemaError(f"{where}.text", f"is not the text at its span {mention['span']}: {text[start:end]!r}")

    def check_claim_ids(where: str, ids: list[str]) -> None:
        for k, claim_id in enumerate(ids):
            if claim_id not in claim_sources:
                raise ReportSchemaError(f"{where}[{k}]", f"unknown claim {claim_id!r}")

    for i, alignment in enumerate(report["alignments"]):
        where = f"$.alignments[{i}]"
        check_claim_ids(f"{where}.claims", alignment["claims"])
        members = set(alignment["claims"])
        for j, difference in enumerate(alignment["differences"]):
            for claim_id in difference["values"]:
                if claim_id not in members:
                    raise ReportSchemaError(f"{where}.differences[{j}].values", f"claim {claim_id!r} is not in this alignment")
    for i, figure in enumerate(report["figures"]):
        check_claim_ids(f"$.figures[{i}].claims", figure["claims"])
    # A claim matched only as "related" (another scope, not comparable) still counts as unique.
    aligned = {claim_id for alignment in report["alignments"] if alignment["relation"] != "related"
               for claim_id in alignment["claims"]}
    for source_id, ids in report["unique"].items():
        where = f"$.unique.{source_id}"
        if source_id not in texts:
            raise ReportSchemaError(where, f"unknown source {source_id!r}")
        check_claim_ids(where, ids)
        for k, claim_id in enumerate(ids):
            if claim_sources[claim_id] != source_id:
                raise ReportSchemaError(f"{where}[{k}]", f"claim {claim_id!r} belongs to source {claim_sources[claim_id]!r}")
            if claim_id in aligned:
                raise ReportSchemaError(f"{where}[{k}]", f"claim {claim_id!r} is listed as unique but agrees, is "
                                                         f"compatible or conflicts with another source's claim")


def validate_report(data: dict) -> None:
    """Check a ``claimgrid.report/1`` dict; raise ReportSchemaError naming the first problem."""
    _check_shape("report", data)
    _check_references(data)


def validate_quantities_line(data: dict) -> None:
    """Check one ``claimgrid.quantities/1`` line (already parsed); spans must quote the text."""
    _check_shape("quantities", data)
    for i, quantity in enumerate(data["quantities"]):
        where = f"$.quantities[{i}]"
        _check_span(f"{where}.span", quantity["span"], len(data["text"]))
        start, end = quantity["span"]
        if data["text"][start:end] != quantity["text"]:
            raise ReportSchemaError(f"{where}.text", f"is not the text at its span {quantity['span']}: {data['text'][start:end]!r}")


def validate_stories(data: dict) -> None:
    """Check a ``claimgrid.stories/1`` dict; raise ReportSchemaError naming the first problem."""
    _check_shape("stories", data)
