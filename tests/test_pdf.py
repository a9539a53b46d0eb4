"""The PDF: tagged PDF/UA-1 and PDF/A-2b from LibreOffice, every font embedded, deterministic."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

import referatkit
from referatkit.formats import _libreoffice as libreoffice_service
from referatkit.formats.pdf import EPOCH, PDF_TARGET, convert_many, odt_to_pdf_many, publish

from .conftest import EXAMPLES, shared_file
from .support import ODT_SOURCES
from .support import odt as _odt

_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


@dataclass(frozen=True)
class Printed:
    odt: bytes
    pdf: bytes
    again: bytes  # the same ODT converted in a second LibreOffice run

    def open(self) -> pikepdf.Pdf:
        return pikepdf.open(io.BytesIO(self.pdf))

    def meta(self, tag: str) -> str | None:
        """``tag`` of the ODT's meta.xml, or the user-defined field named ``tag``."""
        with zipfile.ZipFile(io.BytesIO(self.odt)) as z:
            meta = etree.fromstring(z.read("meta.xml"))
        for field in meta.iter(f"{_META}user-defined"):
            if field.get(f"{_META}name") == tag:
                return field.text
        return meta.findtext(f".//{_DC}{tag}")


@pytest.fixture(scope="module")
def printed(soffice: str) -> dict[str, Printed]:
    """Every source in one LibreOffice run, and again in reverse order in a second run."""
    odts = {p.name: _odt(referatkit.read(shared_file(p))) for p in ODT_SOURCES}
    first = odt_to_pdf_many(list(odts.values()))
    second = odt_to_pdf_many(list(odts.values())[::-1])[::-1]
    return {
        name: Printed(odt, pdf, again)
        for (name, odt), pdf, again in zip(odts.items(), first, second, strict=True)
    }


sources = pytest.mark.parametrize("source", ODT_SOURCES, ids=lambda p: p.name)


def _fonts(resources: pikepdf.Object | None, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
    """The fonts of ``resources``, of the form XObjects in it, and the descendants of Type0 fonts."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        yield font
        yield from font.get("/DescendantFonts", pikepdf.Array())
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def _is_true(value: object) -> bool:
    """A PDF boolean true (pikepdf gives booleans as Python's)."""
    return isinstance(value, bool) and value


def test_filter_asks_libreoffice_for_tagged_pdf_ua_and_pdf_a_2b() -> None:
    assert PDF_TARGET == (
        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
        '"SelectPdfVersion":{"type":"long","value":"2"},'
        '"PDFUACompliance":{"type":"boolean","value":"true"}}'
    )


@sources
def test_pdf_is_tagged_in_danish_and_shows_its_title(source: Path, printed: dict[str, Printed]) -> None:
    document = printed[source.name]
    with document.open() as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.StructTreeRoot.get("/K") is not None  # the tree has content
        assert _is_true(root.MarkInfo.Marked)
        assert str(root.Lang) == document.meta("language") == "da-DK"
        assert _is_true(root.ViewerPreferences.DisplayDocTitle)
        title = document.meta("title")
        assert title
        assert str(pdf.docinfo.Title) == title
        assert pdf.open_metadata()["dc:title"] == title


# ISO 32000-1 14.8.4: the standard structure types.
_STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form".split()
)


def _structure_types(element: pikepdf.Object) -> Iterator[str]:
    if isinstance(element, pikepdf.Array):
        for child in element:
            yield from _structure_types(child)
    elif isinstance(element, pikepdf.Dictionary) and element.get("/Type") != pikepdf.Name.MCR:
        if "/S" in element:
            yield str(element.S)[1:]
        if "/K" in element:
            yield from _structure_types(element.K)


@sources
def test_structure_has_headings_and_maps_every_type_to_a_standard_one(
    source: Path, printed: dict[str, Printed]
) -> None:
    with printed[source.name].open() as pdf:
        tree = pdf.Root.StructTreeRoot
        role_map = tree.get("/RoleMap", pikepdf.Dictionary())
        types = set(_structure_types(tree.K))
        assert {"Document", "H1"} <= types
        for kind in types - _STANDARD_TYPES:
            assert str(role_map.get(f"/{kind}", ""))[1:] in _STANDARD_TYPES, kind


@sources
def test_every_font_is_embedded(source: Path, printed: dict[str, Printed]) -> None:
    with printed[source.name].open() as pdf:
        checked = 0
        for number, page in enumerate(pdf.pages, 1):
            for font in _fonts(page.obj.get("/Resources"), set()):
                if font.Subtype in (pikepdf.Name.Type0, pikepdf.Name.Type3):
                    continue  # Type0: its descendant is checked; Type3: glyphs are content streams
                descriptor = font.get("/FontDescriptor")
                name = font.get("/BaseFont")
                assert descriptor is not None, f"page {number}: {name} has no font descriptor"
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), (
                    f"page {number}: {name} is not embedded"
                )
                checked += 1
        assert checked > 0


@sources
def test_xmp_claims_pdf_a_2b_and_pdf_ua_1(source: Path, printed: dict[str, Printed]) -> None:
    with printed[source.name].open() as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "2"
        assert xmp["pdfaid:conformance"] == "B"
        assert xmp["pdfuaid:part"] == "1"
        assert "pikepdf" not in str(pdf.Root.Metadata.read_bytes())
        assert "pikepdf" not in str(pdf.docinfo.get("/Producer", ""))
        assert "/OutputIntents" in pdf.Root


@sources
def test_dates_are_the_meeting_start(source: Path, printed: dict[str, Printed]) -> None:
    document = printed[source.name]
    start = document.meta("Mødedato")
    assert start
    with document.open() as pdf:
        xmp = pdf.open_metadata()
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert xmp[key] == start, key
        # D:YYYYMMDDHHmmSS+HH'mm' for YYYY-MM-DDTHH:mm:SS+HH:mm
        expected = (
            "D:" + start[:19].translate(str.maketrans("", "", "-T:")) + start[19:].replace(":", "'") + "'"
        )
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == expected
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp"
        assert "/DocChecksum" not in pdf.trailer


@sources
def test_same_odt_gives_same_bytes(source: Path, printed: dict[str, Printed]) -> None:
    document = printed[source.name]
    assert document.pdf == document.again
    with document.open() as pdf:
        first, second = (bytes(part) for part in pdf.trailer.ID)
        assert first == second and len(first) == 16


@sources
def test_publishing_again_changes_nothing(source: Path, printed: dict[str, Printed]) -> None:
    document = printed[source.name]
    assert publish(document.pdf, document.odt) == document.pdf


def test_without_a_meeting_start_the_dates_are_the_epoch(printed: dict[str, Printed]) -> None:
    pdf = publish(next(iter(printed.values())).pdf, b"not an ODT")
    with pikepdf.open(io.BytesIO(pdf)) as out:
        assert str(out.docinfo.CreationDate) == "D:20000101000000Z"
        assert out.open_metadata()["xmp:CreateDate"] == "2000-01-01T00:00:00Z"
    assert EPOCH.year == 2000


def test_untagged_or_broken_pdf_is_a_write_error() -> None:
    untagged = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(untagged)
    with pytest.raises(referatkit.WriteError, match="ikke en tagget PDF"):
        publish(untagged.getvalue(), b"")
    with pytest.raises(referatkit.WriteError, match="kunne ikke efterbehandles"):
        publish(b"%PDF-1.6\nikke en PDF", b"")


@pytest.mark.usefixtures("soffice")
def test_a_process_keeps_its_libreoffice_profile_and_gives_up_a_failed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(libreoffice_service, "_profiles", {})
    document = _odt(referatkit.read(EXAMPLES / "referat-byudvalget.txt"))
    first = convert_many([document], "pdf")
    profile = libreoffice_service._profiles[os.getpid()]
    assert (profile / "user").is_dir()  # LibreOffice made its profile there
    assert convert_many([document], "pdf")[0][:5] == first[0][:5] == b"%PDF-"
    assert libreoffice_service._profiles[os.getpid()] == profile  # the second run used it again
    with pytest.raises(referatkit.WriteError, match="LibreOffice lavede ingen PDF"):
        convert_many([document[:3000]], "pdf")  # a cut ODT: "source file could not be loaded"
    assert os.getpid() not in libreoffice_service._profiles
    assert not profile.exists()  # nothing a failed run left behind is used again
