"""Spoiled zip members of a Word file or a foreign ODT: a ReadError naming the file
and the member, never zlib's, zipfile's or python-docx's own exception."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

import referatkit
from referatkit import ReadError
from referatkit.formats.printed._lines import read_member

from .support import printed_word


def _spoil(data: bytes, name: str, how: str) -> bytes:
    """``data`` with the member ``name`` spoiled: its deflate stream (``deflate``), its
    compression method (``method``), its encryption flag (``encrypted``), or its data cut
    short (``short``: the member's sizes say more than the file holds)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    out = bytearray(data)
    local = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", out, local + 26)
    start = local + 30 + name_len + extra_len
    central = out.rfind(b"PK\x01\x02", 0, len(out))
    while out[central + 46 : central + 46 + len(name.encode())] != name.encode():
        central = out.rfind(b"PK\x01\x02", 0, central)
        assert central >= 0
    if how == "deflate":
        assert info.compress_type == zipfile.ZIP_DEFLATED
        out[start : start + info.compress_size] = b"\xff" * info.compress_size  # invalid block type
    elif how == "method":
        struct.pack_into("<H", out, local + 8, 99)
        struct.pack_into("<H", out, central + 10, 99)
    elif how == "encrypted":
        flags = struct.unpack_from("<H", out, central + 8)[0]
        struct.pack_into("<H", out, central + 8, flags | 1)
    elif how == "short":
        struct.pack_into("<H", out, central + 10, zipfile.ZIP_STORED)
        struct.pack_into("<II", out, central + 20, 10_000_000, 10_000_000)
    return bytes(out)


_HOWS = ["deflate", "method", "encrypted", "short"]
#: What each spoiling is said as, in Danish.
_SAID = {
    "deflate": "de pakkede data er beskadigede",
    "method": "den er pakket med en metode, som ikke kan læses",
    "encrypted": "den er krypteret med en adgangskode",
    "short": "den er afkortet",
}


@pytest.mark.parametrize("how", _HOWS)
def test_a_spoiled_word_member_is_named(how: str, tmp_path: Path) -> None:
    path = tmp_path / "referat.docx"
    path.write_bytes(_spoil(printed_word(), "word/document.xml", how))
    with pytest.raises(ReadError) as info:
        referatkit.read(path)
    assert info.value.source == str(path)
    assert info.value.message == f"Word-filen: delen 'word/document.xml' kan ikke pakkes ud: {_SAID[how]}"


def _foreign_odt() -> bytes:
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:p>REFERAT Byrådet d. 03-09-2025</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
        + "<office:styles/>" * 50
        + "</office:document-styles>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("styles.xml", styles, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize("how", _HOWS)
def test_a_spoiled_member_of_a_foreign_odt_is_named(how: str, tmp_path: Path) -> None:
    path = tmp_path / "referat.odt"
    path.write_bytes(_spoil(_foreign_odt(), "styles.xml", how))
    with pytest.raises(ReadError) as info:
        referatkit.read(path)
    assert info.value.source == str(path)
    assert info.value.message == f"ODT-filen: delen 'styles.xml' kan ikke pakkes ud: {_SAID[how]}"


def test_a_member_is_read_only_up_to_the_limit() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xml", b"x" * 300_000)
    with zipfile.ZipFile(out) as z, pytest.raises(ReadError) as info:
        read_member(z, "big.xml", "a.docx", "Word-filen", limit=200_000)
    assert info.value.message == (
        "Word-filen: delen 'big.xml' fylder over 200000 byte udpakket; højst 200000 læses"
    )
    with zipfile.ZipFile(out) as z:
        assert read_member(z, "big.xml", "a.docx", "Word-filen") == b"x" * 300_000


def _parts(package: Any) -> list[tuple[str, str, bytes, list[tuple[str, str, str]]]]:
    """Each part of a python-docx package: its name, content type, blob and relationships."""
    return sorted(
        (
            str(part.partname),
            part.content_type,
            part.blob,
            sorted((rid, rel.reltype, rel.target_ref) for rid, rel in part.rels.items()),
        )
        for part in package.iter_parts()
    )


@pytest.mark.parametrize("sample", ["printed_word", "acadre"])
def test_python_docx_given_the_unpacked_members_opens_the_package_it_opens_from_the_zip(sample: str) -> None:
    """The Word reader hands python-docx the members it unpacked (once, within the bounds):
    the same parts, blobs and relationships as python-docx's own reading of the zip."""
    import docx  # noqa: PLC0415

    from referatkit.formats.printed._docx import _package  # noqa: PLC0415
    from referatkit.formats.printed._lines import read_members  # noqa: PLC0415

    from .conftest import SHARED, shared_file  # noqa: PLC0415

    if sample == "acadre":
        path = SHARED / "samples" / "printed_referater" / "syddjurs_puk_2013-06-20_referat_acadre.docx"
        data = shared_file(path).read_bytes()
    else:
        data = printed_word()
    ours = _package(read_members(data, "test.docx", "Word-filen"))
    theirs = docx.Document(io.BytesIO(data)).part.package
    assert _parts(ours) == _parts(theirs)
    assert len(_parts(ours)) > 5
