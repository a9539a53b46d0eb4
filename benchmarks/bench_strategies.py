"""Benchmark the test suite's Hypothesis strategies: drawing meetings, old against new.

Run from the repository root::

    python benchmarks/bench_strategies.py [--examples 200] [--old 133ced4]

Hypothesis draws ``--examples`` meetings from each strategy of
``tests/strategies.py`` (``meetings``, ``text_meetings``,
``closed_marked_meetings``) through ``@given`` with a test that does nothing,
so the time is the drawing alone: what a property pays before it tests
anything. The same is done with ``tests/strategies.py`` as it was at commit
``--old`` (before issue 23 built each strategy once), side by side, with the
ratio. Both run derandomized, so every run draws the same examples. The
times are this process's CPU seconds, so that a busy machine does not skew
them.

To show the two draw the same kinds of meetings, the shape of what was drawn
is printed too: items, sections, blocks and tables a meeting, and the
characters of its text, on average.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from referatkit.model import Meeting, Table, TextSection, walk

ROOT = Path(__file__).resolve().parent.parent
STRATEGIES = ("meetings", "text_meetings", "closed_marked_meetings")


def load(name: str, source: str) -> types.ModuleType:
    """``tests/strategies.py`` as it is in ``source`` (its text), as a module of its own."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as file:
        file.write(source)
    spec = importlib.util.spec_from_file_location(name, file.name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    Path(file.name).unlink()
    return module


def draw(strategy: st.SearchStrategy[object], examples: int) -> tuple[float, list[object]]:
    """CPU seconds Hypothesis takes to draw ``examples`` values of ``strategy``, and the values."""
    drawn: list[object] = []

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: object) -> None:
        drawn.append(value)

    start = time.process_time()
    collect()
    return time.process_time() - start, drawn


def shape(values: list[object]) -> str:
    """Items, sections, blocks, tables and text characters a meeting, on average."""
    meetings = [v[0] if isinstance(v, tuple) else v for v in values]
    assert all(isinstance(m, Meeting) for m in meetings)

    def mean(count: Callable[[Meeting], int]) -> float:
        return statistics.fmean(count(m) for m in meetings)  # type: ignore[arg-type]

    items = mean(lambda m: len(m.items))
    sections = mean(lambda m: sum(len(i.sections) for i in m.items))
    blocks = mean(
        lambda m: sum(len(s.body) for i in m.items for s in i.sections if isinstance(s, TextSection))
    )
    tables = mean(lambda m: sum(isinstance(v, Table) for _, v in walk(m)))
    chars = mean(lambda m: sum(len(v) for _, v in walk(m) if isinstance(v, str)))
    return f"{items:5.2f} {sections:8.2f} {blocks:6.2f} {tables:6.2f} {chars:7.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--old", default="133ced4", help="the commit of the old tests/strategies.py")
    args = parser.parse_args()

    new = load("strategies_new", (ROOT / "tests" / "strategies.py").read_text(encoding="utf-8"))
    shown = subprocess.run(
        ["git", "show", f"{args.old}:tests/strategies.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    old = load("strategies_old", shown.stdout) if shown.returncode == 0 else None
    if old is None:
        print(f"note: no tests/strategies.py at {args.old}; the new strategies alone", file=sys.stderr)

    print(f"{args.examples} examples a strategy, derandomized; CPU seconds to draw them")
    print(f"{'strategy':<24} {'old s':>7} {'new s':>7} {'new/old':>8}   shape old | new")
    print(f"{'':<24} {'':>7} {'':>7} {'':>8}   items sections blocks tables   chars")
    for name in STRATEGIES:
        new_seconds, new_values = draw(getattr(new, name)(), args.examples)
        if old is not None and hasattr(old, name):
            old_seconds, old_values = draw(getattr(old, name)(), args.examples)
            ratio = f"{new_seconds / old_seconds:8.2f}"
            same = "the same examples" if old_values == new_values else "other examples"
            print(f"{name:<24} {old_seconds:7.2f} {new_seconds:7.2f} {ratio}   {shape(old_values)}")
            print(f"{'':<24} {'':>7} {'':>7} {'':>8}   {shape(new_values)}   ({same})")
        else:
            print(f"{name:<24} {'-':>7} {new_seconds:7.2f} {'-':>8}   {shape(new_values)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
