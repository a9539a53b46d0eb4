"""Amplifying inputs: a few kilobytes that ask a reader for a lot of work.

Each maker builds a synthetic input of one of the four kinds issue 29's audit
found (and the shapes around them) at a given scale, from the project's own
writers and fixtures; nothing here copies an input from elsewhere. The
fuzzer's amplification mutations (:mod:`.engine`) and the bound tests
(``test_bounds.py``) both use them.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
_ESDH = ROOT / "tests" / "esdh" / "sbsys-publication.xml"
_EDOC = ROOT / "tests" / "esdh" / "edoc-agendapublishing.xml"
_ACADRE = ROOT / "tests" / "esdh" / "5002.XML"
_PORTAL_PAGE = ROOT / "tests" / "firstagenda" / "synthetic-page.html"
_TABLES = ROOT / "tests" / "cases" / "table-of-amounts" / "input.txt"


def _example_xml() -> bytes:
    import referatkit  # noqa: PLC0415

    meeting = referatkit.read(ROOT / "examples" / "referat-byudvalget.txt")
    return referatkit.render(meeting, "xml")


def xml_reference_flood(count: int, piece: bytes = b"&lt;") -> bytes:
    """referatkit XML with ``count`` pieces (a character reference, a comment) where the
    schema allows no text: inside the meeting's ``<forum>``."""
    data = _example_xml()
    at = data.index(b"<forum>") + len(b"<forum>")
    return data[:at] + piece * count + data[at:]


def xml_attribute_flood(tags: int, attributes: int) -> bytes:
    """referatkit XML with ``tags`` elements of ``attributes`` attributes each inside the
    meeting's ``<forum>`` (the fuzzer's seed 37, xml input 211: 258 tags of 10,000 in 25 MB)."""
    data = _example_xml()
    at = data.index(b"<forum>") + len(b"<forum>")
    tag = b"<x " + b" ".join(b'a%d="x"' % n for n in range(attributes)) + b"/>"
    return data[:at] + tag * tags + data[at:]


def docx_empty_paragraphs(count: int, *, ids_every: int = 0) -> bytes:
    """A Word file whose body is ``count`` empty paragraphs (``<w:p/>``), deflated; with
    ``ids_every``, every so many of them carries a random revision id (as Word writes), which
    deflates less: a larger file of the same kind."""
    import docx  # noqa: PLC0415

    document = docx.Document()
    document.add_paragraph("REFERAT")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    rng = random.Random(count)
    empty = b"<w:p/>"
    if ids_every:
        run = empty * (ids_every - 1)
        body = b"".join(
            run + b'<w:p w:rsidR="%08X"/>' % rng.getrandbits(32) for _ in range(count // ids_every)
        )
    else:
        body = empty * count
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info, content in members:
            if info.filename == "word/document.xml":
                z.writestr(info.filename, content.replace(b"<w:body>", b"<w:body>" + body, 1))
            else:
                z.writestr(info.filename, content)
    return out.getvalue()


def helvetica(pdf: Any) -> Any:
    """A standard font (no file to embed) for a ``pikepdf.Pdf``."""
    import pikepdf  # noqa: PLC0415

    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/Helvetica"),
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def pdf_shared_stream(pages: int, *, operators: int = 10_000, distinct: int = 1) -> bytes:
    """A PDF of ``pages`` pages that all draw one content stream of ``operators`` text-showing
    operators (deflated): the file holds it once, every page costs it again. With
    ``distinct``, the pages share that many streams of random letters in turn (a larger file)."""
    import pikepdf  # noqa: PLC0415

    pdf = pikepdf.Pdf.new()
    font = helvetica(pdf)
    rng = random.Random(pages)
    letters = "abcdefghijklmnopqrstuvwxyz"
    streams = []
    for index in range(distinct):
        shown = (
            b"1 0 Td (x) Tj " * operators
            if index == 0
            else b"".join(b"1 0 Td (%s) Tj " % rng.choice(letters).encode() for _ in range(operators))
        )
        streams.append(pdf.make_stream(b"BT /F1 1 Tf " + shown + b"ET"))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    for number in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = resources
        page.obj.Contents = streams[number % distinct]
    buffer = io.BytesIO()
    pdf.save(
        buffer, static_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    return buffer.getvalue()


def esdh_paragraph_flood(count: int, piece: str = "<p>x</p>") -> bytes:
    """An SBSYS publication whose first HTML field holds ``count`` small paragraphs."""
    data = _ESDH.read_bytes()
    found = re.search(rb"<Content><!\[CDATA\[<p>", data)
    assert found is not None
    at = found.end() - len(b"<p>")
    return data[:at] + piece.encode() * count + data[at:]


def edoc_fulltext_flood(count: int, piece: str) -> bytes:
    """The eDoc AgendaPublishing export with ``count`` pieces of plain text (lines ended by a
    carriage return, as eDoc writes them) at the end of its first item's ``FullText``."""
    data = _EDOC.read_bytes()
    at = data.index(b"</FullText>")
    return data[:at] + (piece * count).encode("utf-8") + data[at:]


def acadre_absent_names(count: int) -> bytes:
    """The Acadre export whose item names ``count`` members absent in its ``absent`` field
    (one letter each: the reader keeps every name it is given)."""
    data = _ACADRE.read_bytes()
    field = b'<field name="absent">Jonas Holm (V)</field>'
    return data.replace(field, b'<field name="absent">' + b"a," * count + b"</field>", 1)


def portal_page_participants(count: int) -> bytes:
    """The portal's page of a meeting whose participants' cell names ``count`` members."""
    data = _PORTAL_PAGE.read_bytes()
    cell = b'<td class="deltagere"></td>'
    names = ",".join(f"n{n}" for n in range(count)).encode("ascii")
    return data.replace(cell, b'<td class="deltagere">' + names + b"</td>", 1)


def text_table_rows(count: int, cells: int = 2) -> bytes:
    """The text-layout referat of a table of amounts whose first table has ``count`` more
    rows of ``cells`` cells (the fuzzer's seed 38: 40,000 rows of two cells in 1 MB)."""
    data = _TABLES.read_bytes()
    rule = b"|" + b":--|" * cells
    head = b"|" + b" Skole |" * cells
    row = b"| Vestskolen |" + b" 0,75 |" * (cells - 1)
    table = head + b"\n" + rule + b"\n" + (row + b"\n") * count
    at = data.index(b"|  | Mio. kr. |")
    return data[:at] + table + b"\n" + data[at:]


def printed_wrapped_title(count: int) -> bytes:
    """The print's text as pdftotext gives it, its first item's title wrapped over ``count``
    more lines (the fuzzer's seed 38, read-bytes input 2478: 20,000 lines took 2.5 s)."""
    from .engine import _printed_seeds  # noqa: PLC0415 - the engine imports this module

    data = next(seed.data for seed in _printed_seeds() if seed.name == "printed-pdftotext.txt")
    lines = data.decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip("\f").startswith("Punkt 1: "))
    return "\n".join([*lines[: at + 1], *["godkendelse af dagsorden"] * count, *lines[at + 1 :]]).encode()


def pdf_xmp_flood(depth: int, times: int) -> bytes:
    """A one-page PDF whose XMP metadata holds ``times`` runs of ``depth`` nested tags (the
    fuzzer's seed of a Typst print with 100,000 runs of 10 put in its XMP: 7 MB took pdfium
    730 MiB to open; the reader takes nothing from XMP)."""
    import pikepdf  # noqa: PLC0415

    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica(pdf)))
    page.obj.Contents = pdf.make_stream(b"BT /F1 11 Tf 72 780 Td (REFERAT Byudvalget d. 14-01-2025) Tj ET")
    nested = (b"<b>" * depth + b"x" + b"</b>" * depth) * times
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>' + nested + b"</rdf:RDF></x:xmpmeta>"
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True, fix_metadata_version=False)  # the XMP as written
    return buffer.getvalue()


def text_nested_lists(count: int) -> bytes:
    """The text-layout referat of nested lists with its list repeated ``count`` times (the
    fuzzer's seed 38, text input 2340: 140,000 lines of them in 1.5 MB took 1.1 s)."""
    lines = (ROOT / "tests" / "cases" / "nested-two-spaces" / "input.txt").read_text("utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    end = next(i for i in range(first, len(lines)) if not lines[i].startswith(("-", " ")))
    return "\n".join([*lines[:first], *lines[first:end] * count, *lines[end:]]).encode("utf-8")


def printed_repeated_sections(count: int) -> bytes:
    """The print's text as pdftotext gives it, its first item's case number and sections
    repeated ``count`` times (the fuzzer's seed 38, read-path input 4844: 20,000 times in
    1.6 MB took 1.1 s at the text layout's units a line)."""
    from .engine import _printed_seeds  # noqa: PLC0415 - the engine imports this module

    data = next(seed.data for seed in _printed_seeds() if seed.name == "printed-pdftotext.txt")
    lines = data.decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip("\f").startswith("Punkt 1: "))
    body = [line for line in lines[at + 1 :] if line.strip("\f")]
    return "\n".join([*lines[: at + 1], *body * count, "\f"]).encode("utf-8")


def portal_page_nested(count: int) -> bytes:
    """The portal's page of a meeting with ``count`` runs of ten nested ``<ul>`` and ten
    nested ``<b>`` before its decisions' heading (the fuzzer's seed 39, firstagenda-html input
    1030: 100,000 of each in 1.6 MB took 1.3 s)."""
    data = _PORTAL_PAGE.read_bytes()
    at = data.index(b"<h3>Beslutninger</h3>")
    runs = (b"<ul>" * 10 + b"x" + b"</ul>" * 10 + b"<b>" * 10 + b"x" + b"</b>" * 10) * count
    return data[:at] + runs + data[at:]
