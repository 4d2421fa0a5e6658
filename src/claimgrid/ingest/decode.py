"""Bytes to text: binary detection, BOMs, UTF-8 first, then other encodings.

The result is the text every later offset points into, so it is decided once
here: a leading BOM is dropped and line endings become ``\\n``; nothing else
is touched.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from ..errors import InputError

logger = logging.getLogger(__name__)

NOT_TEXT = "binary file (not text)"
NO_ENCODING = "not valid UTF-8 and no other text encoding fits"

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of common binary formats that can otherwise pass as text.
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"BZh", b"\xfd7zXZ")
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")
_SAMPLE = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``data`` (the whole file) to text or raise ``InputError``.

    Order: a BOM decides; otherwise valid UTF-8 is UTF-8; otherwise an encoding
    ``declared`` by the container (HTTP header, HTML ``<meta charset>``) if the
    bytes decode with it; otherwise charset-normalizer's best guess. Bytes that
    are mostly valid UTF-8 with some broken sequences are refused rather than
    read as mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise InputError(source, f"not valid {encoding.upper()} after its byte order mark") from None
    if looks_binary(data):
        raise InputError(source, NOT_TEXT)
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        first_bad = err.start
    if _is_broken_utf8(data):
        raise InputError(source, f"{NO_ENCODING} (broken UTF-8 at byte {first_bad})")
    for encoding in (declared, html_declared_charset(data)):
        if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return normalise_newlines(data.decode(encoding))
            except (LookupError, UnicodeDecodeError):
                pass
    encoding = _guess_legacy_encoding(data)
    if encoding is None:
        raise InputError(source, NO_ENCODING)
    logger.info("%s: not UTF-8, read as %s", source, encoding)
    return normalise_newlines(data.decode(encoding))


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leftover BOM is dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes, known binary signatures or many control bytes."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample or sample.startswith(_MAGIC):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls > 0.05 * max(len(sample), 1)


def html_declared_charset(data: bytes) -> str | None:
    """The charset named by an HTML ``<meta>`` tag near the start, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _is_broken_utf8(data: bytes) -> bool:
    """Mostly UTF-8 multibyte sequences with a few invalid bytes among them.

    Text in a single-byte encoding (cp1252 "Größe") almost never forms valid
    UTF-8 sequences, while UTF-8 with a damaged byte is full of them.
    """
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    valid_multibyte = sum(1 for ch in decoded if ord(ch) > 127) - invalid
    return valid_multibyte > invalid


def _guess_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's candidates, ranked so that short texts decode sanely.

    Among the candidates with (nearly) the least "chaos", the one whose words
    do not mix scripts wins ("Größe", not "Grﺉﻑe"), then the one whose letter
    frequencies best fit a language (coherence), then the Western default
    cp1252, then the detector's own order.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    candidates = [(m.encoding, m.chaos, m.coherence) for m in matches]
    if "cp1252" not in {c[0] for c in candidates}:
        try:
            data.decode("cp1252")
            candidates.append(("cp1252", matches[0].chaos, 0.0))
        except UnicodeDecodeError:
            pass

    # Chaos differences below 0.05 are noise on short texts: treat them as a tie.
    least_chaos = min(c[1] for c in candidates)
    tied = [c for c in candidates if c[1] <= least_chaos + 0.05]

    def rank(item):
        order, (encoding, _chaos, coherence) = item
        text = data[:_SAMPLE].decode(encoding, errors="replace")
        return (_mixed_script_share(text), -round(coherence, 2), encoding != "cp1252", order)

    return min(enumerate(tied), key=rank)[1][0]


def _mixed_script_share(text: str) -> float:
    """Share of non-ASCII words whose letters come from more than one script."""
    words = [w for w in re.findall(r"\w+", text) if not w.isascii()]
    if not words:
        return 0.0
    mixed = sum(1 for word in words if len({_script(ch) for ch in word if not ch.isdigit() or not ch.isascii()}) > 1)
    return mixed / len(words)


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "UNKNOWN")
    return name.split()[0]
