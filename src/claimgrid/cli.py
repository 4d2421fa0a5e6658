"""The ``claimgrid`` command: one verb per public function.

Each verb parses its arguments, calls the library, prints, and maps errors to
exit codes: 0 success, 2 bad input or usage (one line naming the file and the
reason), 1 an unexpected failure (a bug: run with --debug for the traceback).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .corpus_cli import add_corpus_commands
from .errors import ClaimgridError, InputError, NotEnoughSourcesError, UnsupportedLanguageError

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2
FORMATS = ("terminal", "json", "html", "md")

COMPARE_EPILOG = """\
examples:
  claimgrid compare examples/rioni-flood/*.txt
  claimgrid compare a.txt b.html --published 2023-05-01 --format json > report.json
  claimgrid compare a.txt b.txt c.json --format html --output report.html

inputs: .txt (UTF-8, other encodings detected), .html/.htm (main text, title,
date and site from the page), news-please .json. A sidecar FILE.meta.json may
give title, url, outlet, published and language for FILE.

bad input: a file that cannot be read (missing, a directory, empty, binary,
undecodable, larger than 10 MB, HTML without main text) is skipped with a
warning on stderr while at least two readable sources remain; with fewer, the
command prints one line per reason and exits with status 2.

languages: en, fi, de, ru, uk, fr, es, detected per file. A file in another
language is listed with a warning and gives no claims.

relations: agree (same fact), compatible (consistent; qualifier, precision,
wording, time window or place differ), conflict (same measure and scope,
values that cannot both be true), related (same measure, different scope).
"""

QUANTITIES_EPILOG = """\
examples:
  echo 'Exports to China dropped 7% to $2.3 billion.' | claimgrid quantities
  claimgrid quantities sentences.txt --lang de > quantities.jsonl

Reads one sentence per line and writes one JSON object per line
(claimgrid.quantities/1): span, text, value, low, high, qualifier, unit,
measure and change of every quantity. The extractor is the one compare uses.
"""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="claimgrid: %(levelname)s: %(message)s")
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.run(args)
    except (InputError, NotEnoughSourcesError, UnsupportedLanguageError) as err:
        print(f"claimgrid: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    except ClaimgridError as err:
        print(f"claimgrid: error: {err}", file=sys.stderr)
        return EXIT_BUG
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 — the last line of defence: no traceback for users
        if args.debug:
            raise
        print(f"claimgrid: internal error: {type(err).__name__}: {err} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_BUG


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimgrid",
        description="Cross-check news reports: find what each source claims (numbers above all), line the "
                    "claims up across sources and languages, and show where they agree, differ or conflict.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"claimgrid {__version__}")
    parser.add_argument("--debug", action="store_true", help="show debug logs and tracebacks")
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND")

    compare = verbs.add_parser(
        "compare", help="cross-check a handful of reports of one event",
        description="Cross-check two or more reports of one event and print the claim grid.",
        epilog=COMPARE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    compare.add_argument("files", nargs="+", metavar="FILE", help="reports to compare (two or more)")
    compare.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                         help="publication date for files that carry none; relative times "
                              "('since December', 'on Monday') resolve against it")
    compare.add_argument("--lang", metavar="CODE", help="read every file as this language (default: detect)")
    compare.add_argument("--format", choices=FORMATS, default="terminal",
                         help="terminal grid (default), JSON (claimgrid.report/1), self-contained HTML, Markdown")
    compare.add_argument("--output", "-o", metavar="PATH", help="write to PATH instead of standard output")
    compare.add_argument("--no-color", action="store_true", help="plain terminal output")
    compare.set_defaults(run=run_compare)

    quantities = verbs.add_parser(
        "quantities", help="extract quantities from sentences, one JSON line each",
        description="Extract the quantities of each input line.",
        epilog=QUANTITIES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    quantities.add_argument("input", nargs="?", default="-", metavar="FILE",
                            help="one sentence per line; '-' or nothing reads standard input")
    quantities.add_argument("--lang", metavar="CODE", help="language of the sentences (default: detect per line)")
    quantities.set_defaults(run=run_quantities)
    add_corpus_commands(verbs)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def run_compare(args: argparse.Namespace) -> int:
    from .compare import compare

    report = compare(args.files, published=args.published, lang=args.lang)
    for warning in report["warnings"]:
        print(f"claimgrid: warning: {warning}", file=sys.stderr)
    color = False if (args.no_color or args.output) else None
    write_output(render(report, args.format, color=color), args.output)
    return EXIT_OK


def render(report: dict, fmt: str, color: bool | None = None) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from .report.html import render_html
        return render_html(report)
    if fmt == "md":
        from .report.markdown import render_markdown
        return render_markdown(report)
    from .report.terminal import render_terminal
    return render_terminal(report, color=color)


def write_output(text: str, path: str | None) -> None:
    """Print, or write ``path`` atomically so a failure never leaves half a file."""
    if path is None:
        sys.stdout.write(text)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_quantities(args: argparse.Namespace) -> int:
    from .claims.quantities import quantities_json
    from .lang import detect_language
    from .lexicons import supported_languages

    supported = supported_languages()
    if args.lang is not None and args.lang not in supported:
        raise UnsupportedLanguageError(f"language '{args.lang}' is not supported (supported: {', '.join(supported)})")
    stream = sys.stdin if args.input == "-" else _open_text(args.input)
    with stream:
        for number, line in enumerate(stream, 1):
            sentence = line.rstrip("\n")
            # Too short to tell: read as English (the default language); a language we do not read: nothing.
            lang = args.lang or detect_language(sentence) or "en"
            if lang not in supported:
                print(f"claimgrid: warning: line {number}: language '{lang}' is not supported; no quantities read",
                      file=sys.stderr)
                result = {"text": sentence, "quantities": []}
            else:
                result = quantities_json(sentence, lang)
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_OK


def _open_text(path: str):
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        return p.open(encoding="utf-8")
    except OSError as err:
        raise InputError(path, err.strerror or str(err)) from None


if __name__ == "__main__":
    sys.exit(main())
