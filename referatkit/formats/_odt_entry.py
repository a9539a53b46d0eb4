"""The ODT and PDF writers and the ODT reader under the one contract."""

from __future__ import annotations

from ..model import XML_ILLEGAL, Meeting, walk
from ._contract import Loss, OdtOptions, ReadContext, WriteContext
from .odt import read_odt as _read_odt
from .odt import write_odt as _write_odt
from .pdf import odt_to_pdf


def write_odt(meeting: Meeting, ctx: WriteContext[OdtOptions]) -> bytes:
    """The printed referat as ODT; only characters XML cannot carry are lost (as U+FFFD)."""
    for path, value in walk(meeting):
        if isinstance(value, str) and XML_ILLEGAL.search(value):
            ctx.lost(path, Loss.CHARACTERS)
    return _write_odt(meeting, ctx.labels, reference_doc=ctx.options.reference_doc)


def read_odt(data: bytes, ctx: ReadContext) -> Meeting:
    return _read_odt(data, ctx.source, ctx.labels)


def write_pdf(meeting: Meeting, ctx: WriteContext[OdtOptions]) -> bytes:
    """The ODT printed by LibreOffice: it loses what the ODT loses, reported the same way."""
    return odt_to_pdf(write_odt(meeting, ctx))
