"""FirstAgenda's publication JSON (format ``firstagenda``): one meeting as the portal's
API answers it (``/api/agenda/dagsorden/{id}``).

The mapping is in ``docs/firstagenda.md``. Every value is checked before it
reaches the model; what is wrong is a ReadError naming the file and the JSON
path (``Dagsordenpunkter[3].Felter[0].Html``). What has no place in the model
is kept as ``firstagenda:`` properties of the nearest model object.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, NoReturn

from ...errors import ReadError
from ...l10n import Labels
from ...l10n.jsonsyntax import json_decode_problem
from ...model import (
    COPENHAGEN,
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Block,
    DocumentKind,
    Forum,
    Item,
    ItemAttendance,
    Meeting,
    Participant,
    Section,
    Variant,
)
from .._build import unique_properties
from .._contract import Note, ReadContext
from .._htmlcontent import clean_line, html_root, section, text_blocks
from .._limits import COST_RECORD, MAX_DEPTH, MAX_TEXT_BYTES, MAX_YEAR, MIN_YEAR, charge, charge_json, over
from ._fields import item_sections, portal_labels
from ._options import PortalOptions
from ._portal import CLOSED_PREFIX, attachment_url, is_minutes

__all__ = ["read_firstagenda"]

SYSTEM = "firstagenda"
_NUMBER = re.compile(r"[0-9A-Za-zÆØÅæøå]+(?:[.\-][0-9A-Za-zÆØÅæøå]+)*")
# What XML cannot carry: C0 controls but tab and line breaks, lone surrogates, non-characters.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXTRAORDINARY = re.compile(r"ekstraordin", re.I)


def read_firstagenda(data: bytes, ctx: ReadContext) -> Meeting:
    # Before the text is decoded and parsed: 53 MB of one item repeated took 250 MiB to be
    # refused for its HTML (the fuzzer, seed 29, read-path input 8014).
    charge_json(data, "objekter og lister i portalens JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"er ikke UTF-8 (byte {error.start}); portalens JSON er altid UTF-8", source=ctx.source
        ) from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise over("MAX_DEPTH", "JSON-strukturen", MAX_DEPTH, source=ctx.source) from None
    except json.JSONDecodeError as error:
        raise ReadError(
            f"er ikke gyldig JSON: {json_decode_problem(error)}",
            source=ctx.source,
            line=error.lineno,
            column=error.colno,
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        raise ReadError("er ikke gyldig JSON: et tal har for mange cifre", source=ctx.source) from None
    if not isinstance(document, dict) or not {"Moede", "Dagsordenpunkter"} <= document.keys():
        raise ReadError(
            "er ikke et møde fra FirstAgendas publiceringsportal "
            "(et JSON-objekt med Udvalg, Moede og Dagsordenpunkter)",
            source=ctx.source,
        )
    options = ctx.options if isinstance(ctx.options, PortalOptions) else PortalOptions()
    return _Reader(ctx, options, writable=_all_writable(text)).meeting(document)


def _all_writable(text: str) -> bool:
    """Whether every string the JSON ``text`` holds is writable as it is (``_UNWRITABLE``
    finds nothing in it), told without a search of each: ``json.loads`` refuses a control
    character as it stands in a string, and a text decoded from UTF-8 holds no lone
    surrogate, so only an escape (``\\u``, ``\\b``, ``\\f``) or a non-character as it stands
    can give one. (After an escaped backslash a "u", "b" or "f" is taken for an escape too:
    then each string is searched.)"""
    if "\ufffe" in text or "\uffff" in text:
        return False
    # One pass over the text: the character after each backslash.
    escapes = "".join([part[:1] for part in text.split("\\")[1:]])
    return not ("u" in escapes or "b" in escapes or "f" in escapes)


class _Obj:
    """One JSON object, its path, and the keys read from it."""

    def __init__(self, reader: _Reader, value: object, path: str) -> None:
        if not isinstance(value, dict):
            reader.fail(path, f"skal være et objekt, ikke {_kind(value)}")
        self.r = reader
        self.value: dict[str, Any] = value
        self.path = path
        self.used: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> object:
        self.used.add(key)
        return self.value.get(key)

    def text(self, key: str) -> str | None:
        """A string (``None`` when absent, null or blank), cleaned to one line."""
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.r.fail(self.at(key), f"skal være en tekst, ikke {_kind(value)}")
        return clean_line(value if self.r.writable else _writable(value))

    def markup(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.r.fail(self.at(key), f"skal være en tekst, ikke {_kind(value)}")
        return value if self.r.writable else _writable(value)

    def flag(self, key: str) -> bool | None:
        value = self.raw(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
            return value.strip().casefold() == "true"
        self.r.fail(self.at(key), f"skal være sand eller falsk (true/false), ikke {_kind(value)}")

    def number(self, key: str) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.r.fail(self.at(key), f"skal være et heltal, ikke {_kind(value)}")

    def objects(self, key: str) -> Iterator[_Obj]:
        """The objects of a list (none when absent or null)."""
        value = self.raw(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.r.fail(self.at(key), f"skal være en liste, ikke {_kind(value)}")
        for n, entry in enumerate(value):
            charge(COST_RECORD, f"poster i {self.at(key)}")
            yield _Obj(self.r, entry, f"{self.at(key)}[{n}]")

    def obj(self, key: str) -> _Obj | None:
        value = self.raw(key)
        return None if value is None else _Obj(self.r, value, self.at(key))

    def same(self, key: str, expected: object) -> None:
        """Mark ``key`` read when it says ``expected`` again (else it stays a property)."""
        value = self.value.get(key)
        if value == expected or (isinstance(value, str) and clean_line(value) == expected):
            self.used.add(key)

    def leftovers(self, prefix: str = "") -> list[tuple[str, str]]:
        """What was not read, as ``firstagenda:<prefix><key>`` properties (nulls and empty
        values hold nothing and are left out)."""
        out: list[tuple[str, str]] = []
        for key, value in self.value.items():
            if key in self.used or value is None or value in ("", [], {}):
                continue
            if len(key) > MAX_KEY_LENGTH:  # no portal field is named so; not made a property name
                self.r.fail(
                    self.path or "$",
                    f"har en nøgle på {len(key)} tegn ({key[:30]!r}…); "
                    f"portalens nøgler har højst MAX_KEY_LENGTH = {MAX_KEY_LENGTH} tegn",
                )
            name = f"{SYSTEM}:{prefix}{_property_name(key)}"
            out.append((name, _property_value(value)))
        return out


_PROPERTY_CHAR = re.compile(r"[^\w.:-]")
# Each key's part of a property name, by the key (the portal's keys repeat in every item).
_PROPERTY_NAMES: dict[str, str] = {}


def _property_name(key: str) -> str:
    name = _PROPERTY_NAMES.get(key)
    if name is None:
        name = _PROPERTY_CHAR.sub("_", key) or "_"
        if len(_PROPERTY_NAMES) < 10_000:  # the keys an input invents are not kept without end
            _PROPERTY_NAMES[key] = name
    return name


#: The longest key kept as a property's name: the portal's keys are words.
MAX_KEY_LENGTH = 200


_INDEX = re.compile(r"\[(\d+)\]")


def _prefix(path: str) -> str:
    """The property prefix of a list entry of an item: ``Felter[0]`` is ``Felter.0.``."""
    last = path.rsplit(".", 1)[-1]
    return _INDEX.sub(r".\1", last) + "."


def _property_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _writable(value)
    if isinstance(value, int | float):
        return str(value)
    return _writable(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _writable(text: str) -> str:
    return _UNWRITABLE.sub("\ufffd", text) if _UNWRITABLE.search(text) else text


def _kind(value: object) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "en sandhedsværdi"
        case int() | float():
            return f"tallet {value!r}"
        case str():
            return "en tekst"
        case list():
            return "en liste"
        case dict():
            return "et objekt"
    return type(value).__name__


class _Reader:
    def __init__(self, ctx: ReadContext, options: PortalOptions, *, writable: bool) -> None:
        self.ctx = ctx
        self.writable = writable  # every string of the document is writable as it is
        self.source = ctx.source
        self.labels = portal_labels(ctx.labels)
        self.options = options
        self.html_bytes = 0  # the characters of HTML read so far (MAX_TEXT_BYTES)

    def fail(self, path: str, message: str) -> NoReturn:
        raise ReadError(f"{path}: {message}", source=self.source)

    def warner(self, path: str) -> Any:
        def warn(message: str) -> None:
            self.ctx.report(Note.APPROXIMATE, path, message)

        return warn

    # --- the meeting ----------------------------------------------------------

    def meeting(self, document: dict[str, Any]) -> Meeting:
        top = _Obj(self, document, "")
        committee = top.obj("Udvalg")
        if committee is None:
            self.fail("Udvalg", "mangler (udvalgets navn)")
        forum = committee.text("Navn")
        if forum is None:
            self.fail("Udvalg.Navn", "mangler udvalgets navn")
        meeting = top.obj("Moede")
        if meeting is None:
            self.fail("Moede", "mangler (mødets tid og sted)")
        start = self.moment(meeting, "MeetingBeginUtc") or self.moment(meeting, "Dato")
        if start is None:
            self.fail("Moede.MeetingBeginUtc", "mangler mødets begyndelse")
        dato = self.moment(meeting, "Dato") if meeting.value.get("Dato") is not None else None
        if dato is not None and dato == start:
            meeting.used.add("Dato")
        else:
            meeting.used.discard("Dato")
        end = self.moment(meeting, "MeetingEndUtc")
        if end is not None and end < start:
            self.fail("Moede.MeetingEndUtc", "mødet slutter før det begynder")
        place = meeting.text("Sted")
        name = meeting.text("Navn")
        addendum = bool(top.flag("TillaegsDagsorden")) | bool(meeting.flag("IsSupplementaryAgenda"))
        if addendum:
            variant = Variant.ADDENDUM
        elif name is not None and _EXTRAORDINARY.match(name):
            variant = Variant.EXTRAORDINARY
        else:
            variant = Variant.ORDINARY
        finished = meeting.flag("Afsluttet")
        meeting.used.discard("Afsluttet")  # read, and kept: the portal's own word on the meeting

        raw_items = list(top.objects("Dagsordenpunkter"))
        items = [self.item(entry) for entry in raw_items]
        kind = DocumentKind.MINUTES if is_minutes(items) else DocumentKind.AGENDA
        attendance = [self.member(entry, kind, bool(finished)) for entry in meeting.objects("Moededeltagere")]
        identifier = top.text("Id")
        properties = [
            *top.leftovers(),
            *committee.leftovers("Udvalg."),
            *meeting.leftovers("Moede."),
        ]
        return Meeting(
            forum=Forum(name=forum),
            kind=kind,
            start=start,
            end=end,
            variant=variant,
            place=place,
            name=name,
            attendance=attendance,
            items=items,
            identifier=identifier,
            properties=unique_properties(properties),
        )

    def moment(self, obj: _Obj, key: str) -> dt.datetime | None:
        """An ISO date and time; with an offset as it says, without one in UTC (the
        portal's ``…Utc`` fields)."""
        text = obj.text(key)
        if text is None:
            return None
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(obj.at(key), f"{text!r} er ikke et tidspunkt (fx 2022-01-10T17:00:00+01:00)")
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            self.fail(obj.at(key), f"året {value.year} ligger uden for {MIN_YEAR}-{MAX_YEAR}")
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(COPENHAGEN)
        if not MIN_YEAR <= value.year <= MAX_YEAR:  # in Copenhagen: 9000-12-31T23:30-01:00 is 9001
            self.fail(obj.at(key), f"året {value.year} ligger uden for {MIN_YEAR}-{MAX_YEAR}")
        return value

    def member(self, obj: _Obj, kind: DocumentKind, finished: bool) -> Participant:
        name = obj.text("Name")
        if name is None:
            self.fail(obj.at("Name"), "mangler deltagerens navn")
        cancelled, absent = obj.flag("ParticipationCancelled"), obj.flag("Absent")
        if cancelled:
            status = AttendanceStatus.APOLOGIES
        elif absent:
            status = AttendanceStatus.ABSENT
        elif kind is DocumentKind.MINUTES or finished:
            status = AttendanceStatus.PRESENT
        else:
            status = AttendanceStatus.INVITED
        return Participant(name=name, status=status, properties=unique_properties(obj.leftovers()))

    # --- items ------------------------------------------------------------------

    def item(self, obj: _Obj) -> Item:
        number = obj.text("Punktnummer") or obj.text("Number")
        if number is None:
            self.fail(obj.at("Punktnummer"), "mangler punktets nummer")
        if not _NUMBER.fullmatch(number):
            self.fail(obj.at("Punktnummer"), f"{number!r} er ikke et punktnummer (fx 1, 1.1 eller 12a)")
        obj.same("Number", number)
        if str(obj.value.get("Sorting")) == number:
            obj.used.add("Sorting")
        raw_title = obj.text("Navn") or obj.text("Caption")
        if raw_title is None:
            self.fail(obj.at("Navn"), "punktet har ingen titel")
        obj.same("Caption", raw_title)
        journal = obj.text("SagsNummer") or obj.text("CaseNumber")
        obj.same("CaseNumber", journal)
        is_open = obj.flag("IsOpen")
        prefix = CLOSED_PREFIX.match(raw_title)
        extra: list[tuple[str, str]] = []
        public = prefix is None
        title, public_title = raw_title, None
        if prefix is not None:
            # The portal's mark of a closed item. The title as published is the neutral title.
            title, public_title = raw_title[prefix.end() :], raw_title
            if is_open:
                self.warner(obj.path)(
                    "punktet er markeret åbent (IsOpen), men titlen siger lukket; læst som lukket"
                )
        if is_open is False:
            obj.used.add("IsOpen")  # false on every item of the portal: the title decides (docs)
        identifier = obj.text("Id")
        sections: list[Section] = []
        for field in obj.objects("Felter"):
            sections.extend(self.field(field, extra, closed=not public))
        attachments = [self.attachment(entry) for entry in obj.objects("Bilag")]
        if attachments:
            sections.append(AttachmentList(attachments))
        attendance = [
            self.absence(entry, identifier, extra) for entry in obj.objects("ExternalAgendaItemAttendees")
        ]
        return Item(
            number=number,
            title=title,
            journal_number=journal,
            public=public,
            public_title=public_title,
            sections=sections,
            attendance=attendance,
            identifier=identifier,
            properties=unique_properties([*extra, *obj.leftovers()]),
        )

    def field(self, obj: _Obj, extra: list[tuple[str, str]], *, closed: bool) -> list[Section]:
        """One of ``Felter``: its HTML cut into sections at the captions. A closed item
        shows only its decision, without caption: that text is read as a decision."""
        caption = obj.text("Navn")
        markup = obj.markup("Html")
        self.html_bytes += len(markup or "")
        if self.html_bytes > MAX_TEXT_BYTES:
            # Reading HTML takes up to a second per MiB of dense markup (the largest real
            # meeting holds half a MiB).
            raise over(
                "MAX_TEXT_BYTES",
                f"mødets HTML (til og med {obj.at('Html')})",
                MAX_TEXT_BYTES,
                source=self.source,
            )
        warn = self.warner(obj.at("Html"))
        sections: list[Section] = []
        if markup is not None and markup.strip():
            if not markup.lstrip().startswith("<"):
                self.fail(obj.at("Html"), "er ikke HTML (portalens felter begynder med et element, fx <div>)")
            root = html_root(markup, warn)
            if isinstance(root, tuple):
                sections.append(_uncaptioned(caption, root, self.labels))
            else:
                sections.extend(
                    item_sections(root, self.labels, warn, first_caption=caption, uncaptioned_decision=closed)
                )
        plain = obj.markup("Tekst")
        if plain is not None and plain.strip():
            sections.append(_uncaptioned(caption, text_blocks(plain), self.labels))
        extra.extend(obj.leftovers(_prefix(obj.path)))
        return sections

    def attachment(self, obj: _Obj) -> Attachment:
        title = obj.text("Navn")
        identifier = obj.text("Id")
        if title is None:
            self.fail(obj.at("Navn"), "bilaget har intet navn")
        has_pdf = obj.flag("HarPdfVersion")
        obj.used.discard("HarPdfVersion")  # kept as a property: whether the portal has a PDF
        obj.used.discard("Id")
        url = attachment_url(self.options.base_url, identifier) if identifier else None
        properties = obj.leftovers()
        if url is not None and has_pdf is not False:
            properties.append((f"{SYSTEM}:url", url))
        return Attachment(title=title, properties=unique_properties(properties))

    def absence(self, obj: _Obj, item_id: str | None, extra: list[tuple[str, str]]) -> ItemAttendance:
        """A member absent from the item, with the reason; what else the entry holds is a
        property of the item (an item's attendance has none of its own)."""
        name = obj.text("Name")
        if name is None:
            self.fail(obj.at("Name"), "mangler den fraværendes navn")
        obj.same("AgendaItemUid", item_id)
        note = obj.text("Reason")
        extra.extend(obj.leftovers(_prefix(obj.path)))
        return ItemAttendance(name=name, event=AttendanceEvent.ABSENT, note=note)


def _uncaptioned(caption: str | None, blocks: tuple[Block, ...], labels: Labels) -> Section:
    return section(caption, blocks, labels)
