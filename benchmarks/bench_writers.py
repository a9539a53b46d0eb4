"""Every writer on the 400-item meeting and on seed 001, in process (median of N runs).

    python benchmarks/bench_writers.py [--repeat 11]

Run it on two checkouts to compare them (``PYTHONPATH=<checkout> python
<this file>``): it uses only what every version of the API has, and, where
the version has one, also times the render without the read-back check.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_text import SEED, median_ms  # noqa: E402
from corpus import build_meeting  # noqa: E402

import referatkit  # noqa: E402

FORMATS = ("text", "odt", "xml", "akn", "html")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    old_api = "check_loss" in inspect.signature(referatkit.render).parameters or not hasattr(
        referatkit, "editions"
    )
    cases = [("400 items", build_meeting(400))]
    if SEED.exists():
        cases.append(("seed 001", referatkit.read(SEED)))
    which = "before" if old_api else "after"
    print(f"referatkit from {Path(referatkit.__file__).parent.parent} ({which} the contract)")
    for name, meeting in cases:
        for fmt in FORMATS:
            default = median_ms(lambda f=fmt, m=meeting: referatkit.render(m, f), args.repeat)
            line = f"{name:10} {fmt:5} render {default:8.1f} ms"
            if old_api and fmt in ("text", "odt", "xml", "html"):
                bare = median_ms(
                    lambda f=fmt, m=meeting: referatkit.render(m, f, check_loss=False), args.repeat
                )
                line += f"   without read-back {bare:8.1f} ms"
            elif not old_api:
                public = median_ms(
                    lambda f=fmt, m=meeting: referatkit.render(m, f, edition="public"), args.repeat
                )
                line += f"   public edition {public:8.1f} ms"
            print(line, flush=True)


if __name__ == "__main__":
    main()
