"""The PDF typeset by Typst, in process: a layout a person can script.

The meeting goes to a Typst template as referatkit JSON (docs/json.md), with
the words to print already made by referatkit's labels and Danish dates
(:func:`words`), through ``sys.inputs``; the template lays it out. The
default template (``referat.typ``) calls the library shipped as the local
Typst package ``@referatkit/referat:1.0.0`` and prints the referat as the
ODT writer does. A template of one's own replaces it (docs/typst.md).

The PDF is tagged, PDF/A-2a and PDF/UA-1, in Danish, titled as the
meeting, dated with the meeting's start. Typst uses only its own fonts and
those in the given folders, never the system's, so a meeting gives the same
bytes on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import WriteError
from ...l10n import Labels, format_short_date
from ...l10n.oserror import os_problem
from ...model import (
    Attachment,
    AttachmentList,
    ItemAttendance,
    Meeting,
    Participant,
    walk,
)
from .._common import (
    caption_text,
    event_words,
    meeting_title,
    meeting_when,
    status_headings,
    system_fields,
)
from .._contract import Loss, WriteContext
from .._pdfwrite import PdfOptions
from ..json import to_data
from ._engine import compile_pdf

__all__ = ["DEFAULT_TEMPLATE", "PACKAGES", "PDF_STANDARDS", "compile_source", "typeset", "words"]

HERE = Path(__file__).parent
#: The default template.
DEFAULT_TEMPLATE = HERE / "referat.typ"
#: The folder of local Typst packages: ``@referatkit/referat:1.0.0``.
PACKAGES = HERE / "packages"
#: What the PDF claims and Typst checks while it writes it.
PDF_STANDARDS = ["a-2a", "ua-1"]


def _compile(root: str, font_paths: tuple[str, ...], source: bytes, inputs: dict[str, str],
             timestamp: dt.datetime) -> bytes | tuple[str, str]:  # fmt: skip
    """The PDF, or Typst's (message, diagnostic)."""
    return compile_pdf(
        source,
        root=root,
        font_paths=font_paths,
        package_path=str(PACKAGES),
        inputs=inputs,
        standards=tuple(PDF_STANDARDS),
        timestamp=timestamp,
    )


# --- the words: what the template prints, in the labels' language ---------------------------


def _clock(value: dt.time) -> str:
    return f"{value:%H:%M:%S}" if value.second or value.microsecond else f"{value:%H:%M}"


def _participant(person: Participant, labels: Labels) -> str:
    line = person.name
    if person.party:
        line += f" ({person.party})"
    if person.substitute_for:
        line += f", {labels.substitute.lower()} {labels.substitute_for} {person.substitute_for}"
    for extra in (person.role, person.note):
        if extra:
            line += f", {extra}"
    return line


def _event(note: ItemAttendance, labels: Labels) -> str:
    line = f"{note.name}: {event_words(labels)[note.event]}"
    if note.time is not None:
        line += f" {labels.meeting_time} {_clock(note.time)}"
    return line + (f" ({note.note})" if note.note else "")


def _attachment(attachment: Attachment, labels: Labels) -> str:
    extras = [] if attachment.public else [labels.closed_attachment]
    if attachment.file_name:
        extras.append(attachment.file_name)
    return attachment.title + (f" ({', '.join(extras)})" if extras else "")


def words(meeting: Meeting, labels: Labels, ids: tuple[str, ...]) -> dict[str, Any]:
    """What the default template prints, made by the labels: the title, the time, the
    participants' lines, each item's heading, table-of-contents entry and captions.

    ``ids`` are the items' anchors (:func:`referatkit.formats._common.element_ids`).
    """
    headings = status_headings(labels)
    groups: dict[Any, list[str]] = {status: [] for status in headings}
    for person in meeting.attendance:
        groups[person.status].append(_participant(person, labels))
    items = []
    for item, anchor in zip(meeting.items, ids, strict=True):
        note = [labels.closed_item] if not item.public else []
        if item.public_title:
            note.append(f"{labels.public_title}: {item.public_title}")
        items.append(
            {
                "id": anchor,
                "heading": f"{labels.item} {item.number}: {item.full_title}",
                "entry": item.full_title,
                "note": " – ".join(note) or None,
                "events": [_event(e, labels) for e in item.attendance],
                "sections": [
                    {
                        "caption": caption_text(section, labels),
                        "attachments": [_attachment(a, labels) for a in section.attachments]
                        if isinstance(section, AttachmentList)
                        else [],
                    }
                    for section in item.sections
                ],
            }
        )
    return {
        "title": meeting_title(meeting, labels),
        "header": f"{meeting.forum.name} {format_short_date(meeting.start.date())}",
        "when": f"{labels.meeting_date} {meeting_when(meeting, labels)}",
        "place": f"{labels.meeting_place} {meeting.place}" if meeting.place is not None else None,
        "contents": labels.contents,
        "page": labels.page,
        "page_of": labels.page_of,
        "attendance": [
            {"status": status.value, "heading": f"{headings[status]}:", "people": people}
            for status, people in groups.items()
            if people
        ],
        "items": items,
    }


# --- typesetting -------------------------------------------------------------------------------


#: Typst's complaint about a character no font has; the character as Typst's ``repr`` spells it.
_NO_GLYPH = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
_ESCAPE = re.compile(r"\\(u\{([0-9A-Fa-f]+)\}|.)")
#: Typst's complaint about a character PDF/A may not hold; the character as Typst spells it.
_NOT_IN_PDF_A = re.compile(r'the (?:PDF|text) contains the (?:disallowed )?codepoint `"((?:[^"\\]|\\.)*)"`')
#: Unicode's private-use characters: a PDF/A-2a holds none (Typst refuses them one a compile).
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _private_use(value: Any) -> set[str]:
    """The private-use characters in the strings of ``value`` (lists and dicts of them)."""
    if isinstance(value, str):
        return set(_PRIVATE_USE.findall(value))
    if isinstance(value, list):
        return set().union(*map(_private_use, value))
    if isinstance(value, dict):
        return set().union(*map(_private_use, value.values()))
    return set()


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[2]:
            return chr(int(match[2], 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(match[1], match[1])

    return _ESCAPE.sub(one, text)


def _undisplayable(text: str) -> set[str]:
    """The characters of a text Typst could not display that are to be replaced: not the
    printable Latin-1 ones, which every font it has holds. Typst names them too when they are
    shaped with one that no font holds ("a" before a skin-tone modifier): replacing them would
    spoil every "a" of the meeting, and the kinds of block the template dispatches on."""
    return {character for character in text if ord(character) > 0xFF or not character.isprintable()}


def _replaced(value: Any, missing: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return missing.sub("?", value)
    if isinstance(value, list):
        return [_replaced(v, missing) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, missing) for k, v in value.items()}
    return value


def _template(options: PdfOptions) -> tuple[bytes, str, str]:
    """The template's source, the folder its files are relative to, and its name for messages."""
    template = options.template
    if template is None:
        return DEFAULT_TEMPLATE.read_bytes(), str(HERE), DEFAULT_TEMPLATE.name
    if isinstance(template, bytes):
        return template, str(Path.cwd()), "<skabelon>"
    path = Path(template)
    try:
        return path.read_bytes(), str(path.resolve().parent), str(template)
    except OSError as error:
        raise WriteError(f"Typst-skabelonen {template}: kan ikke læses: {os_problem(error)}") from None


def _font_paths(options: PdfOptions) -> tuple[str, ...]:
    for folder in options.font_paths:
        if not Path(folder).is_dir():
            raise WriteError(f"skrifttypemappen {folder} findes ikke")
    return tuple(str(Path(folder).resolve()) for folder in options.font_paths)


def _where(diagnostic: str, name: str) -> str:
    """``name:line:column`` of Typst's first diagnostic in the template, if it points there."""
    found = re.search(r"┌─ (.+?):(\d+):(\d+)", diagnostic)
    if found is None:
        return name
    file = found[1]
    inside = Path(file).name.startswith("__typst_py_bytes__") or Path(file).name == Path(name).name
    return f"{name}:{found[2]}:{found[3]}" if inside else f"{name} ({file}:{found[2]}:{found[3]})"


def _compact(data: Any) -> str:
    """The JSON of ``data`` without indentation: what Typst reads is the same, and Python's C
    encoder writes it (an indented one is written by the pure Python encoder, four times slower)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fixed_offset(moment: dt.datetime) -> dt.datetime:
    """The PDF's date: ``moment`` to the second (as a PDF date is; Typst refuses a fraction,
    and the portal's starts have milliseconds), at its offset."""
    offset = moment.utcoffset() or dt.timedelta(0)
    return moment.replace(microsecond=0, tzinfo=dt.timezone(offset))


def typeset(meeting: Meeting, ctx: WriteContext[PdfOptions]) -> bytes:
    """The meeting as a tagged PDF/A-2a and PDF/UA-1, typeset by Typst.

    A template Typst cannot compile is a :class:`WriteError` naming the
    template, the line and Typst's message. A character no font has is
    printed as ``?`` and reported (``Loss.CHARACTERS``).
    """
    options = ctx.options
    source, root, name = _template(options)
    data = to_data(meeting)
    said = words(meeting, ctx.labels, tuple(ids.item for ids in ctx.ids))
    for path, value in system_fields(meeting):
        if value is not None:
            ctx.lost(path)
    fonts = _font_paths(options)
    # Printed as "?" and reported, as a character no font has: at once for the private-use ones.
    missing = _private_use(data) | _private_use(said)
    if missing:
        pattern = re.compile("|".join(re.escape(c) for c in sorted(missing)))
        data, said = _replaced(data, pattern), _replaced(said, pattern)
    for _attempt in range(3):
        inputs = {
            "referatkit-meeting": _compact(data),
            "referatkit-words": _compact(said),
        }
        pdf = _compile(root, fonts, source, inputs, _fixed_offset(meeting.start))
        if isinstance(pdf, tuple):
            message, diagnostic = pdf
            complaint = diagnostic or message
            found = {
                character
                for spelled in (*_NO_GLYPH.findall(complaint), *_NOT_IN_PDF_A.findall(complaint))
                for character in _undisplayable(_unescape(spelled))
            }
            if found and not found <= missing:
                missing |= found
                pattern = re.compile("|".join(re.escape(c) for c in sorted(missing, key=len, reverse=True)))
                data, said = _replaced(to_data(meeting), pattern), _replaced(said, pattern)
                continue
            first = message.splitlines()[0] if message else "ukendt fejl"
            raise WriteError(f"Typst-skabelonen {_where(diagnostic, name)}: {first}")
        assert isinstance(pdf, bytes)
        for path in _paths_with(meeting, missing):
            ctx.lost(path, Loss.CHARACTERS)
        return pdf
    raise WriteError(f"Typst kunne ikke sætte tegnene {sorted(missing)!r} med nogen skrifttype")


def compile_source(source: bytes, inputs: dict[str, str]) -> bytes:
    """A Typst document of referatkit's own (no template of the user's) as a tagged PDF/A-2a and
    PDF/UA-1, with Typst's own fonts, dated at 2000-01-01 (the document sets no date of its own)."""
    pdf = _compile(str(HERE), (), source, inputs, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    if isinstance(pdf, tuple):
        message = pdf[0].splitlines()
        raise WriteError(f"Typst kunne ikke sætte dokumentet: {message[0] if message else 'ukendt fejl'}")
    assert isinstance(pdf, bytes)
    return pdf


def _paths_with(meeting: Meeting, characters: set[str]) -> Iterator[str]:
    if not characters:
        return
    for path, value in walk(meeting):
        if isinstance(value, str) and any(c in value for c in characters):
            yield path
