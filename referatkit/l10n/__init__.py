"""Danish localisation: dates, times, numbers and the label table.

Numbers go through babel (locale ``da_DK``), dates through babel's Danish
month and day names (held here as tables, for a quick start); every word a writer
prints comes from a :class:`Labels` table, which a caller may replace::

    >>> import datetime as dt
    >>> format_meeting_datetime(localize(dt.datetime(2017, 1, 5, 9, 0)))
    'Torsdag d. 05. januar 2017 kl. 09:00'
    >>> format_short_date(dt.date(2017, 1, 5)), format_date(dt.date(2017, 1, 5))
    ('05-01-2017', '5. januar 2017')
    >>> format_amount(1950000)
    '1.950.000 kr.'
    >>> from attrs import evolve
    >>> mine = evolve(DANISH, meeting_place="Sted")
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ..model import COPENHAGEN, DocumentKind, SectionKind, Variant
from ..model._errors import Code, refuse

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "DANISH",
    "LOCALE",
    "Labels",
    "format_amount",
    "format_date",
    "format_meeting_datetime",
    "format_number",
    "format_short_date",
    "format_time",
    "localize",
    "month_number",
    "plural",
    "weekday_name",
]

LOCALE = "da_DK"

# The Danish month and weekday names, as babel's da_DK has them (tests/test_l10n.py checks
# that they agree): dates are printed from these tables, so that start-up does not pay
# for loading babel's locale data; numbers still go through babel.
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

_CAPTIONS: dict[SectionKind, str] = {
    SectionKind.OCCASION: "Anledning",
    SectionKind.SUMMARY: "Resumé",
    SectionKind.PRESENTATION: "Sagsfremstilling",
    SectionKind.RECOMMENDATION: "Indstilling",
    SectionKind.DECISION: "Beslutning",
    SectionKind.ATTACHMENTS: "Bilag",
    SectionKind.ECONOMY: "Økonomi",
    SectionKind.LEGAL_BASIS: "Lovgrundlag",
    SectionKind.CONSULTATION: "Høring",
    SectionKind.COMMUNICATION: "Kommunikation",
    SectionKind.AUTHORITY: "Sagen afgøres af",
    SectionKind.HISTORY: "Punktet behandlet tidligere",
}

# Other captions seen in real documents, read as the same kinds.
_SYNONYMS: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.SUMMARY: ("Resume", "Sammendrag"),
    SectionKind.PRESENTATION: ("Sagsbeskrivelse", "Sagens indhold"),
    SectionKind.RECOMMENDATION: (
        "Administrationens indstilling",
        "Forvaltningens indstilling",
        "Direktionens indstilling",
        "Forvaltningen foreslår",
        "Beslutningspunkter",
    ),
    SectionKind.DECISION: ("Beslutninger",),
    SectionKind.ATTACHMENTS: ("Bilagsliste",),
    SectionKind.ECONOMY: (
        "Økonomiske konsekvenser",
        "Økonomiske konsekvenser og finansiering",
        "Økonomi og finansiering",
        "Økonomi og organisatoriske konsekvenser",
        "Økonomiske forhold",
    ),
    SectionKind.LEGAL_BASIS: ("Retsgrundlag", "Hjemmel"),
    SectionKind.CONSULTATION: ("Høringssvar",),
    SectionKind.AUTHORITY: ("Beslutningen træffes af", "Kompetence"),
    SectionKind.HISTORY: ("Tidligere behandling", "Sagsforløb"),
}


_CAPTIONED = tuple(kind for kind in SectionKind if kind is not SectionKind.CUSTOM)


def _section_kind(field_name: str, key: object) -> SectionKind:
    """``key`` as a section kind: a :class:`SectionKind` or its value (``"decision"``)."""
    if isinstance(key, SectionKind) and key is not SectionKind.CUSTOM:
        return key
    if isinstance(key, str) and not isinstance(key, SectionKind):
        try:
            kind = SectionKind(key)
        except ValueError:
            pass
        else:
            if kind is not SectionKind.CUSTOM:
                return kind
    known = ", ".join(kind.value for kind in _CAPTIONED)
    if key is SectionKind.CUSTOM or key == SectionKind.CUSTOM.value:
        raise refuse(field_name, Code.CUSTOM_KIND, known=known)
    raise refuse(field_name, Code.UNKNOWN_KIND, value=repr(key), known=known)


def _pairs(field_name: str, value: object) -> list[tuple[object, object]]:
    """The (key, value) pairs of a mapping or of a sequence of pairs, or a TypeError naming the field."""
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise refuse(field_name, Code.NOT_KIND_MAP, type=type(value).__name__)
    pairs: list[tuple[object, object]] = []
    for index, pair in enumerate(value):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise refuse(f"{field_name}[{index}]", Code.NOT_KIND_PAIR, value=repr(pair))
        pairs.append((pair[0], pair[1]))
    return pairs


def _kind_map(
    value: Mapping[SectionKind, str] | Iterable[tuple[SectionKind, str]],
) -> tuple[tuple[SectionKind, str], ...]:
    """The caption table, checked: one str caption for every kind but CUSTOM, no other key."""
    captions: dict[SectionKind, str] = {}
    for key, text in _pairs("captions", value):
        kind = _section_kind("captions", key)
        if kind in captions:
            raise refuse("captions", Code.KIND_TWICE, kind=repr(kind.value))
        if not isinstance(text, str):
            raise refuse(f"captions[{kind.value!r}]", Code.NOT_STR, type=type(text).__name__)
        if not text.strip():
            raise refuse(f"captions[{kind.value!r}]", Code.EMPTY)
        captions[kind] = text
    missing = [kind.value for kind in _CAPTIONED if kind not in captions]
    if missing:
        raise refuse("captions", Code.CAPTIONS_MISSING, missing=", ".join(missing))
    seen: dict[str, SectionKind] = {}
    for kind in _CAPTIONED:
        other = seen.setdefault(captions[kind].casefold(), kind)
        if other is not kind:
            raise refuse(
                "captions",
                Code.CAPTION_SHARED,
                caption=repr(captions[kind]),
                first=repr(other.value),
                second=repr(kind.value),
            )
    return tuple((kind, captions[kind]) for kind in _CAPTIONED)


def _synonym_map(
    value: Mapping[SectionKind, Iterable[str]] | Iterable[tuple[SectionKind, Iterable[str]]],
) -> tuple[tuple[SectionKind, tuple[str, ...]], ...]:
    """Further captions per kind, checked: known kinds, each a sequence of str."""
    synonyms: dict[SectionKind, tuple[str, ...]] = {}
    for key, texts in _pairs("caption_synonyms", value):
        kind = _section_kind("caption_synonyms", key)
        if kind in synonyms:
            raise refuse("caption_synonyms", Code.KIND_TWICE, kind=repr(kind.value))
        where = f"caption_synonyms[{kind.value!r}]"
        if isinstance(texts, str | bytes) or not isinstance(texts, Iterable):
            raise refuse(where, Code.NOT_STR_SEQUENCE, type=type(texts).__name__)
        items = tuple(texts)
        for index, text in enumerate(items):
            if not isinstance(text, str):
                raise refuse(f"{where}[{index}]", Code.NOT_STR, type=type(text).__name__)
        synonyms[kind] = items
    return tuple(synonyms.items())


def _template(*names: str) -> Any:
    """A validator: the template may use only ``{name}`` fields of ``names``, each at most once."""

    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)
        try:
            used = [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]
        except ValueError as error:
            raise refuse(attribute.name, Code.TEMPLATE, value=repr(value), reason=str(error)) from None
        wrong = [f for f in used if f not in names]
        if wrong or len(used) != len(set(used)):
            fields = ", ".join("{" + n + "}" for n in names)
            raise refuse(attribute.name, Code.TEMPLATE_FIELDS, value=repr(value), names=fields)

    return check


def _choice(*options: str) -> Any:
    """A validator: the value is one of ``options``."""

    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in options:
            raise refuse(attribute.name, Code.CHOICE, options=repr(options), value=repr(value))

    return check


@frozen(kw_only=True)
class Labels:
    """Every word the writers print. Replace any with :func:`attrs.evolve`.

    ``captions`` maps section kinds to their captions; ``caption_synonyms``
    are further captions readers accept for a kind. ``decision_by`` and the
    ``decision_*`` templates caption a decision that names its forum and date.
    """

    __repr__ = fields_repr

    agenda: str = "DAGSORDEN"
    minutes: str = "REFERAT"
    addendum_agenda: str = "TILLÆGSDAGSORDEN"
    addendum_minutes: str = "TILLÆGSREFERAT"
    extraordinary_agenda: str = "EKSTRAORDINÆR DAGSORDEN"
    extraordinary_minutes: str = "EKSTRAORDINÆRT REFERAT"
    draft: str = "KLADDE"
    date_prefix: str = "d."
    meeting_date: str = "Mødedato"
    meeting_place: str = "Mødested"
    meeting_time: str = "kl."
    until: str = "til"
    contents: str = "Indholdsfortegnelse"
    item: str = "Punkt"
    page: str = "Side"
    page_of: str = "af"
    journal_number: str = "Sagsnummer"
    closed_item: str = "Lukket punkt"
    public_title: str = "offentlig titel"
    closed_attachment: str = "lukket bilag"
    #: The word before a table's caption in the text layout: "Tabel: Udgifter".
    table: str = "Tabel"
    #: How the public edition shows a closed attachment of an open item:
    #: "mark" (one line ``closed_attachment_title`` in its place), "count"
    #: (one line ``closed_attachments_count`` for them all) or "omit".
    closed_attachments: Literal["mark", "count", "omit"] = field(
        default="mark", validator=_choice("mark", "count", "omit")
    )
    closed_attachment_title: str = "Lukket bilag"
    closed_attachments_count: str = field(default="{count} lukkede bilag", validator=_template("count"))
    participants: str = "Deltagere"
    apologies: str = "Afbud"
    absent: str = "Fraværende"
    invited: str = "Indkaldt"
    substitute: str = "Stedfortræder"
    substitutes: str = "Stedfortrædere"
    substitute_for: str = "for"
    left: str = "Forlod mødet"
    arrived: str = "Ankom"
    item_absent: str = "Deltog ikke"
    disqualified: str = "Inhabil"
    decision_by: str = field(default="Beslutning i {forum} den {date}", validator=_template("forum", "date"))
    decision_forum: str = field(default="Beslutning i {forum}", validator=_template("forum"))
    decision_date: str = field(default="Beslutning den {date}", validator=_template("date"))
    captions: tuple[tuple[SectionKind, str], ...] = field(default=_kind_map(_CAPTIONS), converter=_kind_map)
    caption_synonyms: tuple[tuple[SectionKind, tuple[str, ...]], ...] = field(
        default=_synonym_map(_SYNONYMS), converter=_synonym_map
    )

    def __attrs_post_init__(self) -> None:
        for attribute in attrs.fields(type(self)):
            value = getattr(self, attribute.name)
            if attribute.type == "str" and not isinstance(value, str):
                raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)

    def caption(self, kind: SectionKind) -> str:
        """The caption printed for a section of ``kind`` that has none of its own."""
        for k, text in self.captions:
            if k is kind:
                return text
        raise KeyError(f"no caption label for {kind.name}")

    def kind_title(self, kind: DocumentKind, variant: Variant) -> str:
        """ "REFERAT", "DAGSORDEN", "TILLÆGSDAGSORDEN", ... for the front matter."""
        agenda = kind is DocumentKind.AGENDA
        if variant is Variant.ADDENDUM:
            return self.addendum_agenda if agenda else self.addendum_minutes
        if variant is Variant.EXTRAORDINARY:
            return self.extraordinary_agenda if agenda else self.extraordinary_minutes
        return self.agenda if agenda else self.minutes

    def caption_kinds(self) -> dict[str, SectionKind]:
        """Every caption a reader recognises, case-folded, mapped to its kind."""
        out: dict[str, SectionKind] = {}
        for kind, syns in self.caption_synonyms:
            for s in syns:
                out[s.casefold()] = kind
        for kind, text in self.captions:
            out[text.casefold()] = kind
        return out


DANISH = Labels()


def localize(value: dt.datetime, *, fold: int = 0) -> dt.datetime:
    """Attach Europe/Copenhagen to a naive local time, explicitly.

    ``fold`` picks the first (0) or second (1) occurrence of a time repeated
    when summer time ends. A time that does not exist (skipped when summer
    time begins) raises ``ValueError``; an aware datetime is converted.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(COPENHAGEN)
    aware = value.replace(tzinfo=COPENHAGEN, fold=fold)
    if aware.astimezone(dt.UTC).astimezone(COPENHAGEN).replace(tzinfo=None) != value.replace(fold=0):
        raise refuse("value", Code.SUMMER_GAP, value=value.isoformat())
    return aware


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise refuse("value", Code.NAIVE_LOCAL, value=value.isoformat())
    return value.astimezone(COPENHAGEN)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def format_meeting_datetime(value: dt.datetime, labels: Labels = DANISH) -> str:
    """ "Torsdag d. 05. januar 2017 kl. 09:00", in Copenhagen time."""
    local = _local(value)
    return f"{format_long_date(local.date(), labels)} {labels.meeting_time} {local:%H:%M}"


def _day(value: dt.date) -> dt.date:
    """The calendar day of ``value``; a datetime's day in Copenhagen (a naive one is refused)."""
    return _local(value).date() if isinstance(value, dt.datetime) else value


def format_long_date(value: dt.date, labels: Labels = DANISH) -> str:
    """ "Torsdag d. 05. januar 2017"."""
    value = _day(value)
    weekday = _capitalise(WEEKDAYS[value.weekday()])
    return f"{weekday} {labels.date_prefix} {value.day:02d}. {MONTHS[value.month - 1]} {value.year}"


def format_time(value: dt.datetime | dt.time) -> str:
    """ "09:00"; a datetime in Copenhagen time.

    A ``time`` is printed as written: without a date it has no Copenhagen
    offset to convert to, so any ``tzinfo`` it carries is not applied.
    """
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    return f"{value.hour:02d}:{value.minute:02d}"


def format_short_date(value: dt.date) -> str:
    """ "05-01-2017"."""
    value = _day(value)
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


def format_date(value: dt.date) -> str:
    """ "5. januar 2017"."""
    value = _day(value)
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def plural(count: int, one: str, many: str) -> str:
    """ "1 punkt", "2 punkter", "0 punkter": the count with the word in the right number."""
    return f"{count} {one if count == 1 else many}"


def format_number(value: int | float | Decimal) -> str:
    """ "1.950.000", "0,75"."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALE)


def format_amount(value: int | float | Decimal) -> str:
    """ "1.950.000 kr."; amounts with øre get two decimals, rounded half up: "12,50 kr."."""
    from decimal import ROUND_HALF_UP, Decimal  # a C extension: loaded when used

    from babel.numbers import format_decimal

    amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"an amount must be a finite number, not {value!r}")
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        return f"{format_decimal(int(amount), locale=LOCALE)} kr."
    return f"{format_decimal(amount, format='#,##0.00', locale=LOCALE)} kr."


@cache
def _months() -> dict[str, int]:
    return {name: number for number, name in enumerate(MONTHS, 1)}


@cache
def _weekdays() -> dict[int, str]:
    return dict(enumerate(WEEKDAYS))


def month_number(name: str) -> int | None:
    """1 for "januar" (any case), ``None`` for an unknown name."""
    return _months().get(name.casefold())


def weekday_name(value: dt.date) -> str:
    """ "torsdag" for a Thursday."""
    return _weekdays()[value.weekday()]


def month_pattern() -> str:
    """A regular expression alternative matching every Danish month name."""
    return "|".join(re.escape(m) for m in _months())
