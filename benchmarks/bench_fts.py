"""What SQLite's full-text index costs the store, beside reading: issue 27's floor.

Run: ``python benchmarks/bench_fts.py [-n 1000]`` from the repository root. It writes N
of ``bench_store.py``'s generated meetings (15 items each) as referatkit XML, then
measures in one run, in CPU milliseconds a meeting (best of ``--repeat``):

- reading them (``referatkit.read``): the floor issue 27 measures indexing against;
- making the store's rows of them (``store._rows.prepare``: the text, the Danish terms);
- an FTS5 table of the store's tokenizer fed with their items, in transactions of 32
  meetings as the store writes them, for each set of columns: the store's three (title
  and text for Datasette's search box, the terms for the API), two, and one.

Issue 27 asks for indexing in at most 1.5 times the time of reading: everything beyond
reading may cost half of it. The figures show how much of that half the full-text index
alone takes, whatever the rest costs.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_firstagenda import best
from bench_store import generated_meeting

import referatkit
from referatkit.store._rows import prepare

#: The store's tokenizer (referatkit/store/_schema.py).
TOKENIZER = "unicode61 remove_diacritics 2"
COLUMN_SETS = {
    "title, text, terms (the store)": ("title", "text", "terms"),
    "title, text": ("title", "text"),
    "terms": ("terms",),
}


def fts_cost(rows: list[tuple[str, str, str]], columns: tuple[str, ...], folder: Path) -> float:
    """CPU seconds to feed ``rows`` (title, text, terms) to a new FTS5 table of ``columns``."""
    path = folder / "fts.sqlite"
    for leftover in folder.glob("fts.sqlite*"):
        leftover.unlink()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    names = ", ".join(columns)
    connection.execute(f"CREATE VIRTUAL TABLE f USING fts5({names}, content='', tokenize='{TOKENIZER}')")
    connection.execute("INSERT INTO f (f, rank) VALUES ('automerge', 8)")
    index = [("title", "text", "terms").index(c) for c in columns]
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    batch = 32 * 15
    start = time.process_time()
    for first in range(0, len(rows), batch):
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO f (rowid, {names}) VALUES ({marks})",
            [(first + n, *(row[i] for i in index)) for n, row in enumerate(rows[first : first + batch])],
        )
        connection.execute("COMMIT")
    spent = time.process_time() - start
    connection.close()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000, help="meetings (15 items each)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sources = []
        for n in range(args.n):
            path = folder / f"{n:05}.xml"
            path.write_bytes(referatkit.render(generated_meeting(n), "xml"))
            sources.append(path)
        meetings = [referatkit.read(path) for path in sources]  # warm: the readers loaded
        reading = best(lambda: [referatkit.read(path) for path in sources], args.repeat)
        making = best(
            lambda: [
                prepare(m, source=str(p), checksum="-", xml="")
                for m, p in zip(meetings, sources, strict=True)
            ],
            args.repeat,
        )
        rows = [
            (item.title, item.text, item.terms)
            for m, p in zip(meetings, sources, strict=True)
            for item in prepare(m, source=str(p), checksum="-", xml="").items
        ]
        per = 1000 / args.n
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{args.n} meetings, {len(rows)} items; CPU ms a meeting, best of {args.repeat} (load {load}):")
        print(f"  reading (the floor)                          {reading * per:6.2f}")
        print(f"  the store's rows and Danish terms            {making * per:6.2f}")
        print(f"  half of reading: what all the store's work may cost  {reading * per / 2:6.2f}")
        for name, columns in COLUMN_SETS.items():
            cost = min(fts_cost(rows, columns, folder) for _ in range(args.repeat))
            print(f"  FTS5 of {name:32} {cost * per:6.2f}   {cost / reading:5.2f} x reading")


if __name__ == "__main__":
    main()
