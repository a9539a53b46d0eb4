"""Helpers more than one test module uses: one place for them (issue 23).

- :func:`assert_nothing_dropped`: nothing an export says is dropped (below);
- :func:`quiet_render` and :data:`EXTRACT`: a writer's output, and all of its
  text a reader of it can get at;
- :func:`draw_examples`: a property's examples drawn up front, for a test that
  prints them all in one LibreOffice process;
- :data:`ODT_SOURCES`, :data:`ESDH_SAMPLES` and :data:`ESDH_CASES`: the documents
  several modules read.

A check shared by the fixture and sample tests: nothing an export says is dropped.

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
import html
import io
import re
import subprocess
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import attrs
import docx
import docx.document
import lxml.html
import pikepdf
from docx.shared import Pt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

import referatkit
from referatkit import DANISH, Meeting
from referatkit.editions import Edition
from referatkit.formats.esdh._prepare import parse
from referatkit.l10n import month_pattern
from referatkit.model import walk

from .conftest import EXAMPLES, SEED_000, SEED_001, SHARED

T = TypeVar("T")

# --- the documents several modules read -------------------------------------------------------

#: The table case of tests/cases (captions, spans, alignments).
TABLES = Path(__file__).parent / "cases" / "table-of-amounts" / "input.txt"
#: The documents the ODT and PDF tests print: the example, the seeds (in ../shared) and the tables.
ODT_SOURCES = [EXAMPLES / "referat-byudvalget.txt", SEED_000, SEED_001, TABLES]
ESDH_SAMPLES = SHARED / "samples" / "esdh_meeting_exports"
#: The case systems' exports in ../shared (under ESDH_SAMPLES), each with its format.
ESDH_CASES = [
    ("sbsys_publication/Publication32.xml", "sbsys"),
    ("sbsys_publication/Publication553.xml", "sbsys"),
    ("sbsys_publication_aarhus/publication.xml", "sbsys"),
    ("edoc_agendapublishing/eDocAgendaPublishing.xml", "edoc"),
    ("edoc_fujitsu_agenda/41a93779-8b2a-414b-9f87-691e24f8f40a.xml", "edoc-fujitsu"),
    ("edoc_fujitsu_agenda/e9117c72-1d79-4fe9-9653-ef7ab6f27187.xml", "edoc-fujitsu"),
    ("acadre_mm/XML_1863.xml", "acadre"),
    ("acadre_mm/3687981.XML", "acadre"),
    ("sbsys_dagsorden/dagsorden.xml", "sbsys-dagsorden"),
]


#: A short referat in the text layout, read without a warning.
GOOD = """REFERAT Byudvalget d. 14-01-2025

Mødedato Tirsdag d. 14. januar 2025 kl. 16:00

Indholdsfortegnelse

BU - Godkendelse af dagsorden.....\t2

Punkt 1: BU - Godkendelse af dagsorden

00.01.00-A00-1-25

Beslutning

Godkendt.
"""


# --- a writer's output, and its text ------------------------------------------------------------


def quiet_render(meeting: Meeting, fmt: str, edition: Edition = "full") -> str | bytes:
    """``render(meeting, fmt, edition=edition)`` with what the writer loses not told."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        return referatkit.render(meeting, fmt, edition=edition)


def odt(meeting: Meeting) -> bytes:
    """The meeting's ODT, what it loses not told."""
    data = quiet_render(meeting, "odt")
    assert isinstance(data, bytes)
    return data


def _odt_parts(data: str | bytes) -> str:
    """Every part of the zip, as text: content, styles, meta, manifest."""
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())


def pdf_text(data: str | bytes, *, streams: bool = True) -> str:
    """What a reader of the PDF can get at: the text of its pages, its document info, XMP and
    (``streams``) every stream decompressed, where a marker string is sought. Words of a real
    document are sought without the streams: the structure tree names generic words."""
    assert isinstance(data, bytes)
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = " ".join(str(v) for v in pdf.docinfo.values())
        xmp = (
            str(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")) if "/Metadata" in pdf.Root else ""
        )
        decompressed = [
            obj.read_bytes().decode("latin-1")
            for obj in pdf.objects
            if streams and isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") != pikepdf.Name.Image
        ]
    return "\n".join((text.decode("utf-8", "replace"), info, xmp, *decompressed))


def _markup(data: str | bytes) -> str:
    """The document as written, attributes and comments included, and with references resolved."""
    raw = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return raw + "\n" + html.unescape(raw)


#: How each writer's whole output is searched. A writer missing here fails test_editions.
EXTRACT: dict[str, Callable[[str | bytes], str]] = {
    "text": _markup,
    "html": _markup,
    "xml": _markup,
    "json": _markup,
    "akn": _markup,
    "odt": lambda data: _markup(_odt_parts(data)),
    "pdf": pdf_text,
}
SLOW = {"pdf"}  # printed by LibreOffice: tests of their own, with fewer examples


# --- a printed referat, written in Word ----------------------------------------------------------


def wide_page_pdf(content: bytes) -> bytes:
    """A PDF of one page 4.1 million points wide and one tall (17 million pixels by 5 at 300 dpi,
    under the archive's MAX_PIXELS) that draws ``content``."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, 4_100_000, 1])
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def word_paragraph(
    document: docx.document.Document,
    text: str,
    *,
    bold: bool = False,
    size: float = 11,
    style: str | None = None,
) -> None:
    p = document.add_paragraph(style=style)
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def printed_word() -> bytes:
    """A referat as a municipality writes it in Word (the layout the printed reader reads)."""
    d = docx.Document()
    word_paragraph(d, "REFERAT Byrådet d. 03-09-2025", bold=True, size=20)
    table = d.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Mødedato", "Onsdag d. 3. september 2025 kl. 16:00"), ("Mødested", "Rådhuset, byrådssalen")],
        strict=True,
    ):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
    word_paragraph(d, "Indholdsfortegnelse", bold=True, size=16)
    for entry in (
        "Godkendelse af dagsorden\t3",
        "Ny cykelsti langs havnen med tilhørende\t4",
        "Lukket: Salg af grund\t5",
    ):
        word_paragraph(d, entry)

    def heading(text: str) -> None:
        word_paragraph(d, text, bold=True, size=14)

    def caption(text: str) -> None:
        word_paragraph(d, text, bold=True, size=12)

    heading("Punkt 1: Godkendelse af dagsorden")
    word_paragraph(d, "EMN-2025-000101")
    caption("Beslutninger")
    word_paragraph(d, "Godkendt.")
    heading("Punkt 2: Ny cykelsti langs havnen med tilhørende belysning")
    word_paragraph(d, "EMN-2025-000202")
    caption("Beslutninger")
    word_paragraph(d, "Vedtaget med 25 stemmer mod 6.")
    caption("Resume")
    p = d.add_paragraph()
    p.add_run("Stien bliver ")
    p.add_run("to meter").italic = True
    p.add_run(" bred og får lys hele vejen.")
    word_paragraph(d, "Stien forbinder:")
    word_paragraph(d, "stationen", style="List Bullet")
    word_paragraph(d, "havnebadet", style="List Bullet")
    caption("Beslutningspunkter")
    word_paragraph(d, "Det indstilles:")
    word_paragraph(d, "At 1) der afsættes 2,5 mio. kr. til stien.")
    word_paragraph(d, "At 2) arbejdet begynder i foråret 2026.")
    caption("Teknik og Miljøs påtegning")
    word_paragraph(d, "Ingen bemærkninger.")
    caption("Bemærkninger fra borgerrådet")
    word_paragraph(d, "Rådet støtter forslaget.")
    caption("Sagsforløb")
    word_paragraph(d, "Udvalget behandlede sagen den 12. august 2025.")
    caption("Bilag")
    word_paragraph(d, "Bilag 1: Kort over stien")
    word_paragraph(d, "Indstilling")
    heading("Punkt 3: Lukket: Salg af grund")
    word_paragraph(d, "EMN-2025-000303")
    word_paragraph(d, "Salget godkendes.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --- a property's examples, drawn up front ------------------------------------------------------


def draw_examples(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` examples of ``strategy``, as Hypothesis draws them for a property.

    For a property whose examples are printed by LibreOffice: the test draws
    them all, prints them in one LibreOffice process (``odt_to_pdf_many``)
    and then checks each, with :func:`example` naming the one that fails.
    Hypothesis's own settings (the profile) hold, but the count is the test's.
    """
    drawn: list[T] = []

    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    collect()
    return drawn[:count]


@contextlib.contextmanager
def example(value: object) -> Iterator[None]:
    """A failure inside names the example it failed on (:func:`draw_examples` does not shrink)."""
    try:
        yield
    except AssertionError as failure:
        failure.add_note(f"the example: {value!r}")
        raise


# --- nothing an export says is dropped ------------------------------------------------------------

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


# --- the words of a model node (prints read against their twins) ----------------------------

# What a model says about its source rather than what the meeting says.
_NOT_TEXT = {"properties", "file_name", "media_type", "checksum", "identifier"}


def strings(node: object) -> Iterator[str]:
    """Every text of a model node: titles, captions, case numbers, the body's text."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, tuple | list):
        for child in node:
            yield from strings(child)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            if field.name not in _NOT_TEXT:
                yield from strings(getattr(node, field.name))


def words(node: object) -> Counter[str]:
    """How often each word (case-folded) occurs in the texts of ``node``."""
    return Counter(re.findall(r"\w+", " ".join(strings(node)).casefold()))
