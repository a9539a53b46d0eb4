"""Make ``referat.ott``, the template every ODT starts from, from the named styles.

Run it after changing a style, from the repository root::

    .venv/bin/python -m referatkit.formats.odt._make_template

It writes ``referatkit/formats/odt/referat.ott`` (tests/test_odt.py checks
that the file shipped is the one this makes). odfpy builds the styles; the
writer itself never uses odfpy. The header and footer hold placeholders
(``{forum} {date}``, ``{page} N {page_of} M``) that the writer fills in for
each meeting, in this template or a reference document alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree
from odf.opendocument import OpenDocument, OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    Header,
    ListLevelLabelAlignment,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.text import (
    ListLevelStyleBullet,
    ListLevelStyleNumber,
    ListStyle,
    P,
    PageCount,
    PageNumber,
)

from .._odfns import META, OFFICE
from ._package import ODF_VERSION, package, rerooted, root
from ._styles import (
    ATTACHMENT,
    ATTENDANCE,
    BODY,
    BULLETS,
    CAPTION,
    CLAUSES,
    CONTENTS_ENTRY,
    CONTENTS_HEADING,
    EMPHASIS,
    FIELD_STYLES,
    FONT,
    FOOTER,
    FRONT,
    HEADER,
    INTRO,
    ITEM,
    ITEM_ATTENDANCE,
    ITEM_NOTE,
    JOURNAL,
    MEETING_NAME,
    NUMBERS,
    PARTICIPANT,
    STRONG,
    SUBHEADING,
    TABLE,
    TABLE_CAPTION,
    TABLE_CELL,
    TABLE_HEADER_CELL,
    TABLE_HEADING,
    TABLE_HEADING_CENTER,
    TABLE_HEADING_RIGHT,
    TABLE_TEXT,
    TABLE_TEXT_CENTER,
    TABLE_TEXT_RIGHT,
    TITLE,
    name,
)

TEMPLATE_MIMETYPE = "application/vnd.oasis.opendocument.text-template"
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "referat.ott"


def _paragraph(display: str, *, parent: str | None = None, outline: int | None = None,
               text: dict[str, str] | None = None, para: dict[str, str] | None = None) -> Style:  # fmt: skip
    attributes: dict[str, object] = {"name": name(display), "displayname": display, "family": "paragraph"}
    if parent:
        attributes["parentstylename"] = name(parent)
    if outline:
        attributes["defaultoutlinelevel"] = str(outline)
    style = Style(**attributes)
    if para:
        style.addElement(ParagraphProperties(**para))
    if text:
        style.addElement(TextProperties(**text))
    return style


def _text(display: str, **text: str) -> Style:
    style = Style(name=name(display), displayname=display, family="text")
    if text:
        style.addElement(TextProperties(**text))
    return style


def _list(display: str, *, numbered: bool) -> ListStyle:
    style = ListStyle(name=name(display), displayname=display)
    for level in range(1, 11):
        indent = f"{0.6 * level:.1f}cm"
        if numbered:
            entry = ListLevelStyleNumber(level=str(level), numformat="1", numsuffix=".")
        else:
            entry = ListLevelStyleBullet(level=str(level), bulletchar="•" if level % 2 else "–")
        properties = ListLevelProperties(listlevelpositionandspacemode="label-alignment")
        properties.addElement(
            ListLevelLabelAlignment(
                labelfollowedby="listtab", listtabstopposition=indent, textindent="-0.6cm", marginleft=indent
            )
        )
        entry.addElement(properties)
        style.addElement(entry)
    return style


def _table_styles() -> list[Style]:
    """The table, its cells and the paragraphs in them (docs/odt.md)."""
    table = Style(name=name(TABLE), displayname=TABLE, family="table")
    table.addElement(
        TableProperties(
            width="16cm", align="margins", bordermodel="collapsing", margintop="0.1cm", marginbottom="0.3cm"
        )
    )
    out = [table]
    for display, background in ((TABLE_CELL, None), (TABLE_HEADER_CELL, "#eeeeee")):
        cell = Style(name=name(display), displayname=display, family="table-cell")
        properties = {"border": "0.5pt solid #808080", "padding": "0.08cm"}
        if background:
            properties["backgroundcolor"] = background
        cell.addElement(TableCellProperties(**properties))
        out.append(cell)
    cell_text = {"margintop": "0cm", "marginbottom": "0cm"}
    out += [
        _paragraph(TABLE_CAPTION, parent=BODY, para={"keepwithnext": "always"}, text={"fontweight": "bold"}),
        _paragraph(TABLE_TEXT, parent=BODY, para=cell_text),
        _paragraph(TABLE_TEXT_RIGHT, parent=TABLE_TEXT, para={"textalign": "end"}),
        _paragraph(TABLE_TEXT_CENTER, parent=TABLE_TEXT, para={"textalign": "center"}),
        _paragraph(TABLE_HEADING, parent=TABLE_TEXT, text={"fontweight": "bold"}),
        _paragraph(TABLE_HEADING_RIGHT, parent=TABLE_HEADING, para={"textalign": "end"}),
        _paragraph(TABLE_HEADING_CENTER, parent=TABLE_HEADING, para={"textalign": "center"}),
    ]
    return out


def add_styles(doc: OpenDocument) -> None:
    """Add the default named styles, the fonts, the page layout and the master page."""
    doc.fontfacedecls.addElement(
        FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss", fontpitch="variable")
    )
    default = DefaultStyle(family="paragraph")
    default.addElement(
        TextProperties(fontname=FONT, fontfamily=FONT, fontsize="11pt", language="da", country="DK")
    )
    doc.styles.addElement(default)
    body = {"margintop": "0cm", "marginbottom": "0.25cm"}
    heading = {"keepwithnext": "always", "margintop": "0.35cm", "marginbottom": "0.2cm"}
    for style in [
        _paragraph(BODY, para=body, text={"fontsize": "11pt"}),
        _paragraph(TITLE, para={"marginbottom": "0.5cm"}, text={"fontsize": "20pt", "fontweight": "bold"}),
        _paragraph(FRONT, parent=BODY),
        _paragraph(
            CONTENTS_HEADING,
            outline=None,
            para={"margintop": "0.8cm", "marginbottom": "0.3cm"},
            text={"fontsize": "14pt", "fontweight": "bold"},
        ),
        _paragraph(
            ITEM,
            outline=1,
            para={**heading, "breakbefore": "page"},
            text={"fontsize": "15pt", "fontweight": "bold"},
        ),
        _paragraph(JOURNAL, parent=BODY, text={"color": "#444444"}),
        _paragraph(ITEM_NOTE, parent=BODY, text={"fontstyle": "italic"}),
        _paragraph(CAPTION, outline=2, para=heading, text={"fontsize": "12.5pt", "fontweight": "bold"}),
        _paragraph(SUBHEADING, outline=3, para=heading, text={"fontstyle": "italic"}),
        _paragraph(INTRO, parent=BODY),
        _paragraph(ATTACHMENT, parent=BODY),
        _paragraph(MEETING_NAME, parent=BODY),
        _paragraph(
            ATTENDANCE,
            parent=BODY,
            para={"margintop": "0.2cm", "marginbottom": "0.05cm"},
            text={"fontweight": "bold"},
        ),
        _paragraph(PARTICIPANT, parent=BODY, para={"marginbottom": "0.05cm", "marginleft": "0.6cm"}),
        _paragraph(ITEM_ATTENDANCE, parent=ITEM_NOTE),
        _paragraph(HEADER, text={"fontsize": "9pt", "color": "#444444"}),
        _paragraph(FOOTER, para={"textalign": "end"}, text={"fontsize": "9pt"}),
        _text(EMPHASIS, fontstyle="italic"),
        _text(STRONG, fontweight="bold"),
        *(_text(field) for field in FIELD_STYLES),
        _list(BULLETS, numbered=False),
        _list(NUMBERS, numbered=True),
        _list(CLAUSES, numbered=True),
        *_table_styles(),
    ]:
        doc.styles.addElement(style)
    entry = _paragraph(CONTENTS_ENTRY, parent=BODY)
    properties = ParagraphProperties()
    stops = TabStops()
    stops.addElement(TabStop(position="16cm", type="right", leaderstyle="dotted", leadertext="."))
    properties.addElement(stops)
    entry.addElement(properties)
    doc.styles.addElement(entry)

    layout = PageLayout(name="Referat_20_Side")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="1.5cm",
            marginbottom="1.5cm",
            marginleft="2.5cm",
            marginright="2.5cm",
        )
    )
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    # The placeholders are the meeting's (docs/odt.md), filled in by the writer.
    header.addElement(P(stylename=name(HEADER), text="{forum} {date}"))
    footer = Footer()
    page = P(stylename=name(FOOTER), text="{page} ")
    page.addElement(PageNumber(selectpage="current"))
    page.addText(" {page_of} ")
    page.addElement(PageCount())
    footer.addElement(page)
    master.addElement(header)
    master.addElement(footer)
    doc.masterstyles.addElement(master)


def template() -> bytes:
    """The bytes of ``referat.ott``: the same on every run."""
    doc = OpenDocumentText()
    add_styles(doc)
    styles = rerooted(etree.fromstring(doc.stylesxml().encode("utf-8")), ODF_VERSION)
    content = root("document-content", ODF_VERSION)
    etree.SubElement(content, f"{{{OFFICE}}}automatic-styles")
    etree.SubElement(etree.SubElement(content, f"{{{OFFICE}}}body"), f"{{{OFFICE}}}text")
    meta = root("document-meta", ODF_VERSION)
    generator = f"{{{META}}}generator"
    etree.SubElement(etree.SubElement(meta, f"{{{OFFICE}}}meta"), generator).text = "referatkit"
    parts = [("content.xml", content), ("styles.xml", styles), ("meta.xml", meta)]
    return package(parts, ODF_VERSION, mimetype=TEMPLATE_MIMETYPE)


def main() -> int:
    OUTPUT.write_bytes(template())
    print(OUTPUT, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
