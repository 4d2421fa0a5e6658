"""The corpus verbs of the ``claimgrid`` command: ingest, stories, report, search, errors.

Each verb parses, calls one function of ``claimgrid.corpus`` or the store, and
prints; ``cli.main`` maps errors to exit statuses (2: bad input, one line).
"""
from __future__ import annotations

import argparse
import json
import sys

DEFAULT_DB = "claimgrid.db"
REPORT_FORMATS = ("terminal", "json", "html", "md")

INGEST_EPILOG = """\
examples:
  claimgrid ingest news/                      # a folder, recursively
  claimgrid ingest crawl.warc.gz feed.rss --db monitor.db
  claimgrid ingest https://example.org/feed.xml --fetch --format json

inputs: folders, .txt, .html, news-please .json and .jsonl, RSS/Atom feeds,
WARC files, http(s) URLs. In a folder, files of other formats (.toml, .png,
.py, ...) are skipped and files without an extension are sniffed; a file
named on the command line is always read. Each new article is stored once
(by content hash), its claims are read, and it joins a story or starts one.
An input that cannot be read is recorded (see 'claimgrid errors') and the
run goes on.

Resumable: stopped at any moment, the same command run again finishes the
job; the store ends exactly as one uninterrupted run leaves it.
"""

CORPUS_WORKFLOW = """\
workflow:
  claimgrid ingest news/ && claimgrid stories && claimgrid report S1
"""


def add_corpus_commands(verbs: argparse._SubParsersAction) -> None:
    """Register the corpus verbs on the ``claimgrid`` subparsers."""
    from .cli import _date

    def db_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                            help=f"the SQLite store (default: {DEFAULT_DB})")

    ingest = verbs.add_parser(
        "ingest", help="read sources into the store and group them into stories",
        description="Read sources into the store: articles, claims and stories.",
        epilog=INGEST_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ingest.add_argument("inputs", nargs="+", metavar="PATH|URL", help="files, folders, feeds, WARC files or URLs")
    db_option(ingest)
    ingest.add_argument("--fetch", action="store_true", help="fetch each feed entry's page instead of its summary")
    ingest.add_argument("--allow-private", action="store_true",
                        help="allow URLs on private, loopback and link-local addresses (intranets, tests)")
    ingest.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                        help="publication date for items that carry none")
    ingest.add_argument("--format", choices=("text", "json"), default="text",
                        help="summary as a line of text (default) or a JSON object (claimgrid.ingest/1)")
    ingest.add_argument("--batch-size", type=int, default=16, metavar="N",
                        help="articles per transaction (default 16); a killed run loses at most one batch of work")
    ingest.add_argument("--quiet", "-q", action="store_true",
                        help="no progress bar, no per-input error lines, no text summary")
    ingest.set_defaults(run=run_ingest)

    stories = verbs.add_parser("stories", help="list the stories in the store",
                               description="List the stories in the store with their articles.",
                               epilog=CORPUS_WORKFLOW, formatter_class=argparse.RawDescriptionHelpFormatter)
    db_option(stories)
    stories.add_argument("--format", choices=("table", "json"), default="table",
                         help="a table (default) or JSON (claimgrid.stories/1)")
    stories.set_defaults(run=run_stories)

    report = verbs.add_parser("report", help="cross-check the articles of one story",
                              description="The compare report over the articles of one story.",
                              epilog=CORPUS_WORKFLOW, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("story", metavar="STORY", help="a story id from 'claimgrid stories' (S1, S2, …)")
    db_option(report)
    report.add_argument("--format", choices=REPORT_FORMATS, default="terminal",
                        help="terminal grid (default), JSON (claimgrid.report/1), self-contained HTML, Markdown")
    report.add_argument("--output", "-o", metavar="PATH", help="write to PATH instead of standard output")
    report.add_argument("--no-color", action="store_true", help="plain terminal output")
    report.set_defaults(run=run_report)

    search = verbs.add_parser("search", help="full-text search over stored articles and claims",
                              description="Search stored articles (title and text) and claims. QUERY is "
                                          "SQLite FTS5 syntax: words, \"a phrase\", OR, NOT, prefix*. "
                                          "English words match their other forms (killing finds killed).")
    search.add_argument("query", metavar="QUERY")
    db_option(search)
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N articles and N claims")
    search.add_argument("--format", choices=("table", "json"), default="table")
    search.set_defaults(run=run_search)

    errors = verbs.add_parser("errors", help="inputs that could not be read, with the reason",
                              description="Inputs that could not be read during ingest, with the reason.")
    db_option(errors)
    errors.add_argument("--format", choices=("table", "json"), default="table")
    errors.set_defaults(run=run_errors)


def _console(stream=None):
    """A rich console; into a pipe or file, tables keep one line per row (no wrapping at 80 columns)."""
    from rich.console import Console
    stream = stream or sys.stdout
    width = None if stream.isatty() else 10_000
    return Console(file=stream, width=width, highlight=False, markup=False, soft_wrap=False)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run_ingest(args: argparse.Namespace) -> int:
    from .cli import EXIT_INPUT, EXIT_OK
    from .corpus import estimate_total, ingest
    from .errors import InputError
    from .store import open_store

    show_progress = not args.quiet and sys.stderr.isatty()
    with open_store(args.db) as store:
        if show_progress:
            summary = _ingest_with_progress(args, store, estimate_total(args.inputs))
        else:
            def report_error(_n, item):
                if isinstance(item, InputError) and not args.quiet:
                    print(f"claimgrid: warning: {item}", file=sys.stderr)
            summary = ingest(args.inputs, store, fetch=args.fetch, allow_private=args.allow_private,
                             published=args.published, batch_size=args.batch_size, on_item=report_error)
    if args.format == "json":
        _print_json(summary.as_dict())
    elif not args.quiet:
        print(f"claimgrid: {summary.line()}")
    if summary.errors and not (summary.new or summary.present):
        if args.quiet and args.format != "json":
            print(f"claimgrid: error: no input could be read ({summary.errors} errors; see 'claimgrid errors')",
                  file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _ingest_with_progress(args, store, total):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)
    from rich.console import Console
    from rich.text import Text

    from .corpus import ingest
    from .errors import InputError

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} items/s" if task.speed else "– items/s")

    columns = [SpinnerColumn(), TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TextColumn("eta"), TimeRemainingColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("ingest", total=total)

        def advance(n, item):
            if isinstance(item, InputError):
                progress.console.print(f"claimgrid: warning: {item}", markup=False, highlight=False)
            if total is not None and n > total:
                progress.update(task, total=None)
            progress.update(task, completed=n)

        return ingest(args.inputs, store, fetch=args.fetch, allow_private=args.allow_private,
                      published=args.published, batch_size=args.batch_size, on_item=advance)


def run_stories(args: argparse.Namespace) -> int:
    from .corpus import stories_document
    from .store import open_store

    with open_store(args.db, create=False) as store:
        document = stories_document(store)
    if args.format == "json":
        _print_json(document)
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("story", "topic", "articles", "languages", "first seen", "last seen", "title"):
        table.add_column(column, no_wrap=column != "title", overflow="fold")
    for story in document["stories"]:
        table.add_row(story["id"], story.get("topic") or "–", str(len(story["articles"])), ",".join(story["languages"]),
                      story["first_seen"] or "–", story["last_seen"] or "–", story["title"] or "–")
    _console().print(table)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from .cli import render, write_output
    from .corpus import story_report
    from .store import open_store

    with open_store(args.db, create=False) as store:
        report = story_report(store, args.story)
    for warning in report["warnings"]:
        print(f"claimgrid: warning: {warning}", file=sys.stderr)
    color = False if (args.no_color or args.output) else None
    write_output(render(report, args.format, color=color), args.output)
    return 0


def run_search(args: argparse.Namespace) -> int:
    from .store import open_store

    with open_store(args.db, create=False) as store:
        found = store.search(args.query, limit=args.limit)
    if args.format == "json":
        _print_json(found)
        return 0
    from rich.table import Table

    console = _console()
    articles = Table(title=f"articles ({len(found['articles'])})", box=None, pad_edge=False, title_justify="left")
    for column in ("story", "article", "source", "snippet"):
        articles.add_column(column, no_wrap=column != "snippet", overflow="fold")
    for a in found["articles"]:
        articles.add_row(a["story"] or "–", a["id"], a["path"] or a["url"] or "–", a["snippet"])
    claims = Table(title=f"claims ({len(found['claims'])})", box=None, pad_edge=False, title_justify="left")
    for column in ("story", "claim", "kind", "measure", "snippet"):
        claims.add_column(column, no_wrap=column != "snippet", overflow="fold")
    for c in found["claims"]:
        claims.add_row(c["story"] or "–", c["id"], c["kind"], c["measure"] or "–", c["snippet"])
    console.print(articles)
    console.print()
    console.print(claims)
    return 0


def run_errors(args: argparse.Namespace) -> int:
    from .store import open_store

    with open_store(args.db, create=False) as store:
        rows = store.errors()
    if args.format == "json":
        _print_json({"schema": "claimgrid.errors/1", "errors": rows})
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("input", "reason", "count", "last seen"):
        table.add_column(column, no_wrap=column in ("count", "last seen"), overflow="fold")
    for row in rows:
        table.add_row(row["input"], row["reason"], str(row["count"]), row["last_seen"])
    _console().print(table)
    return 0
