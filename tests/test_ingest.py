"""Reading sources into Articles: each format, each kind of bad input, real files."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from claimgrid.errors import InputError
from claimgrid.ingest import MAX_SOURCE_BYTES, read_source
from claimgrid.model import content_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ENGLISH = (
    "Heavy rain flooded the lower town of Riverton on Sunday night, the mayor said.\n"
    "About 300 residents spent the night in a school gym, and two people were reported missing.\n"
)


def reason_of(path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        read_source(path, **kwargs)
    assert info.value.source == str(path)
    assert str(info.value).startswith(str(path))
    return info.value.reason


# --- good input -------------------------------------------------------------

def test_utf8_text(tmp_path):
    path = tmp_path / "riverton.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    article = read_source(path)
    assert article.text == ENGLISH
    assert article.path == str(path)
    assert article.language == "en"
    assert article.id == content_id(ENGLISH)
    assert article.published is None and article.url is None


def test_bom_stripped_and_line_endings_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.replace("\n", "\r\n").encode("utf-8"))
    assert read_source(path).text == ENGLISH
    old_mac = tmp_path / "cr.txt"
    old_mac.write_bytes(ENGLISH.replace("\n", "\r").encode("utf-8"))
    assert read_source(old_mac).text == ENGLISH


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ENGLISH.encode("utf-16"))   # writes a BOM
    assert read_source(path).text == ENGLISH


@pytest.mark.parametrize("encoding, language, text", [
    ("cp1252", "de", "Nach dem Sturm meldeten die Behörden am Dienstag, dass mehr als 300 Häuser "
                     "beschädigt wurden. Der Bürgermeister sprach von „großen Schäden“ im Süden der Stadt.\n"),
    ("latin-1", "fr", "Selon la préfecture, près de 150 personnes ont été évacuées vendredi soir "
                      "à cause de l'incendie qui a touché le quartier du lycée.\n"),
    ("cp1251", "ru", "По словам губернатора, более сорока человек получили ранения "
                     "в результате обстрела в понедельник вечером.\n"),
])
def test_legacy_encodings(tmp_path, encoding, language, text):
    path = tmp_path / f"{language}.txt"
    path.write_bytes(text.encode(encoding))
    article = read_source(path)
    assert article.text == text
    assert article.language == language


def test_short_cp1252_text_is_not_read_as_another_script(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("Größe: 5 m".encode("cp1252"))
    assert read_source(path).text == "Größe: 5 m"


def test_html_page_main_text_and_metadata():
    article = read_source(FIXTURES / "harbour_fire.html")
    assert "destroyed two warehouses at Northport harbour" in article.text
    assert "€4.5 million" in article.text
    assert "SHOULD-NOT-APPEAR" not in article.text
    assert "console.log" not in article.text and "font-family" not in article.text
    assert "All rights reserved" not in article.text
    assert article.title == "Fire at Northport harbour destroys two warehouses"
    assert article.outlet == "Coastal Herald"
    assert article.url == "https://coastal-herald.example/news/northport-harbour-fire"
    assert article.published == dt.date(2024, 3, 12)
    assert article.language == "en"


def test_html_in_legacy_encoding_declared_by_meta(tmp_path):
    body = ("<p>Die Feuerwehr Hamburg teilte am Montag mit, dass bei dem Brand im Hafen "
            "zwei Lagerhallen zerstört wurden und drei Arbeiter leicht verletzt wurden.</p>")
    page = f'<html><head><meta charset="iso-8859-1"><title>Brand im Hafen</title></head><body><article>{body}</article></body></html>'
    path = tmp_path / "brand.htm"
    path.write_bytes(page.encode("latin-1"))
    article = read_source(path)
    assert "zwei Lagerhallen zerstört wurden" in article.text
    assert article.language == "de"


def test_html_date_not_guessed_from_body_text(tmp_path):
    page = ("<html><body><article><p>Officials said on 3 March 2021 that the dam would be repaired "
            "within two years, at a cost of about 40 million dollars, and that no one had been hurt.</p>"
            "</article></body></html>")
    path = tmp_path / "dam.html"
    path.write_text(page, encoding="utf-8")
    assert read_source(path).published is None


def test_newsplease_json():
    article = read_source(FIXTURES / "bridge_closure.newsplease.json")
    assert article.text.startswith("The old river bridge in Eastfield")
    assert "\r" not in article.text
    assert article.title == "Eastfield river bridge closed for three weeks"
    assert article.url == "https://eastfield-daily.example/2024/06/03/bridge-closed"
    assert article.outlet == "eastfield-daily.example"
    assert article.published == dt.date(2024, 6, 3)
    assert article.language == "en"


def test_unknown_extension_is_sniffed(tmp_path):
    html = tmp_path / "page.dat"
    shutil.copy(FIXTURES / "harbour_fire.html", html)
    assert "SHOULD-NOT-APPEAR" not in read_source(html).text
    assert read_source(html).title == "Fire at Northport harbour destroys two warehouses"
    plain = tmp_path / "notes"
    plain.write_text(ENGLISH, encoding="utf-8")
    assert read_source(plain).text == ENGLISH


# --- dates and sidecar metadata ---------------------------------------------

def test_published_argument_fills_a_missing_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert read_source(path, published=dt.date(2023, 5, 1)).published == dt.date(2023, 5, 1)


def test_published_argument_does_not_override_the_file_date():
    # --published is for files that carry no date (issue 2); the file's own date stays.
    own = read_source(FIXTURES / "bridge_closure.newsplease.json").published
    article = read_source(FIXTURES / "bridge_closure.newsplease.json", published=dt.date(2024, 6, 5))
    assert own is not None and article.published == own


def test_sidecar_metadata_wins(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    Path(f"{path}.meta.json").write_text(json.dumps({
        "title": "Floods in Riverton", "url": "https://riverton-news.example/floods",
        "outlet": "Riverton News", "published": "2024-02-04", "language": "en",
    }), encoding="utf-8")
    article = read_source(path, published=dt.date(2030, 1, 1))
    assert article.title == "Floods in Riverton"
    assert article.url == "https://riverton-news.example/floods"
    assert article.outlet == "Riverton News"
    assert article.published == dt.date(2024, 2, 4)
    assert article.text == ENGLISH   # metadata never enters the text


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not valid JSON"),
    ('["a"]', "must be a JSON object"),
    ('{"headline": "x"}', "unknown metadata key"),
    ('{"published": "last Tuesday"}', "not a date"),
])
def test_bad_sidecar_names_the_sidecar(tmp_path, content, expected):
    path = tmp_path / "report.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    meta = Path(f"{path}.meta.json")
    meta.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_source(path)
    assert info.value.source == str(meta)
    assert expected in info.value.reason


# --- bad input --------------------------------------------------------------

def test_missing_file(tmp_path):
    assert reason_of(tmp_path / "nope.txt") == "no such file"


def test_directory(tmp_path):
    assert reason_of(tmp_path) == "is a directory, not a file"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert reason_of(path) == "empty file"


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert reason_of(path) == "binary file (not text)"
    zeros = tmp_path / "zeros.txt"
    zeros.write_bytes(b"some words\x00\x00\x00 and more words " * 10)
    assert reason_of(zeros) == "binary file (not text)"
    pdf = tmp_path / "report.html"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    assert reason_of(pdf) == "binary file (not text)"


def test_invalid_utf8_that_fits_no_encoding(tmp_path):
    path = tmp_path / "garbage.txt"
    # high bytes only, no NUL: neither UTF-8 nor plausible text in any single-byte code page
    path.write_bytes(bytes(range(0x80, 0x100)) * 16)
    assert reason_of(path).startswith("not valid UTF-8 and no other text encoding fits")


def test_damaged_utf8_is_refused_not_read_as_mojibake(tmp_path):
    path = tmp_path / "damaged.txt"
    good = "Die Behörden zählten über 300 beschädigte Häuser in Süddeutschland. ".encode("utf-8")
    path.write_bytes(good * 3 + b"\xff\xfe" + good)
    assert reason_of(path).startswith("not valid UTF-8 and no other text encoding fits")


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:        # sparse: 50 MB on paper, no disk used
        handle.truncate(50 * 1024 * 1024)
    assert reason_of(path) == "too large: 50.0 MB (limit 10 MB)"


def test_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "big.txt"
    line = "Rescue teams searched the collapsed buildings through the night.\n"
    path.write_text(line * (MAX_SOURCE_BYTES // len(line)), encoding="utf-8")
    assert os.path.getsize(path) <= MAX_SOURCE_BYTES
    assert read_source(path).text.startswith(line)


@pytest.mark.parametrize("page", [
    "<html><head><title>Home</title></head><body></body></html>",
    "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World news and analysis</a></li>"
    "</ul></nav><div><a href='/a'>Politics</a> | <a href='/b'>Business and markets today</a></div>"
    "<script>var story = 'This script text is long enough to look like a sentence of an article.';</script></body></html>",
])
def test_html_without_main_text(tmp_path, page):
    path = tmp_path / "menu.html"
    path.write_text(page, encoding="utf-8")
    assert reason_of(path) == "no main text found in the HTML"


@pytest.mark.parametrize("content, expected", [
    ('{"title": "Broken", "maintext": ', "not valid JSON"),
    ('{"title": "No body here", "url": "https://x.example/a"}', "no text field"),
    ('{"title": "Blank", "maintext": "   "}', "no text field"),
    ('[{"maintext": "One"}, {"maintext": "Two"}]', "expected a JSON object, found a list"),
])
def test_bad_json(tmp_path, content, expected):
    path = tmp_path / "article.json"
    path.write_text(content, encoding="utf-8")
    assert expected in reason_of(path)


def test_unreadable_file(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="claimgrid-perm-"))
    try:
        folder.chmod(0o755)   # traversable by anyone, so only the file's own mode matters
        path = folder / "secret.txt"
        path.write_text(ENGLISH, encoding="utf-8")
        path.chmod(0o000)
        if os.geteuid() == 0:
            # root reads anything; drop the effective uid to "nobody" for the read, then restore it
            os.seteuid(65534)
            try:
                reason = reason_of(path)
            finally:
                os.seteuid(0)
        else:
            reason = reason_of(path)
        assert reason == "permission denied"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("name", ["batch.jsonl", "crawl.warc.gz", "news.rss"])
def test_collections_are_left_to_iter_sources(tmp_path, name):
    path = tmp_path / name
    path.write_text('{"maintext": "One of many articles in a collection file."}\n', encoding="utf-8")
    assert "iter_sources" in reason_of(path)
