"""The printed referat as ODT (OpenDocument text), written with odfpy.

Split as the style guide asks: ``_styles`` (the named styles), ``_body``
(the model mapped to ODF elements), ``_package`` (the deterministic zip).
"""

from __future__ import annotations

import re

from odf.dc import Language, Subject, Title
from odf.meta import UserDefined
from odf.opendocument import OpenDocumentText

from ...l10n import Labels, format_short_date
from ...model import Meeting, walk
from .._common import item_anchors, warn_lost
from . import _styles
from ._body import body, meeting_title
from ._package import package
from ._restyle import ReferenceDoc, load_reference

__all__ = ["ORIGINAL_PAGES", "write_odt"]

ORIGINAL_PAGES = "referatkit:originalsider"

# What a printed referat does not show: system data, not document content.
_NOT_PRINTED = {
    "identifier": "id fra kildesystemet",
    "properties": "ekstra egenskaber",
    "media_type": "medietype",
    "checksum": "kontrolsum",
    "organisation": "organisation",
}


_ILLEGAL = "tegn, som XML ikke kan bære eller fraråder, er erstattet med U+FFFD"
# What odfpy replaces with U+FFFD: characters XML 1.0 cannot carry, and the
# ones it discourages (C1 controls but U+0085, the non-characters U+nFFFE/F).
UNWRITABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def _warn_unprinted(meeting: Meeting) -> None:
    groups: dict[str, list[str]] = {}
    for path, value in walk(meeting):
        field = path.rsplit(".", 1)[-1]
        if field in _NOT_PRINTED and value not in (None, ()):
            groups.setdefault(field, []).append(path)
        elif isinstance(value, str) and UNWRITABLE.search(value):
            groups.setdefault(_ILLEGAL, []).append(path)
    for field, paths in groups.items():
        what = field if field == _ILLEGAL else f"{_NOT_PRINTED[field]} kan ikke vises i dette format"
        # Point at the caller of render(): five frames up from here.
        warn_lost("odt", paths, what, stacklevel=5)


def write_odt(
    meeting: Meeting, labels: Labels, *, check_loss: bool = True, reference_doc: ReferenceDoc | None = None
) -> bytes:
    """The meeting as an .odt file; the same model gives the same bytes.

    ``reference_doc`` restyles it (see :mod:`._restyle`).
    """
    reference = load_reference(reference_doc) if reference_doc is not None else None
    if check_loss:
        _warn_unprinted(meeting)
    doc = OpenDocumentText()
    title = meeting_title(meeting, labels)
    doc.meta.addElement(Title(text=title))
    doc.meta.addElement(Subject(text=meeting.forum.name))
    doc.meta.addElement(Language(text="da-DK"))
    doc.meta.addElement(UserDefined(name="Mødedato", valuetype="string", text=meeting.start.isoformat()))
    # The items' pages in the printed original (the ODT has its own numbering):
    # kept as metadata, so nothing read from a table of contents is lost.
    pages = [f"{a}={i.page}" for a, i in zip(item_anchors(meeting), meeting.items, strict=True) if i.page]
    if pages:
        doc.meta.addElement(UserDefined(name=ORIGINAL_PAGES, valuetype="string", text=" ".join(pages)))
    _styles.add_styles(doc, labels, f"{meeting.forum.name} {format_short_date(meeting.start.date())}")
    for element in body(meeting, labels):
        doc.text.addElement(element)
    return package(doc, reference)
