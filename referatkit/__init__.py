"""referatkit: build, read and publish Danish municipal meeting documents.

    >>> import referatkit
    >>> meeting = referatkit.read("examples/referat-byudvalget.txt")
    >>> text = referatkit.render(meeting, "text")
    >>> referatkit.write(meeting, "out/referat.txt")  # doctest: +SKIP

The model lives in :mod:`referatkit.model`, localisation in
:mod:`referatkit.l10n`; the most used names are re-exported here.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._lazy import lazy_names

# Names are imported on first use (PEP 562), so that ``import referatkit`` and the
# command line start quickly; type checkers see the imports below.
if TYPE_CHECKING:
    from . import editions
    from ._api import read, render, write
    from .archive import archive, validate_archive
    from .editions import Edition
    from .errors import (
        ConfigurationError,
        FormatError,
        LossWarning,
        ReadError,
        ReadWarning,
        ReferatkitError,
        ReferatkitWarning,
        WriteError,
    )
    from .formats import (
        Format,
        HtmlOptions,
        NoOptions,
        OdtOptions,
        PdfOptions,
        PortalOptions,
        PrintedOptions,
        formats,
    )
    from .l10n import DANISH, Labels, localize
    from .model import (
        Alignment,
        Attachment,
        AttachmentList,
        AttendanceEvent,
        AttendanceStatus,
        BulletList,
        Checksum,
        Clause,
        Decision,
        DocumentKind,
        Emphasis,
        Forum,
        Heading,
        Item,
        ItemAttendance,
        JournalNumber,
        LineBreak,
        Link,
        ListItem,
        Meeting,
        ModelError,
        OrderedList,
        Paragraph,
        Participant,
        Problem,
        Recommendation,
        SectionKind,
        Strong,
        Table,
        TableCell,
        TableRow,
        Text,
        TextSection,
        Variant,
        validate,
    )

#: The submodules reachable as attributes (``referatkit.model``) without an import of their own.
_SUBMODULES = frozenset({"batch", "checks", "editions", "errors", "l10n", "model", "schemas"})

_LAZY: dict[str, str] = {
    "archive": ".archive",
    "validate_archive": ".archive",
    "read": "._api",
    "render": "._api",
    "write": "._api",
    "Edition": ".editions",
    "ConfigurationError": ".errors",
    "FormatError": ".errors",
    "LossWarning": ".errors",
    "ReadError": ".errors",
    "ReadWarning": ".errors",
    "ReferatkitError": ".errors",
    "ReferatkitWarning": ".errors",
    "WriteError": ".errors",
    "Format": ".formats",
    "HtmlOptions": ".formats",
    "NoOptions": ".formats",
    "OdtOptions": ".formats",
    "PortalOptions": ".formats",
    "PrintedOptions": ".formats",
    "PdfOptions": ".formats",
    "formats": ".formats",
    "DANISH": ".l10n",
    "Labels": ".l10n",
    "localize": ".l10n",
    "Attachment": ".model",
    "AttachmentList": ".model",
    "AttendanceEvent": ".model",
    "AttendanceStatus": ".model",
    "BulletList": ".model",
    "Checksum": ".model",
    "Clause": ".model",
    "Decision": ".model",
    "DocumentKind": ".model",
    "Emphasis": ".model",
    "Forum": ".model",
    "Heading": ".model",
    "Item": ".model",
    "ItemAttendance": ".model",
    "JournalNumber": ".model",
    "LineBreak": ".model",
    "Link": ".model",
    "ListItem": ".model",
    "Meeting": ".model",
    "ModelError": ".model",
    "OrderedList": ".model",
    "Paragraph": ".model",
    "Participant": ".model",
    "Problem": ".model",
    "Recommendation": ".model",
    "SectionKind": ".model",
    "Strong": ".model",
    "Alignment": ".model",
    "Table": ".model",
    "TableCell": ".model",
    "TableRow": ".model",
    "Text": ".model",
    "TextSection": ".model",
    "Variant": ".model",
    "validate": ".model",
}

__version__ = "0.1.0"

__all__ = [
    "DANISH",
    "Alignment",
    "Attachment",
    "AttachmentList",
    "AttendanceEvent",
    "AttendanceStatus",
    "BulletList",
    "Checksum",
    "Clause",
    "ConfigurationError",
    "Decision",
    "DocumentKind",
    "Edition",
    "Emphasis",
    "Format",
    "FormatError",
    "Forum",
    "Heading",
    "HtmlOptions",
    "Item",
    "ItemAttendance",
    "JournalNumber",
    "Labels",
    "LineBreak",
    "Link",
    "ListItem",
    "LossWarning",
    "Meeting",
    "ModelError",
    "NoOptions",
    "OdtOptions",
    "OrderedList",
    "Paragraph",
    "Participant",
    "PdfOptions",
    "PortalOptions",
    "PrintedOptions",
    "Problem",
    "ReadError",
    "ReadWarning",
    "Recommendation",
    "ReferatkitError",
    "ReferatkitWarning",
    "SectionKind",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "TextSection",
    "Variant",
    "WriteError",
    "__version__",
    "archive",
    "editions",
    "formats",
    "localize",
    "read",
    "render",
    "validate",
    "validate_archive",
    "write",
]


__getattr__, __dir__ = lazy_names(globals(), _LAZY, _SUBMODULES)


#: Public functions named as a subpackage: importing the submodule must not rebind the name.
_SHADOWED = frozenset({"formats", "archive"})


class _Package(types.ModuleType):
    """``referatkit.formats`` is the function :func:`formats`, as it always was, and
    ``referatkit.archive`` the function :func:`archive`: importing the subpackage of the
    same name (which the import system binds on the package) leaves them so."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
