"""The printed referat as ODT (OpenDocument text), written with odfpy.

Split as the style guide asks: ``_styles`` (the named styles), ``_body``
(the model mapped to ODF elements), ``_package`` (the deterministic zip),
``_reader`` (the document read back by its style names), ``_restyle``
(a reference document's styles).
"""

from __future__ import annotations

import datetime as dt
import json

from odf.dc import Language, Subject, Title
from odf.meta import UserDefined
from odf.opendocument import OpenDocumentText

from ...l10n import Labels, format_short_date
from ...model import XML_ILLEGAL, Checksum, Meeting
from .._common import item_anchors, meeting_title, system_fields
from . import _styles
from ._body import body
from ._package import package
from ._reader import END, ORIGINAL_PAGES, START, SYSTEM_DATA, read_odt
from ._restyle import ReferenceDoc, load_reference

__all__ = ["END", "ORIGINAL_PAGES", "START", "SYSTEM_DATA", "UNWRITABLE", "read_odt", "write_odt"]

#: Fields a printed referat does not show: kept in meta.xml as SYSTEM_DATA.
# What XML 1.0 cannot carry (the model's validate() reports it): odfpy writes
# U+FFFD instead, and render()'s read-back check warns about each place.
UNWRITABLE = XML_ILLEGAL


def _json_value(value: object) -> object:
    if isinstance(value, Checksum):
        return [value.algorithm, value.value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [list(pair) for pair in value]
    return value


def system_data(meeting: Meeting) -> str | None:
    """What print does not show (:func:`system_fields`), as JSON ``{path: value}`` (None when none)."""
    data = {path: _json_value(value) for path, value in system_fields(meeting)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data else None


def write_odt(meeting: Meeting, labels: Labels, *, reference_doc: ReferenceDoc | None = None) -> bytes:
    """The meeting as an .odt file; the same model gives the same bytes.

    ``reference_doc`` restyles it (see :mod:`._restyle`).
    """
    reference = load_reference(reference_doc) if reference_doc is not None else None
    doc = OpenDocumentText()
    title = meeting_title(meeting, labels)
    doc.meta.addElement(Title(text=title))
    doc.meta.addElement(Subject(text=meeting.forum.name))
    doc.meta.addElement(Language(text="da-DK"))
    doc.meta.addElement(UserDefined(name=START, valuetype="string", text=meeting.start.isoformat()))
    if meeting.end is not None:
        doc.meta.addElement(UserDefined(name=END, valuetype="string", text=meeting.end.isoformat()))
    # The items' pages in the printed original (the ODT has its own numbering):
    # kept as metadata, so nothing read from a table of contents is lost.
    pages = [f"{a}={i.page}" for a, i in zip(item_anchors(meeting), meeting.items, strict=True) if i.page]
    if pages:
        doc.meta.addElement(UserDefined(name=ORIGINAL_PAGES, valuetype="string", text=" ".join(pages)))
    system = system_data(meeting)
    if system is not None:
        doc.meta.addElement(UserDefined(name=SYSTEM_DATA, valuetype="string", text=system))
    _styles.add_styles(doc, labels, f"{meeting.forum.name} {format_short_date(meeting.start.date())}")
    for element in body(meeting, labels):
        doc.text.addElement(element)
    return package(doc, reference)
