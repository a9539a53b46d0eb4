"""A check shared by the fixture and sample tests: nothing an export says is dropped.

Every word of every element text and attribute value of the export must be
found somewhere in the meeting read from it: in a typed field, in rich text,
or in a property. Exceptions are named: the words a field's *form* consists
of (a caption equal to its kind's label, a boolean, an enumeration the model
has a typed field for, the labels of eDoc's plain-text layout) and renderings
of what the model already holds (eDoc's whole-edition text, Acadre's
pre-formatted dates, the SBSYS Dagsorden meeting date in words).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import lxml.html
from lxml import etree

from referatkit import DANISH, Meeting
from referatkit.formats.esdh._prepare import parse
from referatkit.l10n import month_pattern
from referatkit.model import walk

_WORD = re.compile(r"\w+")
_DATE = re.compile(r"\d{1,4}[-.]\d\d[-.]\d{2,4}(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d\d:\d\d)?)?")

_LABEL_WORDS = {w.casefold() for _, caption in DANISH.captions for w in _WORD.findall(caption)}
_FORM_WORDS: dict[str, set[str]] = {
    "sbsys": {
        "true",
        "false",
        "final",
        "draft",
        "html",
        "multiline",
        "notdecided",
        "participating",
        "participatingwithnote",
        "notparticipating",
    },
    "edoc": {
        "sagsnr",
        "dok",
        "nr",
        "følgende",
        "deltog",
        "ikke",
        "behandlingen",
        "af",
        "punktet",
        "ingen",
        "åben",
        "åbent",
        "lukket",
        "dagsorden",
        "referat",
    },
    "edoc-fujitsu": {
        "true",
        "false",
        "agenda",
        "dagsorden",
        "public",
        "confidential",
        "offentlig",
        "publicering",
        "ikke",
        "frigivet",
        "this",
    },
    "acadre": {"åben", "lukket", "referat", "dagsorden", "br"},
    # Flags, and the kind (Dagsordentype) that DocumentKind holds.
    "sbsys-dagsorden": {"true", "false", "referat", "dagsorden"},
}
_LONG_DATE = re.compile(rf"\b\d{{1,2}}\. (?:{month_pattern()}) \d{{4}}\b", re.I)


def _skipped(element: etree._Element, fmt: str) -> bool:
    name = etree.QName(element).localname
    if (
        fmt == "edoc"
        and name == "FullText"
        and etree.QName(element.getparent()).localname == "MeetingAgendaType"
    ):
        return True  # the whole edition as text: its items are read one by one, its front page for attendance
    # Acadre: a date of the meeting, pre-formatted (dateF2 ... producedateF6).
    return fmt == "acadre" and name == "field" and bool(re.fullmatch(r".*F[2-6]", element.get("name", "")))


def _values(root: etree._Element, fmt: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or _skipped(element, fmt):
            continue
        where = root.getroottree().getpath(element)
        for key, value in element.attrib.items():
            if not (
                fmt == "acadre" and key == "name" and etree.QName(element).localname in ("table", "field")
            ):
                if fmt == "sbsys-dagsorden" and key in ("Mødedato", "Mødeslutdato"):
                    # The meeting's date, "31. marts 2016": Meeting.start holds it.
                    out.append((f"{where}/@{key}", _LONG_DATE.sub(" ", value)))
                else:
                    out.append((f"{where}/@{key}", value))
        text = (element.text or "").strip()
        if text and not len(element) and not re.fullmatch(r"\d{1,2}", text):  # small codes map to fields
            out.append((where, text))
    return out


def _words(text: str) -> set[str]:
    if "<" in text and ">" in text:
        with contextlib.suppress(etree.ParserError, ValueError):
            text = " ".join(lxml.html.fragment_fromstring(text, create_parent="div").itertext())
    text = _DATE.sub(" ", text)
    return {w.casefold() for w in _WORD.findall(text)}


def model_words(meeting: Meeting) -> set[str]:
    words: set[str] = set()
    for _, value in walk(meeting):
        if isinstance(value, str):
            # Raw HTML kept in a property counts with its markup's words too.
            words |= _words(value) | {w.casefold() for w in _WORD.findall(_DATE.sub(" ", value))}
    return words


def assert_nothing_dropped(path: Path, meeting: Meeting, fmt: str) -> None:
    root = parse(path.read_bytes(), str(path))
    have = model_words(meeting) | _LABEL_WORDS | _FORM_WORDS[fmt]
    missing: dict[str, set[str]] = {}
    for where, value in _values(root, fmt):
        lost = _words(value) - have
        if lost:
            missing[where] = lost
    assert not missing, (
        f"{path.name}: words of the export not in the model: {dict(list(missing.items())[:12])}"
    )
