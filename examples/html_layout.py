"""A bespoke web layout: the municipality's own colours, letterhead and words.

Run from the repository root: ``python examples/html_layout.py [OUT_DIR]``.
It writes the example referat twice: as a standalone page with the
municipality's stylesheet, header and footer, and as a fragment to paste
into a CMS page. The labels table changes "Punkt" to "Sag".
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

import referatkit

HERE = Path(__file__).resolve().parent

STYLESHEET = """
body { font-family: Georgia, "Liberation Serif", serif; }
h1, h2 { color: #0d4a2f; }
nav.indhold { border-left-color: #0d4a2f; }
.sidehoved { border-bottom: 4px solid #0d4a2f; }
.sidehoved .kommune { font-size: 1.25rem; font-weight: bold; color: #0d4a2f; margin: 0; }
"""

HEADER = '<p class="kommune">Eksempel Kommune</p><p>By og Miljø · Politiske udvalg</p>'
FOOTER = '<p>Spørgsmål til referatet: <a href="mailto:byudvalget@example.dk">byudvalget@example.dk</a></p>'


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    meeting = referatkit.read(HERE / "referat-byudvalget.txt")
    labels = attrs.evolve(referatkit.DANISH, item="Sag", contents="Sagerne på mødet")
    page = referatkit.write(
        meeting,
        out / "referat-web.html",
        labels=labels,
        options=referatkit.HtmlOptions(stylesheet=STYLESHEET, header=HEADER, footer=FOOTER),
    )
    # A CMS page has its own h1: the fragment's headings start one level below it.
    cms = referatkit.HtmlOptions(fragment=True, top_heading=2)
    fragment = referatkit.write(meeting, out / "referat-cms.html", labels=labels, options=cms)
    return [page, fragment]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out")):
        print(path)
