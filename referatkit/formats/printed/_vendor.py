"""A vendor's print described as data: the :class:`Layout` value and its TOML form.

A layout says how one case system prints a referat (docs/printed.md, "Layouts"):
how the front page names the forum, the date and the participants, how an item
begins, which lines are its case number and metadata, which lines are captions
and of which section kind, how a decision names its forum and date, and what
page furniture to drop. The reader (:mod:`._generic`) takes the print's lines and
a layout; no vendor has code of its own. The layouts that ship are the TOML files
beside this module; a user's is a TOML file of the same keys or a ``Layout`` value.

Every pattern is a Python regular expression matched against a whole line (its
spaces collapsed), with the named groups each key documents.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import field, frozen

from ..._repr import fields_repr
from ...errors import ReadError
from ...l10n.files import toml_place
from ...l10n.oserror import os_problem
from ...model import AttendanceStatus, SectionKind

# Patterns are compiled from user files: bounded so a layout cannot make the reader slow.
MAX_PATTERN = 500


def _patterns(value: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in value)


def _pairs(
    value: Mapping[str, SectionKind] | tuple[tuple[str, SectionKind], ...],
) -> tuple[tuple[str, SectionKind], ...]:
    """Caption words as pairs (a layout is hashable: its patterns compile once)."""
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(value)


@frozen
class Participants:
    """One heading of the front page's participant lists, and what its names are."""

    __repr__ = fields_repr

    heading: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    role: str | None = None


@frozen
class Layout:
    """How one vendor prints a referat. Build one in Python or load one with
    :func:`load_layout` from TOML; the keys are the field names, grouped as in the
    files that ship (``referatkit/formats/printed/layouts/*.toml``)."""

    __repr__ = fields_repr

    name: str
    description: str = ""
    #: Patterns found (``re.search``) in the document's first lines: all of them for
    #: the layout to be picked.
    detect: tuple[str, ...] = ()
    #: The reader: "layout" (this value's keys) or "text" (FirstAgenda's print, read
    #: through the text layout's grammar, docs/printed.md "How it is read").
    engine: str = "layout"
    # --- the front page: every line before the first item heading
    kind: str = r"(?i)(?P<kind>referat|dagsorden)"
    forum: str | None = None  # group "forum", optionally "short"
    forum_after_kind: bool = False  # the forum is the line after the kind line
    date: str = r"(?i).*?(?P<day>\d{1,2})\.? (?P<month>[a-zæøå]+) (?P<year>\d{4}).*"
    time: str | None = r"(?i).*?\bkl\.?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d\d).*"
    place: str | None = None  # group "place"
    meeting_name: str | None = None  # the meeting's own name (group "name")
    extraordinary: str | None = None  # a front line that makes the meeting extraordinary
    participants: tuple[Participants, ...] = ()
    contents: str | None = None  # the heading of the table of contents
    front_ignore: tuple[str, ...] = ()
    # --- items
    item: str = r"(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)"
    item_bold: bool = True
    item_larger: bool = False
    closed: str | None = None  # a heading after which items are closed ("Lukket referat")
    journal: str | None = None  # group "value"
    metadata: tuple[str, ...] = ()  # groups "key", "value": the item's properties
    # --- captions
    caption_words: tuple[tuple[str, SectionKind], ...] = field(converter=_pairs, default=())
    caption_bold: bool = True  # a short bold line of its own is a caption
    caption_larger: bool = False  # ... and only when larger than the body text
    caption_colon: bool = False  # a short line ending in ":" is a caption
    caption_max: int = 80
    untitled: SectionKind | None = None  # the kind of text before an item's first caption
    decisions: tuple[str, ...] = ()  # groups "forum", "date" (DD.MM.YYYY, DD-MM-YYYY)
    # --- page furniture
    repeated: bool = True  # drop a line at the same place on most pages (header, footer)
    furniture: tuple[str, ...] = ()
    end: str | None = None  # the body ends before this line (a signature page)

    def compiled(self) -> Compiled:
        return _compile(self)


@frozen
class Compiled:
    """A layout's patterns, compiled once."""

    __repr__ = fields_repr

    layout: Layout
    detect: tuple[re.Pattern[str], ...]
    kind: re.Pattern[str]
    forum: re.Pattern[str] | None
    date: re.Pattern[str]
    time: re.Pattern[str] | None
    place: re.Pattern[str] | None
    meeting_name: re.Pattern[str] | None
    extraordinary: re.Pattern[str] | None
    contents: re.Pattern[str] | None
    front_ignore: tuple[re.Pattern[str], ...]
    item: re.Pattern[str]
    closed: re.Pattern[str] | None
    journal: re.Pattern[str] | None
    metadata: tuple[re.Pattern[str], ...]
    captions: dict[str, SectionKind]
    decisions: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    end: re.Pattern[str] | None


@cache
def _compile(layout: Layout) -> Compiled:
    def opt(p: str | None) -> re.Pattern[str] | None:
        return None if p is None else re.compile(p)

    return Compiled(
        layout=layout,
        detect=_patterns(layout.detect),
        kind=re.compile(layout.kind),
        forum=opt(layout.forum),
        date=re.compile(layout.date),
        time=opt(layout.time),
        place=opt(layout.place),
        meeting_name=opt(layout.meeting_name),
        extraordinary=opt(layout.extraordinary),
        contents=opt(layout.contents),
        front_ignore=_patterns(layout.front_ignore),
        item=re.compile(layout.item),
        closed=opt(layout.closed),
        journal=opt(layout.journal),
        metadata=_patterns(layout.metadata),
        captions={word.casefold(): kind for word, kind in layout.caption_words},
        decisions=_patterns(layout.decisions),
        furniture=_patterns(layout.furniture),
        end=opt(layout.end),
    )


# --- TOML ------------------------------------------------------------------------------

# Each key of a layout file: its table, its field, its type, and the groups a pattern needs.
_TEXT, _STR, _BOOL, _INT, _LIST, _KIND = "tekst", "mønster", "sand/falsk", "heltal", "mønstre", "afsnitstype"
_KEYS: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "": {
        "name": ("name", _TEXT, ()),
        "description": ("description", _TEXT, ()),
        "detect": ("detect", _LIST, ()),
        "engine": ("engine", _TEXT, ()),
    },
    "front": {
        "kind": ("kind", _STR, ("kind",)),
        "forum": ("forum", _STR, ("forum",)),
        "forum_after_kind": ("forum_after_kind", _BOOL, ()),
        "date": ("date", _STR, ("day", "month", "year")),
        "time": ("time", _STR, ("hour", "minute")),
        "place": ("place", _STR, ("place",)),
        "name": ("meeting_name", _STR, ("name",)),
        "extraordinary": ("extraordinary", _STR, ()),
        "contents": ("contents", _STR, ()),
        "ignore": ("front_ignore", _LIST, ()),
    },
    "item": {
        "heading": ("item", _STR, ("number", "title")),
        "bold": ("item_bold", _BOOL, ()),
        "larger": ("item_larger", _BOOL, ()),
        "closed": ("closed", _STR, ()),
        "journal": ("journal", _STR, ("value",)),
        "metadata": ("metadata", _LIST, ("key", "value")),
    },
    "captions": {
        "bold": ("caption_bold", _BOOL, ()),
        "larger": ("caption_larger", _BOOL, ()),
        "colon": ("caption_colon", _BOOL, ()),
        "max_length": ("caption_max", _INT, ()),
        "untitled": ("untitled", _KIND, ()),
        "decisions": ("decisions", _LIST, ("forum", "date")),
    },
    "furniture": {
        "repeated": ("repeated", _BOOL, ()),
        "lines": ("furniture", _LIST, ()),
        "end": ("end", _STR, ()),
    },
}
_TABLES = {"front", "item", "captions", "furniture"}
_KINDS = {kind.value: kind for kind in SectionKind}
_STATUSES = {status.value: status for status in AttendanceStatus}


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.messages.append(f"'{key}': {message}")


# What Python's re says of a pattern it cannot compile (the start of re.error's msg), in Danish.
_PATTERN_PROBLEMS = (
    ("unterminated character set", "en [ lukkes ikke med ]"),
    ("missing ), unterminated subpattern", "en ( lukkes ikke med )"),
    ("unbalanced parenthesis", "en ) uden ( foran"),
    ("nothing to repeat", "*, + eller ? gentager intet"),
    ("multiple repeat", "to gentagelser efter hinanden"),
    ("min repeat greater than max repeat", "{m,n} med m større end n"),
    ("bad escape", "en ukendt escape med \\"),
    ("unknown extension", "en ukendt (?...)-form"),
    ("bad character in group name", "et gruppenavn med et ugyldigt tegn"),
    ("missing group name", "et gruppenavn mangler"),
    ("redefinition of group name", "et gruppenavn står to gange"),
    ("unknown group name", "en henvisning til en gruppe, der ikke findes"),
    ("invalid group reference", "en henvisning til en gruppe, der ikke findes"),
)


def _pattern_problem(message: str) -> str:
    for english, danish in _PATTERN_PROBLEMS:
        if message.startswith(english):
            return danish
    return "Python kan ikke oversætte det"


def _check_pattern(value: str, key: str, groups: tuple[str, ...], errors: _Errors) -> None:
    if len(value) > MAX_PATTERN:
        errors.add(key, f"mønsteret har {len(value)} tegn; højst {MAX_PATTERN}")
        return
    try:
        compiled = re.compile(value)
    except re.error as exc:
        errors.add(key, f"ugyldigt mønster: {_pattern_problem(exc.msg)} (ved tegn {(exc.pos or 0) + 1})")
        return
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        names = ", ".join(f"(?P<{g}>...)" for g in missing)
        errors.add(key, f"mønsteret mangler {'gruppen' if len(missing) == 1 else 'grupperne'} {names}")


def _value(raw: object, kind: str, key: str, groups: tuple[str, ...], errors: _Errors) -> object:
    if kind in (_STR, _TEXT):
        if not isinstance(raw, str):
            errors.add(key, f"skal være en tekst, ikke {_type(raw)}")
            return None
        if kind == _STR:
            _check_pattern(raw, key, groups, errors)
        return raw
    if kind == _BOOL:
        if not isinstance(raw, bool):
            errors.add(key, f"skal være true eller false, ikke {_type(raw)}")
        return raw
    if kind == _INT:
        if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 1000:
            errors.add(key, "skal være et heltal fra 1 til 1000")
        return raw
    if kind == _KIND:
        if raw not in _KINDS:
            errors.add(key, f"ukendt afsnitstype {raw!r} (kendte: {', '.join(sorted(_KINDS))})")
            return None
        return _KINDS[str(raw)]
    # a list of patterns
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        errors.add(key, f"skal være en liste af tekster, ikke {_type(raw)}")
        return ()
    for index, pattern in enumerate(raw):
        _check_pattern(pattern, f"{key}[{index}]", groups, errors)
    return tuple(raw)


def _type(value: object) -> str:
    return {
        str: "en tekst",
        bool: "sand/falsk",
        int: "et heltal",
        float: "et decimaltal",
        list: "en liste",
        dict: "en tabel",
    }.get(type(value), type(value).__name__)


def layout_from_mapping(data: Mapping[str, Any], source: str) -> Layout:
    """A layout from the keys of a layout file; every error is named with its key, and
    all of them are reported at once in one :class:`ReadError`."""
    errors = _Errors()
    fields: dict[str, object] = {}
    for key, value in data.items():
        if key in _TABLES or key in ("participants",):
            if not isinstance(value, dict):
                errors.add(key, f"skal være en tabel, ikke {_type(value)}")
            continue
        if key not in _KEYS[""]:
            errors.add(key, "ukendt nøgle")
            continue
        name, kind, groups = _KEYS[""][key]
        fields[name] = _value(value, kind, key, groups, errors)
    for table in sorted(_TABLES):
        section = data.get(table, {})
        if not isinstance(section, dict):
            continue
        for key, value in section.items():
            full = f"{table}.{key}"
            if table == "captions" and key == "words":
                fields["caption_words"] = _words(value, full, errors)
                continue
            if key not in _KEYS[table]:
                errors.add(full, "ukendt nøgle")
                continue
            name, kind, groups = _KEYS[table][key]
            fields[name] = _value(value, kind, full, groups, errors)
    participants = data.get("participants", {})
    if isinstance(participants, dict):
        fields["participants"] = _participants(participants, errors)
    if "name" not in data:
        errors.add("name", "mangler (layoutets navn, fx 'edoc')")
    elif isinstance(data["name"], str) and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", data["name"]):
        errors.add("name", "skal være små bogstaver a-z, cifre, '-' og '_' (højst 40 tegn)")
    if fields.get("engine", "layout") not in ("layout", "text"):
        errors.add("engine", "skal være 'layout' eller 'text'")
    if errors.messages:
        count = len(errors.messages)
        head = "layoutfilen har en fejl" if count == 1 else f"layoutfilen har {count} fejl"
        raise ReadError(f"{head}: " + "; ".join(errors.messages), source=source)
    return Layout(**fields)  # type: ignore[arg-type]  # each field's type was checked above


def _words(value: object, key: str, errors: _Errors) -> dict[str, SectionKind]:
    if not isinstance(value, dict):
        errors.add(key, f"skal være en tabel af overskrift = afsnitstype, ikke {_type(value)}")
        return {}
    out: dict[str, SectionKind] = {}
    for word, kind in value.items():
        if kind not in _KINDS:
            errors.add(f"{key}.{word}", f"ukendt afsnitstype {kind!r} (kendte: {', '.join(sorted(_KINDS))})")
        else:
            out[word] = _KINDS[kind]
    return out


def _participants(value: dict[str, Any], errors: _Errors) -> tuple[Participants, ...]:
    out: list[Participants] = []
    for heading, given in value.items():
        key = f"participants.{heading}"
        spec = {"status": given} if isinstance(given, str) else given
        if not isinstance(spec, dict):
            errors.add(
                key, f"skal være en status ('present', 'absent', ...) eller en tabel, ikke {_type(spec)}"
            )
            continue
        status = spec.get("status", "present")
        if status not in _STATUSES:
            errors.add(f"{key}.status", f"ukendt status {status!r} (kendte: {', '.join(sorted(_STATUSES))})")
            continue
        role = spec.get("role")
        if role is not None and not isinstance(role, str):
            errors.add(f"{key}.role", f"skal være en tekst, ikke {_type(role)}")
            continue
        for extra in sorted(set(spec) - {"status", "role"}):
            errors.add(f"{key}.{extra}", "ukendt nøgle")
        out.append(Participants(heading, _STATUSES[status], role))
    return tuple(out)


def load_layout(path: str | Path) -> Layout:
    """A layout from a TOML file (docs/printed.md, "Writing a layout")."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"kan ikke læse layoutfilen: {os_problem(exc)}", source=source) from None
    return parse_layout(data, source)


def parse_layout(data: bytes, source: str = "<layout>") -> Layout:
    if len(data) > 1024 * 1024:
        raise ReadError("layoutfilen er over 1 MiB", source=source)
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReadError("layoutfilen er ikke UTF-8", source=source) from None
    except tomllib.TOMLDecodeError as exc:
        line, column = toml_place(exc)
        raise ReadError("layoutfilen er ikke gyldig TOML", source=source, line=line, column=column) from None
    return layout_from_mapping(parsed, source)


@cache
def shipped_layouts() -> tuple[Layout, ...]:
    """The layouts that ship with referatkit, in the order detection tries them."""
    folder = resources.files(__package__).joinpath("layouts")
    out = []
    for name in ("firstagenda", "edoc", "acadre", "general"):
        entry = folder.joinpath(f"{name}.toml")
        out.append(parse_layout(entry.read_bytes(), f"referatkit:layouts/{name}.toml"))
    return tuple(out)


def layout_named(name: str) -> Layout:
    """A shipped layout by its name, or a layout file by its path."""
    for layout in shipped_layouts():
        if layout.name == name:
            return layout
    if name.endswith(".toml") or "/" in name:
        return load_layout(name)
    known = ", ".join(layout.name for layout in shipped_layouts())
    raise ReadError(f"ukendt layout {name!r} (kendte: {known}; eller stien til en .toml-fil)", source=name)
