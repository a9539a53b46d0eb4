"""Tables in a Word referat and in an ODT another program wrote (invented content)."""

from __future__ import annotations

import io
import warnings
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.shared import Pt

import referatkit
from referatkit.model import Decision, Paragraph, Strong, Table, TableCell, walk

_FRONT = [
    ("REFERAT Byrådet d. 03-09-2025", True, 20),
    ("Mødedato", True, 11),
    ("Onsdag d. 3. september 2025 kl. 16:00", False, 11),
    ("Mødested", True, 11),
    ("Rådhuset", False, 11),
    ("Indholdsfortegnelse", True, 16),
    ("Budget for skolerne\t3", False, 11),
    ("Punkt 1: Budget for skolerne", True, 14),
    ("EMN-2025-000101", False, 11),
    ("Beslutninger", True, 12),
    ("Godkendt med disse beløb:", False, 11),
]


def _add(document: docx.document.Document, text: str, bold: bool, size: float) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _word_with_nested_table() -> bytes:
    d = docx.Document()
    for text, bold, size in _FRONT:
        _add(d, text, bold, size)
    table = d.add_table(rows=1, cols=2)
    outer = table.rows[0].cells[0]
    outer.paragraphs[0].add_run("Ydre")
    outer.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].add_run("INDRE")
    table.rows[0].cells[1].paragraphs[0].add_run("Anden")
    _add(d, "Sagen er afsluttet.", False, 11)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def _odt(body: str) -> bytes:
    """A foreign ODT: the printed front page, one item, ``body`` in its decision."""
    styles = "".join(
        f'<style:style style:name="B{size}" style:family="paragraph"><style:text-properties '
        f'fo:font-weight="bold" fo:font-size="{size}pt"/></style:style>'
        for size in (11, 12, 14, 16, 20)
    )
    paragraphs = "".join(
        f'<text:p text:style-name="B{size}">{text}</text:p>' if bold else f"<text:p>{text}</text:p>"
        for text, bold, size in _FRONT
    ).replace("\t", "<text:tab/>")
    content = (
        f"<office:document-content {_NS}><office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{paragraphs}{body}<text:p>Sagen er afsluttet.</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    default = (
        f'<office:document-styles {_NS}><office:styles><style:default-style style:family="paragraph">'
        '<style:text-properties fo:font-size="11pt"/></style:default-style></office:styles>'
        "</office:document-styles>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("styles.xml", default)
    return out.getvalue()


def _cell(text: str) -> str:
    return f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"


_NESTED_ODT = (
    "<table:table><table:table-column/><table:table-column/><table:table-row>"
    "<table:table-cell><text:p>Ydre</text:p><table:table><table:table-column/><table:table-row>"
    + _cell("INDRE")
    + "</table:table-row></table:table></table:table-cell>"
    + _cell("Anden")
    + "</table:table-row></table:table>"
)


def _texts(meeting: referatkit.Meeting) -> list[str]:
    return [v for item in meeting.items for _, v in walk(item.sections) if isinstance(v, str)]


def _words(meeting: referatkit.Meeting) -> list[str]:
    return " ".join(_texts(meeting)).split()


def _tables(meeting: referatkit.Meeting) -> list[Table]:
    (decision,) = meeting.items[0].sections
    assert isinstance(decision, Decision)
    assert decision.body[0] == Paragraph("Godkendt med disse beløb:")
    assert decision.body[-1] == Paragraph("Sagen er afsluttet.")
    tables = list(decision.body[1:-1])
    assert all(isinstance(t, Table) for t in tables)
    return tables  # type: ignore[return-value]


def test_a_nested_word_table_is_read_once() -> None:
    with pytest.warns(
        referatkit.ReadWarning, match=r"afsnit \d+: tabellen: en tabel i en celle er læst som en"
    ):
        meeting = referatkit.read(_word_with_nested_table(), format="docx")
    words = _words(meeting)
    assert words.count("Ydre") == words.count("INDRE") == words.count("Anden") == 1
    assert _tables(meeting) == [Table([["Ydre", "Anden"]]), Table([["INDRE"]])]


def test_a_nested_odt_table_is_read_once() -> None:
    with pytest.warns(
        referatkit.ReadWarning, match=r"afsnit \d+: tabellen: en tabel i en celle er læst som en"
    ):
        meeting = referatkit.read(_odt(_NESTED_ODT), format="odt")
    words = _words(meeting)
    assert words.count("Ydre") == words.count("INDRE") == words.count("Anden") == 1
    assert _tables(meeting) == [Table([["Ydre", "Anden"]]), Table([["INDRE"]])]


_AMOUNTS = Table(
    [
        ["Skole", "Mio. kr."],
        ["Nordskolen", "1,50"],
        [TableCell("Søskolen | Vest"), "12,25"],
        [TableCell((Paragraph(Strong("I alt 13,75")),), column_span=2)],
    ],
    header_rows=1,
)


def _word_with_table() -> bytes:
    d = docx.Document()
    for text, bold, size in _FRONT:
        _add(d, text, bold, size)
    table = d.add_table(rows=4, cols=2)
    for row, cells in zip(
        table.rows,
        [("Skole", "Mio. kr."), ("Nordskolen", "1,50"), ("Søskolen | Vest", "12,25")],
        strict=False,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.paragraphs[0].add_run(text)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    total = table.cell(3, 0).merge(table.cell(3, 1))
    total.paragraphs[0].add_run("I alt 13,75").bold = True
    _add(d, "Sagen er afsluttet.", False, 11)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


_AMOUNTS_ODT = (
    '<table:table><table:table-column table:number-columns-repeated="2"/>'
    "<table:table-header-rows><table:table-row>"
    + _cell("Skole")
    + _cell("Mio. kr.")
    + "</table:table-row></table:table-header-rows>"
    "<table:table-row>" + _cell("Nordskolen") + _cell("1,50") + "</table:table-row>"
    "<table:table-row>" + _cell("Søskolen | Vest") + _cell("12,25") + "</table:table-row>"
    '<table:table-row><table:table-cell table:number-columns-spanned="2"><text:p><text:span '
    'text:style-name="B11">I alt 13,75</text:span></text:p></table:table-cell><table:covered-table-cell/>'
    "</table:table-row></table:table>"
)


def test_a_word_table_in_the_body_is_a_table() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", referatkit.ReadWarning)
        meeting = referatkit.read(_word_with_table(), format="docx")
    assert _tables(meeting) == [_AMOUNTS]


def test_an_odt_table_in_the_body_is_a_table() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", referatkit.ReadWarning)
        meeting = referatkit.read(_odt(_AMOUNTS_ODT), format="odt")
    assert _tables(meeting) == [_AMOUNTS]


def test_a_cell_of_two_paragraphs_and_a_merge_over_rows_are_reported() -> None:
    body = (
        "<table:table><table:table-column/><table:table-column/><table:table-row>"
        '<table:table-cell table:number-rows-spanned="2"><text:p>Budget</text:p></table:table-cell>'
        "<table:table-cell><text:p>Drift</text:p><text:p>2026</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:covered-table-cell/>" + _cell("Anlæg") + "</table:table-row></table:table>"
    )
    with pytest.warns(referatkit.ReadWarning) as caught:
        meeting = referatkit.read(_odt(body), format="odt")
    (warning,) = [w for w in caught if issubclass(w.category, referatkit.ReadWarning)]
    assert str(warning.message) == (
        "afsnit 12: tabellen: en celle med flere afsnit er læst som ét afsnit; "
        "en celle flettet over flere rækker er læst i sin første række, tom i de næste"
    )
    assert _tables(meeting) == [Table([["Budget", "Drift 2026"], ["", "Anlæg"]])]
