"""The print's lines into the model, without a PDF: page furniture, wraps, captions, lists.

Lines as the PDF reader gives them (page, left edge, distance from the top,
right edge, font size, bold runs), invented here.
"""

from __future__ import annotations

import pytest

import referatkit
from referatkit import ReadError
from referatkit.formats.printed._layout import drop_furniture, read_lines, to_tokens
from referatkit.formats.printed._lines import Line, Run
from referatkit.formats.tokens import BlockLine, Caption, CaseNumber, FrontField, ItemHeading, Title, TocEntry
from referatkit.model import BulletList, Decision, LineBreak, Paragraph, SectionKind, Text, TextSection

RIGHT = 520.0


class _Page:
    """Lines set top to bottom on one page, 12 points apart, 18 between paragraphs."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.y = 60.0
        self.lines: list[Line] = []

    def add(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        gap: float = 18,
        x: float = 70,
        full: bool = False,
    ) -> _Page:
        self.y += gap
        right = RIGHT if full else x + 5.0 * len(text)
        line = Line((Run(text, bold=bold),), page=self.page, x=x, y=self.y, size=size, right=right)
        self.lines.append(line)
        return self

    def furniture(self, pages: int) -> _Page:
        header = Line((Run("Byrådet 03-09-2025"),), page=self.page, x=70, y=40, size=9, right=160)
        self.lines.insert(0, header)
        self.lines.append(
            Line((Run(f"Side {self.page} af {pages}"),), page=self.page, x=450, y=800, size=9, right=520)
        )
        return self


def _document() -> list[Line]:
    front = (
        _Page(1)
        .add("REFERAT Byrådet d. 03-09-2025", size=20, bold=True)
        .add("Mødedato", bold=True)
        .add("Onsdag d. 3. september 2025 kl. 16:00", gap=12)
        .add("Indholdsfortegnelse", size=14, bold=True)
        .add("Godkendelse af dagsorden..........................2")
        .add("Ny cykelsti langs havnen med tilhørende belysning og 3", gap=12)
        .add("Lukket: Salg af grund..............................4", gap=12)
        .furniture(4)
    )
    # The cut-short entry's page is right-aligned with the others'.
    for index, line in enumerate(front.lines):
        if "...." in line.text or line.text.endswith(" og 3"):
            front.lines[index] = Line(line.runs, page=1, x=line.x, y=line.y, size=line.size, right=RIGHT)
    one = (
        _Page(2)
        .add("Punkt 1: Godkendelse af dagsorden", size=15, bold=True)
        .add("EMN-2025-000101")
        .add("Beslutninger", size=12.5, bold=True)
        .add("Godkendt.")
        .furniture(4)
    )
    two = (
        _Page(3)
        .add("Punkt 2: Ny cykelsti langs havnen med tilhørende belysning og", size=15, bold=True)
        .add("bænke", size=15, bold=True, gap=16)
        .add("EMN-2025-000202")
        .add("Bemærkninger fra rådet", size=12.5, bold=True)
        .add("Rådet støtter forslaget, som det er beskrevet i sagen, og ønsker at blive", full=True)
        .add("hørt igen.", gap=12)
        .add("Anna Jensen", gap=18)
        .add("Formand", gap=12)
        .add("• stationen", gap=18)
        .add("• havnebadet", gap=18)
        .add("Beslutninger", size=12.5, bold=True)
        .add("Vedtaget.")
        .furniture(4)
    )
    three = (
        _Page(4)
        .add("Punkt 3: Lukket: Salg af grund", size=15, bold=True)
        .add("EMN-2025-000303")
        .add("Salget godkendes.")
        .furniture(4)
    )
    return [*front.lines, *one.lines, *two.lines, *three.lines]


def test_headers_and_footers_are_dropped() -> None:
    kept = drop_furniture(_document())
    assert not any(line.text.startswith(("Side ", "Byrådet 03")) for line in kept)
    assert len(kept) == len(_document()) - 8


def test_the_lines_read_as_a_referat() -> None:
    meeting = read_lines(_document(), "<data>", referatkit.DANISH)
    assert meeting.forum.name == "Byrådet"
    assert [(i.number, i.title, i.page, i.public) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", 2, True),
        ("2", "Ny cykelsti langs havnen med tilhørende belysning og bænke", 3, True),
        ("3", "Salg af grund", 4, False),
    ]
    second = meeting.items[1]
    remarks, decision = second.sections
    assert isinstance(remarks, TextSection) and remarks.kind is SectionKind.CUSTOM
    assert remarks.caption == "Bemærkninger fra rådet"
    assert remarks.body[:2] == (
        Paragraph("Rådet støtter forslaget, som det er beskrevet i sagen, og ønsker at blive hørt igen."),
        Paragraph(("Anna Jensen", LineBreak(), "Formand")),
    )
    bullets = remarks.body[2]
    assert isinstance(bullets, BulletList)
    assert [item.content for item in bullets.items] == [(Text("stationen"),), (Text("havnebadet"),)]
    assert isinstance(decision, Decision) and decision.caption == "Beslutninger"
    (closed,) = meeting.items[2].sections
    assert isinstance(closed, Decision) and closed.body == (Paragraph("Salget godkendes."),)


def test_the_lines_are_tokens_with_their_pages() -> None:
    tokens = to_tokens(_document(), referatkit.DANISH, "referat.pdf")
    assert [type(token) for token in tokens[:3]] == [Title, FrontField, FrontField]
    title, date = tokens[:2]
    assert title.text == "REFERAT Byrådet d. 03-09-2025"
    assert isinstance(date, FrontField) and date.label == "Mødedato"
    assert date.value == "Onsdag d. 3. september 2025 kl. 16:00"
    entries = [(t.title, t.page) for t in tokens if isinstance(t, TocEntry)]
    assert ("Ny cykelsti langs havnen med tilhørende belysning og", "3") in entries
    headings = [token for token in tokens if isinstance(token, ItemHeading)]
    assert [(h.number, h.title, h.place.page) for h in headings] == [
        ("1", "Godkendelse af dagsorden", 2),
        ("2", "Ny cykelsti langs havnen med tilhørende belysning og bænke", 3),
        ("3", "Lukket: Salg af grund", 4),
    ]
    # A bold caption outside the labels' captions is a custom section's, by its font.
    captions = [(c.text, c.kind) for c in tokens if isinstance(c, Caption)]
    assert ("Bemærkninger fra rådet", SectionKind.CUSTOM) in captions
    assert any(isinstance(token, CaseNumber) for token in tokens)
    # Every token's line is its number: an error names the token, and through it the page.
    assert [token.place.line for token in tokens] == list(range(1, len(tokens) + 1))
    assert all(token.place.source == "referat.pdf" for token in tokens)
    assert any(isinstance(token, BlockLine) and token.marker is not None for token in tokens)


def test_an_error_names_the_page() -> None:
    lines = [line for line in _document() if line.text != "Onsdag d. 3. september 2025 kl. 16:00"]
    with pytest.raises(ReadError) as info:
        read_lines(lines, "referat.pdf", referatkit.DANISH)
    assert info.value.message == "side 1: uventet linje i forsiden: 'Mødedato'"
    assert str(info.value).startswith("referat.pdf: side 1: ")


def test_no_printed_module_imports_a_private_module_of_the_text_reader() -> None:
    # The printed readers give the text layout's parser tokens through its public API.
    import ast  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from referatkit.formats import printed  # noqa: PLC0415

    found = []
    for path in Path(printed.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if "text" in parts and any(p.startswith("_") for p in parts[parts.index("text") + 1 :]):
                    found.append(f"{path.name}: {node.module}")
                if parts[-1] == "text" and any(alias.name.startswith("_") for alias in node.names):
                    found.append(f"{path.name}: {node.module} {[a.name for a in node.names]}")
    assert found == []
