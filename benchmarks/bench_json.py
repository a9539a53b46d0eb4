"""Reading referatkit JSON beside reading referatkit XML of the same meeting.

    python benchmarks/bench_json.py [--repeat 7]

(from the repository root). XML is the natural alternative: the other lossless form of
the model, read with a schema check too. For seed 001 (when ../shared is there) and the
generated 400-item meeting, prints the median processor ms of reading each form, and of
reading the JSON with its schema checked by jsonschema alone (every document, as before
jsonschema-rs answered the valid ones), each as a ratio to the XML read. The operations
take turns, so all share the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_text import SEED  # noqa: E402
from corpus import build_meeting  # noqa: E402

import referatkit  # noqa: E402
from referatkit.formats import json as json_format  # noqa: E402


def _jsonschema_only(data: bytes) -> referatkit.Meeting:
    """The JSON read with every document's schema check by jsonschema."""
    value = json_format.parse(data)
    found = json_format.problems(value)
    if found:
        raise referatkit.ReadError(found[0])
    return json_format._Reader("<data>").meeting(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cases = [("400 items", build_meeting(400))]
    if SEED.exists():
        cases.insert(0, ("seed 001", referatkit.read(SEED)))
    print(f"load average {os.getloadavg()[0]:.1f}; median processor ms of {args.repeat} runs, in turns")
    print(f"{'document':<10} {'xml':>8} {'json':>8} {'ratio':>6} {'jsonschema':>11} {'ratio':>6}  sizes")
    for name, meeting in cases:
        xml = referatkit.render(meeting, "xml")
        data = referatkit.render(meeting, "json")
        assert isinstance(xml, bytes) and isinstance(data, bytes)
        actions: dict[str, Callable[[], object]] = {
            "xml": lambda xml=xml: referatkit.read(xml, format="xml"),
            "json": lambda data=data: referatkit.read(data, format="json"),
            "jsonschema": lambda data=data: _jsonschema_only(data),
        }
        assert actions["json"]() == actions["jsonschema"]() == meeting
        times: dict[str, list[float]] = {key: [] for key in actions}
        for _ in range(args.repeat):
            for key, action in actions.items():
                start = time.process_time()
                action()
                times[key].append(time.process_time() - start)
        ms = {key: statistics.median(values) * 1000 for key, values in times.items()}
        print(
            f"{name:<10} {ms['xml']:>8.1f} {ms['json']:>8.1f} {ms['json'] / ms['xml']:>6.2f}"
            f" {ms['jsonschema']:>11.1f} {ms['jsonschema'] / ms['xml']:>6.2f}"
            f"  xml {len(xml) // 1024} KiB, json {len(data) // 1024} KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
