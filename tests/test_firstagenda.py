"""FirstAgenda's publication JSON: the 101 meetings of ../shared/samples/firstagenda_greve.

The corpus is read once per session (``greve``); every expectation is taken from the
JSON files themselves, never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import subprocess
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import referatkit
from referatkit.model import (
    AttachmentList,
    Decision,
    DocumentKind,
    Meeting,
    Recommendation,
    SectionKind,
    TextSection,
    plain_text,
)

from .conftest import SHARED, need_program, shared_file

GREVE = SHARED / "samples" / "firstagenda_greve"


@pytest.fixture(scope="session")
def greve() -> list[tuple[Path, dict[str, Any], Meeting]]:
    """Every sample meeting: its file, its JSON and what the reader makes of it."""
    folder = shared_file(GREVE)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        for path in sorted(folder.glob("*.json")):
            out.append((path, json.loads(path.read_text("utf-8")), referatkit.read(path)))
    assert len(out) == 101
    return out


# --- the text of a model and of an HTML field ----------------------------------------


def _block_texts(blocks: Any) -> Iterator[str]:
    for block in blocks:
        if hasattr(block, "rows"):
            yield plain_text(block.caption)
            for row in block.rows:
                for cell in row.cells:
                    yield from _block_texts(cell.body)
        elif hasattr(block, "items"):
            for entry in block.items:
                yield plain_text(entry.content)
                if entry.sublist is not None:
                    yield from _block_texts([entry.sublist])
        else:
            yield plain_text(block.content)


def item_text(item: referatkit.Item) -> str:
    """Everything of an item a reader sees: title, captions, text, decisions' fora and dates."""
    parts = [item.title, item.public_title or ""]
    for section in item.sections:
        kind = section.kind if isinstance(section, TextSection) else None
        if isinstance(section, Decision) and section.forum is None and section.date is None:
            kind = SectionKind.DECISION
        elif isinstance(section, Recommendation):
            kind = SectionKind.RECOMMENDATION
        printed = referatkit.DANISH.caption(kind) if kind and kind is not SectionKind.CUSTOM else ""
        parts.append(section.caption or printed)
        if isinstance(section, Recommendation):
            parts.append(plain_text(section.intro))
            parts.extend(f"{c.lead} {plain_text(c.content)}" for c in section.clauses)
        if isinstance(section, Decision):
            parts.append(section.forum or "")
            parts.append(section.date.strftime("%d-%m-%Y") if section.date else "")
        if isinstance(section, AttachmentList):
            parts.extend(a.title for a in section.attachments)
        else:
            parts.extend(_block_texts(section.body))
    parts.extend(f"{a.name} {a.note or ''}" for a in item.attendance)
    return "\n".join(parts)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


_BLOCK_TAG = re.compile(
    r"</?(?:div|p|br|h[1-6]|li|ul|ol|table|tbody|thead|tr|td|th|blockquote)\b[^>]*>", re.I
)
_OTHER_TAG = re.compile(r"<[^>]*>")


def html_words(markup: str) -> list[str]:
    """The words of an HTML field as a reader sees them: block elements part words,
    inline ones do not ("<b>I</b>ndstilling" is one word)."""
    text = _OTHER_TAG.sub("", _BLOCK_TAG.sub(" ", markup))
    return words(html.unescape(text))


#: The portal's captions the reader turns into typed sections, and the kinds they get.
CAPTION_OF = {"Resume": "summary", "Indstilling": "recommendation", "Beslutning": "decision"}


# --- the corpus -----------------------------------------------------------------------


def test_every_meeting_reads_with_exactly_its_items(
    greve: list[tuple[Path, dict[str, Any], Meeting]],
) -> None:
    for path, document, meeting in greve:
        items = document["Dagsordenpunkter"]
        assert [i.number for i in meeting.items] == [i["Punktnummer"] for i in items], path.name
        assert [i.identifier for i in meeting.items] == [i["Id"] for i in items], path.name
        assert [i.journal_number.raw if i.journal_number else "" for i in meeting.items] == [
            i["SagsNummer"] for i in items
        ], path.name
        assert meeting.forum.name == document["Udvalg"]["Navn"]
        assert meeting.place == document["Moede"]["Sted"]
        begin = dt.datetime.fromisoformat(document["Moede"]["MeetingBeginUtc"])
        assert meeting.start == begin and meeting.start.tzinfo is referatkit.model.COPENHAGEN
        assert len(meeting.attendance) == len(document["Moede"]["Moededeltagere"])


def test_words_of_the_html_are_in_the_model(greve: list[tuple[Path, dict[str, Any], Meeting]]) -> None:
    total = found = 0
    worst = (1.0, "")
    for path, document, meeting in greve:
        source: Counter[str] = Counter()
        model: Counter[str] = Counter()
        for entry, item in zip(document["Dagsordenpunkter"], meeting.items, strict=True):
            for field in entry["Felter"]:
                source.update(html_words(field["Html"] or ""))
            model.update(words(item_text(item)))
        here = sum(min(n, model[w]) for w, n in source.items())
        count = sum(source.values())
        total += count
        found += here
        share = here / count if count else 1.0
        worst = min(worst, (share, path.name))
        assert share >= 0.995, f"{path.name}: {share:.4f} of the HTML's words in the model"
    print(f"\nFirstAgenda corpus: {found}/{total} words = {found / total:.5f}; lowest {worst[0]:.5f}")


def test_closed_items_are_not_public_and_public_items_have_sections(
    greve: list[tuple[Path, dict[str, Any], Meeting]],
) -> None:
    closed = 0
    for path, document, meeting in greve:
        for entry, item in zip(document["Dagsordenpunkter"], meeting.items, strict=True):
            if entry["Navn"].startswith("Lukket"):
                closed += 1
                assert not item.public, (path.name, item.number)
                assert item.public_title == " ".join(entry["Navn"].split())
            else:
                assert item.public, (path.name, item.number)
                assert item.sections, (path.name, item.number)
    assert closed > 0


def test_case_history_entries_are_dated_decisions(greve: list[tuple[Path, dict[str, Any], Meeting]]) -> None:
    entries = 0
    for path, document, meeting in greve:
        for entry, item in zip(document["Dagsordenpunkter"], meeting.items, strict=True):
            markup = "".join(f["Html"] or "" for f in entry["Felter"])
            history = markup.partition("Sagens forløb</h3>")[2]
            expected = [
                (dt.datetime.strptime(date, "%d-%m-%Y").date(), " ".join(forum.split()))
                for date, forum in re.findall(r"<u>\s*(\d\d-\d\d-\d{4})\s+(.*?)\s*</u>", history)
            ]
            dated = [(d.date, d.forum) for d in item.decisions if d.date is not None]
            assert dated == expected, (path.name, item.number)
            entries += len(expected)
    assert entries > 500


def test_sections_by_caption(greve: list[tuple[Path, dict[str, Any], Meeting]]) -> None:
    kinds: Counter[str] = Counter()
    for _, _, meeting in greve:
        for item in meeting.items:
            for section in item.sections:
                if isinstance(section, TextSection | Recommendation | Decision):
                    kinds[
                        section.kind.value if isinstance(section, TextSection) else type(section).__name__
                    ] += 1
    # Each of the portal's usual captions makes its own kind of section.
    for kind in ("summary", "presentation", "economy", "legal-basis", "communication", "history"):
        assert kinds[kind] > 100, kinds
    assert kinds["Recommendation"] > 500 and kinds["Decision"] > 1000


def test_a_meeting_with_decisions_is_a_referat(greve: list[tuple[Path, dict[str, Any], Meeting]]) -> None:
    for path, document, meeting in greve:
        decided = any(
            "<h3>Beslutning</h3>" in f["Html"] for i in document["Dagsordenpunkter"] for f in i["Felter"]
        )
        if decided:
            assert meeting.kind is DocumentKind.MINUTES, path.name


# --- every writer writes every sample meeting -----------------------------------------------


def _visible_text(fmt: str, output: str | bytes) -> str:
    """The text a reader of the output sees (markup removed, entities resolved)."""
    if fmt == "odt":
        assert isinstance(output, bytes)
        with zipfile.ZipFile(io.BytesIO(output)) as odt:
            output = odt.read("content.xml")
    text = output.decode("utf-8") if isinstance(output, bytes) else output
    if fmt != "text":
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return " ".join(text.split())


def _closed_texts(meeting: Meeting) -> list[str]:
    """Paragraphs of the closed items' text that no open item holds: what must not leak."""
    shown = " ".join(" ".join(item_text(i).split()) for i in meeting.items if i.public)
    out = []
    for item in meeting.items:
        if not item.public:
            for raw in item_text(item).splitlines():
                line = " ".join(raw.split())
                if len(line) > 30 and line not in shown and line not in (item.title, item.public_title):
                    out.append(line)
    return out


@pytest.mark.parametrize("fmt", ["text", "html", "xml", "akn", "odt"])
def test_every_writer_writes_every_meeting_and_publishes_nothing_closed(
    greve: list[tuple[Path, dict[str, Any], Meeting]], fmt: str
) -> None:
    closed_seen = 0
    for path, _, meeting in greve:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", referatkit.LossWarning)
            output = referatkit.render(meeting, fmt, edition="public")
        text = _visible_text(fmt, output)
        open_text = ""
        if not all(i.public for i in meeting.items):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", referatkit.LossWarning)
                only_open = attrs.evolve(meeting, items=[i for i in meeting.items if i.public])
                open_text = _visible_text(fmt, referatkit.render(only_open, fmt, edition="public"))
        assert " ".join(meeting.items[0].title.split()) in text or not meeting.items[0].public, path.name
        for item in meeting.items:
            if item.public:
                continue
            closed_seen += 1
            # The closed title appears only inside the neutral title the portal published.
            assert item.public_title is not None and item.public_title.endswith(item.title)
            prefix = item.public_title[: -len(item.title)]
            pattern = re.compile(rf"(?<!\w){re.escape(item.title)}(?!\w)")
            bare = [f for f in pattern.finditer(text) if not text[: f.start()].endswith(prefix)]
            # A short title ("Orientering") may stand in open text too: no more often than in
            # the meeting's open items alone.
            assert len(bare) <= len(pattern.findall(open_text)), (path.name, item.number)
        for line in _closed_texts(meeting):
            assert line not in text, (path.name, line)
    assert closed_seen > 30


def test_xml_round_trip_of_every_meeting_is_exact(greve: list[tuple[Path, dict[str, Any], Meeting]]) -> None:
    for path, _, meeting in greve:
        back = referatkit.read(referatkit.render(meeting, "xml"), "xml")
        assert back == meeting, (path.name, referatkit.model.differences(meeting, back)[:3])


@pytest.mark.libreoffice
def test_pdf_of_a_few_meetings(greve: list[tuple[Path, dict[str, Any], Meeting]], tmp_path: Path) -> None:
    need_program("soffice", "libreoffice-writer")
    need_program("pdftotext", "poppler-utils")
    chosen = [greve[0], greve[len(greve) // 2], max(greve, key=lambda g: len(g[2].items))]
    for path, _, meeting in chosen:
        target = tmp_path / "out.pdf"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", referatkit.LossWarning)
            referatkit.write(meeting, target, edition="public")
        text = subprocess.run(
            ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = " ".join(text.split())
        assert meeting.forum.name.split()[0] in flat, path.name
        for item in meeting.items:
            if item.public:
                assert item.number in flat
        for line in _closed_texts(meeting):
            assert line not in flat, (path.name, line)
