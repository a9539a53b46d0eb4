"""The ``archive`` and ``validate-archive`` subcommands of the ``referatkit`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_commands", "run"]

COMMANDS = ("archive", "validate-archive")


def add_commands(commands: Any) -> None:
    """Add ``archive`` and ``validate-archive`` to argparse's subparsers ``commands``."""
    archive = commands.add_parser(
        "archive",
        help="aflevér møder som arkiveringsversion (AVID.…) til Rigsarkivet eller et kommunalt arkiv",
        description="Skriv en arkiveringsversion af møderne: tabeller, referater og bilag som TIFF, "
        "indeks og kontekstdokumentation. En afbrudt kørsel fortsætter, hvor den slap.",
    )
    archive.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="mødefiler eller mapper med dem"
    )
    archive.add_argument(
        "-o", "--output", type=Path, required=True, metavar="MAPPE", help="mappen, AVID-mappen skrives i"
    )
    archive.add_argument(
        "--config",
        type=Path,
        required=True,
        metavar="FIL",
        help="konfigurationen (TOML), se examples/archive.toml",
    )
    archive.add_argument("--attachments", type=Path, metavar="MAPPE", help="mappe med bilagenes filer")
    archive.add_argument("--strict", action="store_true", help="fejl, hvis et bilags fil mangler")
    archive.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="antal samtidige processer"
    )
    archive.add_argument("--restart", action="store_true", help="begynd forfra i stedet for at fortsætte")
    check = commands.add_parser(
        "validate-archive", help="kontrollér en arkiveringsversion og vis alle problemer"
    )
    check.add_argument("folder", type=Path, metavar="MAPPE")


def _inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives the meeting files below it, as ``convert`` finds them
    (PDF and Word files beside a meeting are its attachments, not meetings)."""
    from ..batch import find_inputs  # noqa: PLC0415 (start-up: the parser imports this module)

    return [file for file, _ in find_inputs(paths)]


class _Progress:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if self.tty:
            bar = "#" * (percent // 4)
            print(f"\rdokumenter: [{bar:25}] {done}/{total}", end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)
        elif percent // 10 != self.last // 10 or done == total:
            print(f"dokumenter: {done}/{total}", file=sys.stderr, flush=True)
        self.last = percent


def run(args: argparse.Namespace) -> int:
    """Run the subcommand ``args.command``; ReferatkitErrors propagate to the caller."""
    from . import archive, validate_archive  # noqa: PLC0415 - keeps the CLI's start-up light

    if args.command == "validate-archive":
        problems = validate_archive(args.folder)
        for problem in problems:
            print(f"{args.folder}/{problem}")
        if problems:
            print(f"{args.folder}: ugyldig arkiveringsversion ({len(problems)} problemer)", file=sys.stderr)
            return 1
        print(f"{args.folder}: gyldig arkiveringsversion")
        return 0
    if args.jobs < 1:
        print("referatkit: fejl: -j skal være mindst 1", file=sys.stderr)
        return 2
    inputs = _inputs(args.inputs)
    import concurrent.futures as cf  # noqa: PLC0415 (start-up)

    executor = cf.ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
    try:
        report = archive(
            inputs,
            args.output,
            args.config,
            attachments_dir=args.attachments,
            strict=args.strict,
            executor=executor,
            progress=_Progress(),
            resume=not args.restart,
        )
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    for message in report.warnings:
        print(f"advarsel: {message}", file=sys.stderr)
    for missing in report.missing:
        print(f"mangler: {missing}", file=sys.stderr)
    print(report.summary())
    return 0
