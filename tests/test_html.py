"""The HTML writer: semantic, safe, valid (Nu HTML Checker), accessible (axe-core in Chromium)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import struct
import subprocess
import warnings
import zlib
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis.errors import NonInteractiveExampleWarning
from lxml import html

import referatkit
from referatkit import (
    BulletList,
    Forum,
    HtmlOptions,
    Item,
    Link,
    ListItem,
    SectionKind,
    Table,
    TextSection,
)
from referatkit.cli import main
from referatkit.formats._common import caption_text, uri_reference
from referatkit.formats.html import UNSHOWABLE
from referatkit.model import Meeting, plain_text

from .conftest import EXAMPLES, SEED_000, SEED_001, BrowserTools, shared_file
from .strategies import meetings
from .support import TABLES

SOURCES = [EXAMPLES / "referat-byudvalget.txt", SEED_000, SEED_001]

# Every element the writer creates; nothing else may appear in a page.
ALLOWED = {
    "html", "head", "meta", "title", "style", "link", "body", "main", "article", "header", "footer", "nav",
    "section", "h1", "h2", "h3", "h4", "p", "span", "dl", "dt", "dd", "div", "ul", "ol", "li",
    "em", "strong", "a", "br", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def _page(meeting: Meeting, **options: object) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        page = referatkit.render(meeting, "html", **options)
    assert isinstance(page, str)
    return page


def _text(element: html.HtmlElement) -> str:
    """The text of ``element`` as a reader gets it, a line break as ``\\n``."""
    out = [element.text or ""]
    for child in element:
        out.append("\n" if child.tag == "br" else _text(child))
        out.append(child.tail or "")
    return "".join(out)


def _shown(text: str) -> str:
    return UNSHOWABLE.sub("\ufffd", text)


def test_the_page_and_its_structure() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    page = _page(meeting)
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">')
    root = html.fromstring(page)
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert root.findtext(".//title") == "REFERAT Byudvalget d. 14-01-2025"
    assert "break-before: page" in root.findtext(".//style")  # print CSS: each item on a new page
    assert [_text(h) for h in root.iter("h1")] == ["REFERAT Byudvalget d. 14-01-2025"]
    items = root.xpath("//section[contains(@class, 'punkt')]")
    assert [s.get("id") for s in items] == [f"punkt-{n}" for n in range(1, 7)]
    assert [_text(s.find("h2")) for s in items] == [
        f"Punkt {i.number}: {i.full_title}" for i in meeting.items
    ]
    assert len(root.findall(".//h2")) == len(meeting.items)
    for section_element, item in zip(items, meeting.items, strict=True):
        assert [_text(h) for h in section_element.xpath("section/h3")] == [
            caption_text(s, referatkit.DANISH) for s in item.sections
        ]
    assert root.xpath("//nav//a/@href") == [f"#punkt-{n}" for n in range(1, 7)]
    item2 = root.get_element_by_id("punkt-2")
    assert item2.xpath("section[@id='punkt-2-indstilling']/ol[@class='at-punkter']/li/@id") == [
        "punkt-2-indstilling-1",
        "punkt-2-indstilling-2",
    ]
    assert item2.xpath(".//ul/li/ul/li")  # a nested list
    assert item2.xpath(".//em") and root.xpath("//strong")
    # A numbered list that continues after a paragraph keeps its count.
    assert root.xpath("//section[@id='punkt-3-sagsfremstilling']/ol/@start") == ["3"]
    assert _page(meeting) == page  # deterministic


def test_fragment_stylesheet_header_footer_and_labels() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    fragment = _page(meeting, options=HtmlOptions(fragment=True))
    assert fragment.startswith('<article class="referat" lang="da">') and "<html" not in fragment
    labels = attrs.evolve(referatkit.DANISH, item="Sag", contents="Sager på mødet")
    page = _page(
        meeting,
        labels=labels,
        options=HtmlOptions(
            stylesheet="h2 { color: #114411; }",
            header='<p class="kommune">Eksempel Kommune</p>',
            footer="<p>Kontakt: <a href='mailto:post@example.dk'>post@example.dk</a></p>",
        ),
    )
    root = html.fromstring(page)
    assert root.xpath("//header[@class='sidehoved']/p[@class='kommune']/text()") == ["Eksempel Kommune"]
    assert root.xpath("//footer[@class='sidefod']//a/@href") == ["mailto:post@example.dk"]
    assert root.xpath("//style[@class='egen']/text()") == ["h2 { color: #114411; }"]
    assert _text(root.find(".//h2")).startswith("Sag 1: ")
    assert root.xpath("//nav/p/text()") == ["Sager på mødet"]


def test_closed_items_are_not_published_unless_asked() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    secret = attrs.evolve(meeting.items[1], public=False, public_title="Trafiksag")
    closed = attrs.evolve(meeting, items=(meeting.items[0], secret))
    page = referatkit.render(closed, "html")  # the public edition: nothing to warn about
    assert "Engholmskolen" not in page and "Tranevænget" not in page
    root = html.fromstring(page)
    assert _text(root.get_element_by_id("punkt-2").find("h2")) == "Punkt 2: Trafiksag"
    assert root.get_element_by_id("punkt-2").findtext("p") == "Lukket punkt"
    shown = _page(closed, edition="full")
    assert "Tranevænget" in shown
    # Without a neutral title, the public page does not show the real one either.
    untitled = attrs.evolve(closed, items=(meeting.items[0], attrs.evolve(secret, public_title=None)))
    root = html.fromstring(_page(untitled))
    assert _text(root.get_element_by_id("punkt-2").find("h2")) == "Punkt 2: Lukket punkt"
    assert "Engholmskolen" not in _page(untitled)


def _with_attachments(meeting: Meeting, *attachments: referatkit.Attachment) -> Meeting:
    item = attrs.evolve(meeting.items[0], sections=(referatkit.AttachmentList(attachments),))
    return attrs.evolve(meeting, items=(item,))


def test_a_closed_attachment_of_an_open_item_is_never_named() -> None:
    meeting = _with_attachments(
        referatkit.read(EXAMPLES / "referat-byudvalget.txt"),
        referatkit.Attachment(title="Tegning af skolen", file_name="tegning.pdf"),
        referatkit.Attachment(title="Lønoversigt Hansen", public=False, file_name="loen-hansen.pdf"),
    )
    page = _page(meeting)
    assert "Hansen" not in page and "loen-hansen" not in page
    listed = [_text(li) for li in html.fromstring(page).xpath("//ul[@class='bilag']/li")]
    assert listed == ["Tegning af skolen (tegning.pdf)", "Lukket bilag"]
    counted = attrs.evolve(referatkit.DANISH, closed_attachments="count")
    listed = [
        _text(li) for li in html.fromstring(_page(meeting, labels=counted)).xpath("//ul[@class='bilag']/li")
    ]
    assert listed == ["Tegning af skolen (tegning.pdf)", "Lukket bilag"]
    omitted = attrs.evolve(referatkit.DANISH, closed_attachments="omit")
    listed = [
        _text(li) for li in html.fromstring(_page(meeting, labels=omitted)).xpath("//ul[@class='bilag']/li")
    ]
    assert listed == ["Tegning af skolen (tegning.pdf)"]
    assert "Lønoversigt Hansen (lukket bilag, loen-hansen.pdf)" in _page(meeting, edition="full")


def test_attachments_link_to_the_portal_and_a_fragment_shifts_its_headings() -> None:
    meeting = _with_attachments(
        referatkit.read(EXAMPLES / "referat-byudvalget.txt"),
        referatkit.Attachment(title="Tegning af skolen", file_name="tegning af skolen.pdf"),
        referatkit.Attachment(title="Notat uden fil"),
    )
    options = HtmlOptions(
        fragment=True, attachment_base_url="https://dagsorden.example.dk/bilag/", top_heading=2
    )
    root = html.fromstring(_page(meeting, options=options))
    links = root.xpath("//ul[@class='bilag']/li/a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("Tegning af skolen", "https://dagsorden.example.dk/bilag/tegning%20af%20skolen.pdf")
    ]
    assert not root.xpath("//h1") and len(root.xpath("//h2")) == 1
    assert len(root.xpath("//h3")) == len(meeting.items)
    assert root.xpath("//section[contains(@class, 'punkt')]/section/h4")
    with pytest.raises(ValueError, match="top_heading"):
        HtmlOptions(top_heading=4)  # type: ignore[arg-type]


def _linked_table_caption() -> Meeting:
    """A table whose caption and a cell both hold a link: the caption is shown first."""
    table = Table(
        [["", referatkit.TableCell([BulletList([ListItem([Link("celle", "https://a.example/celle")])])])]],
        caption=["Tabel med ", Link("titel", "https://a.example/titel")],
    )
    return Meeting(
        forum=Forum(name="Byudvalget"),
        kind=referatkit.DocumentKind.AGENDA,
        start=referatkit.localize(dt.datetime(2025, 1, 14, 16, 0)),
        items=[
            Item(number="1", title="Budget", sections=[TextSection(kind=SectionKind.OCCASION, body=[table])])
        ],
    )


@settings(max_examples=150)
@given(meetings())
@example(_linked_table_caption())
def test_any_meeting_reads_back_as_its_text_and_nothing_else(meeting: Meeting) -> None:
    """Model text (with <script>, &, quotes, any character) comes back as text, never as markup."""
    page = _page(meeting, edition="full")
    assert page == _page(meeting, edition="full")
    root = html.fromstring(page)
    assert {e.tag for e in root.iter() if isinstance(e.tag, str)} <= ALLOWED
    assert not [a for e in root.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
    items = root.xpath("//section[contains(@class, 'punkt')]")
    assert len(items) == len(meeting.items)
    for element, item in zip(items, meeting.items, strict=True):
        assert _text(element.find("h2")) == _shown(f"Punkt {item.number}: {item.full_title}")
        expected = [
            _shown(plain_text(block.content))
            for section in item.sections
            for block in getattr(section, "body", ())
            if isinstance(block, referatkit.Paragraph)
        ]
        assert [_text(p) for p in element.xpath("section/p[not(@class)]")] == expected
        links = [
            uri_reference(_shown(node.target))
            for _, node in referatkit.model.walk(item)
            if isinstance(node, referatkit.Link)
        ]
        assert element.xpath(".//section//a/@href") == links


# --- the Nu HTML Checker and a real browser -------------------------------------------------


def _blank_links(meeting: Meeting) -> Meeting:
    """Links whose text is only white space (found by a generated meeting: axe's link-name)."""
    blank = [
        referatkit.Link(text, target=f"https://example.dk/{n}")
        for n, text in enumerate(("\u3000", "\u2028", " \u200b"))
    ]
    section = referatkit.TextSection(
        referatkit.SectionKind.PRESENTATION, [referatkit.Paragraph(["Se ", *blank])]
    )
    return attrs.evolve(meeting, items=(attrs.evolve(meeting.items[0], sections=(section,)),))


def test_a_link_without_visible_text_is_named_by_its_target() -> None:
    page = html.fromstring(_page(_blank_links(referatkit.read(EXAMPLES / "referat-byudvalget.txt"))))
    assert page.xpath("//section//a/@aria-label") == [f"https://example.dk/{n}" for n in range(3)]
    assert not html.fromstring(_page(referatkit.read(EXAMPLES / "referat-byudvalget.txt"))).xpath(
        "//@aria-label[starts-with(., 'http')]"
    )


def test_the_page_links_to_the_websites_own_stylesheet(tmp_path: Path) -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    address = "https://www.kommune.dk/css/referat.css?v=2&x=1"
    page = html.fromstring(_page(meeting, options=HtmlOptions(stylesheet="p {}", stylesheet_url=address)))
    head = page.find("head")
    assert [(e.tag, e.get("class"), e.get("href")) for e in head if e.tag in ("style", "link")] == [
        ("style", None, None),
        ("style", "egen", None),
        ("link", None, address),  # after the built-in and the caller's CSS: the site's own wins
    ]
    assert head.find("link").get("rel") == "stylesheet"
    assert html.fromstring(_page(meeting)).find("head/link") is None
    fragment = referatkit.render(meeting, "html", options=HtmlOptions(fragment=True, stylesheet_url=address))
    assert address not in fragment  # a CMS page links its own stylesheets
    with pytest.raises(ValueError, match="stylesheet_url skal være en adresse uden mellemrum"):
        HtmlOptions(stylesheet_url="https://x.dk/a b.css")
    out = tmp_path / "r.html"
    assert (
        main(["convert", "-q", str(EXAMPLES / "referat-byudvalget.txt"), str(out), "--css-url", address]) == 0
    )
    assert f'<link rel="stylesheet" href="{address.replace("&", "&amp;")}">' in out.read_text(
        encoding="utf-8"
    )


def test_tables_have_captions_column_headers_and_aligned_amounts() -> None:
    page = html.fromstring(_page(referatkit.read(TABLES)))
    amounts, budget = page.xpath("//section[contains(@class, 'afsnit')]//table")
    assert _text(amounts.find("caption")) == "Anlæg 2024 i løbende priser"
    head = amounts.find("thead/tr")
    assert [(c.tag, c.get("scope"), _text(c)) for c in head] == [("td", None, ""), ("th", "col", "Mio. kr.")]
    rows = amounts.findall("tbody/tr")
    assert [[_text(c) for c in row] for row in rows][-1] == ["I alt", "14,50"]
    assert {row[1].get("class") for row in rows} == {"hoejre"}
    assert budget.xpath("thead/tr/th[@colspan='2']/p/text()") == ["Budget"]
    assert budget.xpath("tbody/tr/td[@rowspan='2']/p/text()") == ["Skoler"]
    assert budget.xpath("tbody/tr/td[@class='midt']/p/text()") == ["2026", "2,0", "0,5"]


def _pages(tmp_path: Path) -> list[Path]:
    written = []
    sources = [referatkit.read(shared_file(p)) for p in SOURCES]
    sources.append(referatkit.read(TABLES))
    with warnings.catch_warnings():  # a few generated meetings besides the real ones
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        generated = [meetings().example() for _ in range(4)]
    for index, meeting in enumerate([*sources, _blank_links(sources[0]), *generated]):
        path = tmp_path / f"side{index}.html"
        path.write_text(_page(meeting), encoding="utf-8")
        written.append(path)
    return written


def test_pages_are_valid_html(tmp_path: Path, vnu: list[str]) -> None:
    pages = _pages(tmp_path)
    done = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []
    assert done.returncode == 0


def _png_pixels(path: Path) -> bytes:
    """The decompressed image rows of a PNG (enough to see whether it is blank)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    return zlib.decompress(b"".join(chunks))


def test_pages_in_chromium_are_accessible_and_navigable(tmp_path: Path, chromium_tools: BrowserTools) -> None:
    pages = _pages(tmp_path)
    done = subprocess.run(
        [chromium_tools.node, str(chromium_tools.folder / "check.mjs"), str(tmp_path), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=chromium_tools.folder,
        env={**os.environ, "REFERATKIT_CHROMIUM": chromium_tools.chromium},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(pages)
    assert results[0]["click"]["before"] > results[0]["click"]["height"]  # the example must scroll
    for result in results:
        assert result["axe"] == [], result["file"]  # no WCAG 2.1 A/AA violation
        click = result["click"]
        if click is not None:
            # The table of contents link took the reader to the item's heading.
            assert click["hash"] == f"#{click['target']}"
            # (within a pixel: the browser scrolls the section to the top, sub-pixel rounding aside)
            assert -1 <= click["top"] < click["height"] and click["bottom"] <= click["height"]
            if click["before"] >= click["height"]:  # it was below the fold: the page scrolled to it
                assert click["scrollY"] > 0
        pixels = _png_pixels(Path(result["screenshot"]))
        assert len(set(pixels[1:4000])) > 2  # not a blank page


def test_bespoke_layout_example_runs(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("html_layout", EXAMPLES / "html_layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page, fragment = module.main(tmp_path)
    root = html.fromstring(page.read_text(encoding="utf-8"))
    assert root.xpath("//header[@class='sidehoved']/p[@class='kommune']/text()") == ["Eksempel Kommune"]
    assert "#0d4a2f" in root.xpath("//style[@class='egen']/text()")[0]
    assert _text(root.find(".//h2")).startswith("Sag 1: ")
    assert fragment.read_text(encoding="utf-8").startswith("<article")
