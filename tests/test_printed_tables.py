"""Tables in a Word referat and in an ODT another program wrote (invented content)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.shared import Pt

import referatkit
from referatkit.model import walk

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


def test_a_nested_word_table_is_read_once() -> None:
    words = _words(referatkit.read(_word_with_nested_table(), format="docx"))
    assert words.count("Ydre") == words.count("INDRE") == words.count("Anden") == 1


def test_a_nested_odt_table_is_read_once() -> None:
    words = _words(referatkit.read(_odt(_NESTED_ODT), format="odt"))
    assert words.count("Ydre") == words.count("INDRE") == words.count("Anden") == 1
