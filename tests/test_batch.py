"""The batch API under the command line: any executor, a Dask cluster, PDFs in one LibreOffice per task."""

from __future__ import annotations

import importlib
import io
import pickle
import shutil
import threading
import warnings
import zipfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import referatkit
from referatkit import batch
from referatkit.batch import BatchReport, OutputResult, convert_many
from referatkit.errors import WriteError
from referatkit.formats import HtmlOptions, OdtOptions, PdfOptions, pdf
from referatkit.formats._contract import Note, ReadContext, Reader
from referatkit.l10n.files import parse_labels

from .conftest import EXAMPLES, IN_CI

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"
SBSYS = Path(__file__).parent / "esdh" / "sbsys-publication.xml"

LIBREOFFICE = PdfOptions(engine="libreoffice")


def _inputs(root: Path, count: int = 4) -> Path:
    folder = root / "ind"
    folder.mkdir()
    for i in range(count):
        shutil.copy(EXAMPLE, folder / f"møde-{i}.txt")
    shutil.copy(SBSYS, folder / "sbsys.xml")
    return folder


def _shape(report: BatchReport, root: Path) -> list[tuple[str, str, str, str | None]]:
    return [
        (Path(r.input).name, str(Path(r.output).relative_to(root)), r.status, r.message)
        for r in report.results
    ]


def test_report_progress_and_names(tmp_path: Path) -> None:
    folder = _inputs(tmp_path, 2)
    seen: list[tuple[int, int]] = []
    report = convert_many(
        [folder], tmp_path / "ud", ["xml", "text"], progress=lambda d, t: seen.append((d, t))
    )
    assert report.ok and report.counts() == "6 konverteret, 0 sprunget over, 0 fejlet"
    assert [(Path(r.input).name, Path(r.output).name, r.format) for r in report.results] == [
        ("møde-0.txt", "møde-0.xml", "xml"),
        ("møde-0.txt", "møde-0.txt", "text"),
        ("møde-1.txt", "møde-1.xml", "xml"),
        ("møde-1.txt", "møde-1.txt", "text"),
        ("sbsys.xml", "sbsys.xml", "xml"),
        ("sbsys.xml", "sbsys.txt", "text"),
    ]
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert (
        report.results[0].summary
        == "referat for Byudvalget 14-01-2025: 6 punkter (0 lukkede), 7 beslutninger, 7 bilag"
    )
    assert any(
        "advarsel: text:" in w for w in report.results[-1].warnings
    )  # SBSYS holds more than text shows
    assert referatkit.read(tmp_path / "ud" / "møde-1.xml") == referatkit.read(EXAMPLE)


def test_failures_are_results_not_exceptions(tmp_path: Path) -> None:
    folder = _inputs(tmp_path, 1)
    (folder / "tom.txt").write_bytes(b"")
    shutil.copy(EXAMPLE, folder / "møde-0.odt")  # not an ODT, and would write møde-0.xml twice
    report = convert_many([folder, folder / "møde-0.txt"], folder, ["xml", "text"])
    by_input = {(Path(r.input).name, r.format): r for r in report.results}
    assert by_input[("tom.txt", "xml")].status == "failed"
    assert "tom" in (by_input[("tom.txt", "xml")].message or "")
    # Writing text next to the input would overwrite it.
    assert by_input[("møde-0.txt", "text")].message == f"{folder / 'møde-0.txt'}: ville overskrive inputfilen"
    duplicate = [r for r in report.failed if r.message and "skrives allerede fra" in r.message]
    assert duplicate and all(r.format == "xml" for r in duplicate)
    assert not report.ok
    with pytest.raises(referatkit.FormatError, match="kan ikke skrives"):
        convert_many([folder], tmp_path, ["sbsys"])
    with pytest.raises(referatkit.ReadError, match="findes ikke"):
        convert_many([tmp_path / "mangler"], tmp_path, ["xml"])


def test_skip_existing(tmp_path: Path) -> None:
    folder = _inputs(tmp_path, 2)
    out = tmp_path / "ud"
    out.mkdir()
    (out / "møde-1.xml").write_text("already there", encoding="utf-8")
    report = convert_many([folder], out, ["xml"], skip_existing=True)
    assert [(Path(r.output).name, r.status) for r in report.results] == [
        ("møde-0.xml", "converted"),
        ("møde-1.xml", "skipped"),
        ("sbsys.xml", "converted"),
    ]
    assert (out / "møde-1.xml").read_text(encoding="utf-8") == "already there"


@pytest.mark.parametrize("pool", [ThreadPoolExecutor, ProcessPoolExecutor])
def test_any_executor_gives_the_same_report(tmp_path: Path, pool: type[ThreadPoolExecutor]) -> None:
    folder = _inputs(tmp_path, 5)
    options = {"html": HtmlOptions(fragment=True), "edition": "public"}
    here = convert_many([folder], tmp_path / "her", ["html", "xml"], **options)  # type: ignore[arg-type]
    with pool(max_workers=2) as executor:
        there = convert_many([folder], tmp_path / "der", ["html", "xml"], executor=executor, **options)  # type: ignore[arg-type]
    assert _shape(here, tmp_path / "her") == _shape(there, tmp_path / "der")
    for result in here.converted:
        twin = tmp_path / "der" / Path(result.output).relative_to(tmp_path / "her")
        assert Path(result.output).read_bytes() == twin.read_bytes()
    assert (tmp_path / "der" / "møde-0.html").read_text(encoding="utf-8").startswith("<article")


def test_tasks_are_plain_picklable_data(tmp_path: Path) -> None:
    labels = parse_labels('meeting_place = "Sted"\n')
    task = batch._Task(
        jobs=(batch._Job(input=str(EXAMPLE), outputs=(("odt", str(tmp_path / "x.odt")),)),),
        from_format=None,
        edition="public",
        labels=labels,
        read_labels=referatkit.DANISH,
        options=(
            ("html", HtmlOptions(stylesheet="p {}")),
            ("odt", OdtOptions(reference_doc=b"PK...")),
            ("pdf", PdfOptions(engine="libreoffice", reference_doc=b"PK...")),
        ),
        read_options=(("base_url", "https://dagsordener.example.dk"),),
        strict=True,
    )
    assert pickle.loads(pickle.dumps(task)) == task
    assert pickle.loads(pickle.dumps(batch._run)) is batch._run  # a top-level function, by name


def test_pdfs_of_a_task_share_one_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def broken(document: bytes) -> bool:
        with zipfile.ZipFile(io.BytesIO(document)) as package:
            return b"Kommunefont" in package.read("content.xml")

    def fake(documents: list[bytes]) -> list[bytes]:
        calls.append(len(documents))
        if len(documents) > 1 and any(broken(d) for d in documents):
            raise WriteError("LibreOffice lavede ingen PDF")
        if any(broken(d) for d in documents):
            raise WriteError("LibreOffice lavede ingen PDF (afslutningskode 1)")
        return [b"%PDF-1.7 " + d[:8] for d in documents]

    monkeypatch.setattr(pdf, "odt_to_pdf_many", fake)
    folder = _inputs(tmp_path, 3)
    report = convert_many([folder], tmp_path / "ud", ["pdf"], workers=1, pdf=LIBREOFFICE)
    assert report.ok and calls == [4]
    assert (tmp_path / "ud" / "møde-2.pdf").read_bytes().startswith(b"%PDF-1.7 PK")

    # One document LibreOffice cannot print fails alone.
    calls.clear()
    text = EXAMPLE.read_text(encoding="utf-8").replace("Godkendelse af dagsorden", "Kommunefont")
    (folder / "møde-1.txt").write_text(text, encoding="utf-8")
    report = convert_many([folder], tmp_path / "ud2", ["pdf"], workers=1, pdf=LIBREOFFICE)
    assert calls == [4, 1, 1, 1, 1]
    assert [Path(r.input).name for r in report.failed] == ["møde-1.txt"]
    assert report.failed[0].message == "LibreOffice lavede ingen PDF (afslutningskode 1)"
    assert not (tmp_path / "ud2" / "møde-1.pdf").exists() and (tmp_path / "ud2" / "møde-2.pdf").exists()


@pytest.mark.usefixtures("soffice")
def test_real_pdfs_in_one_libreoffice(tmp_path: Path) -> None:
    folder = tmp_path / "ind"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    shutil.copy(EXAMPLE, folder / "b.txt")
    report = convert_many([folder], tmp_path / "ud", ["pdf"], edition="public", workers=1, pdf=LIBREOFFICE)
    assert report.ok, report.failed
    first, second = ((tmp_path / "ud" / n).read_bytes() for n in ("a.pdf", "b.pdf"))
    assert first.startswith(b"%PDF") and first == second  # deterministic


@pytest.mark.slow
def test_a_dask_cluster_runs_the_same_call(tmp_path: Path) -> None:
    if not IN_CI:
        pytest.importorskip("distributed")
    from distributed import Client, LocalCluster  # noqa: PLC0415 (an optional extra)

    folder = _inputs(tmp_path, 6)
    here = convert_many([folder], tmp_path / "her", ["xml", "html"])
    with (
        warnings.catch_warnings(),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        warnings.simplefilter("ignore", DeprecationWarning)
        there = convert_many(
            [folder], tmp_path / "der", ["xml", "html"], executor=client.get_executor(), workers=2
        )
    assert there.ok and len(there.converted) == 14
    assert _shape(here, tmp_path / "her") == _shape(there, tmp_path / "der")
    for result in there.converted:
        twin = tmp_path / "her" / Path(result.output).relative_to(tmp_path / "der")
        assert Path(result.output).read_bytes() == twin.read_bytes()


def test_report_is_frozen_attrs() -> None:
    result = OutputResult(input="a.txt", output="a.xml", format="xml", status="converted")
    report = BatchReport(results=(result,))
    assert report.ok and report.converted == (result,) and not report.failed
    with pytest.raises(AttributeError):
        report.results = ()  # type: ignore[misc]


def test_tasks_are_sized_for_the_workers() -> None:
    jobs = [batch._Job(input=f"{i}.txt", outputs=()) for i in range(230)]
    assert [len(c) for c in batch._chunks(jobs, 2, pdf=False)] == [15] * 15 + [5]
    assert [len(c) for c in batch._chunks(jobs[:60], 2, pdf=True)] == [30, 30]  # one LibreOffice per worker
    assert [len(c) for c in batch._chunks(jobs, 2, pdf=True)] == [50, 50, 50, 50, 30]
    assert batch._chunks([], 4, pdf=True) == []


def test_a_folder_gives_pdf_and_word_files_only_when_their_format_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "møde"
    folder.mkdir()
    shutil.copy(EXAMPLES / "referat-byudvalget.txt", folder / "referat.txt")
    (folder / "bilag1.pdf").write_bytes(b"%PDF-1.4 an attachment")
    (folder / "bilag2.docx").write_bytes(b"PK an attachment")
    (folder / "skabelon.ott").write_bytes(b"PK a template")
    assert [str(r) for _, r in batch.find_inputs([folder])] == ["referat.txt"]
    assert [str(r) for _, r in batch.find_inputs([folder], from_format="pdf")] == ["bilag1.pdf"]
    assert [str(r) for _, r in batch.find_inputs([folder], from_format="docx")] == ["bilag2.docx"]
    # A file named on its own is always an input.
    assert [str(r) for _, r in batch.find_inputs([folder / "bilag1.pdf"])] == ["bilag1.pdf"]


def test_convert_many_reads_in_threads_at_once_each_with_its_own_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two inputs read by two threads: each reader reports, then waits until the other is
    reading too. A lock around reading (or one shared warnings state) would make the
    second wait in vain and the first time out; each output carries its own input's
    reports and no other's."""
    formats = importlib.import_module("referatkit.formats")  # the module: referatkit.formats is a function

    both_reading = threading.Barrier(2, timeout=20)
    real = formats._bounded

    def waiting(reference: str) -> Reader:
        inner = real(reference)

        def read(data: bytes, ctx: ReadContext) -> referatkit.Meeting:
            ctx.report(Note.APPROXIMATE, detail=f"læst af {threading.current_thread().name}")
            both_reading.wait()
            return inner(data, ctx)

        return read

    monkeypatch.setattr(formats, "_bounded", waiting)
    folder = tmp_path / "ind"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    shutil.copy(SBSYS, folder / "b.xml")
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="læser") as executor:
        report = convert_many([folder], tmp_path / "ud", ["xml"], executor=executor, workers=2)
    assert report.ok, report.failed
    readers = set()
    for result in report.converted:
        own = [w for w in result.warnings if "læst af" in w]
        assert len(own) == 1 and own[0].startswith(f"advarsel: {result.input}: læst af læser")
        readers.add(own[0].rsplit(" ", 1)[-1])
        if result.input.endswith("a.txt"):  # the text reader reports nothing of its own ...
            assert result.warnings == tuple(own)
        else:  # ... the SBSYS export its image, named by its own file
            assert all(result.input in w for w in result.warnings)
    assert len(readers) == 2  # two threads, one input each
