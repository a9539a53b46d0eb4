"""Word and foreign ODT referater of the printed layout, and documents of another layout.

The Word file is built here with python-docx (invented content, the layout of
printed referater: front page as a table of labels and values, bold captions,
"At 1)" clauses, a closed item); LibreOffice turns it into an ODT that
referatkit did not write.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import docx
import pytest

import referatkit
from referatkit import ReadError
from referatkit.formats.pdf import convert_many
from referatkit.model import (
    AttachmentList,
    BulletList,
    Decision,
    Emphasis,
    Paragraph,
    Recommendation,
    SectionKind,
    TextSection,
)

from .support import printed_word, word_paragraph


def _check(meeting: referatkit.Meeting) -> None:
    assert meeting.forum.name == "Byrådet" and meeting.place == "Rådhuset, byrådssalen"
    assert f"{meeting.start:%d-%m-%Y %H:%M}" == "03-09-2025 16:00"
    assert [i.number for i in meeting.items] == ["1", "2", "3"]
    assert [i.page for i in meeting.items] == [3, 4, 5]
    first, second, third = meeting.items
    assert second.title == "Ny cykelsti langs havnen med tilhørende belysning"
    assert [i.journal_number.raw for i in meeting.items if i.journal_number] == [
        "EMN-2025-000101",
        "EMN-2025-000202",
        "EMN-2025-000303",
    ]
    assert [(s.kind, s.caption) for s in second.sections] == [
        (SectionKind.DECISION, "Beslutninger"),
        (SectionKind.SUMMARY, "Resume"),
        (SectionKind.RECOMMENDATION, "Beslutningspunkter"),
        (SectionKind.CUSTOM, "Teknik og Miljøs påtegning"),
        (SectionKind.CUSTOM, "Bemærkninger fra borgerrådet"),
        (SectionKind.HISTORY, "Sagsforløb"),
        (SectionKind.ATTACHMENTS, None),
    ]
    summary = second.sections[1]
    assert isinstance(summary, TextSection)
    expected = Paragraph(("Stien bliver ", Emphasis("to meter"), " bred og får lys hele vejen."))
    assert summary.body[0] == expected
    assert isinstance(summary.body[2], BulletList) and len(summary.body[2].items) == 2
    rec = second.sections[2]
    assert isinstance(rec, Recommendation) and [c.lead for c in rec.clauses] == ["At", "At"]
    attachments = second.sections[6]
    assert isinstance(attachments, AttachmentList)
    assert [a.title for a in attachments.attachments] == ["Bilag 1: Kort over stien", "Indstilling"]
    assert first.public and second.public and not third.public
    assert third.title == "Salg af grund"
    (decision,) = third.sections
    assert isinstance(decision, Decision) and decision.body == (Paragraph("Salget godkendes."),)


def test_a_word_referat_reads(tmp_path: Path) -> None:
    path = tmp_path / "referat.docx"
    path.write_bytes(printed_word())
    _check(referatkit.read(path))
    _check(referatkit.read(printed_word()))  # recognised by its content


@pytest.mark.usefixtures("soffice")
def test_an_odt_another_program_wrote_reads_as_printed() -> None:
    (odt,) = convert_many([printed_word()], "odt")
    _check(referatkit.read(odt, format="odt"))


def _other_layout() -> bytes:
    d = docx.Document()
    word_paragraph(d, "Dagsorden til mødet i Teknisk Udvalg", bold=True, size=18)
    word_paragraph(d, "1. Meddelelser")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_word_file_of_another_layout_is_refused_at_its_paragraph() -> None:
    with pytest.raises(ReadError) as info:
        referatkit.read(_other_layout(), format="docx")
    message = info.value.message
    assert message.startswith("afsnit 1: forventede en titellinje som 'REFERAT")
    assert "Dagsorden til mødet i Teknisk Udvalg" in message


@pytest.mark.usefixtures("soffice")
def test_a_pdf_of_another_layout_is_refused_at_its_page() -> None:
    (odt,) = convert_many([_other_layout()], "odt")
    (pdf,) = convert_many([odt], "pdf")
    with pytest.raises(ReadError) as info:
        referatkit.read(pdf)
    assert info.value.message.startswith("side 1: forventede en titellinje som 'REFERAT")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\nnot a pdf", "kan ikke åbne PDF-filen"),
        (b"PK\x03\x04" + b"\x00" * 40, "ikke en gyldig zip-fil"),
    ],
    ids=["pdf", "docx"],
)
def test_broken_files_are_read_errors(data: bytes, message: str) -> None:
    fmt = "pdf" if data.startswith(b"%PDF") else "docx"
    with pytest.raises(ReadError) as info:
        referatkit.read(data, format=fmt)
    assert message in info.value.message


def test_a_pdf_without_text_says_so() -> None:
    import pikepdf  # noqa: PLC0415

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(ReadError) as info:
        referatkit.read(out.getvalue())
    assert info.value.message == (
        "side 1: dokumentet har ingen tekst (et scannet dokument uden tekstlag kan ikke læses)"
    )


#: What a PDF that qpdf had to repair and that holds no text is (not "a scan without a text layer").
DAMAGED_WITHOUT_TEXT = (
    "side 1: dokumentet har ingen tekst, og filen er beskadiget: qpdf måtte reparere den (er den afkortet?)"
)


def test_a_pdf_cut_off_is_said_to_be_damaged_not_a_scan() -> None:
    whole = _pdf_with_pages(b"3 0 R", 1)
    with pytest.raises(ReadError) as info:
        referatkit.read(whole[: len(whole) * 3 // 4], format="pdf")
    assert info.value.message == DAMAGED_WITHOUT_TEXT


def test_a_pdf_cut_off_that_qpdf_repairs_reads_with_a_warning_that_something_may_be_missing(
    tmp_path: Path,
) -> None:
    """Cut just before its end, a referat's PDF still reads whole once qpdf has rebuilt its
    cross-reference table; what the cut took (a font, an image, a page's content) is not
    known, so the reading says the file was damaged. The whole file says nothing of it."""
    meeting = referatkit.read(Path(__file__).parent.parent / "examples" / "referat-byudvalget.txt")
    whole = referatkit.render(meeting, "pdf")
    path = tmp_path / "referat.pdf"
    for data, damaged in ((whole, False), (whole[: len(whole) * 97 // 100], True)):
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read = referatkit.read(path)
        assert [item.title for item in read.items] == [item.title for item in meeting.items]
        said = [str(w.message) for w in caught if issubclass(w.category, referatkit.ReadWarning)]
        expected = (
            f"{path}: filen er beskadiget: qpdf måtte reparere den; noget af indholdet kan mangle "
            "(er den afkortet?)"
        )
        assert (expected in said) is damaged, said


def _pdf_with_pages(kids: bytes, count: int) -> bytes:
    """A PDF whose page tree lists ``kids``; object 3 is an empty page, others are missing."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_page_that_cannot_be_loaded_is_named(tmp_path: Path) -> None:
    path = tmp_path / "referat.pdf"
    path.write_bytes(_pdf_with_pages(b"3 0 R 9 0 R", 2))
    with pytest.raises(ReadError) as info:
        referatkit.read(path)
    assert info.value.source == str(path)
    # qpdf rewrites the file first and drops the page tree's entry that is no page, so what
    # is left is a page without text: named, not a pdfium traceback, and the file said to be
    # damaged, not a scan.
    assert info.value.message == DAMAGED_WITHOUT_TEXT


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\nnot a pdf", "filen er beskadiget: dens trailer findes ikke"),
        (
            _pdf_with_pages(b"3 0 R", 1).replace(b"/Root 1 0 R", b"/Root 7 0 R"),
            "filen er beskadiget: dens katalog (/Root) findes ikke",
        ),
        (
            _pdf_with_pages(b"3 0 R", 1).replace(b"/Kids [3 0 R]", b""),
            "filen er beskadiget: dens sidetræ findes ikke",
        ),
    ],
    ids=["no-trailer", "no-root", "no-page-tree"],
)
def test_a_pdf_that_cannot_be_opened_names_the_file_in_danish(
    data: bytes, expected: str, tmp_path: Path
) -> None:
    """qpdf names the stream it was given (``stream <_io.BytesIO object at 0x…>``): the error
    names the file and says what is wrong in Danish instead."""
    path = tmp_path / "møde.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        referatkit.read(path, format="pdf")
    assert str(info.value) == f"{path}: kan ikke åbne PDF-filen: {expected}"


# --- no library's English, no library's output on the terminal --------------------------------


def _word_with(change: dict[str, bytes | None]) -> bytes:
    """The printed Word referat with members replaced (None: removed)."""
    import zipfile  # noqa: PLC0415

    with zipfile.ZipFile(io.BytesIO(printed_word())) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    for name, data in change.items():
        if data is None:
            del members[name]
        else:
            members[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "<data>: Word-filen: ikke en gyldig zip-fil: filen er ingen zip-fil (eller den er afkortet)"),
        ({"[Content_Types].xml": None}, "<data>: Word-filen: delen '[Content_Types].xml' mangler"),
        ({"word/document.xml": None}, "<data>: Word-filen: delen 'word/document.xml' mangler"),
        (
            {"[Content_Types].xml": b"<Types"},
            "<data> ([Content_Types].xml):1:7: ugyldig XML: "
            "starttagget <Types> fra linje 1 slutter ikke med '>'",
        ),
        (
            {"word/styles.xml": b"<w:styles/>"},
            "<data> (word/styles.xml):1:10: ugyldig XML: navnerumspræfikset w (på <styles>) er ikke erklæret",
        ),
        (
            {"_rels/.rels": f'<Relationships xmlns="{_RELS}"/>'.encode()},
            "<data>: Word-filen har intet hoveddokument: pakkens relationer (_rels/.rels) nævner det ikke",
        ),
        (
            {"[Content_Types].xml": b"<Types/>"},
            "<data>: Word-filen er beskadiget: dens indholdstyper ([Content_Types].xml) eller relationer "
            "(.rels) har ikke en Word-fils form",
        ),
    ],
    ids=["not-a-zip", "no-content-types", "no-document", "content-types-cut", "undeclared-prefix",
         "no-main-document", "content-types-of-another-kind"],
)  # fmt: skip
def test_a_spoiled_word_file_is_said_in_danish_naming_the_part(
    change: dict[str, bytes | None], expected: str
) -> None:
    """python-docx's and zipfile's words ("There is no item named ...", "File is not a zip
    file") never reach the message."""
    data = _word_with(change) if change else b"PK\x03\x04" + b"\x00" * 40
    with pytest.raises(ReadError) as info:
        referatkit.read(data, format="docx")
    assert str(info.value) == expected


_DAMAGED_XMP = b"4 0 obj\n<< /Length 20 >>\nstream\n<x:xmpmeta xmlns:x=\nendstream\nendobj\n"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda: _pdf_with_pages(b"3 0 R 9 0 R", 2),
        lambda: _pdf_with_pages(b"3 0 R", 1)
        .replace(b"/Catalog", b"/Catalog /Metadata 4 0 R", 1)
        .replace(b"xref", _DAMAGED_XMP + b"xref", 1),
    ],
    ids=["page-tree-naming-a-missing-page", "damaged-xmp"],
)  # fmt: skip
def test_a_damaged_pdf_puts_no_library_output_on_the_terminal(spoil: Any, tmp_path: Path) -> None:
    """pikepdf logs qpdf's repairs ("Pages tree includes non-dictionary object; ignoring") and
    a damaged XMP ("Error occurred parsing XMP", a traceback) to its logger; with no logging
    set up, as on the command line, Python printed them under the Danish message (found by
    the fuzzer). Run in a child: pytest's own logging handler would hide them here."""
    path = tmp_path / "møde.pdf"
    path.write_bytes(spoil())
    done = subprocess.run(
        [sys.executable, "-m", "referatkit", "convert", str(path), str(tmp_path / "ud.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"referatkit: {path}: {DAMAGED_WITHOUT_TEXT}\n"
