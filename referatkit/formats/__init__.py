"""The registry of readers and writers, and the options they share.

Readers are ``(data: bytes, source: str, options: Options) -> Meeting``;
writers are ``(meeting: Meeting, options: Options) -> str | bytes``. They
meet only at the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePath

from attrs import field, frozen

from ..errors import FormatError
from ..l10n import DANISH, Labels
from ..model import Meeting
from .text import read_text, write_text

__all__ = ["Format", "Options", "by_name", "by_suffix", "formats", "sniff"]


@frozen(kw_only=True)
class Options:
    """Options for reading and rendering, one frozen object per call.

    ``labels`` is the label table writers print and readers recognise.
    ``reference_doc`` (ODT, PDF): an .odt or .ott whose named styles, page
    layout and header/footer replace the defaults, as pandoc's --reference-doc.
    ``html_fragment`` (HTML): the ``<article>`` alone, for a CMS page;
    ``html_stylesheet``: CSS added after the built-in one; ``html_header``,
    ``html_footer``: the caller's own HTML around the referat (a letterhead,
    the site's links); ``html_closed``: "omit" (the default, as for a public
    page) leaves a closed item's content out, "show" shows it.
    ``check_loss``: after rendering, read the output back (for formats with
    a reader) and warn with :class:`~referatkit.LossWarning` for every part
    of the model that does not come back as it was.
    """

    labels: Labels = field(default=DANISH)
    check_loss: bool = True
    reference_doc: str | Path | bytes | None = None
    html_fragment: bool = False
    html_stylesheet: str | None = None
    html_header: str | None = None
    html_footer: str | None = None
    html_closed: str = "omit"


Reader = Callable[[bytes, str, Options], Meeting]
Writer = Callable[[Meeting, Options], "str | bytes"]


@frozen(kw_only=True)
class Format:
    """One format: its name, file suffixes, and reader and/or writer."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    reader: Reader | None = None
    writer: Writer | None = None
    binary: bool = False
    sniffer: Callable[[bytes], bool] | None = None

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.writer is not None


def _text_reader(data: bytes, source: str, options: Options) -> Meeting:
    return read_text(data, source, options.labels)


def _text_writer(meeting: Meeting, options: Options) -> str:
    return write_text(meeting, options.labels)


# The writers and readers beyond text import on first use: a command that
# only reads text does not pay for odfpy, the XSD or the HTML machinery.


def _odt_writer(meeting: Meeting, options: Options) -> bytes:
    from .odt import write_odt

    return write_odt(meeting, options.labels, reference_doc=options.reference_doc)


def _odt_reader(data: bytes, source: str, options: Options) -> Meeting:
    from .odt import read_odt

    return read_odt(data, source, options.labels)


def _odt_sniffer(head: bytes) -> bool:
    # A zip whose first member is the stored mimetype, as ODF requires.
    return head.startswith(b"PK\x03\x04") and head[30:].startswith(
        b"mimetypeapplication/vnd.oasis.opendocument.text"
    )


def _xml_reader(data: bytes, source: str, options: Options) -> Meeting:
    from .xml import read_xml

    return read_xml(data, source)


def _xml_writer(meeting: Meeting, options: Options) -> bytes:
    from .xml import write_xml

    return write_xml(meeting)


def _xml_sniffer(head: bytes) -> bool:
    return b"urn:referatkit:referat:1" in head  # referatkit.formats.xml.NAMESPACE


def _html_writer(meeting: Meeting, options: Options) -> str:
    from .html import write_html

    return write_html(
        meeting,
        options.labels,
        fragment=options.html_fragment,
        stylesheet=options.html_stylesheet,
        header=options.html_header,
        footer=options.html_footer,
        closed=options.html_closed,
        check_loss=options.check_loss,
    )


def _akn_writer(meeting: Meeting, options: Options) -> bytes:
    from .akn import write_akn

    return write_akn(meeting, options.labels)


def _pdf_writer(meeting: Meeting, options: Options) -> bytes:
    from .pdf import odt_to_pdf

    return odt_to_pdf(_odt_writer(meeting, options))


def _text_sniffer(head: bytes) -> bool:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0].strip()
    return bool(re.fullmatch(r"(?:[A-ZÆØÅ]+ )+.+ d\. \d\d-\d\d-\d{4}", first))


def _root_name(head: bytes) -> str | None:
    """The local name of the document element, from the start of a file."""
    text = head.decode("utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8", "replace")
    match = _PROLOG.match(text.lstrip("\ufeff"))
    return match[1].rsplit(":", 1)[-1] if match else None


_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>\s*)*\s*<([A-Za-z_][\w.:-]*)", re.S)


def _esdh_reader(function: str) -> Reader:
    """The reader ``referatkit.formats.esdh.<function>``, imported on first use."""

    def read(data: bytes, source: str, options: Options) -> Meeting:
        from . import esdh

        reader: Callable[[bytes, str, Labels], Meeting] = getattr(esdh, function)
        return reader(data, source, options.labels)

    return read


def _sbsys_sniffer(head: bytes) -> bool:
    return _root_name(head) == "Publication"


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
        reader=_text_reader,
        writer=_text_writer,
        sniffer=_text_sniffer,
    ),
    "odt": Format(
        name="odt",
        description="OpenDocument-tekst: det trykte referat (LibreOffice)",
        suffixes=(".odt", ".ott"),
        reader=_odt_reader,
        writer=_odt_writer,
        sniffer=_odt_sniffer,
        binary=True,
    ),
    "xml": Format(
        name="xml",
        description="referatkit-XML: hele modellen, tabsfrit, med eget XSD (arkivering)",
        suffixes=(".xml",),
        reader=_xml_reader,
        writer=_xml_writer,
        sniffer=_xml_sniffer,
        binary=True,
    ),
    "akn": Format(
        name="akn",
        description="Akoma Ntoso 3.0 (debate): referatet som juridisk XML (docs/akn.md)",
        suffixes=(".akn",),
        writer=_akn_writer,
        binary=True,
    ),
    "html": Format(
        name="html",
        description="HTML5 til udgivelse på kommunens hjemmeside (docs/html.md)",
        suffixes=(".html", ".htm"),
        writer=_html_writer,
    ),
    "pdf": Format(
        name="pdf",
        description="PDF af det trykte referat, via LibreOffice",
        suffixes=(".pdf",),
        writer=_pdf_writer,
        binary=True,
    ),
}


# The case systems' exports (read only, docs/esdh.md). After "xml", so that
# writing to a .xml file means referatkit's own XML.
for _name, _function, _sniffer, _description in (
    ("sbsys", "read_sbsys", _sbsys_sniffer, "SBSYS-publikation (Publication XML)"),
    ("edoc", "read_edoc", _edoc_sniffer, "eDoc AgendaPublishing XML"),
    ("edoc-fujitsu", "read_fujitsu", _fujitsu_sniffer, "eDoc dagsorden-XML i Fujitsu-navnerummet"),
    ("acadre", "read_acadre", _acadre_sniffer, "Acadre Meeting Manager: manifest eller dagsordensfil"),
):
    _REGISTRY[_name] = Format(
        name=_name,
        description=f"{_description}, kun læsning (docs/esdh.md)",
        suffixes=(".xml",),
        reader=_esdh_reader(_function),
        sniffer=_sniffer,
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


def by_suffix(path: str | PurePath) -> Format:
    suffix = PurePath(path).suffix.lower()
    for fmt in _REGISTRY.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(dict.fromkeys(s for f in formats() for s in f.suffixes))
    raise FormatError(
        f"{PurePath(path).name}: kan ikke se formatet af endelsen {suffix or '(ingen)'!r}; "
        f"kendte endelser: {known}"
    )


def sniff(head: bytes) -> Format | None:
    """The readable format whose signature ``head`` carries, if any."""
    for fmt in formats():
        if fmt.reader is not None and fmt.sniffer is not None and fmt.sniffer(head):
            return fmt
    return None
