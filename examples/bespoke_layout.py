"""A bespoke referat layout: another font, a logo-free letterhead, own captions.

Run from the repository root:

    .venv/bin/python examples/bespoke_layout.py [out-folder]

A secretary would normally make the reference document in LibreOffice:
open a referat written by referatkit, change the styles named "Referat ..."
(Format > Styles), edit the page header, and save it as a template (.ott).
Here the template is built in code so the example runs anywhere. Only the
styles it defines are replaced; every other style keeps its default.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from attrs import evolve
from odf.opendocument import OpenDocumentText
from odf.style import (
    Footer,
    Header,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TextProperties,
)
from odf.text import P, PageCount, PageNumber

import referatkit
from referatkit.model import SectionKind

HERE = Path(__file__).resolve().parent


def reference_template() -> bytes:
    """A small .ott: three restyled paragraph styles and a letterhead."""
    doc = OpenDocumentText()
    serif = {"fontname": "Liberation Serif", "fontfamily": "Liberation Serif"}
    body = Style(name="Referat_20_Brødtekst", displayname="Referat Brødtekst", family="paragraph")
    # ODF wants the paragraph properties before the text properties.
    body.addElement(ParagraphProperties(marginbottom="0.3cm", textalign="justify"))
    body.addElement(TextProperties(fontsize="12pt", **serif))
    item = Style(name="Referat_20_Punkt", displayname="Referat Punkt", family="paragraph")
    item.addElement(ParagraphProperties(breakbefore="page", keepwithnext="always", marginbottom="0.4cm"))
    item.addElement(TextProperties(fontsize="16pt", fontweight="bold", color="#1F4E79", **serif))
    caption = Style(name="Referat_20_Afsnit", displayname="Referat Afsnit", family="paragraph")
    caption.addElement(ParagraphProperties(keepwithnext="always", margintop="0.4cm"))
    caption.addElement(TextProperties(fontsize="12pt", fontweight="bold", color="#1F4E79", **serif))
    for style in (body, item, caption):
        doc.styles.addElement(style)

    layout = PageLayout(name="Brevpapir")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            margintop="2cm",
            marginbottom="2cm",
            marginleft="3cm",
            marginright="2cm",
        )
    )
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text="Eksempel Kommune · By og Miljø · Rådhuspladsen 1 · 9999 Eksempelby"))
    footer = Footer()
    page = P(text="Side ")
    page.addElement(PageNumber(selectpage="current"))
    page.addText(" af ")
    page.addElement(PageCount())
    footer.addElement(page)
    master.addElement(header)
    master.addElement(footer)
    doc.masterstyles.addElement(master)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def bespoke_labels() -> referatkit.Labels:
    """Own captions, keeping the old ones readable as synonyms."""
    captions = dict(referatkit.DANISH.captions)
    captions[SectionKind.RECOMMENDATION] = "Forvaltningens indstilling"
    captions[SectionKind.DECISION] = "Udvalgets beslutning"
    return evolve(referatkit.DANISH, captions=captions)


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    meeting = referatkit.read(HERE / "referat-byudvalget.txt")
    template = out / "eksempel-kommune.ott"
    template.write_bytes(reference_template())
    options = referatkit.OdtOptions(reference_doc=template)
    labels = bespoke_labels()
    written = [referatkit.write(meeting, out / "referat-bespoke.odt", labels=labels, options=options)]
    try:
        # The reference document is an ODT layout: its PDF is LibreOffice's print of it.
        printed = referatkit.PdfOptions(engine="libreoffice", reference_doc=template)
        written.append(referatkit.write(meeting, out / "referat-bespoke.pdf", labels=labels, options=printed))
    except referatkit.WriteError as exc:  # no LibreOffice on this machine
        print(f"no PDF: {exc}", file=sys.stderr)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out")):
        print(path)
