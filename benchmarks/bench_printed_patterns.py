"""Benchmark the printed readers' line patterns and link lookup on hostile input.

Run: ``python benchmarks/bench_printed_patterns.py [--length N]`` from the
repository root. Times each table-of-contents and list pattern of
``referatkit/formats/printed/_layout.py`` and ``referatkit/formats/text/_printed.py``
on its worst line of N characters (a run of dots, of spaces before a line
break), beside the plain backtracking pattern it replaced (skipped past 20,000
characters: it takes seconds to minutes); then the PDF reader's link lookup
for every character of a line of 5,000 characters on a page of 10,000 links,
beside a scan of every link per character. Prints milliseconds.
"""

from __future__ import annotations

import argparse
import re
import time

from referatkit.formats.printed import _layout
from referatkit.formats.printed._pdf import _LinkFinder
from referatkit.formats.text import _printed

_PLAIN = {
    "_layout._TOC_LEADER": (r"(?P<title>.*?)\s*\.{3,}\s*(?P<page>[1-9]\d{0,3})?", _layout._TOC_LEADER),
    "_layout._TOC_TAB": (r"(?P<title>[^\t]*?)\.*\t+[ .]*(?P<page>[1-9]\d{0,3})", _layout._TOC_TAB),
    "_layout._BULLET": (r"(?P<sign>[•◦▪‣●○■□–\-·])[ \t\u00a0]+(?P<rest>.*)", _layout._BULLET),
    "_printed._TOC_PAGED": (
        r"(?P<title>.*?\S)(?:\s*\.{3,}\s*|\s{2,})(?P<page>[1-9]\d{0,3})",
        _printed._TOC_PAGED,
    ),
    "_printed._TOC_DOTS": (r"(?P<title>.*?\S)\s*\.{3,}", _printed._TOC_DOTS),
}


def _ms(run: object, *args: object) -> float:
    start = time.perf_counter()
    run(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--length", type=int, default=20_000)
    n = parser.parse_args().length
    lines = {"dots": "." * n + "x", "dots, tab": "." * n + "\tx", "spaces, line break": "•" + " " * n + "\nx"}
    print(f"{'pattern':24} {'line':20} {'plain ms':>10} {'now ms':>8}")
    for name, (plain, linear) in _PLAIN.items():
        for label, line in lines.items():
            old = f"{_ms(re.compile(plain).fullmatch, line):10.1f}" if n <= 20_000 else "   skipped"
            print(f"{name:24} {label:20} {old} {_ms(linear.fullmatch, line):8.2f}")
    links = [
        (float(i % 100) * 5, float(i // 100) * 8, float(i % 100) * 5 + 4, float(i // 100) * 8 + 6, "u")
        for i in range(10_000)
    ]
    chars = [(float(i % 500), 400.0) for i in range(5_000)]

    def scan() -> None:
        for x, y in chars:
            next(
                (t for le, b, r, to, t in links if le - 0.5 <= x < r - 0.5 and b - 0.5 <= y <= to + 0.5), None
            )

    def finder() -> None:
        find = _LinkFinder(links)
        for x, y in chars:
            find.at(x, y)

    print(f"{'links: every link':45} {_ms(scan):10.1f}")
    print(f"{'links: per height (now)':45} {_ms(finder):10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
