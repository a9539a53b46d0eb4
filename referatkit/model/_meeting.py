"""Meetings, agenda items, sections, attachments and attendance.

Every class is frozen; change a value with :func:`attrs.evolve`::

    >>> from attrs import evolve
    >>> item = Item(number="1", title="Godkendelse af dagsorden")
    >>> evolve(item, public=False).public
    False
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias, TypeVar, cast
from zoneinfo import ZoneInfo

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ._errors import Code, refuse
from ._journal import JournalNumber
from ._richtext import Block, Inline, blocks, inlines

__all__ = [
    "COPENHAGEN",
    "Attachment",
    "AttachmentList",
    "AttendanceEvent",
    "AttendanceStatus",
    "Checksum",
    "Clause",
    "Decision",
    "DocumentKind",
    "Forum",
    "Item",
    "ItemAttendance",
    "Meeting",
    "Participant",
    "Recommendation",
    "Section",
    "SectionKind",
    "TextSection",
    "Variant",
]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
T = TypeVar("T")


# --- small validators -------------------------------------------------------


def _line(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A non-empty single line of text."""
    if not isinstance(value, str):
        raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)
    if not value.strip():
        raise refuse(attribute.name, Code.EMPTY)
    if "\n" in value or "\r" in value:
        raise refuse(attribute.name, Code.LINE_BREAK)


def _optional_line(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _line(instance, attribute, value)


def _bool(instance: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise refuse(attribute.name, Code.NOT_BOOL, type=type(value).__name__)


def _instance(kind: type[T]) -> Callable[[object, attrs.Attribute[T], T], None]:
    """A validator: the value is a ``kind`` (an enumeration or a model class)."""

    def check(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
        if not isinstance(value, kind):
            raise refuse(attribute.name, Code.NOT_INSTANCE, kind=kind.__name__, value=repr(value))

    return check


def _checked(
    value: Iterable[object], kind: type | tuple[type, ...], name: str, field: str
) -> tuple[object, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise refuse(field, Code.NOT_SEQUENCE, kind=name, type=type(value).__name__)
    out = tuple(value)
    for index, x in enumerate(out):
        if not isinstance(x, kind):
            raise refuse(f"{field}[{index}]", Code.NOT_ELEMENT, kind=name, type=type(x).__name__)
    return out


_PROPERTY_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def _properties(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    pairs = tuple(value.items()) if isinstance(value, Mapping) else tuple(value)
    seen: set[str] = set()
    for pair in pairs:
        two = isinstance(pair, tuple) and len(pair) == 2
        if not (two and isinstance(pair[0], str) and isinstance(pair[1], str)):  # no generator a pair
            raise refuse("properties", Code.NOT_PROPERTY, value=repr(pair))
        key = pair[0]
        if not _PROPERTY_NAME.fullmatch(key):
            raise refuse("properties", Code.PROPERTY_NAME, name=repr(key))
        if key in seen:
            raise refuse("properties", Code.PROPERTY_TWICE, name=repr(key))
        seen.add(key)
    return pairs


def _properties_field() -> Any:
    return field(factory=tuple, converter=_properties, kw_only=True)


def _aware(value: dt.datetime, field: str = "start") -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise refuse(field, Code.NOT_DATETIME, type=type(value).__name__)
    if value.tzinfo is None or value.utcoffset() is None:
        raise refuse(field, Code.NAIVE, value=value.isoformat())
    return value.astimezone(COPENHAGEN)


def _optional_aware(value: dt.datetime | None) -> dt.datetime | None:
    """The converter of ``Meeting.end``."""
    return None if value is None else _aware(value, "end")


def _instant(value: dt.datetime | None) -> dt.datetime | None:
    # Python compares datetimes of one zone as wall times, ignoring ``fold``:
    # 02:30 before and after summer time ends would be equal. Compare instants.
    return None if value is None else value.astimezone(dt.UTC)


# --- enumerations -------------------------------------------------------------


class DocumentKind(enum.Enum):
    """Which edition: the agenda (dagsorden) or the minutes (referat)."""

    AGENDA = "agenda"
    MINUTES = "minutes"


class Variant(enum.Enum):
    """Ordinary meeting, addendum (tillægsdagsorden) or extraordinary meeting."""

    ORDINARY = "ordinary"
    ADDENDUM = "addendum"
    EXTRAORDINARY = "extraordinary"


class SectionKind(enum.Enum):
    """The known kinds of sections of an agenda item; ``CUSTOM`` for any other."""

    OCCASION = "occasion"  # Anledning
    SUMMARY = "summary"  # Resumé
    PRESENTATION = "presentation"  # Sagsfremstilling
    RECOMMENDATION = "recommendation"  # Indstilling
    DECISION = "decision"  # Beslutning
    ATTACHMENTS = "attachments"  # Bilag
    ECONOMY = "economy"  # Økonomi
    LEGAL_BASIS = "legal-basis"  # Lovgrundlag
    CONSULTATION = "consultation"  # Høring
    COMMUNICATION = "communication"  # Kommunikation
    AUTHORITY = "authority"  # Sagen afgøres af
    HISTORY = "history"  # Punktet behandlet tidligere
    CUSTOM = "custom"


class AttendanceStatus(enum.Enum):
    """A member's attendance at the meeting."""

    INVITED = "invited"  # indkaldt, not yet known
    PRESENT = "present"
    APOLOGIES = "apologies"  # afbud
    ABSENT = "absent"  # fraværende
    SUBSTITUTE = "substitute"  # stedfortræder / suppleant, present for someone


class AttendanceEvent(enum.Enum):
    """A per-item exception to the meeting's attendance."""

    LEFT = "left"  # forlod mødet
    ARRIVED = "arrived"  # ankom
    ABSENT = "absent"  # deltog ikke i punktet
    DISQUALIFIED = "disqualified"  # inhabil


# --- sections -------------------------------------------------------------------


def _caption(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    _optional_line(instance, attribute, value)


_SPECIAL_KINDS = (SectionKind.RECOMMENDATION, SectionKind.DECISION, SectionKind.ATTACHMENTS)


@frozen
class TextSection:
    """A section of rich text: Anledning, Sagsfremstilling, Økonomi, ... or custom.

    ``caption`` is the caption as printed; ``None`` means the label of the
    kind in the writer's label table. A ``CUSTOM`` section needs a caption.
    """

    __repr__ = fields_repr

    kind: SectionKind = field(validator=_instance(SectionKind))
    body: tuple[Block, ...] = field(converter=blocks, default=())
    caption: str | None = field(default=None, validator=_caption, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.kind in _SPECIAL_KINDS:
            cls = {
                SectionKind.RECOMMENDATION: "Recommendation",
                SectionKind.DECISION: "Decision",
                SectionKind.ATTACHMENTS: "AttachmentList",
            }[self.kind]
            raise refuse("kind", Code.SECTION_CLASS, kind=self.kind.name, cls=cls)
        if self.kind is SectionKind.CUSTOM and self.caption is None:
            raise refuse("caption", Code.CUSTOM_CAPTION)


_LEADS = ("at", "At", "AT", "")


@frozen
class Clause:
    """One "at"-clause of a recommendation: ``1. at chefforum godkender ...``.

    ``lead`` is the connective as written ("at", "At", "AT", or "" when the
    clause has none); ``content`` the rest. An unfilled template clause
    ("1. at") has empty content.
    """

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines, default=())
    lead: str = field(default="at", kw_only=True)

    @lead.validator
    def _check_lead(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _LEADS:
            raise refuse(attribute.name, Code.LEAD, options=repr(_LEADS), value=repr(value))


def _clauses(value: Iterable[Clause]) -> tuple[Clause, ...]:
    return cast("tuple[Clause, ...]", _checked(value, Clause, "Clause", "clauses"))


@frozen
class Recommendation:
    """The recommendation (indstilling): an intro line and numbered clauses.

    ``body`` holds any rich text that follows the clauses.
    """

    __repr__ = fields_repr

    intro: tuple[Inline, ...] = field(converter=inlines, default=())
    clauses: tuple[Clause, ...] = field(converter=_clauses, default=())
    body: tuple[Block, ...] = field(converter=blocks, default=(), kw_only=True)
    caption: str | None = field(default=None, validator=_caption, kw_only=True)

    @property
    def kind(self) -> SectionKind:
        return SectionKind.RECOMMENDATION


def _optional_date(
    instance: object, attribute: attrs.Attribute[dt.date | None], value: dt.date | None
) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise refuse(attribute.name, Code.NOT_DATE, type=type(value).__name__)


@frozen
class Decision:
    """A decision (beslutning); ``forum`` and ``date`` say who decided when."""

    __repr__ = fields_repr

    body: tuple[Block, ...] = field(converter=blocks, default=())
    forum: str | None = field(default=None, validator=_optional_line, kw_only=True)
    date: dt.date | None = field(default=None, validator=_optional_date, kw_only=True)
    caption: str | None = field(default=None, validator=_caption, kw_only=True)

    @property
    def kind(self) -> SectionKind:
        return SectionKind.DECISION


def _lower(value: str) -> str:
    return value.lower()


_DIGESTS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}


@frozen
class Checksum:
    """A file checksum: ``algorithm`` (md5, sha1, sha256, sha512) and hex ``value``."""

    __repr__ = fields_repr

    algorithm: str
    value: str = field(converter=_lower)

    def __attrs_post_init__(self) -> None:
        length = _DIGESTS.get(self.algorithm)
        if length is None:
            raise refuse(
                "algorithm", Code.ALGORITHM, options=str(sorted(_DIGESTS)), value=repr(self.algorithm)
            )
        if not re.fullmatch(rf"[0-9a-f]{{{length}}}", self.value):
            raise refuse("value", Code.DIGEST, length=str(length), algorithm=self.algorithm)


def _media_type(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not re.fullmatch(r"[\w.+-]+/[\w.+-]+", value):
        raise refuse(attribute.name, Code.MEDIA_TYPE, value=repr(value))


@frozen(kw_only=True)
class Attachment:
    """An attachment (bilag) with its own open/closed status."""

    __repr__ = fields_repr

    title: str = field(validator=_line)
    public: bool = field(default=True, validator=_bool)
    file_name: str | None = field(default=None, validator=_optional_line)
    media_type: str | None = field(default=None, validator=_media_type)
    checksum: Checksum | None = field(default=None, validator=attrs.validators.optional(_instance(Checksum)))
    properties: tuple[tuple[str, str], ...] = _properties_field()


def _attachments(value: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return cast("tuple[Attachment, ...]", _checked(value, Attachment, "Attachment", "attachments"))


@frozen
class AttachmentList:
    """The attachments section (Bilag): the item's attachments, in order."""

    __repr__ = fields_repr

    attachments: tuple[Attachment, ...] = field(converter=_attachments, default=())
    caption: str | None = field(default=None, validator=_caption, kw_only=True)

    @property
    def kind(self) -> SectionKind:
        return SectionKind.ATTACHMENTS


Section: TypeAlias = TextSection | Recommendation | Decision | AttachmentList
SECTION_TYPES = (TextSection, Recommendation, Decision, AttachmentList)


# --- attendance -----------------------------------------------------------------


@frozen(kw_only=True)
class Participant:
    """A member (or guest) of the meeting and their attendance.

    ``party`` is the party letter ("A"), ``role`` free text ("Formand",
    "protokol"), ``substitute_for`` the name of the member a substitute
    stands in for, ``note`` any remark ("deltog fra kl. 17.00").
    """

    __repr__ = fields_repr

    name: str = field(validator=_line)
    status: AttendanceStatus = field(default=AttendanceStatus.PRESENT, validator=_instance(AttendanceStatus))
    party: str | None = field(default=None, validator=_optional_line)
    role: str | None = field(default=None, validator=_optional_line)
    substitute_for: str | None = field(default=None, validator=_optional_line)
    note: str | None = field(default=None, validator=_optional_line)
    properties: tuple[tuple[str, str], ...] = _properties_field()

    def __attrs_post_init__(self) -> None:
        if self.substitute_for is not None and self.status is not AttendanceStatus.SUBSTITUTE:
            raise refuse("substitute_for", Code.SUBSTITUTE_STATUS)


def _wall_time(value: dt.time | None) -> dt.time | None:
    """A time of day as on the clock: ``fold`` (which ``==`` ignores) is dropped."""
    return value.replace(fold=0) if isinstance(value, dt.time) and value.fold else value


def _optional_time(
    instance: object, attribute: attrs.Attribute[dt.time | None], value: dt.time | None
) -> None:
    if value is not None and not isinstance(value, dt.time):
        raise refuse(attribute.name, Code.NOT_TIME, type=type(value).__name__)


def _participants(value: Iterable[Participant]) -> tuple[Participant, ...]:
    return cast("tuple[Participant, ...]", _checked(value, Participant, "Participant", "attendance"))


@frozen(kw_only=True)
class ItemAttendance:
    """An attendance exception for one item: left, arrived, absent, disqualified."""

    __repr__ = fields_repr

    name: str = field(validator=_line)
    event: AttendanceEvent = field(validator=_instance(AttendanceEvent))
    time: dt.time | None = field(default=None, converter=_wall_time, validator=_optional_time)
    note: str | None = field(default=None, validator=_optional_line)


# --- items and meetings ---------------------------------------------------------

_NUMBER = re.compile(r"[0-9A-Za-zÆØÅæøå]+(?:[.\-][0-9A-Za-zÆØÅæøå]+)*")
_ROUTE_PART = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]{0,9}")


def _number(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)
    if not _NUMBER.fullmatch(value):
        raise refuse(attribute.name, Code.ITEM_NUMBER, value=repr(value))


def _journal(value: JournalNumber | str | None) -> JournalNumber | None:
    if value is None or isinstance(value, JournalNumber):
        return value
    if isinstance(value, str):
        return JournalNumber(value)
    raise refuse("journal_number", Code.NOT_JOURNAL, type=type(value).__name__)


def _route(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise refuse("route", Code.NOT_ROUTE)
    out = tuple(value)
    for index, part in enumerate(out):
        if not isinstance(part, str) or not _ROUTE_PART.fullmatch(part):
            raise refuse(f"route[{index}]", Code.ROUTE_PART, value=repr(part))
    return out


def _page(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise refuse(attribute.name, Code.PAGE, value=repr(value))


def _item_attendance(value: Iterable[ItemAttendance]) -> tuple[ItemAttendance, ...]:
    return cast("tuple[ItemAttendance, ...]", _checked(value, ItemAttendance, "ItemAttendance", "attendance"))


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return cast("tuple[Section, ...]", _checked(value, SECTION_TYPES, "a section", "sections"))


@frozen(kw_only=True)
class Item:
    """An agenda item (punkt).

    ``number`` is a string ("1", "1.1"); ``title`` the title without the
    forum ``route`` prefix ("MBU/ØU/KB - ..." has route ``("MBU", "ØU", "KB")``).
    ``public`` is False for a closed item (lukket punkt); ``public_title`` is
    the neutral title to publish for it. ``sections`` keep their order.
    ``page`` is the page the item starts on in a printed original, when a
    table of contents told it.
    """

    __repr__ = fields_repr

    number: str = field(validator=_number)
    title: str = field(validator=_line)
    route: tuple[str, ...] = field(factory=tuple, converter=_route)
    journal_number: JournalNumber | None = field(default=None, converter=_journal)
    public: bool = field(default=True, validator=_bool)
    public_title: str | None = field(default=None, validator=_optional_line)
    sections: tuple[Section, ...] = field(factory=tuple, converter=_sections)
    attendance: tuple[ItemAttendance, ...] = field(factory=tuple, converter=_item_attendance)
    page: int | None = field(default=None, validator=_page)
    identifier: str | None = field(default=None, validator=_optional_line)
    properties: tuple[tuple[str, str], ...] = _properties_field()

    @property
    def full_title(self) -> str:
        """The title as printed, with its route prefix: ``"CF - Evt."``."""
        if not self.route:
            return self.title
        return "/".join(self.route) + " - " + self.title

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """Every attachment of the item, from its attachment sections."""
        return tuple(a for s in self.sections if isinstance(s, AttachmentList) for a in s.attachments)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The item's decisions, in order."""
        return tuple(s for s in self.sections if isinstance(s, Decision))

    @property
    def recommendation(self) -> Recommendation | None:
        """The item's first recommendation section, if any."""
        return next((s for s in self.sections if isinstance(s, Recommendation)), None)


def _items(value: Iterable[Item]) -> tuple[Item, ...]:
    return cast("tuple[Item, ...]", _checked(value, Item, "Item", "items"))


@frozen(kw_only=True)
class Forum:
    """The body that meets: ``name`` ("Byudvalget"), ``short_name`` ("BU")."""

    __repr__ = fields_repr

    name: str = field(validator=_line)
    short_name: str | None = field(default=None, validator=_optional_line)
    organisation: str | None = field(default=None, validator=_optional_line)


@frozen(kw_only=True)
class Meeting:
    """One meeting of a forum, as agenda or minutes.

    ``start`` and ``end`` must be time-zone aware; they are kept in
    Europe/Copenhagen time. A naive datetime is rejected, never guessed::

        >>> import datetime as dt
        >>> from referatkit.l10n import localize
        >>> m = Meeting(forum=Forum(name="Byudvalget"), kind=DocumentKind.MINUTES,
        ...             start=localize(dt.datetime(2017, 1, 5, 9, 0)))
        >>> m.start.isoformat()
        '2017-01-05T09:00:00+01:00'
    """

    __repr__ = fields_repr

    forum: Forum = field(validator=_instance(Forum))
    kind: DocumentKind = field(validator=_instance(DocumentKind))
    start: dt.datetime = field(converter=_aware, eq=_instant)
    end: dt.datetime | None = field(default=None, converter=_optional_aware, eq=_instant)
    variant: Variant = field(default=Variant.ORDINARY, validator=_instance(Variant))
    draft: bool = field(default=False, validator=_bool)
    place: str | None = field(default=None, validator=_optional_line)
    attendance: tuple[Participant, ...] = field(factory=tuple, converter=_participants)
    items: tuple[Item, ...] = field(factory=tuple, converter=_items)
    name: str | None = field(default=None, validator=_optional_line)
    identifier: str | None = field(default=None, validator=_optional_line)
    properties: tuple[tuple[str, str], ...] = _properties_field()

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise refuse("end", Code.END_BEFORE_START, end=self.end.isoformat(), start=self.start.isoformat())

    def item(self, number: str) -> Item:
        """The item numbered ``number``; ``KeyError`` when there is none."""
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)
