"""iter_sources: folders, JSON lists, JSONL, feeds, WARC files and URLs served from 127.0.0.1."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimgrid.errors import InputError
from claimgrid.ingest import USER_AGENT, Fetcher, iter_sources
from claimgrid.ingest.fetch import MAX_REDIRECTS, refused_address_reason
from claimgrid.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def page(title: str, *paragraphs: str, extra_head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{extra_head}</head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
            f"<script>var leak = 'SCRIPT-TEXT';</script></article></body></html>").encode("utf-8")


STORM = page("Storm cuts power to 40,000 homes",
             "A winter storm cut power to about 40,000 homes in the northern valleys on Friday, the grid operator said.",
             "Crews expected to restore most connections by Sunday evening, a spokesman for the operator told reporters.",
             extra_head="<meta property='og:site_name' content='Valley Courier'>")
FERRY = page("Ferry runs aground near Skerry Point",
             "A passenger ferry with 212 people on board ran aground near Skerry Point on Saturday morning, the coastguard said.",
             "All passengers were taken ashore by lifeboats and nobody was seriously hurt, according to the coastguard.")
MENU_ONLY = b"<html><body><nav><a href='/a'>World</a> <a href='/b'>Sport</a></nav></body></html>"


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Valley Courier</title><link>{base}/</link><language>en</language>
  <item>
    <title>Storm cuts power to 40,000 homes</title>
    <link>{base}/storm.html</link>
    <pubDate>Fri, 19 Jan 2024 18:00:00 +0000</pubDate>
    <description>&lt;p&gt;A winter storm cut power to about 40,000 homes in the northern valleys.&lt;/p&gt;&lt;script&gt;bad()&lt;/script&gt;</description>
  </item>
  <item>
    <title>Ferry runs aground near Skerry Point</title>
    <link>{base}/ferry.html</link>
    <pubDate>Sat, 20 Jan 2024 09:30:00 +0000</pubDate>
    <description>A passenger ferry with 212 people on board ran aground on Saturday.</description>
  </item>
  <item><title></title><link>{base}/empty</link></item>
</channel></rss>""".encode("utf-8")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Watch</title>
  <entry>
    <title>Harbour reopens after fire</title>
    <link href="https://harbour-watch.example/reopens"/>
    <updated>2024-03-14T07:00:00Z</updated>
    <content type="html">&lt;p&gt;Northport harbour reopened on Thursday, two days after a fire destroyed two warehouses.&lt;/p&gt;</content>
  </entry>
</feed>
"""


# --- a small web server on 127.0.0.1 ----------------------------------------

class Site:
    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, str]] = []   # (path, user agent)

    def add(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
            headers: dict | None = None):
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, body)


@pytest.fixture(scope="module")
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            status, headers, body = state.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    state.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    state.add("/storm.html", STORM)
    state.add("/ferry.html", FERRY)
    state.add("/menu.html", MENU_ONLY)
    state.add("/private/secret.html", FERRY)
    state.add("/feed.rss", rss(state.base), "application/rss+xml")
    state.add("/big.html", STORM + b"<!--" + b"x" * 5000 + b"-->")
    for n in range(MAX_REDIRECTS + 2):
        state.add(f"/hop/{n}", b"", status=302, headers={"Location": f"/hop/{n + 1}"})
    state.add(f"/hop/{MAX_REDIRECTS + 2}", FERRY)
    state.add("/to-storm", b"", status=301, headers={"Location": "/storm.html"})
    state.add("/to-file", b"", status=302, headers={"Location": "file:///etc/passwd"})
    yield state
    server.shutdown()
    server.server_close()


def collect(inputs, **kwargs):
    return list(iter_sources(inputs, **kwargs))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, InputError)]


# --- folders and files ------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "corpus"
    (root / "b_sub").mkdir(parents=True)
    (root / ".hidden_dir").mkdir()
    (root / "a.txt").write_text("The council approved a budget of 3.2 million euros for the new bridge on Monday.", "utf-8")
    (root / "a.txt.meta.json").write_text(json.dumps({"outlet": "Town Gazette", "published": "2024-04-02"}), "utf-8")
    (root / ".draft.txt").write_text("A hidden draft that must not be read by the batch at all.", "utf-8")
    (root / ".hidden_dir" / "x.txt").write_text("Also hidden from the batch, since its folder is hidden.", "utf-8")
    shutil.copy(FIXTURES / "harbour_fire.html", root / "b_sub" / "fire.html")
    (root / "b_sub" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    (root / "b_sub" / "logo.png").write_bytes(b"\x89PNG\r\n" + b"\x00" * 100)      # other formats are skipped
    (root / "b_sub" / "notes.toml").write_text('title = "not an article"\n', "utf-8")
    (root / "c_empty.txt").write_bytes(b"")
    (root / "d_wire").write_text("Without an extension: read, and sniffed as text. 40 homes flooded.", "utf-8")
    items = collect([str(root)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article", "InputError", "Article"]
    first, broken, fire, empty, wire = items
    assert first.outlet == "Town Gazette" and first.published == dt.date(2024, 4, 2)
    assert broken.source.endswith("broken.txt") and broken.reason == "binary file (not text)"
    assert fire.title == "Fire at Northport harbour destroys two warehouses"
    assert empty.reason == "empty file"
    assert wire.text.startswith("Without an extension")
    assert [repr(i) for i in collect([str(root)])] == [repr(i) for i in items]   # deterministic


def test_missing_input_is_an_error_not_a_stop(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The river rose by two metres overnight, the water authority said on Sunday.", "utf-8")
    items = collect([str(tmp_path / "missing.txt"), str(good)])
    assert isinstance(items[0], InputError) and items[0].reason == "no such file"
    assert isinstance(items[1], Article)


def test_json_list_and_jsonl_with_bad_lines(tmp_path):
    records = [
        {"title": "Dam repairs start", "maintext": "Repairs on the Lindvik dam started on Monday and will take about 18 months.",
         "date_publish": "2024-05-06 09:00:00", "url": "https://lindvik-post.example/dam", "source_domain": "lindvik-post.example"},
        {"title": "No text in this one"},
        {"title": "Wind farm approved", "maintext": "Regulators approved a wind farm of 40 turbines off the western coast.",
         "date_publish": "2024-05-07", "language": "en"},
    ]
    listing = tmp_path / "batch.json"
    listing.write_text(json.dumps(records), "utf-8")
    items = collect([str(listing)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[0].url == "https://lindvik-post.example/dam" and items[0].published == dt.date(2024, 5, 6)
    assert items[1].source == f"{listing}[1]" and "no text field" in items[1].reason

    lines = tmp_path / "batch.jsonl"
    with open(lines, "wb") as handle:
        handle.write((json.dumps(records[0]) + "\n").encode())
        handle.write(b"\n")                                   # blank: skipped
        handle.write(b'{"title": "cut off", "maintext": \n')   # line 3: broken JSON
        handle.write(b'{"maintext": "caf\xe9 au lait"}\n')     # line 4: not UTF-8
        handle.write((json.dumps(records[2]) + "\n").encode())
    items = collect([str(lines)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[1].source == f"{lines}:3" and "not valid JSON" in items[1].reason
    assert items[2].source == f"{lines}:4" and items[2].reason == "not valid UTF-8"
    assert items[3].title == "Wind farm approved" and items[3].path == str(lines)


def test_feed_files_rss_and_atom(tmp_path):
    feed = tmp_path / "courier.rss"
    feed.write_bytes(rss("https://valley-courier.example"))
    items = collect([str(feed)])
    storm, ferry, empty = items
    assert storm.url == "https://valley-courier.example/storm.html"
    assert storm.outlet == "Valley Courier"
    assert storm.published == dt.date(2024, 1, 19)
    assert storm.title == "Storm cuts power to 40,000 homes"
    assert storm.text == ("Storm cuts power to 40,000 homes\n"
                          "A winter storm cut power to about 40,000 homes in the northern valleys.")
    assert ferry.published == dt.date(2024, 1, 20)
    assert isinstance(empty, InputError) and empty.reason == "feed entry has no text"

    atom = tmp_path / "harbour.xml"   # .xml: recognised as a feed by its content
    atom.write_text(ATOM, "utf-8")
    (entry,) = collect([str(atom)])
    assert entry.outlet == "Harbour Watch" and entry.url == "https://harbour-watch.example/reopens"
    assert entry.published == dt.date(2024, 3, 14)
    assert "reopened on Thursday" in entry.text


def test_broken_feed(tmp_path):
    feed = tmp_path / "broken.rss"
    feed.write_text("<rss><channel><title>Half a feed", "utf-8")
    (item,) = collect([str(feed)])
    assert isinstance(item, InputError) and item.reason.startswith("not a valid RSS/Atom feed")


def write_warc(path: Path, records: list[tuple[str, str, bytes]], gz: bool = True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, content_type, body in records:
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(
                f"GET / HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode())))
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))


@pytest.mark.parametrize("gz", [True, False])
def test_warc_file(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, [
        ("https://valley-courier.example/storm", "text/html; charset=utf-8", STORM),
        ("https://valley-courier.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("https://valley-courier.example/menu", "text/html", MENU_ONLY),
        ("https://island-news.example/ferry", "text/html", FERRY),
    ], gz=gz)
    items = collect([str(path)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    storm, menu, ferry = items
    assert storm.url == "https://valley-courier.example/storm" and storm.path == str(path)
    assert storm.outlet == "Valley Courier"
    assert "about 40,000 homes" in storm.text and "SCRIPT-TEXT" not in storm.text
    assert menu.source == "https://valley-courier.example/menu" and menu.reason == "no main text found in the HTML"
    assert ferry.url == "https://island-news.example/ferry" and "212 people" in ferry.text


@pytest.mark.parametrize("gz", [True, False])
def test_damaged_warc_keeps_what_came_before(tmp_path, gz):
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    write_warc(path, [("https://a.example/storm", "text/html", STORM), ("https://b.example/ferry", "text/html", FERRY)], gz=gz)
    path.write_bytes(path.read_bytes()[:-150])   # the download broke off inside the last record
    items = collect([str(path)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError"]
    assert items[0].url == "https://a.example/storm"
    assert items[1].source == str(path) and items[1].reason.startswith("damaged WARC file")


def test_not_a_warc_file(tmp_path):
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"this is just some gzipped text, not a web archive\n" * 20))
    (item,) = collect([str(path)])
    assert isinstance(item, InputError) and item.reason.startswith("damaged WARC file")


# --- URLs ---------------------------------------------------------------------

def test_loopback_url_is_refused_by_default(site):
    (item,) = collect([f"{site.base}/storm.html"])
    assert isinstance(item, InputError)
    assert item.source == f"{site.base}/storm.html"
    assert item.reason.startswith("refused: 127.0.0.1 resolves to 127.0.0.1 is a loopback address")
    assert "allow_private" in item.reason


def test_localhost_name_is_refused_by_default():
    with Fetcher() as fetcher, pytest.raises(InputError) as info:
        fetcher.fetch("http://localhost:9/")
    assert "loopback address" in info.value.reason


@pytest.mark.parametrize("address, kind", [
    ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("172.16.5.4", "private"),
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("::ffff:10.0.0.1", "private"), ("100.64.0.1", "not a public address"),
])
def test_non_public_addresses_are_named(address, kind):
    assert kind in refused_address_reason(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"])
def test_public_addresses_pass(address):
    assert refused_address_reason(address) is None


def test_page_url_with_allow_private(site):
    (item,) = collect([f"{site.base}/storm.html"], allow_private=True)
    assert isinstance(item, Article)
    assert item.url == f"{site.base}/storm.html"
    assert item.outlet == "Valley Courier" and item.language == "en"
    assert "about 40,000 homes" in item.text and "SCRIPT-TEXT" not in item.text
    assert (("/storm.html", USER_AGENT) in site.requests)
    assert USER_AGENT.startswith("claimgrid/") and "+https://github.com/claimgrid/claimgrid" in USER_AGENT


def test_redirects_are_followed_and_bounded(site):
    (item,) = collect([f"{site.base}/to-storm"], allow_private=True)
    assert isinstance(item, Article) and item.url == f"{site.base}/storm.html"
    ok_start = f"{site.base}/hop/2"   # 5 hops to the page: allowed
    (item,) = collect([ok_start], allow_private=True)
    assert isinstance(item, Article) and item.url == f"{site.base}/hop/{MAX_REDIRECTS + 2}"
    (item,) = collect([f"{site.base}/hop/0"], allow_private=True)   # 7 hops: too many
    assert isinstance(item, InputError) and item.reason == f"too many redirects (limit {MAX_REDIRECTS})"
    (item,) = collect([f"{site.base}/to-file"], allow_private=True)
    assert isinstance(item, InputError) and item.reason.startswith("unsupported URL scheme 'file'")


def test_robots_txt_is_respected(site):
    (item,) = collect([f"{site.base}/private/secret.html"], allow_private=True)
    assert isinstance(item, InputError) and item.reason.startswith("disallowed by robots.txt")
    assert ("/private/secret.html", USER_AGENT) not in site.requests


def test_http_errors_and_size_limit(site):
    (item,) = collect([f"{site.base}/nothing-here"], allow_private=True)
    assert isinstance(item, InputError) and item.reason == "HTTP 404 Not Found"
    with Fetcher(allow_private=True, max_bytes=len(STORM) + 100) as fetcher:
        assert fetcher.fetch(f"{site.base}/storm.html").content == STORM
        with pytest.raises(InputError) as info:
            fetcher.fetch(f"{site.base}/big.html")
    assert info.value.reason.startswith("too large:")


def test_feed_url_and_fetching_its_entries(site):
    items = collect([f"{site.base}/feed.rss"], allow_private=True)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError"]
    assert items[0].url == f"{site.base}/storm.html" and items[0].outlet == "Valley Courier"
    assert "Crews expected" not in items[0].text     # only the summary without fetching

    fetched = collect([f"{site.base}/feed.rss"], allow_private=True, fetch=True)
    storm, ferry, empty = fetched
    assert "Crews expected to restore most connections" in storm.text   # the whole page
    assert storm.published == dt.date(2024, 1, 19) and storm.outlet == "Valley Courier"
    assert "nobody was seriously hurt" in ferry.text and ferry.url == f"{site.base}/ferry.html"
    assert isinstance(empty, InputError)


def test_feed_entry_pages_are_refused_without_allow_private(tmp_path, site):
    feed = tmp_path / "local.rss"
    feed.write_bytes(rss(site.base))
    items = collect([str(feed)], fetch=True)
    assert all(isinstance(i, InputError) for i in items)
    assert "loopback address" in items[0].reason and items[0].source == f"{site.base}/storm.html"
