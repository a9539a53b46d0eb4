"""The ODT writer's options and their flags (docs/odt.md).

Light on purpose: the command line builds its flags from this class without
loading the writer (lxml, the template).
"""

from __future__ import annotations

from pathlib import Path

from attrs import field, frozen

from ..._repr import fields_repr
from .._flags import existing_file, flag

__all__ = ["OdtOptions"]


REFERENCE_DOC = flag(
    "--reference-doc",
    metavar="FIL",
    help="odt (og pdf med --pdf-engine libreoffice): .odt eller .ott med typografier og sidelayout",
    value=existing_file,
    unused="--reference-doc bruges kun til odt og til pdf med --pdf-engine libreoffice",
)


@frozen(kw_only=True)
class OdtOptions:
    """ODT and PDF: ``reference_doc`` is an .odt or .ott whose named styles, page
    layout, header and footer (with their pictures) replace the defaults, as
    pandoc's ``--reference-doc``."""

    __repr__ = fields_repr

    reference_doc: str | Path | bytes | None = field(default=None, metadata=REFERENCE_DOC)
