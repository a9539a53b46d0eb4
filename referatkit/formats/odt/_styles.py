"""The named styles of the printed referat (styles.xml).

Every format in the document comes from one of these styles; a caller
restyles the document by changing them (docs/odt-styles.md). Names follow
LibreOffice's convention: the display name "Referat Brødtekst" is stored as
``Referat_20_Brødtekst``.
"""

from __future__ import annotations

from odf.opendocument import OpenDocument
from odf.style import (
    DefaultStyle,
    Footer,
    Header,
    ListLevelLabelAlignment,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
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

from ...l10n import Labels

FONT = "Liberation Sans"


def name(display: str) -> str:
    """The stored style name of a display name: spaces become ``_20_``."""
    return display.replace(" ", "_20_")


# Display names, used by the body writer and the ODT reader.
TITLE = "Referat Titel"
FRONT = "Referat Forside"
CONTENTS_HEADING = "Referat Indholdsfortegnelse"
CONTENTS_ENTRY = "Referat Indhold"
ITEM = "Referat Punkt"
JOURNAL = "Referat Sagsnummer"
ITEM_NOTE = "Referat Punktnote"
CAPTION = "Referat Afsnit"
SUBHEADING = "Referat Underoverskrift"
BODY = "Referat Brødtekst"
INTRO = "Referat Indstilling"
ATTACHMENT = "Referat Bilag"
HEADER = "Referat Sidehoved"
FOOTER = "Referat Sidefod"
EMPHASIS = "Referat Kursiv"
STRONG = "Referat Fed"
BULLETS = "Referat Punktopstilling"
NUMBERS = "Referat Nummerering"
CLAUSES = "Referat At-punkter"
MEETING_NAME = "Referat Mødenavn"
ATTENDANCE = "Referat Fremmøde"
PARTICIPANT = "Referat Deltager"
ITEM_ATTENDANCE = "Referat Punktfremmøde"

# Field styles: character styles that mark where a model field is printed,
# so the ODT reader finds it again. They carry no formatting of their own.
F_KIND = "Referat Dokumenttype"
F_DRAFT = "Referat Kladde"
F_FORUM = "Referat Forum"
F_PLACE = "Referat Sted"
F_PERSON = "Referat Navn"
F_PARTY = "Referat Parti"
F_ROLE = "Referat Rolle"
F_SUBSTITUTE_FOR = "Referat Stedfortræder for"
F_NOTE = "Referat Note"
F_NUMBER = "Referat Punktnummer"
F_ROUTE = "Referat Rute"
F_TITLE = "Referat Punkttitel"
F_CLOSED = "Referat Lukket"
F_PUBLIC_TITLE = "Referat Offentlig titel"
F_EVENT = "Referat Hændelse"
F_TIME = "Referat Klokkeslæt"
F_CAPTION = "Referat Egen overskrift"
F_DATE = "Referat Dato"
F_LEAD = "Referat At"
F_ATTACHMENT = "Referat Bilagstitel"
F_FILE = "Referat Filnavn"

FIELD_STYLES = (
    F_KIND,
    F_DRAFT,
    F_FORUM,
    F_PLACE,
    F_PERSON,
    F_PARTY,
    F_ROLE,
    F_SUBSTITUTE_FOR,
    F_NOTE,
    F_NUMBER,
    F_ROUTE,
    F_TITLE,
    F_CLOSED,
    F_PUBLIC_TITLE,
    F_EVENT,
    F_TIME,
    F_CAPTION,
    F_DATE,
    F_LEAD,
    F_ATTACHMENT,
    F_FILE,
)

PARAGRAPH_STYLES = (
    TITLE,
    FRONT,
    CONTENTS_HEADING,
    CONTENTS_ENTRY,
    ITEM,
    JOURNAL,
    ITEM_NOTE,
    CAPTION,
    SUBHEADING,
    BODY,
    INTRO,
    ATTACHMENT,
    HEADER,
    FOOTER,
    MEETING_NAME,
    ATTENDANCE,
    PARTICIPANT,
    ITEM_ATTENDANCE,
)


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


def add_styles(doc: OpenDocument, labels: Labels, header_text: str) -> None:
    """Add the default named styles, the page layout and the master page."""
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
    header.addElement(P(stylename=name(HEADER), text=header_text))
    footer = Footer()
    page = P(stylename=name(FOOTER), text=f"{labels.page} ")
    page.addElement(PageNumber(selectpage="current"))
    page.addText(f" {labels.page_of} ")
    page.addElement(PageCount())
    footer.addElement(page)
    master.addElement(header)
    master.addElement(footer)
    doc.masterstyles.addElement(master)
