"""The PDF typeset by Typst: tagged PDF/A-2a + PDF/UA-1, no LibreOffice, a table of contents
with the real pages, the same bytes twice, read back by the printed reader, user templates."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import attrs
import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings

import referatkit
from referatkit import model as m
from referatkit.model import COPENHAGEN, Meeting, differences, walk

from .conftest import EXAMPLES, SEED_001, shared_file
from .strategies import _printed_paragraph_of, printed_attendance_meetings, printed_meetings
from .support import pdf_text


def _pdf(meeting: Meeting, **options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        return referatkit.render(meeting, "pdf", options=referatkit.PdfOptions(**options))  # type: ignore[arg-type]


def _pdftotext(pdf: Path) -> list[str]:
    """The text of each page."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory, pdftotext: str) -> Path:
    """Seed 001 converted by the command line in a process whose PATH has no LibreOffice."""
    folder = tmp_path_factory.mktemp("typst")
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    for program in ("pdftotext", "pdfinfo"):
        found = shutil.which(program)
        assert found is not None
        (bin_dir / program).symlink_to(found)
    env = {**os.environ, "PATH": str(bin_dir)}
    env.pop("REFERATKIT_SOFFICE", None)
    out = folder / "referat.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "referatkit", "convert", str(shared_file(SEED_001)), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert shutil.which("soffice", path=env["PATH"]) is None
    return out


def test_the_pdf_is_tagged_and_claims_pdf_a_2_and_pdf_ua_1(seed_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(seed_pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    meeting = referatkit.read(shared_file(SEED_001))
    with pikepdf.open(seed_pdf) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "2"
        assert xmp["pdfaid:conformance"] == "A"
        assert xmp["pdfuaid:part"] == "1"
        assert str(pdf.Root.Lang).startswith("da")
        assert str(pdf.docinfo.Title) == "REFERAT Chefforum d. 05-12-2017" == xmp["dc:title"]
        # The meeting's own time, never "now".
        assert dt.datetime.fromisoformat(xmp["xmp:CreateDate"]) == meeting.start
        utc = meeting.start.astimezone(dt.UTC)
        assert str(pdf.docinfo.CreationDate).startswith("D:" + utc.strftime("%Y%m%d%H%M"))


def test_the_text_holds_every_item_and_decision_in_order(seed_pdf: Path) -> None:
    text = " ".join(" ".join(_pdftotext(seed_pdf)).split()).replace("\xad ", "").replace("\xad", "")
    meeting = referatkit.read(shared_file(SEED_001))
    position = 0
    for item in meeting.items:
        heading = f"Punkt {item.number}: {item.full_title}"
        position = text.index(heading, position)
        for decision in item.decisions:
            for path, value in walk(decision.body):
                words = " ".join(value.split()) if isinstance(value, str) and path.endswith(".text") else ""
                if len(words) > 3:  # a run of text, in order (its first words: a line may wrap)
                    position = text.index(words[:30], position)


def test_the_table_of_contents_gives_each_items_real_page(seed_pdf: Path) -> None:
    pages = _pdftotext(seed_pdf)
    meeting = referatkit.read(shared_file(SEED_001))
    front = " ".join(pages[0].split())
    for item in meeting.items:
        listed = re.search(re.escape(item.full_title) + r"\.{3,}\s*(\d+)", front)
        assert listed is not None, item.full_title
        heading = f"Punkt {item.number}: {item.full_title}"
        found = [n for n, page in enumerate(pages, 1) if heading in " ".join(page.split())]
        assert found == [int(listed[1])], heading


def test_same_meeting_same_bytes(seed_pdf: Path) -> None:
    meeting = referatkit.read(shared_file(SEED_001))
    first = _pdf(meeting)
    assert first == _pdf(meeting) == seed_pdf.read_bytes()


def _hyphenated_forum() -> Meeting:
    """Found by the property: the front page's title hyphenates the forum's name
    ("indstil-ler"), and the soft hyphen stayed in the name read back."""
    return Meeting(
        forum=m.Forum(name="Byrådet indstiller"),
        kind=m.DocumentKind.AGENDA,
        variant=m.Variant.EXTRAORDINARY,
        start=dt.datetime(2014, 6, 23, 6, 57, tzinfo=COPENHAGEN),
        items=(
            m.Item(
                number="1", title="Sagen miljø", sections=(_decision(m.Paragraph((m.Text("Vej plan"),))),)
            ),
        ),
    )


def _nested_list_after_a_full_line() -> Meeting:
    """Found by the property: a numbered list nested in a bullet item whose text ends near
    the right margin; its first item ("3.") was read as the text wrapping on."""
    e, b, t = m.Emphasis, m.Strong, m.Text
    first = (
        e((t("byrådet børn"),)), t(" "), b((t("høring trafik udvalget"),)), t(" "),
        e((t("godkender byrådet"),)), t(" plan børn "), e((t("plan sagen børn"),)), t(" kommunen"),
    )  # fmt: skip
    nested = m.OrderedList(
        (
            m.ListItem((e((t("borgerne"),)), t(" "), b((t("bevilling økonomi borgerne"),)))),
            m.ListItem((e((t("forslag"),)),)),
        ),
        start=3,
    )
    body = m.BulletList((m.ListItem(first, sublist=nested), m.ListItem((t("Plan borgerne skole"),))))
    return Meeting(
        forum=m.Forum(name="Budget bevilling", short_name="BU"),
        kind=m.DocumentKind.AGENDA,
        start=dt.datetime(2007, 3, 24, 11, 42, tzinfo=COPENHAGEN),
        items=(m.Item(number="2", title="Forslag vej skole", route=("BU",), sections=(_decision(body),)),),
    )


def _list_continued_on_the_next_page() -> Meeting:
    """Found by the property: a paragraph and a numbered list in one block, its nested bullet
    list going on at the top of the next page; the item there began a new list (a block that
    ended in a list item was not taken as a list). Hypothesis' own example, as it printed it."""
    return m.Meeting(
        forum=m.Forum(name="Høring miljø", short_name=None, organisation=None),
        kind=m.DocumentKind.MINUTES,
        start=dt.datetime(2040, 7, 18, 6, 8, tzinfo=COPENHAGEN),
        end=None,
        variant=m.Variant.EXTRAORDINARY,
        draft=False,
        place="Vej",
        attendance=(),
        items=(
            m.Item(
                number="1",
                title="Børn vej sagen miljø sagen indstiller plan budget",
                route=(),
                journal_number=m.JournalNumber(raw="12.28.55-P90-132-33"),
                public=True,
                public_title=None,
                sections=(
                    m.TextSection(
                        kind=m.SectionKind.SUMMARY,
                        body=(
                            m.Heading(content=(m.Text(text="Børn budget"),)),
                            m.Paragraph(
                                content=(
                                    m.Strong(content=(m.Text(text="godkender høring miljø høring"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="ældre"),)),
                                    m.Text(text=" indstiller forslag vej budget "),
                                    m.Emphasis(content=(m.Text(text="tilskud ældre ældre"),)),
                                    m.Text(text=" vej miljø forslag sagen "),
                                    m.Strong(content=(m.Text(text="vej"),)),
                                    m.Text(text="."),
                                )
                            ),
                        ),
                        caption=None,
                    ),
                    m.TextSection(
                        kind=m.SectionKind.ECONOMY,
                        body=(
                            m.OrderedList(
                                [
                                    m.ListItem(
                                        content=(
                                            m.Strong(
                                                content=(m.Text(text="kommunen indstiller sagen plan"),)
                                            ),
                                            m.Text(text=" høring plan byrådet høring "),
                                            m.Strong(content=(m.Text(text="økonomi tilskud"),)),
                                            m.Text(text=" "),
                                            m.Emphasis(content=(m.Text(text="plan"),)),
                                            m.Text(text=" "),
                                            m.Strong(content=(m.Text(text="ældre økonomi økonomi budget"),)),
                                        ),
                                        sublist=m.BulletList(
                                            items=(
                                                m.ListItem(
                                                    content=(
                                                        m.Text(text="Godkender sagen plan "),
                                                        m.Strong(content=(m.Text(text="sagen"),)),
                                                        m.Text(text=" miljø budget indstiller tilskud "),
                                                        m.Emphasis(
                                                            content=(m.Text(text="vej ældre forslag sagen"),)
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(
                                                            content=(
                                                                m.Text(text="ældre byrådet kommunen sagen"),
                                                            )
                                                        ),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Text(text="Indstiller plan "),
                                                        m.Strong(content=(m.Text(text="miljø børn"),)),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Strong(
                                                            content=(
                                                                m.Text(text="bevilling skole godkender"),
                                                            )
                                                        ),
                                                        m.Text(text=" økonomi høring udvalget sagen "),
                                                        m.Emphasis(content=(m.Text(text="udvalget"),)),
                                                        m.Text(text=" "),
                                                        m.Strong(content=(m.Text(text="godkender tilskud"),)),
                                                        m.Text(text=" "),
                                                        m.Emphasis(content=(m.Text(text="plan"),)),
                                                        m.Text(text=" børn lokalplan"),
                                                    ),
                                                    sublist=None,
                                                ),
                                            )
                                        ),
                                    )
                                ],
                                8,
                            ),
                            m.Heading(content=(m.Text(text="Indstiller trafik"),)),
                            m.Paragraph(
                                content=(
                                    m.Strong(content=(m.Text(text="lokalplan"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="tilskud udvalget børn"),)),
                                    m.Text(text=" vej "),
                                    m.Emphasis(
                                        content=(m.Text(text="indstiller tilskud godkender lokalplan"),)
                                    ),
                                    m.Text(text="."),
                                )
                            ),
                            m.OrderedList([m.ListItem((m.Text(text="Kommunen"),), None)], 3),
                        ),
                        caption=None,
                    ),
                    m.Decision(
                        body=(
                            _printed_paragraph_of(
                                (m.Strong(content=(m.Text(text="indstiller økonomi udvalget økonomi"),)),),
                            ),
                            m.Paragraph(
                                content=(
                                    m.Text(text="Trafik miljø vej "),
                                    m.Strong(content=(m.Text(text="miljø forslag trafik"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="forslag plan"),)),
                                    m.Text(text=" "),
                                    m.Strong(content=(m.Text(text="godkender økonomi"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="udvalget"),)),
                                    m.Text(text=" miljø vej budget."),
                                )
                            ),
                            m.Heading(content=(m.Text(text="Indstiller ældre borgerne"),)),
                            m.Paragraph(
                                content=(
                                    m.Strong(content=(m.Text(text="ældre økonomi godkender"),)),
                                    m.LineBreak(),
                                    m.Strong(content=(m.Text(text="godkender udvalget forslag"),)),
                                    m.Text(text=" forslag lokalplan trafik."),
                                )
                            ),
                        ),
                        forum="Økonomiudvalget",
                        date=None,
                        caption=None,
                    ),
                ),
                attendance=(),
                page=None,
                identifier=None,
                properties=(),
            ),
            m.Item(
                number="2",
                title="Udvalget tilskud",
                route=(),
                journal_number=m.JournalNumber(raw="36/097713"),
                public=True,
                public_title=None,
                sections=(
                    m.Decision(
                        body=(
                            m.Paragraph(
                                content=(
                                    m.Strong(content=(m.Text(text="høring"),)),
                                    m.Text(text=" vej"),
                                    m.LineBreak(),
                                    m.Strong(content=(m.Text(text="forslag indstiller indstiller"),)),
                                    m.Text(text="."),
                                )
                            ),
                            m.Heading(content=(m.Text(text="Skole"),)),
                            m.Paragraph(
                                content=(
                                    m.Text(text="Godkender lokalplan udvalget "),
                                    m.Emphasis(content=(m.Text(text="børn"),)),
                                    m.Text(text=" "),
                                    m.Strong(content=(m.Text(text="bevilling bevilling tilskud borgerne"),)),
                                    m.Text(text=" kommunen "),
                                    m.Strong(content=(m.Text(text="miljø"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="budget godkender bevilling forslag"),)),
                                    m.Text(text="."),
                                )
                            ),
                            m.BulletList(
                                items=(
                                    m.ListItem(
                                        content=(
                                            m.Emphasis(content=(m.Text(text="byrådet sagen indstiller"),)),
                                            m.Text(text=" "),
                                            m.Strong(content=(m.Text(text="sagen skole udvalget børn"),)),
                                            m.Text(text=" vej indstiller"),
                                        ),
                                        sublist=None,
                                    ),
                                    m.ListItem(
                                        content=(
                                            m.Emphasis(
                                                content=(m.Text(text="godkender byrådet økonomi budget"),)
                                            ),
                                        ),
                                        sublist=None,
                                    ),
                                )
                            ),
                        ),
                        forum=None,
                        date=dt.date(2018, 9, 5),
                        caption=None,
                    ),
                    m.TextSection(
                        kind=m.SectionKind.ECONOMY,
                        body=(
                            m.Paragraph(
                                content=(
                                    m.Text(text="Miljø "),
                                    m.Emphasis(content=(m.Text(text="miljø forslag"),)),
                                    m.Text(text=" "),
                                    m.Strong(content=(m.Text(text="budget høring"),)),
                                    m.Text(text=" "),
                                    m.Emphasis(content=(m.Text(text="økonomi lokalplan"),)),
                                    m.Text(text=" "),
                                    m.Strong(content=(m.Text(text="sagen lokalplan indstiller"),)),
                                    m.Text(text=" godkender."),
                                )
                            ),
                            m.BulletList(
                                items=(
                                    m.ListItem(
                                        content=(
                                            m.Text(text="Budget udvalget udvalget miljø "),
                                            m.Strong(content=(m.Text(text="skole sagen miljø udvalget"),)),
                                            m.Text(text=" "),
                                            m.Emphasis(
                                                content=(m.Text(text="sagen godkender byrådet økonomi"),)
                                            ),
                                            m.Text(text=" indstiller godkender økonomi "),
                                            m.Strong(content=(m.Text(text="bevilling økonomi tilskud vej"),)),
                                            m.Text(text=" "),
                                            m.Emphasis(content=(m.Text(text="indstiller vej"),)),
                                        ),
                                        sublist=m.OrderedList(
                                            items=(
                                                m.ListItem(
                                                    content=(
                                                        m.Strong(
                                                            content=(
                                                                m.Text(
                                                                    text="økonomi trafik lokalplan lokalplan"
                                                                ),
                                                            )
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Emphasis(
                                                            content=(
                                                                m.Text(text="ældre godkender sagen økonomi"),
                                                            )
                                                        ),
                                                        m.Text(text=" miljø børn tilskud "),
                                                        m.Strong(
                                                            content=(
                                                                m.Text(
                                                                    text="tilskud godkender plan bevilling"
                                                                ),
                                                            )
                                                        ),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Text(text="Høring ældre vej "),
                                                        m.Emphasis(
                                                            content=(
                                                                m.Text(text="trafik plan udvalget kommunen"),
                                                            )
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(content=(m.Text(text="bevilling"),)),
                                                        m.Text(text=" "),
                                                        m.Emphasis(
                                                            content=(m.Text(text="vej vej borgerne skole"),)
                                                        ),
                                                        m.Text(text=" trafik "),
                                                        m.Strong(
                                                            content=(
                                                                m.Text(text="trafik byrådet børn miljø"),
                                                            )
                                                        ),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Strong(
                                                            content=(
                                                                m.Text(
                                                                    text="kommunen sagen tilskud godkender"
                                                                ),
                                                            )
                                                        ),
                                                        m.Text(text=" forslag "),
                                                        m.Emphasis(
                                                            content=(m.Text(text="høring skole budget vej"),)
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(
                                                            content=(m.Text(text="forslag bevilling skole"),)
                                                        ),
                                                    ),
                                                    sublist=None,
                                                ),
                                            ),
                                            start=8,
                                        ),
                                    ),
                                    m.ListItem(
                                        content=(
                                            m.Strong(content=(m.Text(text="bevilling"),)),
                                            m.Text(text=" kommunen byrådet borgerne"),
                                        ),
                                        sublist=m.OrderedList(
                                            items=(
                                                m.ListItem(
                                                    content=(
                                                        m.Strong(
                                                            content=(
                                                                m.Text(text="høring bevilling sagen plan"),
                                                            )
                                                        ),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(m.Text(text="Skole tilskud"),), sublist=None
                                                ),
                                            ),
                                            start=1,
                                        ),
                                    ),
                                )
                            ),
                            m.Heading(content=(m.Text(text="Sagen borgerne"),)),
                            m.Paragraph(
                                content=(
                                    m.Emphasis(content=(m.Text(text="godkender"),)),
                                    m.LineBreak(),
                                    m.Text(text="Udvalget."),
                                )
                            ),
                        ),
                        caption=None,
                    ),
                    m.TextSection(
                        kind=m.SectionKind.PRESENTATION,
                        body=(
                            m.Heading(content=(m.Text(text="Bevilling borgerne"),)),
                            m.Paragraph(
                                content=(
                                    m.Text(text="Økonomi"),
                                    m.LineBreak(),
                                    m.Emphasis(content=(m.Text(text="skole"),)),
                                    m.Text(text=" skole."),
                                )
                            ),
                            m.Heading(content=(m.Text(text="Skole"),)),
                            m.Paragraph(
                                content=(
                                    m.Text(text="Kommunen"),
                                    m.LineBreak(),
                                    m.Emphasis(content=(m.Text(text="indstiller skole sagen"),)),
                                    m.Text(text=" "),
                                    m.Strong(content=(m.Text(text="ældre"),)),
                                    m.Text(text="."),
                                )
                            ),
                            m.OrderedList(
                                items=(
                                    m.ListItem(
                                        content=(
                                            m.Text(text="Trafik "),
                                            m.Emphasis(content=(m.Text(text="skole tilskud"),)),
                                            m.Text(text=" godkender forslag høring udvalget"),
                                        ),
                                        sublist=None,
                                    ),
                                    m.ListItem(
                                        content=(
                                            m.Emphasis(content=(m.Text(text="byrådet"),)),
                                            m.Text(text=" høring lokalplan "),
                                            m.Emphasis(content=(m.Text(text="vej skole udvalget"),)),
                                        ),
                                        sublist=None,
                                    ),
                                    m.ListItem(
                                        content=(m.Text(text="Byrådet forslag"),),
                                        sublist=m.BulletList(
                                            items=(
                                                m.ListItem(
                                                    content=(
                                                        m.Text(text="Plan indstiller børn byrådet "),
                                                        m.Emphasis(
                                                            content=(
                                                                m.Text(text="miljø indstiller indstiller"),
                                                            )
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(
                                                            content=(
                                                                m.Text(text="tilskud miljø tilskud forslag"),
                                                            )
                                                        ),
                                                        m.Text(text=" sagen vej budget "),
                                                        m.Strong(
                                                            content=(m.Text(text="økonomi indstiller børn"),)
                                                        ),
                                                        m.Text(text=" økonomi"),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Emphasis(content=(m.Text(text="tilskud miljø"),)),
                                                        m.Text(text=" plan "),
                                                        m.Strong(content=(m.Text(text="økonomi"),)),
                                                        m.Text(
                                                            text=" lokalplan godkender indstiller byrådet "
                                                        ),
                                                        m.Emphasis(
                                                            content=(
                                                                m.Text(
                                                                    text="høring kommunen godkender bevilling"
                                                                ),
                                                            )
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(content=(m.Text(text="økonomi"),)),
                                                    ),
                                                    sublist=None,
                                                ),
                                                m.ListItem(
                                                    content=(
                                                        m.Emphasis(
                                                            content=(
                                                                m.Text(
                                                                    text="økonomi trafik godkender indstiller"
                                                                ),
                                                            )
                                                        ),
                                                        m.Text(text=" "),
                                                        m.Strong(
                                                            content=(m.Text(text="udvalget sagen skole"),)
                                                        ),
                                                        m.Text(text=" økonomi miljø forslag kommunen "),
                                                        m.Strong(content=(m.Text(text="miljø"),)),
                                                    ),
                                                    sublist=None,
                                                ),
                                            )
                                        ),
                                    ),
                                ),
                                start=7,
                            ),
                        ),
                        caption=None,
                    ),
                ),
                attendance=(),
                page=None,
                identifier=None,
                properties=(),
            ),
        ),
        name=None,
        identifier=None,
        properties=(),
    )


def _decision(*body: m.Block) -> m.Decision:
    return m.Decision(body=body, date=dt.date(2032, 1, 11))


@settings(
    max_examples=int(os.environ.get("REFERATKIT_PDF_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failing print takes minutes to shrink
)
@given(printed_meetings())
@example(_hyphenated_forum())
@example(_nested_list_after_a_full_line())
@example(_list_continued_on_the_next_page())
def test_the_printed_reader_reads_the_typst_pdf_back(meeting: Meeting) -> None:
    """The same items (numbers, titles, case numbers), decisions and everything else; the
    pages read are the printed ones (each item on a page of its own, in order)."""
    got = referatkit.read(_pdf(meeting), format="pdf")
    assert [(i.number, i.full_title, i.journal_number) for i in got.items] == [
        (i.number, i.full_title, i.journal_number) for i in meeting.items
    ]
    assert [g.decisions for g in got.items] == [i.decisions for i in meeting.items]
    pages = [i.page for i in got.items]
    assert all(p is not None for p in pages) and pages == sorted(pages)  # type: ignore[type-var]
    got = attrs.evolve(
        got, items=tuple(attrs.evolve(g, page=i.page) for g, i in zip(got.items, meeting.items, strict=True))
    )
    assert differences(meeting, got) == []


@settings(
    max_examples=int(os.environ.get("REFERATKIT_PDF_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(printed_attendance_meetings())
def test_the_printed_reader_reads_the_attendance_of_the_typst_pdf_back(meeting: Meeting) -> None:
    """The front page's participants and the items' attendance events, as printed."""
    got = referatkit.read(_pdf(meeting), format="pdf")
    assert got.attendance == meeting.attendance
    assert [i.attendance for i in got.items] == [i.attendance for i in meeting.items]


def test_characters_no_font_has_are_question_marks_and_reported() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    odd = attrs.evolve(meeting.items[0], title="Budget\x01 中文")
    changed = attrs.evolve(meeting, items=(odd, *meeting.items[1:]))
    with pytest.warns(referatkit.LossWarning, match="U\\+FFFD|erstattet") as caught:
        pdf = referatkit.render(changed, "pdf")
    assert any(
        w.message.path == "items[0].title" for w in caught if isinstance(w.message, referatkit.LossWarning)
    )  # type: ignore[union-attr]
    assert pdf.startswith(b"%PDF-")


def test_a_start_with_a_fraction_of_a_second_is_printed() -> None:
    # The portal's starts have milliseconds; a PDF's date is to the second (Typst refused it).
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    start = meeting.start.replace(microsecond=500_000)
    pdf = referatkit.render(attrs.evolve(meeting, start=start), "pdf")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        created = str(document.docinfo["/CreationDate"])
    assert created.startswith(f"D:{start.astimezone(dt.UTC):%Y%m%d%H%M%S}"), created


@pytest.mark.usefixtures("pdftotext")
def test_private_use_characters_are_question_marks_and_reported() -> None:
    """PDF/A-2a holds no private-use character (Typst refused the first it met: a WriteError
    for any meeting with one, found by the editions property over generated meetings)."""
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    odd = attrs.evolve(meeting.items[0], title="Budget \uf724 \U000f0001 \U00100000 slut")
    changed = attrs.evolve(meeting, items=(odd, *meeting.items[1:]))
    with pytest.warns(referatkit.LossWarning) as caught:
        pdf = referatkit.render(changed, "pdf")
    assert any(
        w.message.path == "items[0].title" for w in caught if isinstance(w.message, referatkit.LossWarning)
    )  # type: ignore[union-attr]
    assert "Budget ? ? ? slut" in pdf_text(pdf)


def test_a_link_in_the_header_of_a_table_over_pages_is_printed() -> None:
    """A header repeated on the next page is an artifact, where PDF/UA holds no link: Typst
    refused the meeting (found by the editions property). The header is printed once."""
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    link = m.Paragraph([m.Link([m.Text("kort")], target="https://example.dk/kort")])
    rows = [[m.TableCell([link])], *([m.TableCell([m.Paragraph(f"række {n}")])] for n in range(120))]
    table = m.TextSection(m.SectionKind.OCCASION, [m.Table(rows, header_rows=1)])
    changed = attrs.evolve(meeting, items=(attrs.evolve(meeting.items[0], sections=(table,)),))
    pdf = referatkit.render(changed, "pdf")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) > 2
        targets = [str(a.A.URI) for page in document.pages for a in page.get("/Annots", []) if "/A" in a]
    assert targets.count("https://example.dk/kort") == 1


# --- templates -----------------------------------------------------------------------------


TUTORIAL = Path(__file__).parent.parent / "examples" / "typst" / "min-skabelon.typ"


def test_the_tutorials_template_changes_the_layout() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    meeting = attrs.evolve(
        meeting,
        attendance=tuple(referatkit.Participant(name=f"Medlem {n}", party="A") for n in range(1, 7)),
    )
    pdf = _pdf(meeting, template=TUTORIAL)
    default = _pdf(meeting)
    assert pdf != default
    with pikepdf.open(io.BytesIO(pdf)) as out:
        fonts = {
            str(f.get("/BaseFont")) for page in out.pages for f in page.Resources.get("/Font", {}).values()
        }
        assert any("NewCM" in f or "NewComputerModern" in f for f in fonts), fonts
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    first = text.decode().split("\f")[0]
    assert re.search(r"Medlem 1 \(A\)\s{2,}Medlem 2 \(A\)", first)  # two columns


def test_a_template_with_an_error_names_the_template_the_line_and_typsts_message(tmp_path: Path) -> None:
    template = tmp_path / "forkert.typ"
    template.write_text('#import "@referatkit/referat:1.0.0": referat\n#referat()\n#ukendt-funktion()\n')
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    target = tmp_path / "referat.pdf"
    with pytest.raises(referatkit.WriteError) as caught:
        referatkit.write(meeting, target, options=referatkit.PdfOptions(template=template))
    message = str(caught.value)
    assert f"{template}:3:" in message and "unknown variable: ukendt-funktion" in message
    assert not target.exists() and list(tmp_path.iterdir()) == [template]


def test_the_libreoffice_engine_takes_the_reference_document_and_typst_refuses_it() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    with pytest.raises(referatkit.WriteError, match="--pdf-engine libreoffice"):
        _pdf(meeting, reference_doc=b"x")
    with pytest.raises(ValueError, match="engine"):
        referatkit.PdfOptions(engine="word")  # type: ignore[arg-type]


@pytest.mark.libreoffice
@pytest.mark.usefixtures("soffice")
def test_the_libreoffice_engine_still_prints() -> None:
    pdf = _pdf(referatkit.read(EXAMPLES / "referat-byudvalget.txt"), engine="libreoffice")
    with pikepdf.open(io.BytesIO(pdf)) as out:
        assert "Writer" in str(out.docinfo.get("/Creator", "")) or "LibreOffice" in str(
            out.docinfo.get("/Producer")
        )


# --- a process that has typeset, forked ----------------------------------------------------

_FORKS = """
import os, sys, warnings
import referatkit
from referatkit.batch import process_pool

warnings.simplefilter("ignore")
meeting = referatkit.read(sys.argv[1])


def pdf(_: int) -> bytes:
    return referatkit.render(meeting, "pdf")


first = pdf(0)
with process_pool(2) as pool:  # forked
    assert list(pool.map(pdf, range(3))) == [first] * 3
child = os.fork()
if child == 0:
    os._exit(0 if pdf(0) == first else 3)  # no exit handlers: the helper must end by itself
assert os.waitpid(child, 0)[1] == 0
print("ok")
"""


def test_a_process_that_has_typeset_forks_and_its_children_typeset(tmp_path: Path) -> None:
    # Typst's threads are not copied into a fork; the children typeset in a helper process, which
    # must neither keep the pool's shutdown waiting nor outlive them.
    script = subprocess.Popen(
        [sys.executable, "-c", _FORKS, str(EXAMPLES / "referat-byudvalget.txt")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: every process it started is found below
    )
    try:
        out, err = script.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(script.pid, 9)
        script.communicate()
        pytest.fail("a forked process that typesets hangs")
    assert (script.returncode, out) == (0, "ok\n"), err
    for _ in range(100):
        try:
            os.killpg(script.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(script.pid, 9)
        pytest.fail("a Typst helper outlived the process that started it")
