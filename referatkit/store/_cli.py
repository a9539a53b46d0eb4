"""The ``index``, ``search`` and ``case`` subcommands of the ``referatkit`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._records import CaseHistory, SearchHit, StoreEdition

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("index", "search", "case")

_FULL_NOTE = "fuld udgave: indeholder lukkede punkter, må ikke offentliggøres"


def _positive(text: str) -> int:
    """A whole number of at least 1 (``--limit``); argparse says the rest in Danish."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} er ikke et helt tal") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"skal være 1 eller mere, ikke {value}")
    return value


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        required=True,
        metavar="FIL|URL",
        help="samlingen: en SQLite-fil eller postgresql://bruger@vært/database",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="den fulde udgave med lukkede punkter (ellers kun den offentlige)",
    )


def add_commands(commands: Any) -> None:
    """Add ``index``, ``search`` and ``case`` to argparse's subparsers ``commands``."""
    index = commands.add_parser(
        "index",
        help="læg møder i en samling (SQLite eller PostgreSQL) med sager og søgning",
        description="Tilføj og opdatér møderne i samlingen: en ny kilde tilføjes, en ændret erstatter "
        "sit møde, en uændret koster kun sin kontrolsum. Hvert møde skrives for sig, så en afbrudt "
        "kørsel fortsætter næste gang.",
    )
    index.add_argument("sources", nargs="+", metavar="KILDE", help="mødefiler eller mapper med dem")
    _database(index)
    index.add_argument(
        "--prune",
        action="store_true",
        help="markér møder, hvis kilde under KILDE er væk, som trukket tilbage (de bevares med dato)",
    )
    index.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="antal processer, der læser")
    search = commands.add_parser(
        "search",
        help="søg i samlingens punkter (dansk: bøjninger, å/aa, ø/oe, æ/ae)",
        description='Søg efter ord (alle skal findes), "fraser i anførselstegn" og begyndelser af ord '
        "med * (budg*). Bedste resultat først, med den tekst, der matcher.",
    )
    search.add_argument("query", metavar="SØGNING")
    _database(search)
    search.add_argument("--forum", metavar="NAVN", help="kun dette udvalg (ethvert navn for det)")
    search.add_argument("--year", type=int, metavar="ÅR", help="kun møder i dette år")
    search.add_argument("--case", metavar="SAGSNUMMER", help="kun punkter i denne sag")
    search.add_argument(
        "--kind", choices=("agenda", "minutes"), help="kun dagsordener (agenda) eller referater (minutes)"
    )
    search.add_argument("--limit", type=_positive, default=20, metavar="N", help="højst N resultater (20)")
    search.add_argument("--json", action="store_true", help="skriv resultaterne som JSON")
    case = commands.add_parser(
        "case",
        help="vis en sags forløb: dens behandlinger i orden med datoer og beslutninger",
        description="Vis sagens behandlinger på tværs af møder og udvalg, fra samlingen og fra det, "
        "møderne selv oplyser (Sagens forløb); uoverensstemmelser vises også.",
    )
    case.add_argument("number", metavar="SAGSNUMMER")
    _database(case)
    case.add_argument("--json", action="store_true", help="skriv forløbet som JSON")


def _edition(args: argparse.Namespace) -> StoreEdition:
    return "full" if args.full else "public"


def run(args: argparse.Namespace) -> int:
    """Run the subcommand ``args.command``; ReferatkitErrors propagate to the caller."""
    from ._store import Store  # noqa: PLC0415 - keeps the CLI's start-up light

    if args.command == "index":
        if args.jobs < 1:
            from ..errors import ReferatkitError  # noqa: PLC0415

            raise ReferatkitError("-j skal være mindst 1")
        with Store.open(args.db, edition=_edition(args), create=True) as store:
            report = store.index(args.sources, jobs=args.jobs, prune=args.prune)
        for _, message in report.failed:
            print(f"referatkit: {message}", file=sys.stderr)
        print(report.counts() + (f" ({_FULL_NOTE})" if args.full else ""))
        return 0 if report.ok else 1
    with Store.open(args.db, edition=_edition(args)) as store:
        if args.command == "search":
            hits = store.search(
                args.query, forum=args.forum, year=args.year, case=args.case, kind=args.kind, limit=args.limit
            )
            _print_hits(args.query, hits, store.edition, as_json=args.json)
            return 0
        history = store.case(args.number)
        if history is None:
            from ..errors import ReferatkitError  # noqa: PLC0415

            raise ReferatkitError(f"{store.name}: sagen {args.number} findes ikke i samlingen")
        _print_case(history, as_json=args.json)
        return 0


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "forum": hit.forum,
        "date": hit.date.isoformat(),
        "number": hit.number,
        "title": hit.title,
        "case": hit.case,
        "passage": hit.passage,
        "meeting": hit.meeting_key,
        "kind": hit.kind.value,
        "rank": round(hit.rank, 6),
        "edition": hit.edition,
    }


def _print_hits(query: str, hits: list[SearchHit], edition: StoreEdition, *, as_json: bool) -> None:
    from ..l10n import format_date  # noqa: PLC0415

    if as_json:
        out = {"query": query, "edition": edition, "hits": [_hit_json(h) for h in hits]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if edition == "full":
        print(f"({_FULL_NOTE})")
    if not hits:
        print("ingen resultater")
    for place, hit in enumerate(hits, 1):
        case = f" [sag {hit.case}]" if hit.case else ""
        kind = "dagsorden" if hit.kind.value == "agenda" else "referat"
        print(
            f"{place}. {hit.forum}, {format_date(hit.date)} ({kind}), punkt {hit.number}: {hit.title}{case}"
        )
        print(f"   {hit.passage}")


def _print_case(history: CaseHistory, *, as_json: bool) -> None:
    from ..l10n import format_date  # noqa: PLC0415

    if as_json:
        out = {
            "case": history.number,
            "title": history.title,
            "edition": history.edition,
            "treatments": [
                {
                    "forum": t.forum,
                    "date": t.date.isoformat(),
                    "meeting": t.meeting_key,
                    "number": t.item_number,
                    "title": t.title,
                    "decision": t.decision,
                    "recommendation": t.recommendation,
                    "origin": t.origin,
                    "edition": history.edition,
                }
                for t in history.treatments
            ],
            "discrepancies": [
                {"forum": d.forum, "date": d.date.isoformat(), "stated_in": d.stated_in, "what": d.what}
                for d in history.discrepancies
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if history.edition == "full":
        print(f"({_FULL_NOTE})")
    print(f"Sag {history.number}: {history.title}")
    origins = {"collection": "", "both": "", "stated": " (kun oplyst i sagens forløb)"}
    for place, t in enumerate(history.treatments, 1):
        where = f", punkt {t.item_number}" if t.item_number else ""
        print(f"{place}. {format_date(t.date)}, {t.forum}{where}{origins[t.origin]}")
        decision = " ".join(t.decision.split())
        print(f"   Beslutning: {decision}" if decision else "   Beslutning: (ingen endnu)")
    for d in history.discrepancies:
        print(f"Uoverensstemmelse ({d.forum}, {format_date(d.date)}): {d.what}")
