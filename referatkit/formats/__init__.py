"""The registry of readers and writers: names and functions, imported on first use.

Every writer is ``(meeting, ctx: WriteContext) -> str | bytes`` and every
reader ``(data, ctx: ReadContext) -> Meeting`` (:mod:`._contract`). A format
names its functions as ``"module:function"``; the module is imported the
first time the function is called, so a command that only reads text does
not pay for odfpy, the XSD or the HTML machinery.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import PurePath
from typing import Any, cast

from attrs import frozen

from .._repr import fields_repr
from ..editions import Edition
from ..errors import FormatError
from ..model import Meeting
from ._contract import (
    FormatOptions,
    NoOptions,
    ReadContext,
    Reader,
    ReadOptions,
    WriteContext,
    Writer,
)
from ._limits import reading
from ._pdfwrite import PdfOptions
from ._reports import Loss, Note, Report, Reports
from .firstagenda import PortalOptions
from .html import HtmlOptions
from .odt import OdtOptions
from .printed import PrintedOptions

__all__ = [
    "Format",
    "FormatOptions",
    "HtmlOptions",
    "Loss",
    "NoOptions",
    "Note",
    "OdtOptions",
    "PdfOptions",
    "PortalOptions",
    "PrintedOptions",
    "ReadContext",
    "ReadOptions",
    "Report",
    "Reports",
    "WriteContext",
    "by_name",
    "by_suffix",
    "formats",
    "sniff",
]


@cache
def _function(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return cast(Callable[..., Any], getattr(importlib.import_module(module), name))


@cache
def _bounded(reference: str) -> Reader:
    read = cast(Reader, _function(reference))

    @functools.wraps(read)
    def bounded(data: bytes, ctx: ReadContext) -> Meeting:
        with reading(len(data), ctx.source):
            return read(data, ctx)

    return bounded


@frozen(kw_only=True)
class Format:
    """One format: its name, file suffixes, reader and/or writer, and its options class.

    ``reads`` and ``writes`` name the functions (``"referatkit.formats.xml:read_xml"``);
    :attr:`reader` and :attr:`writer` import them. ``edition`` is the edition
    written when the caller gives none: ``"public"`` for a publication format.
    """

    __repr__ = fields_repr

    name: str
    description: str
    suffixes: tuple[str, ...]
    reads: str | None = None
    writes: str | None = None
    options: type[FormatOptions] = NoOptions
    read_options: type[ReadOptions] = NoOptions
    edition: Edition = "full"
    binary: bool = False
    sniffer: Callable[[bytes], bool] | None = None
    #: How it is produced when it is another format's document printed, given its options
    #: (PDF by LibreOffice: the ODT writer's, ``("odt", OdtOptions(...))``), so that a batch
    #: prints many in one printer; ``None`` (or no function): its writer writes it.
    printed_from: Callable[[Any], tuple[str, FormatOptions] | None] | None = None

    @property
    def can_read(self) -> bool:
        return self.reads is not None

    @property
    def can_write(self) -> bool:
        return self.writes is not None

    @property
    def reader(self) -> Reader | None:
        """The reader, run inside the budget its input's size gives (:func:`._limits.reading`)."""
        return _bounded(self.reads) if self.reads else None

    @property
    def writer(self) -> Writer | None:
        return cast(Writer, _function(self.writes)) if self.writes else None


def _odt_sniffer(head: bytes) -> bool:
    # A zip whose first member is the stored mimetype, as ODF requires.
    return head.startswith(b"PK\x03\x04") and head[30:].startswith(
        b"mimetypeapplication/vnd.oasis.opendocument.text"
    )


def _docx_sniffer(head: bytes) -> bool:
    # A zip that is no ODF document and names Word's parts.
    return (
        head.startswith(b"PK\x03\x04")
        and not _odt_sniffer(head)
        and (b"[Content_Types].xml" in head or b"word/" in head)
    )


def _pdf_sniffer(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def _xml_sniffer(head: bytes) -> bool:
    return b"urn:referatkit:referat:1" in head  # referatkit.formats.xml.NAMESPACE


def _json_sniffer(head: bytes) -> bool:
    # An object whose first key is "referatkit" (referatkit.formats.json.VERSION's key).
    return re.match(rb'(?:\xef\xbb\xbf)?\s*\{\s*"referatkit"\s*:', head) is not None


def _text_sniffer(head: bytes) -> bool:
    from ._encoding import utf16_codec

    codec = utf16_codec(head) or "utf-8"
    text = head.decode(codec, errors="replace").lstrip("\ufeff \t\r\n")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0].strip()
    return bool(re.fullmatch(r"(?:[A-ZÆØÅ]+ )+.+ d\. \d\d-\d\d-\d{4}", first))


def _root_name(head: bytes) -> str | None:
    """The local name of the document element, from the start of a file."""
    text = head.decode("utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8", "replace")
    match = _PROLOG.match(text.lstrip("\ufeff"))
    return match[1].rsplit(":", 1)[-1] if match else None


# Each declaration, comment or doctype ends where it first can, and is never taken apart
# again (atomic groups, possessive repeats): a file of a thousand empty comments before
# a text that has no root made the lazy pattern try every way to split them (minutes).
_PROLOG = re.compile(r"\s*+(?>(?><\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*+>)\s*+)*+<([A-Za-z_][\w.:-]*)", re.S)


def _sbsys_sniffer(head: bytes) -> bool:
    return _root_name(head) == "Publication"


def _sbsys_dagsorden_sniffer(head: bytes) -> bool:
    return _root_name(head) == "Dagsorden"


def _edoc_sniffer(head: bytes) -> bool:
    return _root_name(head) == "Meeting" and (b"<MeetingAgendaTypes" in head or b"<MeetingDate>" in head)


def _fujitsu_sniffer(head: bytes) -> bool:
    return b"http://www.fujitsu.dk/agenda/xml/schemas/" in head


def _acadre_sniffer(head: bytes) -> bool:
    return _root_name(head) == "root" and (b'<table name="' in head or b"<org>" in head)


_REGISTRY: dict[str, Format] = {
    "text": Format(
        name="text",
        description="Tekstlayoutet fra de trykte referater (docs/text-format.md)",
        suffixes=(".txt", ".text"),
        reads="referatkit.formats.text:read_text",
        writes="referatkit.formats.text:write_text",
        sniffer=_text_sniffer,
    ),
    "odt": Format(
        name="odt",
        description="OpenDocument-tekst: det trykte referat (LibreOffice)",
        suffixes=(".odt", ".ott"),
        reads="referatkit.formats.odt:read_odt",
        writes="referatkit.formats.odt._writer:write_odt",
        options=OdtOptions,
        read_options=PrintedOptions,  # an ODT another program wrote is read as a print
        sniffer=_odt_sniffer,
        binary=True,
    ),
    "docx": Format(
        name="docx",
        description="Word-dokument: det trykte referat, kun læsning (docs/printed.md)",
        suffixes=(".docx",),
        reads="referatkit.formats.printed:read_docx",
        read_options=PrintedOptions,
        sniffer=_docx_sniffer,
        binary=True,
    ),
    "xml": Format(
        name="xml",
        description="referatkit-XML: hele modellen, tabsfrit, med eget XSD (arkivering)",
        suffixes=(".xml",),
        reads="referatkit.formats.xml:read_xml",
        writes="referatkit.formats.xml:write_xml",
        sniffer=_xml_sniffer,
        binary=True,
    ),
    "json": Format(
        name="json",
        description="referatkit-JSON: hele modellen, tabsfrit, med eget JSON Schema (docs/json.md)",
        suffixes=(".json",),
        reads="referatkit.formats.json:read_json",
        writes="referatkit.formats.json:write_json",
        sniffer=_json_sniffer,
        binary=True,
    ),
    "akn": Format(
        name="akn",
        description="Akoma Ntoso 3.0 (debate): referatet som juridisk XML (docs/akn.md)",
        suffixes=(".akn",),
        writes="referatkit.formats.akn:write_akn",
        binary=True,
    ),
    "html": Format(
        name="html",
        description="HTML5 til udgivelse på kommunens hjemmeside (docs/html.md)",
        suffixes=(".html", ".htm"),
        writes="referatkit.formats.html._writer:write_html",
        options=HtmlOptions,
        edition="public",
    ),
    "pdf": Format(
        name="pdf",
        description="PDF af det trykte referat: skrives med Typst eller LibreOffice, læses som trykt",
        suffixes=(".pdf",),
        reads="referatkit.formats.printed:read_pdf",
        read_options=PrintedOptions,
        writes="referatkit.formats._pdfwrite:write_pdf",
        sniffer=_pdf_sniffer,
        options=PdfOptions,
        printed_from=PdfOptions.printed_from,
        binary=True,
    ),
}


# The case systems' exports (read only, docs/esdh.md). After "xml", so that
# writing to a .xml file means referatkit's own XML.
for _name, _reader, _sniffer, _description in (
    ("sbsys", "read_sbsys", _sbsys_sniffer, "SBSYS-publikation (Publication XML)"),
    (
        "sbsys-dagsorden",
        "read_sbsys_dagsorden",
        _sbsys_dagsorden_sniffer,
        "SBSYS-dagsorden (Dagsorden XML med danske elementnavne)",
    ),
    ("edoc", "read_edoc", _edoc_sniffer, "eDoc AgendaPublishing XML"),
    ("edoc-fujitsu", "read_fujitsu", _fujitsu_sniffer, "eDoc dagsorden-XML i Fujitsu-navnerummet"),
    ("acadre", "read_acadre", _acadre_sniffer, "Acadre Meeting Manager: manifest eller dagsordensfil"),
):
    _REGISTRY[_name] = Format(
        name=_name,
        description=f"{_description}, kun læsning (docs/esdh.md)",
        suffixes=(".xml",),
        reads=f"referatkit.formats.esdh:{_reader}",
        sniffer=_sniffer,
        binary=True,
    )


def _firstagenda_sniffer(head: bytes) -> bool:
    # The portal's JSON: an object with its items ("Dagsordenpunkter") and, within the
    # first 4 KiB, its meeting or the keys of an item (the items may come first).
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return (
        text.startswith(b"{")
        and b'"Dagsordenpunkter"' in head
        and any(key in head for key in (b'"Moede"', b'"Udvalg"', b'"Felter"', b'"Punktnummer"'))
    )


def _firstagenda_html_sniffer(head: bytes) -> bool:
    # The portal's page of one meeting: its table of items, or (the page begins with the
    # portal's script of texts) the portal's own keys for a meeting's page.
    return (
        b'id="dagsordenDetaljer"' in head
        or b"publication.firstagenda.com" in head
        or (b"window.localizationKeys" in head and b'"Meeting_' in head)
    )


# FirstAgenda's publication portal (read only, docs/firstagenda.md). After "html", so that
# writing to a .html file means the HTML writer; reading one looks at its content.
_REGISTRY["firstagenda"] = Format(
    name="firstagenda",
    description="FirstAgendas publiceringsportal: et mødes JSON, kun læsning (docs/firstagenda.md)",
    suffixes=(".json",),
    reads="referatkit.formats.firstagenda:read_firstagenda",
    read_options=PortalOptions,
    sniffer=_firstagenda_sniffer,
    binary=True,
)

_REGISTRY["firstagenda-html"] = Format(
    name="firstagenda-html",
    description="FirstAgendas publiceringsportal: et mødes webside, kun læsning (docs/firstagenda.md)",
    suffixes=(".html", ".htm"),
    reads="referatkit.formats.firstagenda:read_firstagenda_html",
    read_options=PortalOptions,
    sniffer=_firstagenda_html_sniffer,
    binary=True,
)


def formats() -> list[Format]:
    """Every known format, readers and writers, in name order."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def by_name(name: str) -> Format:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise FormatError(f"ukendt format {name!r}; kendte formater: {known}") from None


def by_suffix(path: str | PurePath, *, writing: bool = False) -> Format:
    """The format of ``path``'s suffix; ``writing``: an output's, whose message lists only
    the suffixes referatkit writes."""
    suffix = PurePath(path).suffix.lower()
    for fmt in _REGISTRY.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(dict.fromkeys(s for f in formats() if f.can_write or not writing for s in f.suffixes))
    raise FormatError(
        f"{PurePath(path).name}: kan ikke se formatet af endelsen {suffix or '(ingen)'!r}; "
        f"kendte endelser: {known}"
    )


def sniff(head: bytes) -> Format | None:
    """The readable format whose signature ``head`` carries, if any."""
    for fmt in formats():
        if fmt.can_read and fmt.sniffer is not None and fmt.sniffer(head):
            return fmt
    return None
