"""referatkit: build, read and publish Danish municipal meeting documents.

    >>> import referatkit
    >>> meeting = referatkit.read("examples/referat-byudvalget.txt")
    >>> text = referatkit.render(meeting, "text")
    >>> referatkit.write(meeting, "out/referat.txt")  # doctest: +SKIP

The model lives in :mod:`referatkit.model`, localisation in
:mod:`referatkit.l10n`; the most used names are re-exported here.
"""

from . import editions
from ._api import read, render, write
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
from .formats import Format, HtmlOptions, NoOptions, OdtOptions, formats
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
    "NoOptions",
    "OdtOptions",
    "OrderedList",
    "Paragraph",
    "Participant",
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
    "editions",
    "formats",
    "localize",
    "read",
    "render",
    "validate",
    "write",
]
