"""The arkiveringsversion: a package of the seeds, every sample export and
generated meetings passes validate_archive and the standard's schemas, shows
each meeting's referat on its TIFF pages, and is the same byte for byte when
built again (also after an interrupted run). Spoiling a good package in each
way an archive's test tool checks gives the problem, named.

LibreOffice runs a handful of times; REFERATKIT_ARCHIVE_MEETINGS=N adds N
generated meetings to the big package locally.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tomllib
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs
import numpy as np
import pikepdf
import pypdfium2
import pytest
from lxml import etree
from PIL import Image, ImageSequence

import referatkit
from referatkit import (
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    BulletList,
    Clause,
    ConfigurationError,
    Decision,
    DocumentKind,
    Forum,
    Item,
    ItemAttendance,
    LineBreak,
    ListItem,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Recommendation,
    SectionKind,
    TextSection,
    WriteError,
    localize,
)
from referatkit.archive import (
    ArchiveConfig,
    ArchiveReport,
    _build,
    _devicecolour,
    _g4,
    archive,
    blocks_text,
    validate_archive,
)
from referatkit.archive import _tiff as _tiff_module
from referatkit.archive._build import RenderResult, batch_size
from referatkit.archive._devicecolour import PROFILES, device_colours
from referatkit.archive._tiff import RenditionError, image_to_tiff, pdf_to_tiff
from referatkit.cli import main
from referatkit.formats import Reports
from referatkit.formats._pdfwrite import PdfEngine
from referatkit.formats.typst import compile_source
from referatkit.model import COPENHAGEN

from .conftest import EXAMPLES, IN_CI, ROOT, SEED_000, SEED_001, SHARED, shared_file
from .support import ESDH_CASES as CASES
from .support import ESDH_SAMPLES as SAMPLES

STANDARD = SHARED / "schemas" / "rigsarkivet" / "Schemas_standard"
DIARK = "{http://www.sa.dk/xmlns/diark/1.0}"
EXTRA = int(os.environ.get("REFERATKIT_ARCHIVE_MEETINGS", "0"))


def _config(**changes: object) -> ArchiveConfig:
    data = tomllib.loads((EXAMPLES / "archive.toml").read_text("utf-8"))
    data.update(changes)
    return ArchiveConfig.from_mapping(data)


def _meeting(day: int, *, forum: str = "Teknik- og Miljøudvalget", files: bool = True) -> Meeting:
    """An invented meeting with a closed item, attendance and attachments (files beside it or not)."""
    attachments = [
        Attachment(title="Kort over området", file_name="kort.png", media_type="image/png"),
        Attachment(title="Notat om økonomien", file_name="notat.pdf", public=False),
        Attachment(title="Høringssvar", file_name="svar.odt"),
        Attachment(title="Tegning, der ikke blev gemt", file_name="findes-ikke.pdf"),
        Attachment(title="Et beskadiget notat", file_name="skadet.pdf"),
    ]
    return Meeting(
        forum=Forum(name=forum, short_name="TMU"),
        kind=DocumentKind.MINUTES,
        start=localize(dt.datetime(2025, 3, day, 16, 0)),
        end=localize(dt.datetime(2025, 3, day, 18, 0)),
        place="Rådhuset, lokale 2",
        attendance=(
            Participant(name="Anna Jensen", role="formand", party="A"),
            Participant(name="Bo Holm", status=AttendanceStatus.APOLOGIES),
            Participant(name="Carl Berg", status=AttendanceStatus.SUBSTITUTE, substitute_for="Bo Holm"),
        ),
        items=(
            Item(
                number="1",
                title="Ny cykelsti langs åen",
                journal_number="05.01.02-P20-4-25",
                sections=(
                    TextSection(
                        SectionKind.PRESENTATION,
                        (
                            Paragraph("Forvaltningen foreslår en sti."),
                            BulletList([ListItem("Etape 1", BulletList(["Nord", "Syd"])), "Etape 2"]),
                            OrderedList(["Høring", "Anlæg"], start=3),
                        ),
                    ),
                    Recommendation(
                        "Forvaltningen indstiller,", [Clause("stien anlægges"), Clause("udgiften afholdes")]
                    ),
                    Decision((Paragraph("Godkendt."),), forum=forum, date=dt.date(2025, 3, day)),
                    AttachmentList(attachments[:3] + attachments[4:] if files else attachments[3:4]),
                ),
                attendance=(ItemAttendance(name="Anna Jensen", event=AttendanceEvent.LEFT),),
                properties={"sys:Kategori": "Anlæg"},
            ),
            Item(
                number="2",
                title="Personalesag",
                public=False,
                sections=(
                    TextSection(
                        SectionKind.PRESENTATION, (Paragraph("Lukket fremstilling om en medarbejder."),)
                    ),
                    Decision((Paragraph("Lukket beslutning."),)),
                    AttachmentList(attachments[3:4]),
                ),
            ),
        ),
    )


def _write_attachment_files(folder: Path) -> None:
    image = Image.new("L", (600, 300), 255)
    for x in range(50, 550):
        image.putpixel((x, 150), 0)
    image.save(folder / "kort.png")
    page = Image.new("L", (850, 1100), 255)
    page.paste(0, (100, 100, 700, 140))
    page.save(folder / "notat.pdf", format="PDF", resolution=100.0)
    small = Meeting(
        forum=Forum(name="Høringspart"), kind=DocumentKind.AGENDA, start=localize(dt.datetime(2025, 2, 1, 9))
    )
    (folder / "svar.odt").write_bytes(referatkit.render(small, "odt"))
    (folder / "skadet.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF\n")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> tuple[Path, list[Path | Meeting]]:
    folder = tmp_path_factory.mktemp("input")
    _write_attachment_files(folder)
    own = folder / "tmu.xml"
    own.write_bytes(referatkit.render(_meeting(4), "xml"))
    found: list[Path | Meeting] = [
        shared_file(SEED_000),
        shared_file(SEED_001),
        own,
        _meeting(18, files=False),
        _meeting(25, forum="Kultur- og Fritidsudvalget"),  # its files are in attachments_dir
    ]
    found += [shared_file(SAMPLES / name) for name, _ in CASES]
    found += [_meeting(1 + n % 28, forum=f"Udvalg {n}") for n in range(EXTRA)]
    return folder, found


@pytest.fixture(scope="module")
def package(
    inputs: tuple[Path, list[Path | Meeting]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[ArchiveReport, Path]:
    target = tmp_path_factory.mktemp("archive")
    report = archive(inputs[1], target, _config(), attachments_dir=inputs[0])
    return report, report.path


def _rows(package: Path, table: str) -> list[dict[str, str | None]]:
    index = etree.parse(str(package / "Indices" / "tableIndex.xml"))
    for entry in index.getroot().iter(f"{DIARK}table"):
        if entry.findtext(f"{DIARK}name") == table:
            folder = entry.findtext(f"{DIARK}folder") or ""
            names = [c.findtext(f"{DIARK}name") for c in entry.findall(f"{DIARK}columns/{DIARK}column")]
            tree = etree.parse(str(package / "Tables" / folder / f"{folder}.xml"))
            nil = "{http://www.w3.org/2001/XMLSchema-instance}nil"
            return [
                {
                    str(n): (None if cell.get(nil) == "true" else cell.text or "")
                    for n, cell in zip(names, row, strict=True)
                }
                for row in tree.getroot()
            ]
    raise AssertionError(f"no table {table}")


def test_the_package_passes_validate_archive(package: tuple[ArchiveReport, Path]) -> None:
    report, path = package
    assert path.name == "AVID.SA.18005.1"
    assert validate_archive(path) == []
    assert report.meetings == 5 + len(CASES) + EXTRA


def test_every_index_and_table_passes_the_standard_schemas(package: tuple[ArchiveReport, Path]) -> None:
    _, path = package
    for name in ("archiveIndex", "contextDocumentationIndex", "tableIndex", "docIndex", "fileIndex"):
        schema = etree.XMLSchema(etree.parse(str(shared_file(STANDARD / f"{name}.xsd"))))
        assert schema.validate(etree.parse(str(path / "Indices" / f"{name}.xml"))), (name, schema.error_log)
    tables = sorted((path / "Tables").iterdir())
    assert len(tables) == 11
    for folder in tables:
        schema = etree.XMLSchema(etree.parse(str(folder / f"{folder.name}.xsd")))
        assert schema.validate(etree.parse(str(folder / f"{folder.name}.xml"))), (
            folder.name,
            schema.error_log,
        )
    for name in sorted(p.name for p in STANDARD.iterdir()):
        assert (path / "Schemas" / "standard" / name).read_bytes() == (STANDARD / name).read_bytes()


def test_closed_items_are_archived_in_full_and_marked(package: tuple[ArchiveReport, Path]) -> None:
    _, path = package
    items = _rows(path, "punkter")
    closed = [row for row in items if row["titel"] == "Personalesag"]
    assert closed and all(row["lukket"] == "true" for row in closed)
    sections = _rows(path, "afsnit")
    closed_ids = {row["id"] for row in closed}
    texts = [row["tekst"] for row in sections if row["punkt_id"] in closed_ids]
    assert "Lukket fremstilling om en medarbejder." in texts
    decisions = _rows(path, "beslutninger")
    assert any(row["tekst"] == "Lukket beslutning." for row in decisions)
    assert any(row["tekst"] == "Godkendt." and row["dato"] == "2025-03-04" for row in decisions)


def test_section_text_keeps_paragraphs_and_lists(package: tuple[ArchiveReport, Path]) -> None:
    _, path = package
    texts = [row["tekst"] for row in _rows(path, "afsnit")]
    expected = (
        "Forvaltningen foreslår en sti.\n\n- Etape 1\n   - Nord\n   - Syd\n- Etape 2\n\n3. Høring\n4. Anlæg"
    )
    assert expected in texts
    clauses = [(row["indledning"], row["tekst"]) for row in _rows(path, "indstillingspunkter")]
    assert ("at", "stien anlægges") in clauses


def test_attachments_found_are_documents_and_missing_ones_are_listed(
    package: tuple[ArchiveReport, Path],
) -> None:
    report, path = package
    attachments = _rows(path, "bilag")
    status = {(row["titel"], row["status"]) for row in attachments}
    assert {
        ("Kort over området", "arkiveret"),
        ("Notat om økonomien", "arkiveret"),
        ("Høringssvar", "arkiveret"),
    } <= status
    assert ("Tegning, der ikke blev gemt", "mangler") in status
    assert ("Et beskadiget notat", "fejl") in status
    assert any(m.file_name == "findes-ikke.pdf" and "findes ikke" in m.reason for m in report.missing)
    assert any(m.file_name == "skadet.pdf" and "kunne ikke konverteres" in m.reason for m in report.missing)
    # The meeting given as a value found its files in attachments_dir.
    meetings = {row["id"]: row for row in _rows(path, "moeder")}
    items = {row["id"]: meetings[row["moede_id"]] for row in _rows(path, "punkter")}
    found_elsewhere = [
        row
        for row in attachments
        if items[row["punkt_id"]]["kildefil"] is None and row["status"] == "arkiveret"
    ]
    assert len(found_elsewhere) == 3
    documents = _rows(path, "dokumenter")
    by_attachment = {row["bilag_id"]: row for row in documents if row["bilag_id"]}
    for row in attachments:
        assert (row["id"] in by_attachment) == (row["status"] == "arkiveret")
    names = {row["originalt_filnavn"] for row in by_attachment.values()}
    assert {"kort.png", "notat.pdf", "svar.odt"} <= names
    doc_index = etree.parse(str(path / "Indices" / "docIndex.xml")).getroot()
    assert {d.findtext(f"{DIARK}oFn") for d in doc_index} >= names
    for row in by_attachment.values():
        assert int(row["sider"] or 0) >= 1


def test_every_tiff_is_group4_300_dpi_without_a_date(package: tuple[ArchiveReport, Path]) -> None:
    _, path = package
    tiffs = sorted(path.glob("**/*.tif"))
    assert tiffs
    for tiff in tiffs:
        with Image.open(tiff) as image:
            for frame in ImageSequence.Iterator(image):
                tags = frame.tag_v2
                assert (tags[259], tags[258], frame.mode) == (4, (1,), "1")
                assert (float(tags[282]), float(tags[283])) == (300.0, 300.0)
                assert 306 not in tags  # DateTime


def test_each_rendition_shows_the_referat(package: tuple[ArchiveReport, Path]) -> None:
    """The meeting's TIFF has the pages of its PDF (typeset by Typst, the default engine), and
    page one (with the title) is that page."""
    _, path = package
    documents = [row for row in _rows(path, "dokumenter") if row["art"] == "referat"]
    meetings = {row["id"]: row for row in _rows(path, "moeder")}
    fora = {row["id"]: row["navn"] for row in _rows(path, "fora")}
    chosen = documents[:6]
    sources = [_source_meeting(meetings[row["moede_id"]]) for row in chosen]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdfs = [referatkit.render(m, "pdf", edition="full") for m in sources]
    for row, meeting, pdf in zip(chosen, sources, pdfs, strict=True):
        tiff_path = path / "Documents" / "docCollection1" / str(row["id"]) / "1.tif"
        document = pypdfium2.PdfDocument(pdf)
        first = document[0].get_textpage().get_text_range()
        assert fora[meetings[row["moede_id"]]["forum_id"]] == meeting.forum.name
        assert " ".join(meeting.forum.name.split()) in " ".join(first.split())
        with Image.open(tiff_path) as image:
            frames = sum(1 for _ in ImageSequence.Iterator(image))
            image.seek(0)
            page_one = image.copy()
        assert frames == len(document) == int(row["sider"] or 0)
        expected, _ = pdf_to_tiff(_first_page(pdf))
        with Image.open(io.BytesIO(expected)) as reference:
            assert page_one.tobytes() == reference.tobytes()


_SOURCES: dict[str, Meeting] = {}


def _source_meeting(row: dict[str, str | None]) -> Meeting:
    name = row["kildefil"]
    if name is None:
        return (
            _meeting(18, files=False)
            if "-03-18" in str(row["start"])
            else _meeting(25, forum="Kultur- og Fritidsudvalget")
        )
    for path in [SEED_000, SEED_001, *(SAMPLES / n for n, _ in CASES)]:
        if path.name == name:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return referatkit.read(path)
    assert name == "tmu.xml"
    return _meeting(4)


def _first_page(pdf: bytes) -> bytes:
    source = pypdfium2.PdfDocument(pdf)
    single = pypdfium2.PdfDocument.new()
    single.import_pages(source, [0])
    out = io.BytesIO()
    single.save(out)
    return out.getvalue()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class _StopError(Exception):
    pass


@pytest.mark.usefixtures("soffice")
def test_the_same_meetings_give_the_same_bytes_also_after_an_interruption(tmp_path: Path) -> None:
    _write_attachment_files(tmp_path)
    meetings = [tmp_path / "a.xml", tmp_path / "b.xml"]
    meetings[0].write_bytes(referatkit.render(_meeting(4), "xml"))
    meetings[1].write_bytes(referatkit.render(_meeting(11, forum="Økonomiudvalget"), "xml"))
    # As on a cluster: the work is pickled to the workers, forked from this process after it has
    # typeset (their Typst runs in a helper process: referatkit/formats/typst/_engine.py).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        referatkit.render(_meeting(4), "pdf")
    with ProcessPoolExecutor(2) as executor:
        first = archive(reversed(meetings), tmp_path / "one", _config(), executor=executor, batch_size=3)

    def stop(done: int, total: int) -> None:
        if done >= 2:
            raise _StopError

    with pytest.raises(_StopError):
        archive(meetings, tmp_path / "two", _config(), progress=stop)
    assert not (tmp_path / "two" / "AVID.SA.18005.1").exists()
    second = archive(meetings, tmp_path / "two", _config())
    assert second.reused == 2
    assert _files(first.path) == _files(second.path)
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["AVID.SA.18005.1"]


@pytest.mark.slow
@pytest.mark.usefixtures("soffice")
def test_a_dask_cluster_builds_the_same_package(tmp_path: Path) -> None:
    if not IN_CI:
        pytest.importorskip("distributed")
    from distributed import Client, LocalCluster  # noqa: PLC0415 (an optional extra)

    _write_attachment_files(tmp_path)
    meetings = [tmp_path / "a.xml", tmp_path / "b.xml"]
    meetings[0].write_bytes(referatkit.render(_meeting(4), "xml"))
    meetings[1].write_bytes(referatkit.render(_meeting(11, forum="Økonomiudvalget"), "xml"))
    here = archive(meetings, tmp_path / "her", _config())
    with (
        warnings.catch_warnings(),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        warnings.simplefilter("ignore", DeprecationWarning)
        there = archive(meetings, tmp_path / "der", _config(), executor=client.get_executor(), batch_size=1)
    assert validate_archive(there.path) == []
    assert _files(here.path) == _files(there.path)


class _DyingExecutor(cf.Executor):
    """An executor whose worker dies under every task, as a killed process pool's does."""

    def submit(self, fn: object, /, *args: object, **kwargs: object) -> cf.Future[object]:
        future: cf.Future[object] = cf.Future()
        future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
        return future


@pytest.mark.usefixtures("soffice")
def test_a_worker_that_dies_is_one_write_error_and_the_run_resumes(tmp_path: Path) -> None:
    meeting = tmp_path / "a.xml"
    meeting.write_bytes(referatkit.render(_meeting(4), "xml"))
    with pytest.raises(WriteError, match=r"arbejdsproces stoppede.*BrokenProcessPool.*kør samme kommando"):
        archive([meeting], tmp_path / "ud", _config(), executor=_DyingExecutor())
    assert validate_archive(archive([meeting], tmp_path / "ud", _config()).path) == []


def test_a_meeting_before_1894_and_a_control_character_make_a_valid_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Copenhagen's offset before 1894 has seconds (+00:50:20), which xs:dateTime cannot hold
    # (the tables wrote it so, and validate-archive refused the package); a vertical tab from
    # a Word export stopped the tables with lxml's ValueError, after every document was made.
    old = attrs.evolve(
        _meeting(4, files=False),
        start=dt.datetime(1880, 5, 3, 10, 0, tzinfo=COPENHAGEN),
        end=dt.datetime(1880, 5, 3, 12, 0, tzinfo=COPENHAGEN),
    )
    first = old.items[0]
    tabbed = attrs.evolve(first, title=first.title + " \x0b ")
    report = archive([attrs.evolve(old, items=(tabbed, *old.items[1:]))], tmp_path / "ud", _config())
    assert validate_archive(report.path) == []
    assert any("tegn, som XML ikke kan rumme" in w and "i tabellerne" in w for w in report.warnings)
    tables = "".join(p.read_text("utf-8") for p in (report.path / "Tables").glob("*/*.xml"))
    assert "1880-05-03T09:09:40Z" in tables and "\ufffd" in tables
    # Checked from inside the package: its name is the folder's, not ".".
    monkeypatch.chdir(report.path)
    assert validate_archive(".") == []
    monkeypatch.chdir(report.path / "Indices")
    assert validate_archive("..") == []


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    # Two runs at once: the second removed documents the first had made, and the first could
    # rename a package whose index lists TIFFs that are not there.
    out = tmp_path / "ud"
    out.mkdir()
    config = _config()
    held = subprocess.Popen(  # another process holds the run's lock, as a run in progress does
        [sys.executable, "-c", _HOLD_LOCK, str(out / f".{config.folder_name}.laas")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert held.stdout is not None and held.stdout.readline().strip() == "holder"
        with pytest.raises(WriteError, match="en anden kørsel af referatkit archive skriver allerede her"):
            archive([_meeting(4, files=False)], out, config)
    finally:
        held.kill()
        held.wait()
    report = archive([_meeting(4, files=False)], out, config)
    assert validate_archive(report.path) == []
    assert sorted(p.name for p in out.iterdir()) == [config.folder_name]  # no lock file left


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from referatkit._filelock import exclusive
with exclusive(Path(sys.argv[1]), "optaget"):
    print("holder", flush=True)
    time.sleep(60)
"""


def test_strict_refuses_missing_attachments_before_writing(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"findes-ikke\.pdf"):
        archive([_meeting(4)], tmp_path / "out", _config(), strict=True)
    assert not (tmp_path / "out").exists()


def test_every_missing_configuration_field_is_named() -> None:
    data = tomllib.loads((EXAMPLES / "archive.toml").read_text("utf-8"))
    for key in ("systemName", "archivePeriodEnd", "cprNum", "form"):
        del data[key]
    del data["archiveCreatorList"][0]["creatorName"]
    with pytest.raises(ConfigurationError) as caught:
        ArchiveConfig.from_mapping(data)
    for name in ("systemName", "archivePeriodEnd", "cprNum", "form", "archiveCreatorList[0].creatorName"):
        assert name in str(caught.value)


def test_a_wrong_configuration_value_is_named() -> None:
    with pytest.raises(ConfigurationError, match="archiveInformationPackageID skal have formen"):
        _config(archiveInformationPackageID="SA-18005")
    with pytest.raises(ConfigurationError, match="archivePeriodStart"):
        _config(archivePeriodStart="2025-13-01")
    with pytest.raises(ConfigurationError, match="relatedRecordsName"):
        _config(searchRelatedOtherRecords=True)


def test_blocks_text_puts_a_table_row_on_a_line() -> None:
    table = referatkit.Table(
        [["", "Mio. kr."], ["Nordhospitalet", "12,50"], ["I alt", "99,92"]],
        header_rows=1,
        alignments=("left", "right"),
        caption="Udgifter pr. hospital",
    )
    assert blocks_text([Paragraph("Fordelingen:"), table]) == (
        "Fordelingen:\n\nUdgifter pr. hospital\n | Mio. kr.\n---\nNordhospitalet | 12,50\nI alt | 99,92"
    )


def test_blocks_text_numbers_continued_lists_and_breaks_lines() -> None:
    body = (
        Paragraph(["Første linje", LineBreak(), "anden linje"]),
        OrderedList([ListItem(["a", LineBreak(), "b"])], start=7),
    )
    assert blocks_text(body) == "Første linje\nanden linje\n\n7. a\n   b"


# --- the checker on spoiled packages ------------------------------------------------


@pytest.fixture
def spoilt(package: tuple[ArchiveReport, Path], tmp_path: Path) -> Path:
    copy = tmp_path / package[1].name
    shutil.copytree(package[1], copy)
    return copy


def _messages(path: Path) -> list[str]:
    return [str(p) for p in validate_archive(path)]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def test_checker_names_a_wrong_folder_name_and_structure(spoilt: Path) -> None:
    renamed = spoilt.rename(spoilt.parent / "AVID.sa.18005.1")
    shutil.rmtree(renamed / "ContextDocumentation")
    (renamed / "noter.txt").write_text("x")
    messages = _messages(renamed)
    assert any("mappenavnet 'AVID.sa.18005.1'" in m for m in messages)
    assert "ContextDocumentation: mappen mangler" in messages
    assert "noter.txt: hører ikke til en arkiveringsversion" in messages


def test_a_folder_that_is_no_archive_is_one_problem_not_one_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "AVID.SA.18005.1"
    (folder / "noter").mkdir(parents=True)
    for n in range(20):
        (folder / "noter" / f"{n}.txt").write_text("x")
        (folder / f"{n}.txt").write_text("x")
    assert _messages(folder) == ["er ikke en arkiveringsversion: mappen har hverken Indices eller Tables"]


def test_checker_names_an_index_against_its_schema(spoilt: Path) -> None:
    _edit(
        spoilt / "Indices" / "archiveIndex.xml",
        "<archiveApproval>SA</archiveApproval>",
        "<archiveApproval>sa</archiveApproval>",
    )
    assert any(
        m.startswith("Indices/archiveIndex.xml: linje") and "archiveApproval" in m for m in _messages(spoilt)
    )


def test_checker_names_a_table_against_its_schema(spoilt: Path) -> None:
    _edit(spoilt / "Tables" / "table3" / "table3.xml", "<c3>1</c3>", "<c3>et</c3>")
    assert any(m.startswith("Tables/table3/table3.xml: linje") for m in _messages(spoilt))


def test_checker_names_a_duplicate_primary_key(spoilt: Path) -> None:
    _edit(spoilt / "Tables" / "table3" / "table3.xml", "<c1>2</c1>", "<c1>1</c1>")
    assert any(
        "Tables/table3: række 2: primærnøglen id=('1',) findes to gange" in m for m in _messages(spoilt)
    )


def test_checker_names_a_broken_foreign_key(spoilt: Path) -> None:
    _edit(spoilt / "Tables" / "table3" / "table3.xml", "<c2>1</c2>", "<c2>999</c2>")
    assert "Tables/table3: række 1: fremmednøglen moede_id=999 findes ikke i moeder" in _messages(spoilt)


def test_checker_names_a_wrong_md5(spoilt: Path) -> None:
    _edit(spoilt / "Tables" / "table1" / "table1.xml", "<row>", "<row> ")
    assert "Tables/table1/table1.xml: MD5 passer ikke med fileIndex.xml" in _messages(spoilt)


def test_checker_names_a_missing_document_and_an_unlisted_file(spoilt: Path) -> None:
    (spoilt / "Documents" / "docCollection1" / "1" / "1.tif").unlink()
    extra = spoilt / "Documents" / "docCollection1" / "99999"
    extra.mkdir()
    (extra / "1.tif").write_bytes((spoilt / "Documents" / "docCollection1" / "2" / "1.tif").read_bytes())
    messages = _messages(spoilt)
    assert "Documents/docCollection1/1/1.tif: dokumentet står i indekset, men filen mangler" in messages
    assert "Documents/docCollection1/1/1.tif: står i fileIndex.xml, men findes ikke" in messages
    assert "Documents/docCollection1/99999/1.tif: filen står ikke i indekset over dokumenter" in messages
    assert "Documents/docCollection1/99999/1.tif: filen står ikke i fileIndex.xml" in messages


def test_checker_names_jpeg_and_unreadable_tiffs(spoilt: Path) -> None:
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(jpeg, format="TIFF", compression="jpeg")
    (spoilt / "Documents" / "docCollection1" / "1" / "1.tif").write_bytes(jpeg.getvalue())
    (spoilt / "Documents" / "docCollection1" / "2" / "1.tif").write_bytes(b"II*\x00garbage")
    messages = _messages(spoilt)
    assert "Documents/docCollection1/1/1.tif: side 1: JPEG-komprimering (7) er ikke tilladt" in messages
    assert any(m.startswith("Documents/docCollection1/2/1.tif: TIFF-filen kan ikke læses") for m in messages)


def test_checker_names_a_full_doc_collection(spoilt: Path) -> None:
    collection = spoilt / "Documents" / "docCollection1"
    for did in range(100_000, 110_001):
        (collection / str(did)).mkdir()
    assert any(
        m.startswith("Documents/docCollection1: har 10") and "højst 10000" in m for m in _messages(spoilt)
    )


# --- the command line ---------------------------------------------------------------


@pytest.mark.usefixtures("soffice")
def test_cli_archives_and_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "archive.toml"
    config.write_text((EXAMPLES / "archive.toml").read_text("utf-8"), "utf-8")
    code = main(
        [
            "archive",
            str(EXAMPLES / "referat-byudvalget.txt"),
            "-o",
            str(tmp_path / "out"),
            "--config",
            str(config),
            "-j",
            "1",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "AVID.SA.18005.1: 1 møde, 1 dokument, " in out
    assert "mangler: Byudvalget 14-01-2025, punkt" in err
    package = tmp_path / "out" / "AVID.SA.18005.1"
    assert main(["validate-archive", str(package)]) == 0
    assert "gyldig arkiveringsversion" in capsys.readouterr().out
    (package / "Indices" / "docIndex.xml").unlink()
    assert main(["validate-archive", str(package)]) == 1
    out, err = capsys.readouterr()
    assert f"{package}/Indices/docIndex.xml: filen mangler" in out
    assert "ugyldig arkiveringsversion" in err


def test_cli_strict_fails_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["archive", str(EXAMPLES / "referat-byudvalget.txt"), "-o", str(tmp_path / "out"),
                 "--config", str(EXAMPLES / "archive.toml"), "--strict"])  # fmt: skip
    assert code == 1
    assert "--strict" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _drawn_pdf() -> bytes:
    """Pages of text and lines (some sloped, some rotated, one of an odd size, one with a
    link), then pages with what pdfium resamples: an image, a drawn annotation."""
    pdf = pikepdf.new()
    name = pikepdf.Name
    font = pdf.make_indirect(pikepdf.Dictionary(Type=name.Font, Subtype=name.Type1, BaseFont=name.Helvetica))
    image = pikepdf.Stream(
        pdf, bytes((x * 4 + y) % 256 for y in range(64) for x in range(64)),
        Type=name.XObject, Subtype=name.Image, Width=64, Height=64,
        ColorSpace=name.DeviceGray, BitsPerComponent=8,
    )  # fmt: skip
    half = pikepdf.Dictionary(Type=name.ExtGState, ca=0.5)
    link = pikepdf.Dictionary(Type=name.Annot, Subtype=name.Link, Rect=[20, 20, 200, 60])
    drawn = pikepdf.Dictionary(
        Type=name.Annot, Subtype=name.Square, Rect=[30, 30, 250, 300], C=[0], Border=[0, 0, 6]
    )
    slope = "q 0 g 4 w 15 25 m 290 800 l S 300 40 m 150 600 200 100 500 700 c S Q"
    rules = "q 0 g 0.7 w 70 761.19 m 525 761.19 l S 70.3 100 m 70.3 700 l S 40 300.4 450 0.6 re f Q"
    pages = [  # media box, rotation, drawing, annotation
        ((0, 0, 595.3, 841.9), 0, rules, link),
        ((10, 20, 310.7, 220.3), 90, rules, None),
        ((0, 0, 200.1, 1000.5), 270, slope, None),
        ((0, 0, 595.3, 841.9), 0, slope + " q /Half gs 0 g 40 300 300 300 re f Q", None),
        ((0, 0, 595.3, 841.9), 0, "q 150 0 0 400 30 200 cm /Im1 Do Q", None),
        ((0, 0, 595.3, 841.9), 0, rules, drawn),
    ]
    for (x0, y0, x1, y1), rotate, drawing, annotation in pages:
        content = (
            f"q 0.4 g {x0 + 20} {y0 + 30} 100 40 re f Q q 0.6 g {x0 + 20} {y0 + 80} 100 40 re f Q "
            f"BT /F1 24 Tf {x0 + 15} {y1 - 40} Td (Referat 3. marts) Tj ET {drawing}"
        )
        page = pikepdf.Dictionary(
            Type=name.Page, MediaBox=[x0, y0, x1, y1], Rotate=rotate,
            Resources=pikepdf.Dictionary(
                Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Im1=image),
                ExtGState=pikepdf.Dictionary(Half=half),
            ),
            Contents=pikepdf.Stream(pdf, content.encode()),
        )  # fmt: skip
        if annotation is not None:
            page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation.copy())]))
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _edge(image: np.ndarray) -> np.ndarray:
    """Pixels with both black and white among their eight neighbours and themselves."""
    padded = np.pad(image, 1, mode="edge")
    windows = [padded[y : y + image.shape[0], x : x + image.shape[1]] for y in range(3) for x in range(3)]
    return np.logical_or.reduce(windows) & ~np.logical_and.reduce(windows)


def test_pages_rendered_in_bands_have_the_pixels_of_the_whole_page() -> None:
    """Text and lines go to pdfium band by band (a quicker rendition); an image or an annotation
    that draws makes a page go whole. Either way the TIFF holds the page rendered at once and
    thresholded at half grey, rotated pages and odd sizes too: text and level lines to the pixel,
    sloped lines and curves but for pixels on their edges (pdfium's rasteriser clips to the band)."""
    pdf = _drawn_pdf()
    tiff, count = pdf_to_tiff(pdf)
    document = pypdfium2.PdfDocument(pdf)
    assert count == len(document) == 6
    banded = []
    with Image.open(io.BytesIO(tiff)) as image:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            page = document[index]
            banded.append(_tiff_module._bandable(page))
            flags = {"force_bitmap_format": pypdfium2.raw.FPDFBitmap_Gray, "extra_flags": _tiff_module._FLAGS}
            whole = page.render(scale=300 / 72, **flags).to_numpy()
            expected = (whole[:, :, 0] if whole.ndim == 3 else whole) < 128
            assert expected.sum() > 50_000
            assert frame.size == (expected.shape[1], expected.shape[0])
            assert max(frame.size) > 2 * _tiff_module.BAND  # more than two bands
            differ = (np.asarray(frame.convert("L")) < 128) != expected
            if index in (2, 3):  # sloped
                assert not (differ & ~_edge(expected)).any(), f"page {index + 1}"
            else:
                assert not differ.any(), f"page {index + 1}"
    assert banded == [True, True, True, True, False, False]


def test_rows_no_object_reaches_are_white_and_the_others_as_the_whole_page() -> None:
    """Only the rows a page's objects reach are rendered: what draws beyond a glyph's outline is
    in its object's reach too (a thick stroke round a glyph, a Type 3 glyph drawn beyond its box),
    and the page comes out as rendered at once."""
    pdf = pikepdf.new()
    name = pikepdf.Name
    beyond = pdf.make_stream(b"1000 0 0 -300 1000 1400 d1 0 -300 1000 1700 re f")  # past its box
    type3 = pdf.make_indirect(pikepdf.Dictionary(
        Type=name.Font, Subtype=name.Type3, FontBBox=[0, -300, 1000, 1400],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(a=beyond),
        Encoding=pikepdf.Dictionary(Type=name.Encoding, Differences=[97, name.a]),
        FirstChar=97, LastChar=97, Widths=[1000], Resources=pikepdf.Dictionary(),
    ))  # fmt: skip
    font = pdf.make_indirect(pikepdf.Dictionary(Type=name.Font, Subtype=name.Type1, BaseFont=name.Helvetica))
    content = (
        b"BT /T 40 Tf 100 400 Td (aaa) Tj ET BT /H 24 Tf 100 700 Td (Referat) Tj ET "
        b"BT 1 Tr 8 w /H 30 Tf 100 200 Td (Hxh) Tj ET q 0 g 3 w 60 100 m 500 100 l S Q"
    )
    page = pikepdf.Dictionary(
        Type=name.Page, MediaBox=[0, 0, 595, 842], Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(T=type3, H=font)),
    )  # fmt: skip
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    document = pypdfium2.PdfDocument(out.getvalue())
    reached = _tiff_module._reached_rows(document[0], 2480, 3508)
    assert reached is not None
    assert sum(end - start for start, end in reached) < 3508 // 2  # most rows are not rendered
    tiff, _ = pdf_to_tiff(out.getvalue())
    flags = {"force_bitmap_format": pypdfium2.raw.FPDFBitmap_Gray, "extra_flags": _tiff_module._FLAGS}
    whole = document[0].render(scale=300 / 72, **flags).to_numpy()
    with Image.open(io.BytesIO(tiff)) as image:
        assert ((np.asarray(image.convert("L")) < 128) == (whole < 128)).all()


_WIDE_PAGE = """
import resource
from referatkit.archive._tiff import pdf_to_tiff
from tests.support import wide_page_pdf
pdf = wide_page_pdf(b"0 0 1000000 1 re f")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tiff, pages = pdf_to_tiff(pdf)
print(pages, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_a_page_millions_of_pixels_wide_renders_in_bands_no_taller_than_the_page() -> None:
    """A page 4.1 million points wide and one tall is 17 million pixels by 5, under MAX_PIXELS: its
    band was 256 rows of that width all the same, 4.4 GB zeroed by ctypes. A band is at most as
    tall as its page; the page costs about its own pixels, twice (grey and the mask)."""
    done = subprocess.run(
        [sys.executable, "-c", _WIDE_PAGE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    pages, grown_mib = (int(x) for x in done.stdout.split())
    assert pages == 1
    assert grown_mib < 400, f"rendering the page grew the process by {grown_mib} MiB"


def test_a_page_too_big_to_render_is_a_rendition_error() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14_400, 14_400))  # 200 inches, the most PDF allows: 60,000 pixels a side
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(RenditionError, match=r"side 1 bliver for stor ved 300 dpi \(60000 x 60000 punkter\)"):
        pdf_to_tiff(out.getvalue())


def test_libtiff_and_the_pillow_fallback_give_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _g4.AVAILABLE:
        message = "libtiff does not load here (neither the system's nor Pillow's); only the Pillow path runs"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    _write_attachment_files(tmp_path)
    pdf = (tmp_path / "notat.pdf").read_bytes()
    png = (tmp_path / "kort.png").read_bytes()
    fast = [pdf_to_tiff(pdf)[0], image_to_tiff(png)[0]]
    monkeypatch.setattr(_g4, "AVAILABLE", False)
    slow = [pdf_to_tiff(pdf)[0], image_to_tiff(png)[0]]
    for one, other in zip(fast, slow, strict=True):
        with Image.open(io.BytesIO(one)) as a, Image.open(io.BytesIO(other)) as b:
            assert (a.size, a.mode, a.tag_v2[259]) == (b.size, b.mode, 4)
            assert a.tobytes() == b.tobytes()
            assert a.getextrema() == (0, 255)  # black on white, not blank


def test_cli_names_an_unreadable_input_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "referat.txt"
    broken.write_text("dette er ikke et referat\n", "utf-8")
    code = main(
        ["archive", str(broken), "-o", str(tmp_path / "out"), "--config", str(EXAMPLES / "archive.toml")]
    )
    assert code == 1
    assert str(broken) in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("documents", "workers", "most", "expected"),
    [
        (200, 2, 100, 100),  # one LibreOffice run a worker
        (500, 2, 100, 84),  # six batches, three a worker, none idle at the end
        (200, 2, 40, 34),
        (21, 2, 100, 11),
        (7, 1, 100, 7),
        (0, 2, 100, 1),
    ],
)
def test_batches_are_even_over_the_workers(documents: int, workers: int, most: int, expected: int) -> None:
    size = batch_size(documents, workers, most)
    assert size == expected
    batches = -(-documents // size)
    assert size <= most
    assert documents == 0 or batches % workers == 0 or batches < workers


class _Counting(cf.Executor):
    """Runs nothing: counts the documents of each batch submitted, and answers each with no pages."""

    _max_workers = 2

    def __init__(self) -> None:
        self.batches: list[int] = []

    def submit(self, fn: object, /, *args: object, **kwargs: object) -> cf.Future[list[RenderResult]]:
        jobs = args[0]
        assert isinstance(jobs, list)
        self.batches.append(len(jobs))
        future: cf.Future[list[RenderResult]] = cf.Future()
        future.set_result([RenderResult(job.did, None, 0, "ikke kørt", 0.0) for job in jobs])
        return future


@pytest.mark.parametrize(("engine", "office", "expected"), [
    ("typst", False, [4] * 10),  # no LibreOffice: a few at a time, written while the next render
    ("typst", True, [20, 20]),  # a Word file among them: one LibreOffice start a worker
    ("libreoffice", False, [20, 20]),
])  # fmt: skip
def test_batches_that_need_no_libreoffice_are_small(
    engine: PdfEngine, office: bool, expected: list[int], tmp_path: Path
) -> None:
    (tmp_path / "7.docx").write_bytes(b"")
    docs = [
        _build._Doc(
            did=n,
            collection=1,
            meeting=n - 1,
            attachment=None,
            original=f"{n}.txt",
            kind="office" if office and n == 7 else "meeting",
            source=tmp_path / f"{n}.docx",
            suffix=".odt",
            fingerprint="",
        )
        for n in range(1, 41)
    ]
    executor = _Counting()
    meetings = [_meeting(3)] * 40
    results = list(_build._run(docs, meetings, executor, 100, None, engine=engine))
    assert executor.batches == expected
    assert sum(len(batch) for batch in results) == 40


def test_group4_pages_stream_and_their_count_is_kept(tmp_path: Path) -> None:
    if not _g4.AVAILABLE:
        pytest.skip("libtiff does not load here")
    page = _g4.pack(np.full((40, 30), 255, dtype=np.uint8))
    page[10:20] = 0xFF  # a black band
    pages = [(page, 30)] * 3
    streamed = _g4.write_group4(iter(pages), 300, count=3)
    assert streamed == _g4.write_group4(pages, 300)
    with Image.open(io.BytesIO(streamed)) as image:
        assert [frame.size for frame in ImageSequence.Iterator(image)] == [(30, 40)] * 3
    with pytest.raises(ValueError, match="2 pages, not the 3 announced"):
        _g4.write_group4(iter(pages[:2]), 300, count=3)
    with pytest.raises(ValueError, match="more than the 2 pages announced"):
        _g4.write_group4(iter(pages), 300, count=2)


def _grey(pdf: bytes, scale: float = 300 / 72) -> list[np.ndarray]:
    """Each page of ``pdf`` rendered in grey as the archive asks pdfium, not yet thresholded."""
    flags = {"force_bitmap_format": pypdfium2.raw.FPDFBitmap_Gray, "extra_flags": _tiff_module._FLAGS}
    document = pypdfium2.PdfDocument(pdf)
    return [np.asarray(page.render(scale=scale, **flags).to_numpy()) for page in document]


def test_typst_colour_spaces_as_device_ones_give_the_same_grey_to_the_level() -> None:
    """Every grey and a cube of colours, filled by Typst in its ICC-based colour spaces, come out
    of pdfium as the same grey with the spaces rewritten as DeviceGray and DeviceRGB (what the
    archive renders its own Typst PDFs with: pdfium then builds no colour transform)."""
    colours = [f"luma({level})" for level in range(256)]
    steps = range(0, 256, 51)
    colours += [f"rgb({r}, {g}, {b})" for r in steps for g in steps for b in steps]
    cells = "".join(
        f"#place(dx: {(n % 24) * 10}pt, dy: {(n // 24) * 6}pt, rect(width: 10pt, height: 6pt, fill: {c}))\n"
        for n, c in enumerate(colours)
    )
    page = "#set page(width: 240pt, height: 130pt, margin: 0pt)"
    source = f'#set document(title: [Farver])\n#set text(lang: "da")\n{page}\n{cells}'
    pdf = compile_source(source.encode(), {})
    assert pdf.count(b"/ICCBased") == 2
    device = device_colours(pdf)
    assert b"/ICCBased" not in device and len(device) == len(pdf)
    (managed,), (plain,) = _grey(pdf), _grey(device)
    assert len(np.unique(managed)) > 200  # the greys are there
    assert (managed == plain).all()


def test_a_typst_referat_renders_to_the_same_tiff_with_device_colours() -> None:
    pdf = referatkit.render(_meeting(3), "pdf", edition="full", reports=Reports())
    device = device_colours(pdf)
    assert pdf.count(b"/ICCBased") == 2 and b"/ICCBased" not in device
    assert pdf_to_tiff(device) == pdf_to_tiff(pdf)


def test_a_colour_space_on_another_profile_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = referatkit.render(_meeting(3), "pdf", edition="full", reports=Reports())
    others = {digest[::-1]: space for digest, space in PROFILES.items()}
    monkeypatch.setattr(_devicecolour, "PROFILES", others)
    assert device_colours(pdf) == pdf
