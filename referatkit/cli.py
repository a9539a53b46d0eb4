"""The ``referatkit`` command line.

Exit codes: 0 done, 1 the input or output failed (one line on stderr, no
traceback, no output file), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from ._api import atomic_write, read, render
from .archive import _cli as archive_cli
from .editions import EDITIONS, has_closed_content
from .errors import FormatError, LossWarning, ReadError, ReadWarning, ReferatkitError
from .formats import by_name, by_suffix, formats
from .formats._xmlparse import parse_xml
from .formats.xml import problems as xml_problems
from .l10n import format_short_date
from .model import DocumentKind, Meeting, validate

#: Formats a secretary may put on a website: writing closed content to them is said aloud.
PUBLISHABLE = frozenset({"odt", "pdf", "html", "text", "akn"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fejl: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="referatkit", description="Læs, konvertér og udgiv dagsordener og referater.")
    parser.add_argument("--version", action="version", version=f"referatkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    convert = commands.add_parser("convert", help="konvertér et dokument fra ét format til et andet")
    convert.add_argument("input", type=Path)
    convert.add_argument("output", type=Path)
    convert.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="inputformat (ellers fra endelsen)"
    )
    convert.add_argument(
        "--to", dest="to_format", metavar="FORMAT", help="outputformat (ellers fra endelsen)"
    )
    convert.add_argument(
        "--strict", action="store_true", help="fejl i stedet for advarsel ved tab af indhold"
    )
    convert.add_argument(
        "--edition",
        choices=EDITIONS,
        help="udgave: public (intet lukket indhold), full (alt), agenda (dagsorden uden beslutninger) "
        "eller public-agenda; standard er public for html og full for de andre formater",
    )
    info = commands.add_parser("info", help="vis et resumé af et dokument og dets problemer")
    info.add_argument("input", type=Path)
    info.add_argument("--from", dest="from_format", metavar="FORMAT")
    commands.add_parser("formats", help="vis de kendte formater")
    check = commands.add_parser("validate", help="kontrollér en referatkit-XML-fil mod dens XSD")
    check.add_argument("input", type=Path)
    archive_cli.add_commands(commands)
    return parser


def summary(meeting: Meeting) -> str:
    """One line: kind, forum, date, counts."""
    closed = sum(not item.public for item in meeting.items)
    decisions = sum(len(item.decisions) for item in meeting.items)
    attachments = sum(len(item.attachments) for item in meeting.items)
    kind = "referat" if meeting.kind is DocumentKind.MINUTES else "dagsorden"
    return (
        f"{kind} for {meeting.forum.name} {format_short_date(meeting.start.date())}: "
        f"{len(meeting.items)} punkter ({closed} lukkede), {decisions} beslutninger, "
        f"{attachments} bilag"
    )


def _read(args: argparse.Namespace) -> tuple[Meeting, int]:
    """The input, with what the reader kept only approximately told as warnings (and counted)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        meeting = read(args.input, format=args.from_format)
    approximate = [w for w in caught if issubclass(w.category, ReadWarning)]
    for w in approximate:
        print(f"advarsel: {w.message}", file=sys.stderr)
    return meeting, len(approximate)


def _convert(args: argparse.Namespace) -> int:
    to_format = by_name(args.to_format) if args.to_format else by_suffix(args.output)
    meeting, approximate = _read(args)
    edition = args.edition or to_format.edition
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        output = render(meeting, to_format.name, edition=edition)
    losses = [w for w in caught if issubclass(w.category, LossWarning)]
    for w in losses:
        print(f"advarsel: {w.message}", file=sys.stderr)
    if args.strict and (losses or approximate):
        print(f"referatkit: {args.output} er ikke skrevet (--strict)", file=sys.stderr)
        return 1
    atomic_write(args.output, output)
    if edition in ("full", "agenda") and to_format.name in PUBLISHABLE and has_closed_content(meeting):
        print(
            f"bemærk: {args.output} er den fulde udgave og indeholder lukket indhold; "
            "brug --edition public til offentliggørelse",
            file=sys.stderr,
        )
    print(f"{args.output} ({to_format.name}): {summary(meeting)}")
    return 0


def _info(args: argparse.Namespace) -> int:
    meeting, _ = _read(args)
    print(summary(meeting))
    for item in meeting.items:
        status = "" if item.public else " [lukket]"
        print(f"  {item.number}. {item.full_title}{status}")
    problems = validate(meeting)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _formats() -> int:
    width = max(len(fmt.name) for fmt in formats())
    for fmt in formats():
        modes = "/".join(x for x, ok in (("læs", fmt.can_read), ("skriv", fmt.can_write)) if ok)
        print(f"{fmt.name:{width}} {modes:10} {' '.join(fmt.suffixes):14} {fmt.description}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Every way the file breaks referatkit XML's schema, one line each: exit 0 valid, 1 not."""
    try:
        data = args.input.read_bytes()
    except OSError as exc:
        raise ReadError(f"kan ikke læses: {exc.strerror}", source=str(args.input)) from None
    root = parse_xml(data, str(args.input))
    problems = xml_problems(root)
    for problem in problems:
        print(f"{args.input}:{problem.line}:{problem.column}: {problem.message}")
    if problems:
        print(f"{args.input}: ugyldig ({len(problems)} fejl)", file=sys.stderr)
        return 1
    print(f"{args.input}: gyldig referatkit-XML")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "info":
            return _info(args)
        if args.command == "validate":
            return _validate(args)
        if args.command in archive_cli.COMMANDS:
            return archive_cli.run(args)
        return _formats()
    except FormatError as exc:
        print(f"referatkit: fejl: {exc}", file=sys.stderr)
        return 2
    except ReferatkitError as exc:
        print(f"referatkit: {exc}", file=sys.stderr)
        return 1
