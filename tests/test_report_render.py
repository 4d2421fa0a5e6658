"""The terminal, HTML and Markdown views of a report, on the sample reports."""
import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimgrid.report.grid import split_by_ranges, word_diff
from claimgrid.report.html import render_html
from claimgrid.report.markdown import render_markdown
from claimgrid.report.schema import validate_report
from claimgrid.report.terminal import render_terminal

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "reports"
FIXTURES = sorted(FIXTURE_DIR.glob("*.json"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(params=FIXTURES, ids=lambda p: p.stem)
def report(request) -> dict:
    return load(request.param)


@pytest.fixture
def flood() -> dict:
    return load(FIXTURE_DIR / "flood_three_outlets.json")


class ElementCollector(HTMLParser):
    """Every start tag with its attributes, and all text, as a real parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(page)
    collector.close()
    return collector


# ---------------------------------------------------------------- terminal

@pytest.mark.parametrize("width", [80, 120, 200])
def test_terminal_plain_names_sources_and_relations(report, width):
    out = render_terminal(report, width=width, color=False)
    assert not ANSI.search(out), "colour off must give plain text"
    assert "None" not in out
    for source in report["sources"]:
        assert re.search(rf"(?m)^\s*{re.escape(source['id'])}\s", out), source["id"]
    for alignment in report["alignments"]:
        assert alignment["relation"] in out
        assert alignment["id"] in out
    for line in out.splitlines():
        assert len(line) <= width


def test_terminal_lists_unique_claims_and_figures(flood):
    out = render_terminal(flood, width=160, color=False)
    assert "unique to A" in out and "unique to B" in out and "unique to C" in out
    assert "6 people were still missing" in out
    assert "90,000,000" in out and "150,000,000" in out
    figures = out[out.index("Figures"):]
    assert "killed" in figures and "displaced" in figures


def test_terminal_highlights_differing_words(flood):
    # 100 columns are too few for three source columns: one line per claim, easy to search.
    out = render_terminal(flood, width=100, color=False)
    # Without colour the differing words are bracketed: the qualifier and the time window.
    assert "[At least 14]" in out
    assert "[mindestens 17]" in out
    assert "[since Monday]" in out
    # A quote in two wordings: only the words that differ, not the shared "the river".
    assert "[have never seen] the river [rise this fast]" in out


def test_terminal_colours_relations(flood):
    out = render_terminal(flood, width=160, color=True)
    assert "\x1b[1;31mconflict" in out        # red
    assert "\x1b[1;32magree" in out           # green
    assert ANSI.sub("", out).count("conflict") >= 1


def test_terminal_narrow_width_stacks_claims(flood):
    out = render_terminal(flood, width=60, color=False)
    assert all(len(line) <= 60 for line in out.splitlines())
    for claim_id in ("A:1", "B:1", "C:1"):
        assert claim_id in out


# ---------------------------------------------------------------- HTML

def test_html_runs_and_is_complete(report):
    page = render_html(report)
    parsed = parse(page)
    text = "".join(parsed.text)
    assert "None" not in text
    for source in report["sources"]:
        # The whole article text is there, in order, whatever the highlights cut it into.
        assert " ".join(source["text"].split()) in " ".join(text.split())
    ids = [attrs["id"] for _, attrs in parsed.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    for _, attrs in parsed.tags:
        if attrs.get("href", "").startswith("#"):
            assert attrs["href"][1:] in ids, f"dangling link {attrs['href']}"


def test_html_links_spans_to_rows_and_back(flood):
    parsed = parse(render_html(flood))
    links = {attrs.get("id"): attrs.get("href") for tag, attrs in parsed.tags if tag == "a" and "claim" in attrs.get("class", "").split()}
    row_ids = {attrs["id"] for tag, attrs in parsed.tags if tag == "tr" and "id" in attrs}
    # Every aligned claim's highlight links to a grid row, and the grid links back to the highlight.
    aligned = {c for a in flood["alignments"] for c in a["claims"]}
    targets = [href[1:] for href in links.values() if href]
    assert sum(1 for t in targets if t in row_ids) >= len(aligned)
    grid_links = {attrs["href"][1:] for tag, attrs in parsed.tags if tag == "a" and attrs.get("class") == "cid"}
    assert grid_links <= set(links) | {attrs.get("id") for _, attrs in parsed.tags}
    classes = " ".join(attrs.get("class", "") for tag, attrs in parsed.tags if tag == "a")
    for relation in ("rel-agree", "rel-compatible", "rel-conflict", "rel-related", "rel-unique"):
        assert relation in classes


def test_html_escapes_article_text(flood):
    hostile = copy.deepcopy(flood)
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    source = hostile["sources"][0]
    source["text"] = payload + " " + source["text"]
    shift = len(payload) + 1
    for claim in hostile["claims"]:
        if claim["source"] == "A":
            claim["span"] = [claim["span"][0] + shift, claim["span"][1] + shift]
            claim["sentence"] = [claim["sentence"][0] + shift, claim["sentence"][1] + shift]
    for entity in hostile["entities"]:
        for mention in entity["mentions"]:
            if mention["source"] == "A":
                mention["span"] = [mention["span"][0] + shift, mention["span"][1] + shift]
    hostile["sources"][1]["title"] = "</title><script>alert(3)</script>"
    hostile["alignments"][0]["explanation"] = "<b onclick=alert(4)>bold</b> & more"
    validate_report(hostile)
    page = render_html(hostile)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags if t in ("script", "img", "b", "iframe")] == []
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    text = "".join(parsed.text)
    assert payload in text
    assert "</title><script>alert(3)</script>" in text
    assert "<b onclick=alert(4)>bold</b> & more" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_is_self_contained(report):
    page = render_html(report)
    lowered = page.lower()
    for needle in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", "url(//",
                   'src="//', 'href="//', "<link", "<script src"):
        assert needle not in lowered, needle
    for tag, attrs in parse(page).tags:
        assert "src" not in attrs, tag
        assert not attrs.get("href", "#").startswith(("http", "//")), attrs


def test_html_chart_marks_open_upper_bound(flood):
    page = render_html(flood)
    svg = page[page.index("<svg"):page.index("</svg>")]
    # One row per figure: a best dot for each, an arrow for each open high.
    assert svg.count("<circle") == len(flood["figures"])
    assert svg.count("no upper bound") == sum(1 for f in flood["figures"] if f["high"] is None)


def test_html_survives_overlapping_and_bad_spans(flood):
    text = flood["sources"][0]["text"]
    extra = [
        {"id": "A:90", "span": [5, 40]}, {"id": "A:91", "span": [20, 60]},     # overlap
        {"id": "A:92", "span": [25, 30]},                                          # nested in both
        {"id": "A:93", "span": [50, 50]},                                          # empty
        {"id": "A:94", "span": [len(text) - 3, len(text) + 50]},                   # past the end
    ]
    for claim in extra:
        s, e = claim["span"]
        flood["claims"].append({**flood["claims"][0], "id": claim["id"], "span": claim["span"], "text": text[s:e]})
    page = render_html(flood)
    parsed = parse(page)
    assert " ".join(text.split()) in " ".join("".join(parsed.text).split())
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    for claim in extra:
        assert "claim-" + claim["id"].replace(":", "-") in ids


# ---------------------------------------------------------------- Markdown

def _cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def test_markdown_tables_have_right_column_count(report):
    md = render_markdown(report)
    assert "None" not in md
    tables = re.findall(r"(?m)(?:^\|.*\|$\n?)+", md)
    assert tables
    for table in tables:
        lines = table.strip("\n").splitlines()
        widths = {_cells(line) for line in lines}
        assert len(widths) == 1, table
    grid = [t for t in tables if t.startswith("| # | relation")]
    if report["alignments"]:
        assert _cells(grid[0].splitlines()[0]) == len(report["sources"]) + 4
        assert len(grid[0].strip().splitlines()) == len(report["alignments"]) + 2
    else:
        assert not grid


def test_markdown_escapes_pipes_and_markup(flood):
    flood["alignments"][0]["explanation"] = "A | B <b>*x*</b>"
    flood["sources"][0]["outlet"] = "Valley|Courier"
    md = render_markdown(flood)
    assert "A \\| B \\<b\\>\\*x\\*\\</b\\>" in md
    test_markdown_tables_have_right_column_count(flood)


def test_markdown_shows_grid_unique_and_figures(flood):
    md = render_markdown(flood)
    for heading in ("## Sources", "## Claim grid", "## Unique claims", "## Figures"):
        assert heading in md
    assert "**At least 14**" in md
    assert "`B:6` 6 people were still missing" in md


# ---------------------------------------------------------------- shared pieces

def test_split_by_ranges_never_drops_text():
    text = "more than 40 were injured"
    for ranges in ([], [(0, 12)], [(5, 9), (0, 4)], [(3, 8), (6, 12)], [(20, 99)], [(9, 5)]):
        assert "".join(piece for piece, _ in split_by_ranges(text, ranges)) == text


def test_word_diff_skips_texts_that_share_almost_nothing():
    assert word_diff("About 3,000 residents fled", ["Rund 3000 Einwohner flohen"]) == []
    ranges = word_diff("at least 14 people were killed", ["at least 17 people were killed"])
    assert [("at least 14 people were killed"[s:e]) for s, e in ranges] == ["14"]
