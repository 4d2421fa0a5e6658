"""news-please records: JSON objects with ``maintext``, ``title``, ``date_publish``, …"""
from __future__ import annotations

from ..errors import InputError
from .dates import parse_date
from .decode import normalise_newlines

TEXT_FIELDS = ("maintext", "text")   # news-please's field, then a common alternative


def fields_from_record(record: object, source: str) -> dict:
    """Article fields of one news-please record, or InputError when it has no text."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, found {_json_type(record)}")
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    if text is None:
        raise InputError(source, "JSON has no text field ('maintext' or 'text')")
    return {
        "text": normalise_newlines(text),
        "title": _string(record.get("title")),
        "url": _string(record.get("url")),
        "outlet": _string(record.get("source_domain")),
        "published": parse_date(record.get("date_publish")),
        "language": _string(record.get("language")),
    }


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _json_type(value: object) -> str:
    names = {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
