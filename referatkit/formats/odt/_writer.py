"""The ODT writer: meta.xml, styles.xml and content.xml packaged (the package's docstring says how)."""

from __future__ import annotations

import datetime as dt
import json
import re
from copy import deepcopy as copy_of
from typing import Any

from lxml import etree

from ...l10n import Labels, format_short_date
from ...model import XML_ILLEGAL, Checksum, Meeting, walk
from .._common import item_anchors, meeting_title, system_fields
from .._contract import ReadContext, WriteContext
from .._odfns import DC as _DC
from .._odfns import META as _META
from .._odfns import OFFICE, STYLE
from .._odfns import TABLE as TABLE_NS
from ._body import Sources, attendance_order, body, field, xml_safe
from ._options import OdtOptions
from ._package import LATER_VERSIONS, ODF_VERSION, package, rerooted, root
from ._restyle import default_template, load_reference, styles_xml
from ._styles import ATTENDANCE_ORDER, END, ORIGINAL_PAGES, START, SYSTEM_DATA, TABLE_AUTOMATIC
from ._styles import name as style_name

__all__ = [
    "END",
    "LANGUAGE",
    "ORIGINAL_PAGES",
    "START",
    "SYSTEM_DATA",
    "UNWRITABLE",
    "document_title",
    "read_odt",
    "write_odt",
]

# What XML 1.0 cannot carry (the model's validate() reports it): the writer
# writes U+FFFD instead and reports each place (``_body.xml_safe``).
UNWRITABLE = XML_ILLEGAL

#: The language meta.xml declares.
LANGUAGE = "da-DK"
#: Printed on the front page, so not kept as system data.
_PRINTED = frozenset({"forum.organisation"})


def _json_value(value: object) -> object:
    if isinstance(value, Checksum):
        return [value.algorithm, value.value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [list(pair) for pair in value]
    return value


def system_data(meeting: Meeting, labels: Labels) -> str | None:
    """What print does not show, as JSON ``{path: value}`` (None when none).

    :func:`system_fields` but the organisation (the front page prints it),
    and, when the attendance block's grouping by status changes the model's
    order, the model position of each printed person under ``attendance:order``.
    """
    data = {path: _json_value(value) for path, value in system_fields(meeting) if path not in _PRINTED}
    order = attendance_order(meeting, labels)
    if order != sorted(order):
        data[ATTENDANCE_ORDER] = order
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data else None


def document_title(meeting: Meeting, labels: Labels, ctx: WriteContext[Any] | None = None) -> str:
    """The title meta.xml declares (``dc:title``); what XML cannot carry in it is reported
    to ``ctx``, when given."""
    return xml_safe(meeting_title(meeting, labels), ctx, field("forum.name", meeting.forum.name))


#: What XML cannot carry that JSON writes as it is: JSON escapes the control characters
#: (``\u001f``), which then reach the system data's XML unharmed.
_JSON_KEEPS_ILLEGAL = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _system_sources(meeting: Meeting) -> Sources:
    """The model's strings in the system data whose characters XML cannot carry reach it,
    with their paths (a control character, which JSON escapes, does not)."""
    return tuple(
        (path, value)
        for where, found in system_fields(meeting)
        if where not in _PRINTED
        for path, value in walk(found, where)
        if isinstance(value, str) and _JSON_KEEPS_ILLEGAL.search(value)
    )


def _meta(meeting: Meeting, ctx: WriteContext[Any], version: str) -> etree._Element:
    labels = ctx.labels
    out = root("document-meta", version)
    meta = etree.SubElement(out, f"{{{OFFICE}}}meta")
    etree.SubElement(meta, f"{{{_META}}}generator").text = "referatkit"
    for tag, text in (
        ("title", document_title(meeting, labels, ctx)),
        ("subject", xml_safe(meeting.forum.name, ctx, field("forum.name", meeting.forum.name))),
        ("language", LANGUAGE),
    ):
        etree.SubElement(meta, f"{{{_DC}}}{tag}").text = text
    fields: list[tuple[str, str, Sources]] = [(START, meeting.start.isoformat(), ())]
    if meeting.end is not None:
        fields.append((END, meeting.end.isoformat(), ()))
    # The items' pages in the printed original (the ODT has its own numbering):
    # kept as metadata, so nothing read from a table of contents is lost.
    pages = [f"{a}={i.page}" for a, i in zip(item_anchors(meeting), meeting.items, strict=True) if i.page]
    if pages:
        fields.append((ORIGINAL_PAGES, " ".join(pages), ()))
    system = system_data(meeting, labels)
    if system is not None:
        fields.append((SYSTEM_DATA, system, _system_sources(meeting) if XML_ILLEGAL.search(system) else ()))
    for name, value, sources in fields:
        element = etree.SubElement(
            meta, f"{{{_META}}}user-defined", {f"{{{_META}}}name": name, f"{{{_META}}}value-type": "string"}
        )
        element.text = xml_safe(value, ctx, sources)
    return out


def _table_styles(styles: etree._Element, automatic: etree._Element) -> None:
    """The automatic table and cell styles the body names, each a copy of its named
    style in styles.xml (LibreOffice formats tables from automatic styles only)."""
    for display, (automatic_name, family) in TABLE_AUTOMATIC.items():
        named = None
        for found in styles.iter(f"{{{STYLE}}}style"):
            if (
                found.get(f"{{{STYLE}}}name") == style_name(display)
                and found.get(f"{{{STYLE}}}family") == family
            ):
                named = found
        copy = etree.SubElement(
            automatic,
            f"{{{STYLE}}}style",
            {
                f"{{{STYLE}}}name": automatic_name,
                f"{{{STYLE}}}family": family,
                f"{{{STYLE}}}parent-style-name": style_name(display),
            },
        )
        if named is not None:
            copy.extend(copy_of(child) for child in named)


def write_odt(meeting: Meeting, ctx: WriteContext[OdtOptions]) -> bytes:
    """The meeting as an .odt file; the same model gives the same bytes.

    The styles come from the template ``referat.ott``, or from the options'
    ``reference_doc`` (see :mod:`._restyle`). The ODT keeps every field
    (what print does not show goes in meta.xml), so only characters XML
    cannot carry are lost, as U+FFFD, and reported.
    """
    labels, reference_doc = ctx.labels, ctx.options.reference_doc
    reference = load_reference(reference_doc) if reference_doc is not None else default_template()
    version = reference.version if reference.version in LATER_VERSIONS else ODF_VERSION
    forum = meeting.forum
    placeholders = {
        "forum": xml_safe(forum.name, ctx, field("forum.name", forum.name)),
        "date": format_short_date(meeting.start.date()),
        "organisation": xml_safe(
            forum.organisation or "", ctx, field("forum.organisation", forum.organisation)
        ),
        "title": document_title(meeting, labels, ctx),
        "page": labels.page,
        "page_of": labels.page_of,
    }
    styles, pictures = styles_xml(reference, placeholders)
    content = root("document-content", version)
    automatic = etree.SubElement(content, f"{{{OFFICE}}}automatic-styles")
    text = etree.SubElement(etree.SubElement(content, f"{{{OFFICE}}}body"), f"{{{OFFICE}}}text")
    body(meeting, ctx, text)
    if text.find(f".//{{{TABLE_NS}}}table") is not None:
        _table_styles(styles, automatic)
    return package(
        [
            ("content.xml", content),
            ("styles.xml", rerooted(styles, version)),
            ("meta.xml", _meta(meeting, ctx, version)),
        ],
        version,
        pictures,
    )


def read_odt(data: bytes, ctx: ReadContext) -> Meeting:
    """The meeting an ODT written by referatkit holds (:func:`._reader.read_odt`).

    The reader loads on first use: writing an ODT does not pay for it.
    """
    from ._reader import read_odt as read  # noqa: PLC0415

    return read(data, ctx)
