"""Optional per-file metadata written by the user: ``<file>.meta.json``.

Beside ``report.txt`` a file ``report.txt.meta.json`` may hold a JSON object
with any of ``title``, ``url``, ``outlet``, ``published`` (ISO date) and
``language`` (ISO 639-1 code). Other keys are an error, so typos show.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import InputError
from .dates import parse_date

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "url", "outlet", "published", "language")
_MAX_SIDECAR_BYTES = 64 * 1024


def sidecar_path(path: str | os.PathLike) -> Path:
    return Path(f"{os.fspath(path)}{SIDECAR_SUFFIX}")


def is_sidecar(path: str | os.PathLike) -> bool:
    return os.fspath(path).endswith(SIDECAR_SUFFIX)


def read_sidecar(path: str | os.PathLike) -> dict:
    """The metadata beside ``path`` (``{}`` when there is none); ``published`` as a date."""
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return {}
    source = str(meta_path)
    try:
        with open(meta_path, "rb") as handle:
            raw = handle.read(_MAX_SIDECAR_BYTES + 1)
    except OSError as err:
        raise InputError(source, f"cannot read metadata: {err.strerror}".lower()) from None
    if len(raw) > _MAX_SIDECAR_BYTES:
        raise InputError(source, "metadata file too large")
    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(source, f"metadata is not valid JSON ({err})") from None
    if not isinstance(meta, dict):
        raise InputError(source, "metadata must be a JSON object")
    unknown = sorted(set(meta) - set(SIDECAR_KEYS))
    if unknown:
        raise InputError(source, f"unknown metadata key(s) {', '.join(unknown)}; allowed: {', '.join(SIDECAR_KEYS)}")
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"metadata {key!r} must be a string")
    if meta.get("published"):
        published = parse_date(meta["published"])
        if published is None:
            raise InputError(source, f"metadata 'published' is not a date: {meta['published']!r}")
        meta["published"] = published
    return {k: v for k, v in meta.items() if v not in (None, "")}
