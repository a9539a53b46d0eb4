"""Benchmark the reader of FirstAgenda's publication JSON against its floor.

Run: ``python benchmarks/bench_firstagenda.py`` from the repository root (set
``REFERATKIT_SHARED`` when ../shared is elsewhere). Two measurements, in one run:

- the 101 Greve meetings (../shared/samples/firstagenda_greve) read with
  ``referatkit.read(path)``, side by side with the floor: ``json.load`` of each
  file plus ``lxml.html`` parsing every HTML field, nothing else. The issue asks
  for a ratio of at most 3;
- linearity: the largest meeting whose HTML ten times over stays within
  ``MAX_TEXT_BYTES``, and the same meeting with its items repeated 10 times
  (numbered anew); the larger must take at most 12 times as long.

With ``--phases``, the reader's time is also split: the HTML fields parsed and checked
against the limits (``html_root``), the parsed fields cut into sections (``item_sections``:
the walk to the model's blocks), and the rest (JSON, items, attachments, the meeting).

Each figure is the best of ``--repeat`` rounds (the least disturbed by other work), in
CPU time (``time.process_time``: on a shared machine the wall clock counts the others'
work too); the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
import warnings
from pathlib import Path

import lxml.html

import referatkit
from referatkit.formats import ReadContext
from referatkit.formats._htmlcontent import html_root
from referatkit.formats._limits import MAX_TEXT_BYTES
from referatkit.formats.firstagenda import read_firstagenda
from referatkit.formats.firstagenda._fields import item_sections, portal_labels
from referatkit.l10n import DANISH

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
GREVE = SHARED / "samples" / "firstagenda_greve"


def floor(paths: list[Path]) -> None:
    """What reading cannot avoid: the JSON and the HTML of every field, parsed."""
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
        for item in document["Dagsordenpunkter"]:
            for field in item["Felter"]:
                markup = field.get("Html")
                if markup and markup.strip():
                    lxml.html.fragment_fromstring(markup, create_parent="div")


def read_all(paths: list[Path]) -> None:
    for path in paths:
        referatkit.read(path)


def fields(paths: list[Path]) -> list[tuple[str | None, str]]:
    """Every HTML field of the meetings, with its name."""
    out = []
    for path in paths:
        document = json.loads(path.read_text("utf-8"))
        for item in document["Dagsordenpunkter"]:
            for field in item["Felter"]:
                markup = field.get("Html")
                if markup and markup.strip():
                    out.append((field.get("Navn"), markup))
    return out


def phases(paths: list[Path], repeat: int, total: float) -> None:
    """The reader's time split into the HTML parsed, the HTML walked, and the rest."""
    found = fields(paths)
    labels = portal_labels(DANISH)

    def ignore(message: str) -> None:
        pass

    parse = best(lambda: [html_root(markup, ignore) for _, markup in found], repeat)
    times = []
    for _ in range(repeat):
        roots = [(name, html_root(markup, ignore)) for name, markup in found]  # the walk changes its tree
        start = time.process_time()
        for name, root in roots:
            if not isinstance(root, tuple):
                item_sections(root, labels, ignore, first_caption=name)
        times.append(time.process_time() - start)
    walk = min(times)
    print(f"  of which: HTML parsed and checked (html_root)   {parse:8.3f} s")
    print(f"            HTML to sections (item_sections)      {walk:8.3f} s")
    print(f"            the rest (JSON, items, meeting)       {total - parse - walk:8.3f} s")


def best(work: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def enlarged(document: dict[str, object], factor: int) -> bytes:
    """The meeting with its items ``factor`` times, numbered 1, 2, 3, ... anew."""
    items = document["Dagsordenpunkter"]
    assert isinstance(items, list)
    bigger = copy.deepcopy(document)
    repeated = []
    for n in range(factor * len(items)):
        item = copy.deepcopy(items[n % len(items)])
        item["Punktnummer"] = item["Number"] = str(n + 1)
        item["Sorting"] = n + 1
        repeated.append(item)
    bigger["Dagsordenpunkter"] = repeated
    return json.dumps(bigger, ensure_ascii=False).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phases", action="store_true", help="split the reader's time into its phases")
    args = parser.parse_args()
    warnings.simplefilter("ignore", referatkit.ReadWarning)
    paths = sorted(GREVE.glob("*.json"))
    if not paths:
        print(f"{GREVE} is missing", file=sys.stderr)
        return 1
    read_all(paths[:3])  # imports and caches, outside the measurement
    size = sum(p.stat().st_size for p in paths) / 1024 / 1024
    base = best(lambda: floor(paths), args.repeat)
    ours = best(lambda: read_all(paths), args.repeat)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(paths)} meetings, {size:.1f} MiB of JSON (best of {args.repeat}, CPU s; load {load}):")
    print(f"  floor (json.load + lxml.html of every field) {base:8.3f} s")
    print(
        f"  referatkit.read                              {ours:8.3f} s   ratio {ours / base:5.2f} (goal <= 3)"
    )
    if args.phases:
        phases(paths, args.repeat, ours)

    def html_size(path: Path) -> int:
        document = json.loads(path.read_text("utf-8"))
        return sum(len(f["Html"] or "") for i in document["Dagsordenpunkter"] for f in i["Felter"])

    fitting = [p for p in paths if html_size(p) * 10 <= MAX_TEXT_BYTES]
    largest = max(fitting, key=html_size)
    document = json.loads(largest.read_text("utf-8"))
    small = largest.read_bytes()
    large = enlarged(document, 10)
    ctx = ReadContext(source=largest.name)
    one = best(lambda: read_firstagenda(small, ctx), args.repeat)
    ten = best(lambda: read_firstagenda(large, ctx), args.repeat)
    print(f"linearity, {largest.name[:40]}… ({len(document['Dagsordenpunkter'])} items):")
    print(f"  as it is {one:8.3f} s;  10 times the items {ten:8.3f} s   ratio {ten / one:5.2f} (goal <= 12)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
