"""The named styles of the printed referat (styles.xml).

Every format in the document comes from one of these styles; a caller
restyles the document by changing them (docs/odt.md). The styles
themselves live in the template ``referat.ott`` (made by
``_make_template.py``); this module holds their names. Names follow
LibreOffice's convention: the display name "Referat Brødtekst" is stored as
``Referat_20_Brødtekst``.
"""

from __future__ import annotations

FONT = "Liberation Sans"

# meta.xml's user-defined fields, written by the writer and read by the reader.
START = "Mødedato"
END = "Mødeslut"
ORIGINAL_PAGES = "referatkit:originalsider"  # the items' pages in an earlier printing
SYSTEM_DATA = "referatkit:systemdata"  # what print does not show, as JSON {path: value}
# In SYSTEM_DATA, not a model path: the model position of each printed person,
# when grouping the attendance by status changed the model's order.
ATTENDANCE_ORDER = "attendance:order"


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
# Tables: the table, its cells (header cells apart), the paragraphs in them by
# the column's alignment, and the caption above the table.
TABLE = "Referat Tabel"
TABLE_CELL = "Referat Tabelcelle"
TABLE_HEADER_CELL = "Referat Tabeloverskriftcelle"
TABLE_CAPTION = "Referat Tabeltitel"
TABLE_TEXT = "Referat Tabeltekst"
TABLE_TEXT_RIGHT = "Referat Tabeltekst højre"
TABLE_TEXT_CENTER = "Referat Tabeltekst midt"
TABLE_HEADING = "Referat Tabeloverskrift"
TABLE_HEADING_RIGHT = "Referat Tabeloverskrift højre"
TABLE_HEADING_CENTER = "Referat Tabeloverskrift midt"
#: LibreOffice applies table and cell formatting from automatic styles only: the
#: writer copies each named style above into content.xml under these names,
#: deriving from it (``style:parent-style-name``), so a reference document's
#: named styles still decide how tables look.
TABLE_AUTOMATIC = {TABLE: ("rk_tabel", "table"), TABLE_CELL: ("rk_celle", "table-cell"),
                   TABLE_HEADER_CELL: ("rk_overskriftcelle", "table-cell")}  # fmt: skip

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
F_ORGANISATION = "Referat Myndighed"

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
    F_ORGANISATION,
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
    TABLE_CAPTION,
    TABLE_TEXT,
    TABLE_TEXT_RIGHT,
    TABLE_TEXT_CENTER,
    TABLE_HEADING,
    TABLE_HEADING_RIGHT,
    TABLE_HEADING_CENTER,
)

#: The placeholders a template's header and footer may hold (docs/odt.md):
#: the writer replaces them in the text of ``office:master-styles``.
PLACEHOLDERS = ("forum", "date", "organisation", "title", "page", "page_of")
