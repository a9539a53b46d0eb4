"""The ``site`` subcommand of the ``referatkit`` command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("site",)


def add_commands(commands: Any) -> None:
    """Add ``site`` to argparse's subparsers ``commands``."""
    site = commands.add_parser(
        "site",
        help="byg et statisk websted af et lager: møder, udvalg, sager, søgning, kalendere, feeds, OParl",
        description="Byg webstedet af lagerets offentlige udgave i MAPPE. Kun det, der er ændret, "
        "skrives igen; webstedet bygges ved siden af og skiftes ind i ét.",
    )
    site.add_argument(
        "--db", required=True, metavar="LAGER", help="lagerets fil eller adresse (postgresql://…)"
    )
    site.add_argument("-o", "--output", type=Path, required=True, metavar="MAPPE", help="webstedets mappe")
    site.add_argument(
        "--url",
        default="http://localhost:8000/",
        metavar="ADRESSE",
        help="adressen, webstedet vises på (kalendere, feeds og OParl bruger hele adresser); "
        "standard http://localhost:8000/",
    )
    site.add_argument(
        "--title", default="Dagsordener og referater", metavar="TITEL", help="forsidens overskrift"
    )
    site.add_argument("--body", metavar="NAVN", help="kommunens navn i OParl (ellers fra møderne)")
    site.add_argument("--attachment-base-url", metavar="ADRESSE", help="hvor portalen har bilagene")
    site.add_argument("--no-search", action="store_true", help="byg uden søgeindeks (Pagefind)")


def run(args: argparse.Namespace) -> int:
    """Build the site; ReferatkitErrors propagate to the caller (printed in Danish)."""
    from . import SiteOptions, build_site  # noqa: PLC0415 - keeps the CLI's start-up light

    options = SiteOptions(
        base_url=args.url if args.url.endswith("/") else args.url + "/",
        title=args.title,
        body=args.body,
        attachment_base_url=args.attachment_base_url,
        search=not args.no_search,
    )
    report = build_site(args.db, args.output, options)
    print(report.summary())
    return 0
