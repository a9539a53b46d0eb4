"""Every reader and writer of this checkout side by side with another checkout's.

    python benchmarks/bench_regress.py --against DIR [--repeat 5] [--rounds 3] [--only text,odt]

(from the repository root; ``DIR`` is another checkout, e.g. ``git worktree add --detach
/tmp/base main`` or ``git archive <commit> | tar -x -C DIR``). Each checkout runs the same
work in a fresh interpreter of its own (``bench_text.in_checkout``: its referatkit first on
the path), the two taking turns, ``--rounds`` times: each registered reader on the shipped
examples, the samples in ../shared and the documents this checkout writes (the seed and a
400-item meeting as ODT, XML, JSON; Word from the fuzzer's seeds), and each writer on seed
001 and the 400-item meeting (each checkout reads them from the text layout with its own
reader). Prints the median processor time of an operation in each and the ratio (this
checkout over the other: above 1, slower than before). A format, or an input, one of the
two cannot read or write is named on a line of its own, with why.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_text import SEED, in_checkout  # noqa: E402
from corpus import build_meeting  # noqa: E402

import referatkit  # noqa: E402
from referatkit.formats import formats  # noqa: E402

SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples"
EXAMPLES = ROOT / "examples"

# The samples each reader reads (globs below ../shared/samples, or the examples).
READ_SAMPLES: dict[str, tuple[str, ...]] = {
    "text": ("examples/referat-byudvalget.txt",),
    "sbsys": ("examples/sbsys-publication.xml", "esdh_meeting_exports/sbsys_publication/Publication553.xml"),
    "sbsys-dagsorden": ("esdh_meeting_exports/sbsys_dagsorden/dagsorden.xml",),
    "edoc": ("esdh_meeting_exports/edoc_agendapublishing/eDocAgendaPublishing.xml",),
    "edoc-fujitsu": ("esdh_meeting_exports/edoc_fujitsu_agenda/e9117c72-*.xml",),
    "acadre": ("esdh_meeting_exports/acadre_mm/3687981.XML",),
    "firstagenda": (
        "examples/firstagenda-meeting.json",
        "firstagenda_greve/Byråd 2022-2025_2022-01-31*.json",
    ),
    "firstagenda-html": ("firstagenda_portal/*.html",),
    "pdf": ("printed_referater/aarhus_byraad_2025-08-27_referat.pdf",),
}
# Readers of what referatkit writes: the input is written by this checkout.
READ_WRITTEN = ("odt", "xml", "json")
WRITERS = ("text", "odt", "html", "xml", "akn", "json", "pdf")

# Run by each checkout: every operation of the spec, timed. An operation the checkout
# cannot do (no such format, an input it refuses) gives a string saying why.
_RUN = r"""
import importlib, json, os, sys, time, warnings
warnings.simplefilter("ignore")
import referatkit
F = importlib.import_module("referatkit.formats")  # the package: referatkit.formats may be a function
assert referatkit.__file__.startswith(os.getcwd()), referatkit.__file__
spec = json.load(open(sys.argv[1], encoding="utf-8"))
known = {f.name: f for f in F.formats()}

def timed(action):
    try:
        start = time.process_time()
        action()
        first = time.process_time() - start
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}"
    times = []
    # Slow operations fewer times (at least 3), so that a round stays short.
    for _ in range(max(3, min(spec["repeat"], int(spec["budget"] / max(first, 1e-6))))):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return times

out = {}
for key, fmt, path in spec["reads"]:
    if fmt not in known or not known[fmt].can_read:
        out[key] = "no reader"
        continue
    data = open(path, "rb").read()
    out[key] = timed(lambda: referatkit.read(data, format=fmt))
meetings = {key: referatkit.read(open(path, "rb").read(), format="text") for key, path in spec["meetings"]}
for key, fmt, meeting in spec["writes"]:
    if fmt not in known or not known[fmt].can_write:
        out[key] = "no writer"
        continue
    options = None
    if fmt == "pdf":  # the Typst engine only: LibreOffice's is a separate program
        fields = getattr(getattr(F, "PdfOptions", None), "__attrs_attrs__", ())
        if not any(a.name == "engine" for a in fields):
            out[key] = "no Typst engine"
            continue
        options = F.PdfOptions(engine="typst")
    out[key] = timed(lambda: referatkit.render(meetings[meeting], fmt, options=options))
print(json.dumps(out))
"""


def _inputs(tmp: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], list[str]]:
    """The reads (key, format, path), the meetings (key, text layout path) and the inputs
    not found."""
    meetings: list[tuple[str, str]] = []
    if SEED.exists():
        meetings.append(("seed 001", str(SEED)))
    big = tmp / "400-items.txt"
    big.write_text(referatkit.render(build_meeting(400), "text"), encoding="utf-8")
    meetings.append(("400 items", str(big)))
    reads: list[tuple[str, str, str]] = []
    missing: list[str] = []
    for fmt, patterns in READ_SAMPLES.items():
        for pattern in patterns:
            base, rest = (ROOT, pattern) if pattern.startswith("examples/") else (SAMPLES, pattern)
            found = sorted(base.glob(rest))
            if found:
                reads.append((f"read {fmt} {found[0].name[:24]}", fmt, str(found[0])))
            else:
                missing.append(f"{fmt} {pattern}")
    reads += [(f"read text {name}", "text", path) for name, path in meetings]
    for name, path in meetings:
        meeting = referatkit.read(Path(path), format="text")
        for fmt in READ_WRITTEN:
            written = tmp / f"{name.replace(' ', '-')}.{fmt}"
            data = referatkit.render(meeting, fmt)
            written.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            reads.append((f"read {fmt} {name}", fmt, str(written)))
    try:
        from tests.fuzz.engine import seeds  # noqa: PLC0415  # its Word documents, made without LibreOffice

        for seed in seeds():
            if seed.suffix == ".docx":
                written = tmp / seed.name
                written.write_bytes(seed.data)
                reads.append((f"read docx {seed.name}", "docx", str(written)))
    except ImportError as exc:
        missing.append(f"docx (the fuzzer's seeds: {exc})")
    return reads, meetings, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", type=Path, metavar="DIR", required=True)
    parser.add_argument(
        "--repeat", type=int, default=5, help="times an operation is timed in a round (at most)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--budget", type=float, default=1.5, help="seconds of an operation in a round (about)"
    )
    parser.add_argument("--only", default="", help="formats to run, comma-separated (default: all)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    only = {name for name in args.only.split(",") if name}
    readable = {f.name for f in formats() if f.can_read}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        reads, meetings, missing = _inputs(tmp)
        reads = [r for r in reads if not only or r[1] in only]
        writers = [fmt for fmt in WRITERS if not only or fmt in only]
        writes = [(f"write {fmt} {name}", fmt, name) for fmt in writers for name, _ in meetings]
        spec = tmp / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "reads": reads,
                    "meetings": meetings,
                    "writes": writes,
                    "repeat": args.repeat,
                    "budget": args.budget,
                }
            ),
            encoding="utf-8",
        )
        ours: dict[str, list[float] | str] = {}
        theirs: dict[str, list[float] | str] = {}
        for _ in range(args.rounds):
            for side, checkout in ((ours, ROOT), (theirs, args.against)):
                for key, result in in_checkout(checkout, _RUN, str(spec)).items():
                    previous = side.get(key, [])
                    side[key] = (
                        previous + result
                        if isinstance(result, list) and isinstance(previous, list)
                        else result
                    )
    print(
        f"this: {ROOT}\nother: {args.against}\n"
        f"(median processor ms an operation, {args.rounds} rounds, in turns)"
    )
    _table(reads, ours, theirs)
    _table(writes, ours, theirs)
    for name in [] if only else sorted(readable - {fmt for _, fmt, _ in reads}):
        print(f"  skipped: reader {name}: no input for it here")
    for name in missing:
        print(f"  skipped: {name}: not found")
    return 0


def _table(
    ops: list[tuple[str, str, str]],
    ours: dict[str, list[float] | str],
    theirs: dict[str, list[float] | str],
) -> None:
    print(f"\n{'operation':<46} {'this ms':>10} {'other ms':>10} {'ratio':>7}")
    for key, _, _ in ops:
        a, b = ours.get(key, "not run"), theirs.get(key, "not run")
        if isinstance(a, str) or isinstance(b, str):
            why = "; ".join(f"{side}: {r}" for side, r in (("this", a), ("other", b)) if isinstance(r, str))
            print(f"  skipped: {key}: {why}")
            continue
        x, y = statistics.median(a) * 1000, statistics.median(b) * 1000
        flag = "  slower" if x / y > 1.05 else ""
        print(f"{key:<46} {x:>10.2f} {y:>10.2f} {x / y:>7.3f}{flag}")


if __name__ == "__main__":
    raise SystemExit(main())
