"""The command line for real work: many files, every option, - both ways, Danish throughout."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import referatkit
from referatkit import checks, cli
from referatkit import model as m
from referatkit.cli import main
from referatkit.l10n.messages import say
from referatkit.model import COPENHAGEN

from .conftest import EXAMPLES, SHARED, shared_file

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"
SBSYS = Path(__file__).parent / "esdh" / "sbsys-publication.xml"
#: argparse's English, none of which may reach a user.
ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "optional arguments",
    "show this help",
    "the following arguments",
    "invalid choice",
    "error:",
    "unrecognized",
    "expected",
    "default:",
)


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "referatkit", *args], input=stdin, capture_output=True, check=False, cwd=cwd
    )


def _folder(root: Path) -> Path:
    """Three text meetings (one in a subfolder), an SBSYS export, a broken file and a stray .pdf."""
    folder = root / "ind"
    (folder / "2025").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "januar.txt")
    shutil.copy(EXAMPLE, folder / "februar.txt")
    shutil.copy(EXAMPLE, folder / "2025" / "marts.txt")
    shutil.copy(SBSYS, folder / "sbsys.xml")
    (folder / "ødelagt.txt").write_text("REFERAT uden dato\n", encoding="utf-8")
    (folder / "bilag.png").write_bytes(b"\x89PNG\r\n\x1a\n not a meeting")  # no reader claims .png
    return folder


# --- many inputs into a folder -------------------------------------------------------------


def test_a_folder_converts_into_a_folder_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "ud"
    assert main(["convert", str(folder), "-o", str(out), "--to", "xml,html", "-j", "2"]) == 1
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        "2025/marts.html",
        "2025/marts.xml",
        "februar.html",
        "februar.xml",
        "januar.html",
        "januar.xml",
        "sbsys.html",
        "sbsys.xml",
    ]
    with pytest.warns(referatkit.ReadWarning):
        assert referatkit.read(out / "sbsys.xml").forum.name == referatkit.read(SBSYS).forum.name
    err = capsys.readouterr().err
    assert "8 konverteret, 0 sprunget over, 2 fejlet" in err
    failure = [line for line in err.splitlines() if line.startswith("fejl:")]
    assert len(failure) == 1 and "ødelagt.txt:1:" in failure[0] and failure[0].endswith("[xml, html]")
    assert "Traceback" not in err and "\r" not in err  # no progress bar when stderr is not a terminal

    # Resuming: what is there is skipped, the broken file fails again.
    assert main(["convert", str(folder), "-o", str(out), "--to", "xml,html", "--skip-existing"]) == 1
    assert "0 konverteret, 8 sprunget over, 2 fejlet" in capsys.readouterr().err


def test_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["convert", str(EXAMPLE), str(SBSYS), "-o", str(tmp_path / "ud"), "--to", "text", "-j", "1"]
    assert main([*args, "-q"]) == 0
    # Only the notice that a full edition holds closed content (the SBSYS export has closed items).
    out, err = capsys.readouterr()
    assert (out, err.count("\n"), err.startswith("bemærk: ")) == ("", 1, True)
    assert main([*args, "-v"]) == 0
    out, err = capsys.readouterr()
    assert f"{tmp_path / 'ud' / 'referat-byudvalget.txt'} (text): referat for Byudvalget" in out
    assert "advarsel: text:" in err  # the SBSYS export holds more than the text layout shows
    assert "2 konverteret" in err


def test_the_last_argument_is_the_output_without_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ud"
    out.mkdir()
    assert main(["convert", str(EXAMPLE), str(SBSYS), str(out), "--to", "xml"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["referat-byudvalget.xml", "sbsys-publication.xml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["convert", "EX"], "angiv output"),
        (["convert", "EX", "EX", "-o", "OUT/"], "angiv --to"),
        (["convert", "EX", "-o", "-"], "angiv --to"),
        (["convert", "EX", "-o", "-", "--to", "xml,html"], "tager ét input og ét format"),
        (["convert", "EX", "OUT.rtf"], "endelsen '.rtf'"),
        (
            ["convert", "EX", "OUT.rtf"],
            "kendte endelser: .akn, .html, .htm, .json, .odt, .ott, .pdf,",
        ),  # none read only
        (["convert", "TOM", "-o", "OUT", "--to", "html"], "ingen filer at konvertere i TOM ("),
        (
            ["search", "x", "--db", "OUT.sqlite", "--limit", "0"],
            "argument --limit: skal være 1 eller mere, ikke 0",
        ),
        (["convert", "EX", "-o", "OUT.xml", "--to", "sbsys"], "kan ikke skrives"),
        (["convert", "EX", "-o", "OUT", "--to", "xml,word"], "ukendt format 'word'"),
        (["convert", "--edition", "alle", "EX", "OUT.xml"], "ugyldigt valg: 'alle'"),
        (["convert", "--nonsense", "EX", "OUT.xml"], "ukendte argumenter: --nonsense"),
    ],
)
def test_usage_errors_exit_2_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "tom").mkdir()
    args = [a.replace("EX", str(EXAMPLE)).replace("OUT", str(tmp_path / "ud")) for a in args]
    args = [a.replace("TOM", str(tmp_path / "tom")) for a in args]
    message = message.replace("TOM", str(tmp_path / "tom"))
    try:
        code = main(args)
    except SystemExit as exit:
        code = exit.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert err.startswith("brug: referatkit")
    assert not any(word in err for word in ENGLISH), err
    assert not (tmp_path / "ud").exists() and not (tmp_path / "ud.xml").exists()


# --- standard input and output ---------------------------------------------------------------


def test_dash_is_standard_input_and_output(tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    page = run("convert", "-", "-o", "-", "--to", "html", stdin=data)
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith(b"<!DOCTYPE html>") and page.stderr == b""
    assert not Path("-").exists()
    saved = run("convert", "-", "ud.xml", stdin=data, cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    assert referatkit.read(tmp_path / "ud.xml") == referatkit.read(EXAMPLE)
    back = run("convert", str(tmp_path / "ud.xml"), "-o", "-", "--to", "text")
    assert back.stdout.decode("utf-8") == EXAMPLE.read_text(encoding="utf-8").strip()


def test_a_closed_reader_is_not_a_traceback(tmp_path: Path) -> None:
    meeting = referatkit.read(EXAMPLE)
    items = tuple(attrs.evolve(meeting.items[0], number=str(n)) for n in range(1, 3001))
    big = tmp_path / "stor.xml"
    referatkit.write(attrs.evolve(meeting, items=items), big)
    shell = f"{sys.executable} -m referatkit info {big} 2>{tmp_path / 'err.txt'} | head -2"
    result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[0].startswith("referat for Byudvalget 14-01-2025: 3000 punkter")
    assert (tmp_path / "err.txt").read_text(encoding="utf-8") == ""


# --- every render option ------------------------------------------------------------------------


def test_html_options_from_files(tmp_path: Path) -> None:
    (tmp_path / "egen.css").write_text("main { max-width: 40rem; }", encoding="utf-8")
    (tmp_path / "top.html").write_text('<nav class="kommune">Forside</nav>', encoding="utf-8")
    (tmp_path / "bund.html").write_text("<p>Kontakt: Rådhuset</p>", encoding="utf-8")
    out = tmp_path / "side.html"
    argv = ["convert", str(EXAMPLE), str(out), "--css", str(tmp_path / "egen.css")]
    argv += ["--header", str(tmp_path / "top.html"), "--footer", str(tmp_path / "bund.html")]
    assert main([*argv, "--top-heading", "2", "--attachment-url", "https://ex.dk/bilag/"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "main { max-width: 40rem; }" in page
    assert (
        page.index('<nav class="kommune">Forside</nav>') < page.index("<h2") < page.index("Kontakt: Rådhuset")
    )
    assert main(["convert", str(EXAMPLE), str(out), "--fragment"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<article")


def test_an_option_for_another_format_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "egen.css").write_text("p {}", encoding="utf-8")
    assert main(["convert", str(EXAMPLE), str(tmp_path / "x.xml"), "--css", str(tmp_path / "egen.css")]) == 0
    assert "bemærk: --css bruges kun til html" in capsys.readouterr().err


def test_reference_doc_reaches_the_odt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(EXAMPLE), str(tmp_path / "mangler.odt"), "--reference-doc", "nej.ott"]) == 1
    assert "nej.ott: filen findes ikke (--reference-doc)" in capsys.readouterr().err
    reference = tmp_path / "skabelon.odt"
    assert main(["convert", str(EXAMPLE), str(reference)]) == 0
    with zipfile.ZipFile(reference) as package:
        styles = package.read("styles.xml").replace(b"Liberation Sans", b"Kommunefont")
        parts = {name: package.read(name) for name in package.namelist()}
    parts["styles.xml"] = styles
    with zipfile.ZipFile(reference, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    out = tmp_path / "egen.odt"
    assert main(["convert", str(EXAMPLE), str(out), "--reference-doc", str(reference)]) == 0
    with zipfile.ZipFile(out) as package:
        assert b"Kommunefont" in package.read("styles.xml")


def test_labels_from_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "ord.toml"
    labels.write_text(
        'meeting_place = "Sted"\n\n[caption_synonyms]\neconomy = ["Kroner"]\n', encoding="utf-8"
    )
    out = tmp_path / "r.txt"
    assert main(["convert", str(EXAMPLE), str(out), "--labels", str(labels)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\nSted Rådhuset, mødelokale 3\n" in text and "Mødested" not in text
    # Read back with the same words; with the standard ones the front page is not understood.
    assert main(["convert", str(out), str(tmp_path / "r.xml"), "--read-labels", str(labels)]) == 0
    assert referatkit.read(tmp_path / "r.xml") == referatkit.read(EXAMPLE)
    assert main(["convert", str(out), str(tmp_path / "r2.xml")]) == 1
    assert "uventet linje i forsiden: 'Sted Rådhuset" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('meeting_plase = "Sted"\n', "ord.toml: ukendt nøgle 'meeting_plase'"),
        ("meeting_place = 3\n", "ord.toml: meeting_place: skal være en tekst"),
        ('closed_attachments = "skjul"\n', "'closed_attachments' skal være en af"),
        ('decision_by = "Beslutning {dato}"\n', "decision_by: 'Beslutning {dato}' må bruge {forum}, {date}"),
        (
            '[captions]\npresentation = "Sagen"\n',
            "[captions] skal give en overskrift for hver afsnitstype; mangler: occasion",
        ),
        ('[captions]\nforord = "Forord"\n', "[captions]: ukendt afsnitstype 'forord'"),
        ('meeting_place = "Sted\n', "ord.toml:1:"),
    ],
)
def test_labels_are_checked_when_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    labels = tmp_path / "ord.toml"
    labels.write_text(toml, encoding="utf-8")
    assert main(["convert", str(EXAMPLE), str(tmp_path / "r.txt"), "--labels", str(labels)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not (tmp_path / "r.txt").exists()


# --- Danish throughout ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["convert"], ["info"], ["validate"], ["formats"], ["completion"]])
def test_help_is_danish(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main([*command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("brug: referatkit") and "vis denne hjælp og afslut" in out
    assert not any(word in out for word in ENGLISH), out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("-V", "--version"):
        with pytest.raises(SystemExit):
            main([flag])
        assert capsys.readouterr().out == f"referatkit {referatkit.__version__}\n"


def test_model_errors_are_danish(tmp_path: Path) -> None:
    bad = tmp_path / "forkert.txt"
    text = EXAMPLE.read_text(encoding="utf-8").replace("d. 14. januar 2025", "d. 31. februar 2025", 1)
    bad.write_text(text, encoding="utf-8")
    result = run("convert", str(bad), str(tmp_path / "ud.xml"))
    assert result.returncode == 1
    assert (
        result.stderr.decode("utf-8")
        == f"referatkit: {bad}:3: ugyldigt tidspunkt: dagen findes ikke i måneden\n"
    )


def test_singular_and_plural(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = referatkit.read(EXAMPLE)
    one = attrs.evolve(meeting, items=(attrs.evolve(meeting.items[1], public=False),))
    source = tmp_path / "et.xml"
    referatkit.write(one, source)
    assert main(["info", str(source)]) == 0
    assert capsys.readouterr().out.startswith(
        "referat for Byudvalget 14-01-2025: 1 punkt (1 lukket), 1 beslutning, "
    )
    two = attrs.evolve(meeting, items=tuple(attrs.evolve(i, public=False) for i in meeting.items[:2]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        referatkit.render(two, "text")
    assert any(re.search(r"items\[0\]\.public: .* \(og 1 sted mere\)$", str(w.message)) for w in caught)


def test_the_summary_of_a_conversion_counts_what_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The public edition of a meeting with a closed item holds fewer decisions than the meeting
    # read: the line after a conversion describes the file written (it described the input).
    meeting = referatkit.read(EXAMPLE)
    closed = attrs.evolve(meeting, items=(attrs.evolve(meeting.items[0], public=False), *meeting.items[1:]))
    source = tmp_path / "moede.xml"
    referatkit.write(closed, source)
    published = referatkit.editions.public(closed)
    decisions = sum(len(item.decisions) for item in published.items)
    assert decisions < sum(len(item.decisions) for item in closed.items)
    for args in (
        [str(tmp_path / "m.txt"), "--edition", "public"],
        ["-o", str(tmp_path / "ud"), "--to", "html", "-v"],
    ):
        assert main(["convert", str(source), *args]) == 0
        assert f" lukket), {decisions} beslutninger, " in capsys.readouterr().out


def test_completion_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    bash = capsys.readouterr().out
    assert "--skip-existing" in bash and "convert" in bash and "public-agenda" in bash
    if shutil.which("bash"):
        (tmp_path / "referatkit.bash").write_text(bash, encoding="utf-8")
        subprocess.run(["bash", "-n", str(tmp_path / "referatkit.bash")], check=True)
    assert main(["completion", "zsh"]) == 0
    zsh = capsys.readouterr().out
    assert zsh.startswith("#compdef referatkit") and "--reference-doc" in zsh


# --- validate -------------------------------------------------------------------------------------


def test_validate_many_files_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "god.xml"
    referatkit.write(referatkit.read(EXAMPLE), good)
    naive = tmp_path / "naiv.xml"
    xml = good.read_text(encoding="utf-8")
    naive.write_text(re.sub(r'start="([^"+]+)\+01:00"', r'start="\1"', xml, count=1), encoding="utf-8")
    text = tmp_path / "tekst.txt"
    shutil.copy(EXAMPLE, text)
    assert main(["validate", str(good), str(naive), str(text), str(SBSYS)]) == 1
    out, err = capsys.readouterr()
    problems = [line for line in out.splitlines() if ": gyldig " not in line]
    assert len(problems) == 1 and problems[0].startswith(f"{naive}:"), out
    assert "tidszone" in problems[0]
    assert f"{good}: gyldig referatkit-XML" in out and f"{text}: gyldig tekst" in out
    assert f"{SBSYS}: gyldig sbsys-eksport" in out
    assert f"{naive}: ugyldig (1 problem)" in err
    # A folder is every file in it that referatkit reads.
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out == out.replace(f"{SBSYS}: gyldig sbsys-eksport\n", "")


def test_validate_reports_the_models_rules_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = referatkit.read(EXAMPLE)
    twice = attrs.evolve(meeting, items=(meeting.items[0], meeting.items[0]))
    path = tmp_path / "to.xml"
    referatkit.write(twice, path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: items[1].number: punktnummeret '1' er brugt to gange (items[0])" in out


@pytest.mark.shared
def test_validate_akn_and_odt_against_the_official_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared_file(SHARED / "schemas" / "akn" / "akomantoso30.xsd")
    meeting = referatkit.read(EXAMPLE)
    akn, odt = tmp_path / "r.akn", tmp_path / "r.odt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        referatkit.write(meeting, akn)
        referatkit.write(meeting, odt)
    assert main(["validate", str(akn), str(odt)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{akn}: gyldig Akoma Ntoso", f"{odt}: gyldig ODT"]

    broken = tmp_path / "forkert.odt"
    with zipfile.ZipFile(odt) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.replace(b"<office:text>", b"<office:text><text:ukendt/>", 1)
            target.writestr(info, data)
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.startswith(f"{broken}:content.xml:") for line in out), out
    assert any("ukendt" in line for line in out)


def test_validate_without_schemas_says_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    akn = tmp_path / "r.akn"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        referatkit.write(referatkit.read(EXAMPLE), akn)
    monkeypatch.delenv("REFERATKIT_SCHEMAS", raising=False)
    checks._akn_schema.cache_clear()
    assert main(["validate", str(akn)]) == 1
    assert "skemamappen er ikke sat: sæt REFERATKIT_SCHEMAS" in capsys.readouterr().err


def test_version_constant_matches() -> None:
    assert referatkit.__version__ == cli._VERSION


_T = dt.datetime(2025, 1, 14, 16, 0, tzinfo=COPENHAGEN)
_F = m.Forum(name="Byudvalget")
_ENGLISH_WORDS = re.compile(
    r"\b(must|not|expected|is|use|only|given|twice|empty|line break|exist|required|give|naive|range|among"
    r"|begins|reaches|rectangular|overlaps|header)\b"
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: m.Item(number="1 b", title="x"),
        lambda: m.Item(number="1", title=""),
        lambda: m.Item(number="1", title="a\nb"),
        lambda: m.Item(number=1, title="x"),
        lambda: m.Item(number="1", title="x", public="ja"),
        lambda: m.Meeting(forum=_F, kind=m.DocumentKind.AGENDA, start=dt.datetime(2025, 1, 1)),
        lambda: m.Meeting(forum=_F, kind=m.DocumentKind.AGENDA, start=_T, end=_T - dt.timedelta(hours=1)),
        lambda: m.Meeting(forum=_F, kind=m.DocumentKind.AGENDA, start="2025"),
        lambda: m.Meeting(forum=_F, kind=m.DocumentKind.AGENDA, start=_T, items=[1]),
        lambda: m.Meeting(forum=_F, kind=m.DocumentKind.AGENDA, start=_T, items="x"),
        lambda: m.Item(number="1", title="x", page=0),
        lambda: m.Item(number="1", title="x", route=("kb x",)),
        lambda: m.Item(number="1", title="x", journal_number=3),
        lambda: m.Attachment(title="x", media_type="pdf"),
        lambda: m.Checksum(algorithm="md4", value="00"),
        lambda: m.Checksum(algorithm="sha256", value="00"),
        lambda: m.Participant(name="A", status=m.AttendanceStatus.PRESENT, substitute_for="B"),
        lambda: m.Paragraph(("x", 3)),
        lambda: m.Paragraph("a\nb"),
        lambda: m.BulletList(()),
        lambda: m.OrderedList((m.ListItem("a"),), start=-1),
        lambda: m.TextSection(kind=m.SectionKind.CUSTOM, body=(m.Paragraph("x"),)),
        lambda: m.TextSection(kind=m.SectionKind.DECISION, body=(m.Paragraph("x"),)),
        lambda: m.TextSection(kind=m.SectionKind.PRESENTATION, body="x"),
        lambda: m.Item(number="1", title="x", properties=(("a b", "c"),)),
        lambda: m.Item(number="1", title="x", properties=(("sbsys:A", "c"), ("sbsys:A", "d"))),
        lambda: referatkit.localize(dt.datetime(2025, 3, 30, 2, 30)),
        lambda: m.JournalNumber(" 12 "),
        # tables
        lambda: m.Table([["a", "b"], ["c"]]),
        lambda: m.Table([[m.TableCell("a", row_span=3)], ["b"]]),
        lambda: m.Table([[m.TableCell("a", row_span=2)], ["b"]], header_rows=1),
        lambda: m.Table([["a", "b"]], header_rows=2),
        lambda: m.Table([["a", "b"]], alignments=("left",)),
        lambda: m.Table([["a"]], alignments=("middle",)),
        lambda: m.Table([]),
        lambda: m.Table(
            [[m.TableCell("a", column_span=2), m.TableCell("b")], [m.TableCell("c", column_span=3)]]
        ),
        lambda: m.TableCell("a", column_span=0),
        lambda: m.TableCell(m.Paragraph("a")),
        lambda: m.TableRow([]),
    ],
)
def test_the_models_errors_read_in_danish(make: Callable[[], object]) -> None:
    with pytest.raises(m.ModelError) as error:
        make()
    english = str(error.value)
    assert _ENGLISH_WORDS.search(english)  # the model speaks English to programmers ...
    said = say(error.value)
    assert not _ENGLISH_WORDS.search(said), said  # ... and Danish to a secretary, from the code


def test_validate_problems_read_in_danish() -> None:
    meeting = referatkit.read(EXAMPLE)
    people = (m.Participant(name="Anne"), m.Participant(name="Anne"))
    broken = attrs.evolve(
        meeting,
        attendance=people,
        items=(
            attrs.evolve(
                meeting.items[0],
                title="Budget\x0c",
                attendance=(m.ItemAttendance(name="Bo", event=m.AttendanceEvent.LEFT),),
            ),
            meeting.items[0],
        ),
    )
    said = [say(p) for p in referatkit.validate(broken)]
    assert len(said) >= 4
    assert not any(_ENGLISH_WORDS.search(line) for line in said), said


def test_progress_bar_only_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    bar = cli._Progress(enabled=True)
    bar(0, 4)
    bar(3, 4)
    bar.clear()
    err = capsys.readouterr().err
    assert "\r[" + "." * 30 + "] 0/4 filer" in err
    assert "\r[" + "#" * 22 + "." * 8 + "] 3/4 filer" in err
    assert err.endswith("\r\033[K")
    quiet = cli._Progress(enabled=False)
    quiet(1, 4)
    quiet.clear()
    assert capsys.readouterr().err == ""
