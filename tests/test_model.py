"""The document model: validation, canonical form, journal numbers, validate()."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import sys
from pathlib import Path

import attrs
import pytest

import referatkit
import referatkit.model
from referatkit._repr import fields_repr
from referatkit.formats import NoOptions, WriteContext
from referatkit.l10n import localize
from referatkit.model import (
    Alignment,
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    BulletList,
    Checksum,
    Clause,
    Decision,
    DocumentKind,
    Emphasis,
    Forum,
    Heading,
    Item,
    ItemAttendance,
    JournalNumber,
    KleNumber,
    LineBreak,
    Link,
    ListItem,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Problem,
    Recommendation,
    SectionKind,
    Strong,
    Table,
    TableCell,
    Text,
    TextSection,
    validate,
    walk,
)
from referatkit.model._validate import values

START = localize(dt.datetime(2024, 3, 12, 16, 0))


def meeting(**changes: object) -> Meeting:
    base = Meeting(
        forum=Forum(name="Byudvalget", short_name="BU"),
        kind=DocumentKind.MINUTES,
        start=START,
        items=(Item(number="1", title="Godkendelse af dagsorden"),),
    )
    return attrs.evolve(base, **changes)


def test_model_imports_no_io_libraries() -> None:
    """The model's modules import only the standard library, attrs and each other."""
    allowed = {"attrs", "__future__"} | set(sys.stdlib_module_names)
    for path in sorted(Path(referatkit.model.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_classes_are_frozen() -> None:
    item = Item(number="1", title="Evt.")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.title = "Andet"  # type: ignore[misc]
    assert attrs.evolve(item, public=False).public is False
    assert hash(meeting()) == hash(meeting())


def test_naive_datetime_is_rejected_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="naive datetime 2024-03-12T16:00:00"):
        meeting(start=dt.datetime(2024, 3, 12, 16, 0))


def test_aware_datetimes_are_kept_in_copenhagen_time() -> None:
    utc = dt.datetime(2024, 3, 12, 15, 0, tzinfo=dt.UTC)
    m = meeting(start=utc)
    assert m.start.hour == 16 and str(m.start.tzinfo) == "Europe/Copenhagen"
    assert m.start == utc  # the same instant, never shifted


def test_end_before_start_is_rejected() -> None:
    with pytest.raises(ValueError, match="before start"):
        meeting(end=START - dt.timedelta(minutes=1))


def test_a_ragged_table_and_an_unknown_absentee_are_value_errors() -> None:
    """Their rules' names begin with NOT_, as the type rules' do; a reader turns a
    ModelValueError into a ReadError, and a TypeError escaped the JSON reader."""
    from referatkit.model import Code, ModelValueError  # noqa: PLC0415

    with pytest.raises(ModelValueError, match="rectangular"):
        Table([["a", "b"], ["c"]])
    assert not Code.NOT_RECTANGULAR.is_type_error and not Code.NOT_PARTICIPANT.is_type_error
    assert Code.NOT_STR.is_type_error


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Item(number="1 a", title="x"), "number"),
        (lambda: Item(number="1", title=""), "title must not be empty"),
        (lambda: Item(number="1", title="a\nb"), "title must not contain a line break"),
        (lambda: Item(number="1", title="x", route="KB"), "route"),
        (lambda: Item(number="1", title="x", route=("kb",)), "route part"),
        (lambda: Item(number="1", title="x", page=0), "page"),
        (lambda: Item(number="1", title="x", public="yes"), "public must be a bool"),
        (lambda: Text("a\nb"), "LineBreak"),
        (lambda: Paragraph("   "), "visible text"),
        (lambda: BulletList([]), "items must not be empty"),
        (lambda: OrderedList(["a"], start=-1), "start"),
        (lambda: TextSection(SectionKind.CUSTOM, ()), "caption is required"),
        (lambda: TextSection(SectionKind.DECISION, ()), "use Decision"),
        (lambda: Clause("x", lead="og"), "lead"),
        (lambda: Checksum("md5", "abc"), "32 hex digits"),
        (lambda: Checksum("crc", "00"), "algorithm"),
        (lambda: Attachment(title="x", media_type="pdf"), "media_type"),
        (lambda: Participant(name="A", substitute_for="B"), "substitute_for"),
        (lambda: Decision((), date=dt.datetime(2020, 1, 1)), "date must be a datetime.date"),
        (lambda: Item(number="1", title="x", properties={"bad key": "v"}), "property name"),
        (lambda: TextSection(SectionKind.OCCASION, "tekst"), "not a str"),
        (lambda: Link([Strong(Link("a", "https://a.dk"))], "https://b.dk"), "another Link"),
        (lambda: Table([]), "rows must not be empty"),
        (lambda: Table([[]]), r"rows\[0\]: cells must not be empty"),
        (lambda: Table([["a", "b"], ["c"]]), r"rows\[1\]: .* must be rectangular"),
        (lambda: Table([[TableCell("a", row_span=3)], ["b"]]), r"rows\[0\]\.cells\[0\]\.row_span"),
        (
            lambda: Table([["a", TableCell("b", row_span=2)], [TableCell("c", column_span=2)]]),
            r"rows\[1\]\.cells\[0\]: overlaps",
        ),
        (lambda: Table([[TableCell("a", column_span=2)]]), "no cell begins in column 1"),
        (lambda: TableCell("a", column_span=0), "column_span must be between 1 and 1000"),
        (lambda: TableCell("a", row_span=10**9), "row_span must be between 1 and 1000"),
        (lambda: TableCell([Heading("a")]), "paragraphs and lists, not Heading"),
        (lambda: TableCell([Table([["a"]])]), "paragraphs and lists, not Table"),
        (lambda: Table([["a", "b"]], alignments=("left",)), "alignments must have one entry per column"),
        (lambda: Table([["a"]], alignments=("rechts",)), r"alignments\[0\]"),
        (lambda: Table([["a"]], header_rows=2), "header_rows must be between 0 and 1"),
        (
            lambda: Table([[TableCell("a", row_span=2), "b"], ["c"]], header_rows=1),
            "header cell must not reach into the body",
        ),
        (lambda: Table([["a"]], caption=" "), "caption must be empty or contain visible text"),
    ],
)
def test_validators_name_the_field(build: object, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        build()  # type: ignore[operator]


def test_table_grid_with_spans() -> None:
    """Spans place the following cells; the alignments default to one LEFT per column."""
    table = Table(
        [
            [TableCell("Område", row_span=2), TableCell("Mio. kr.", column_span=2)],
            ["2025", "2026"],
            ["Skoler", "1,5", "2,0"],
        ],
        header_rows=2,
    )
    assert table.columns == 3
    assert table.alignments == (Alignment.LEFT,) * 3
    assert [[column for column, _ in row] for row in table.grid()] == [[0, 1], [1, 2], [0, 1, 2]]
    assert table == Table(table.rows, header_rows=2, alignments=("left", "left", "left"))
    assert TableCell("") == TableCell(()) and TableCell("a").body == (Paragraph("a"),)


def test_inline_content_is_canonical() -> None:
    p = Paragraph(["Det ", "er ", Emphasis("vig"), Emphasis("tigt"), Text(""), Strong(()), "."])
    assert p.content == (Text("Det er "), Emphasis((Text("vigtigt"),)), Text("."))
    assert Paragraph("a") == Paragraph([Text("a")])


def test_rich_text_nesting() -> None:
    nested = BulletList([ListItem("Netværk:", BulletList(["Sprog", "Bibliotek"]))])
    assert nested.items[0].sublist is not None
    assert OrderedList(["To", "Tre"], start=2).start == 2
    assert Paragraph(["a", LineBreak(), "b"]).content[1] == LineBreak()


def test_journal_numbers() -> None:
    assert JournalNumber("00.01.10-A00-3-16").kle == KleNumber("00.01.10", "A00", 3, 2016)
    assert JournalNumber("07.12.03-P35-8-23").kle == KleNumber("07.12.03", "P35", 8, 2023)
    assert JournalNumber("85.02.02-Ø00-7-1998").kle == KleNumber("85.02.02", "Ø00", 7, 1998)
    assert JournalNumber("00.01.00-G01-1-87").kle == KleNumber("00.01.00", "G01", 1, 1987)
    for raw in ["12/27845", "2012-28504", "18/039871", "00.01.10-X00-3-16"]:
        number = JournalNumber(raw)
        assert number.kle is None and str(number) == raw
    assert Item(number="1", title="x", journal_number="12/27845").journal_number == JournalNumber("12/27845")
    with pytest.raises(ValueError, match="surrounding white space"):
        JournalNumber(" 12/27845")


def test_item_conveniences() -> None:
    bilag = Attachment(
        title="Bilag 1: Plan", public=False, file_name="plan.pdf", media_type="application/pdf"
    )
    item = Item(
        number="4.1",
        title="Budget 2025",
        route=("MBU", "ØU", "KB"),
        sections=(
            Recommendation("Direktøren indstiller,", [Clause("budgettet godkendes")]),
            Decision((Paragraph("Anbefales."),), forum="Økonomiudvalget", date=dt.date(2024, 9, 3)),
            Decision((Paragraph("Godkendt."),), forum="Kommunalbestyrelsen"),
            AttachmentList([bilag]),
        ),
    )
    assert item.full_title == "MBU/ØU/KB - Budget 2025"
    assert [d.forum for d in item.decisions] == ["Økonomiudvalget", "Kommunalbestyrelsen"]
    assert item.attachments == (bilag,)
    assert item.recommendation is not None and item.recommendation.clauses[0].lead == "at"
    assert meeting(items=(item,)).item("4.1") is item


def test_validate_reports_every_problem_with_a_path() -> None:
    m = meeting(
        attendance=(
            Participant(name="Anna Jensen", party="A", role="Formand"),
            Participant(name="Anna Jensen", status=AttendanceStatus.APOLOGIES),
        ),
        items=(
            Item(number="1", title="Godkendelse"),
            Item(
                number="2",
                title="Budget\x0c2025",
                attendance=(ItemAttendance(name="Bo Hansen", event=AttendanceEvent.DISQUALIFIED),),
            ),
            Item(
                number="1", title="Evt.", sections=(TextSection(SectionKind.OCCASION, (Paragraph("a\x01"),)),)
            ),
        ),
    )
    problems = validate(m)
    assert Problem("items[2].number", "item number '1' is used twice (items[0])") in problems
    assert any(p.path == "items[1].title" and "U+000C" in p.message for p in problems)
    assert any(
        p.path == "items[2].sections[0].body[0].content[0].text" and "U+0001" in p.message for p in problems
    )
    assert any(p.path == "attendance[1].name" for p in problems)
    assert any(p.path == "items[1].attendance[0].name" for p in problems)
    assert len(problems) == 5
    assert validate(meeting()) == []


def test_lists_nest_at_most_fifty_levels_and_the_deepest_still_renders() -> None:
    deep = BulletList([ListItem("bund")])
    for level in range(2, referatkit.model.MAX_LIST_DEPTH + 1):
        deep = BulletList([ListItem(f"niveau {level}", deep)])
    with pytest.raises(ValueError, match="at most 50 levels"):
        BulletList([ListItem("en for meget", deep)])
    item = Item(number="1", title="Dybt", sections=(TextSection(SectionKind.OCCASION, (deep,)),))
    m = meeting(forum=Forum(name="Byudvalget"), items=(item,))
    for format in ("text", "odt"):  # with the read-back check: no RecursionError anywhere
        assert referatkit.read(referatkit.render(m, format), format=format) == m


def test_conversion_errors_name_the_field() -> None:
    with pytest.raises(TypeError, match=r"^items\[1\]: expected Item, not int$"):
        meeting(items=(Item(number="1", title="A"), 2))
    with pytest.raises(ValueError, match=r"^end: naive datetime"):
        meeting(end=dt.datetime(2026, 1, 5, 18, 0))
    with pytest.raises(TypeError, match=r"^sections\[0\]: expected a section"):
        Item(number="1", title="A", sections=["Indstilling"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^body\[0\]: not a block: str"):
        TextSection(SectionKind.OCCASION, ["tekst"])  # type: ignore[list-item]


def _attrs_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(referatkit.__path__, "referatkit."):
        if info.name.endswith(".__main__"):  # runs the command line
            continue
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__
        ]
    return found


def test_every_attrs_class_shares_one_repr() -> None:
    """No class has a __repr__ of its own generated by attrs (start-up time, referatkit._repr)."""
    classes = _attrs_classes()
    assert len(classes) > 40
    assert [c.__qualname__ for c in classes if c.__repr__ is not fields_repr] == []


def test_reprs_read_as_attrs_writes_them() -> None:
    """fields_repr gives the text attrs's own __repr__ gives, on every node of a real meeting."""
    example = referatkit.read(Path(__file__).parent.parent / "examples" / "referat-byudvalget.txt")
    twins: dict[type, type] = {}
    checked = 0
    for _, node in walk(example):
        kind = type(node)
        if not attrs.has(kind):
            continue
        if kind not in twins:  # the same fields, with the __repr__ attrs generates
            twins[kind] = attrs.make_class(
                kind.__name__, {a.name: attrs.field(repr=a.repr) for a in attrs.fields(kind)}, frozen=True
            )
        twin = twins[kind](**{a.alias: getattr(node, a.name) for a in attrs.fields(kind)})
        assert repr(node) == repr(twin)
        checked += 1
    assert checked > 100
    assert repr(Text("Budget")) == "Text(text='Budget')"
    context = WriteContext(format="text", options=NoOptions())
    assert repr(context).startswith("WriteContext(format='text', options=NoOptions(), labels=Labels(")
    assert "sink=" not in repr(context)  # a field marked repr=False


@pytest.mark.parametrize(
    "name", ["referat-byudvalget.txt", "firstagenda-meeting.json", "sbsys-publication.xml"]
)
def test_values_are_the_values_walk_yields_in_its_order(name: str) -> None:
    """The render's check of the whole model walks it without paths: the same values, in order."""
    meeting = referatkit.read(Path(__file__).parent.parent / "examples" / name)
    walked = [value for _, value in walk(meeting)]
    assert len(walked) > 300
    assert [id(v) for v in values(meeting)] == [id(v) for v in walked]
    item = meeting.items[0]
    assert [id(v) for v in values(item)] == [id(v) for _, v in walk(item)]
