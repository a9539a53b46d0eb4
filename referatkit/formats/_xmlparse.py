"""The one hardened XML parser every XML reader goes through.

No external entities, no network, no DTD loading, a bounded input size.
A document that declares entities in a DTD is refused outright: none of the
formats referatkit reads needs them, and refusing is simpler to trust than
expanding them carefully. Every failure is a :class:`~referatkit.ReadError`
with the source, line and column, never an lxml traceback.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import ReadError
from ..l10n.libxml2 import syntax_message
from ._limits import MAX_XML_ATTRIBUTES, MAX_XML_BYTES, charge, over, xml_units

__all__ = ["MAX_XML_BYTES", "parse_xml"]

_ENTITIES = "dokumentet erklærer entiteter i en DTD; dem læser referatkit ikke (af sikkerhedshensyn)"


#: libxml2's error codes by name (``ERR_TAG_NAME_MISMATCH``), for their Danish wording.
_ERROR_NAMES: dict[int, str] = {
    code: name
    for name in dir(etree.ErrorTypes)
    if name.isupper() and isinstance(code := getattr(etree.ErrorTypes, name), int)
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def _as_text(data: bytes) -> str:
    """The document as text, well enough to find markup in its prolog."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", "replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return "\ufeff" + data[3:].decode("latin-1")
    return data.decode("latin-1")  # UTF-8 and the 8-bit encodings agree on ASCII markup


# What may precede a DOCTYPE: a byte order mark, the XML declaration, comments,
# processing instructions, white space.
_PROLOG = re.compile(r"\ufeff?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)


def _entity_declaration(data: bytes) -> tuple[int, int] | None:
    """Line and column of an entity declaration in the document's DTD, if it has one.

    Found before parsing: libxml2 would build the entities' content while
    parsing, which is where an entity bomb costs its memory.
    """
    text = _as_text(data)
    prolog = _PROLOG.match(text)  # a DOCTYPE comes before the root element, or not at all
    doctype = prolog.end() if prolog is not None else 0
    if not text.startswith("<!DOCTYPE", doctype):
        return None
    bracket, close = text.find("[", doctype), text.find(">", doctype)
    end = text.find("]>", doctype) if 0 <= bracket < close or close < 0 else close
    declaration = text.find("<!ENTITY", doctype, end if end >= 0 else len(text))
    if declaration < 0:
        return None
    line = text.count("\n", 0, declaration) + 1
    return line, declaration - (text.rfind("\n", 0, declaration) + 1) + 1


def parse_xml(data: bytes, source: str = "<data>", *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    >>> parse_xml(b"<a><b/></a>").tag
    'a'
    >>> parse_xml(b"<a>", "x.xml")
    Traceback (most recent call last):
    ...
    referatkit.errors.ReadError: x.xml:1:4: ugyldig XML: ...
    """
    if len(data) > max_bytes:
        raise over("MAX_XML_BYTES", f"XML-dokumentet på {len(data)} bytes", max_bytes, source=source)
    if not data.strip():
        raise ReadError("XML-dokumentet er tomt", source=source, line=1, column=1)
    entity = _entity_declaration(data)
    if entity is not None:
        raise ReadError(_ENTITIES, source=source, line=entity[0], column=entity[1])
    # Each ``<`` opens at most one node lxml keeps (an element, a comment, a processing
    # instruction): counted before parsing, so a flood is refused before it is built; and
    # the bytes, which an inflated zip part does not bring to the input's size.
    charge(xml_units(data), "XML-elementer")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = re.sub(r"(, line \d+, column \d+)+(\s*\(.*\))?$", "", error.msg or str(error)).strip()
        raise ReadError(
            f"ugyldig XML: {syntax_message(_ERROR_NAMES.get(error.code, ''), message)}",
            source=source,
            line=line,
            column=column,
        ) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReadError(_ENTITIES, source=source, line=1)  # declared in a way the scan did not see
    root = tree.getroot()
    # An entity reference left unexpanded (the DTD that would declare it is not read):
    # the reader cannot know its text, and lxml's schema validation fails on it.
    for reference in root.iter(etree.Entity):
        found = reference.sourceline
        raise ReadError(
            f"entiteten {reference.text} er ikke erklæret (referatkit læser ingen DTD)",
            source=source,
            line=found if isinstance(found, int) else None,
        )
    # Comments and processing instructions carry no content: gone, their tails stay text.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    _check_attributes(root, source)
    return root


def _check_attributes(root: etree._Element, source: str) -> None:
    """Refuse an element with more than MAX_XML_ATTRIBUTES attributes, before a reader asks
    lxml for them (counting them is linear; listing them is not)."""
    for element in root.iter("*"):
        count = len(element.attrib)
        if count > MAX_XML_ATTRIBUTES:
            line = element.sourceline
            raise over(
                "MAX_XML_ATTRIBUTES",
                f"{count} attributter på elementet <{etree.QName(element).localname}>",
                MAX_XML_ATTRIBUTES,
                source=source,
                line=line if isinstance(line, int) else None,
            )
