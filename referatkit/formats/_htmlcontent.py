"""HTML content as model rich text and sections: the case systems' exports (docs/esdh.md)
and FirstAgenda's publication portal (docs/firstagenda.md) read it alike.

HTML (SBSYS, Fujitsu, Acadre) is parsed with lxml.html, which reads what
the case systems write: unquoted attributes, unclosed tags, named entities
(``&aelig;``, ``&nbsp;``). Paragraphs, headings, lists, emphasis, strong,
line breaks and links map to the model; spans, fonts and styles carry no
content and fall away; an image becomes its alternative text, with a
:class:`~referatkit.ReadWarning`. A table becomes a :class:`~referatkit.Table`
(see docs/esdh.md): a row whose cells each hold N paragraphs that pair up is N
rows, a one-cell layout table is its content, spans that do not fit are cut,
and a table where the model holds none (in a cell, a list item) is a
paragraph per row, with a warning.

Plain text (eDoc's full text, SBSYS "Multiline" fields) becomes paragraphs
at blank lines, with the line breaks inside a paragraph kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Literal, cast

import attrs
from lxml import etree

from .._repr import fields_repr
from ..l10n import Labels, month_number
from ..model import (
    Alignment,
    Block,
    BulletList,
    CellBlock,
    Clause,
    Decision,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    Recommendation,
    SectionKind,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    TextSection,
    has_visible_text,
    inlines,
    plain_text,
)
from ..model._richtext import MAX_SPAN, table_grid
from ._build import attributes
from ._limits import (
    COST_HTML_TAG,
    COST_TEXT_LINE,
    MAX_DEPTH,
    MAX_FIELD_TAGS,
    MAX_HTML_ATTRIBUTES,
    budget_source,
    charge,
    over,
)
from ._richxml import append_text

__all__ = [
    "MAX_CAPTION",
    "Part",
    "captioned_parts",
    "clean_line",
    "decision_caption",
    "html_blocks",
    "html_line",
    "html_root",
    "localname",
    "over_limits",
    "parse_date",
    "recommendation",
    "section",
    "text_blocks",
]

Warn = Callable[[str], None]


def localname(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def clean_line(text: str | None) -> str | None:
    """One line of text with runs of white space made one space; ``None`` when empty."""
    if text is None:
        return None
    # str.split() parts at the white space ``\s`` matches, and strip() strips it.
    return " ".join(text.split()) or None


_LONG_DATE = re.compile(r"(?P<day>\d{1,2})\.? (?P<month>[A-Za-zÆØÅæøå]+)\.? (?P<year>\d{4})")


def parse_date(text: str) -> dt.date | None:
    """A date as the exports write one in captions: 10-04-2013, 04.12.2012, 3. maj 2024."""
    value = text.strip()
    for pattern in ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    match = _LONG_DATE.fullmatch(value)
    if match:
        month = month_number(match["month"])
        if month is not None:
            try:
                return dt.date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                return None
    return None


_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tfoot tr td th caption blockquote pre "
    "address center section article header footer dl dt dd hr form fieldset figure figcaption".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_TABLE_PARTS = frozenset("table thead tbody tfoot tr td th caption".split())
#: Elements that carry no content of their own: text in them is plain text.
_PLAIN_WRAPPERS = frozenset({"span", "font"})
#: Inline elements that wrap their content in a model node (a link without a target wraps none).
_EMPHASIS = frozenset({"em", "i", "cite", "var", "dfn"})
_WRAPPING = _EMPHASIS | {"strong", "b", "a"}


def _shown(element: etree._Element) -> str:
    """The text in ``element`` (``"".join(element.itertext())``, its tail left out), joined by lxml."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _plain(element: etree._Element) -> bool:
    """Whether everything inside ``element`` is text or plain wrappers (no markup that means something)."""
    if not len(element):  # the most common case: text alone
        return True
    for inner in element.iterdescendants():
        tag = inner.tag
        if tag not in _PLAIN_WRAPPERS and (not isinstance(tag, str) or tag.lower() not in _PLAIN_WRAPPERS):
            return False
    return True


_SKIP = frozenset("script style head title meta link object embed iframe noscript".split())
#: The blocks :meth:`_Html.block` makes a paragraph of at once when they hold text alone.
_PARAGRAPH_TAGS = _BLOCK_TAGS - _TABLE_PARTS - _HEADINGS - {"ul", "ol", "hr"}


def _plain_blocks(element: etree._Element) -> tuple[Paragraph, ...] | None:
    """The paragraphs of a table cell when it holds blocks of text alone (``<td> <div>Beløb</div>
    </td>``), white space between them: what :class:`_Html` makes of its content, at once;
    ``None`` when it holds anything else."""
    text = element.text
    if text and text.strip(_WHITE):
        return None
    out: list[Paragraph] = []
    for child in element:
        kind = child.tag
        if not isinstance(kind, str) or (_TAG_NAMES.get(kind) or _tag(child)) not in _PARAGRAPH_TAGS:
            return None
        tail = child.tail
        if (tail and tail.strip(_WHITE)) or not _plain(child):
            return None
        shown = _collapse_strip(_shown(child) if len(child) else child.text or "")
        if shown:
            out.append(Paragraph((Text(shown),)))
    return tuple(out)


_COLLAPSE = re.compile(r"[ \t\n\r\f\v]+")
# The runs of white space ``_COLLAPSE`` matches that are not one space already: replacing only
# them changes the text as ``_COLLAPSE.sub(" ", text)`` does, without a new string for each
# single space between two words (most of the white space of a text).
_RUNS = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
_WHITE = " \t\n\r\f\v"


def _has_runs(text: str) -> bool:
    """Whether ``_RUNS`` finds anything in ``text``: told by ``in``, faster than the pattern."""
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text


def _collapse(text: str) -> str:
    """``text`` with each run of white space made one space (``_COLLAPSE``)."""
    return _RUNS.sub(" ", text) if _has_runs(text) else text


def _collapse_strip(text: str) -> str:
    """``_COLLAPSE.sub(" ", text).strip()``."""
    return (_RUNS.sub(" ", text) if _has_runs(text) else text).strip()


class _Html:
    """Turns one HTML fragment into model blocks."""

    def __init__(self, warn: Warn, context: Literal["flow", "cell", "inline"] = "flow") -> None:
        self.warn = warn
        #: where the blocks go: a section's flow holds tables, a cell or a line does not
        self.context = context
        self.blocks: list[Block] = []
        #: the paragraph being built: nodes, and texts as they come (str, made one Text each
        #: run when the line is done)
        self.line: list[Inline | str] = []
        self.breaks = 0  # <br>s in a row at the end of ``line``
        self.told: set[str] = set()
        #: The emphasis, strong and link nodes :func:`_wrap` made here, by id (the node kept,
        #: so that its id is not reused): each holds visible text and begins and ends with it,
        #: so neither has to be looked for inside it again at each level of nesting above it.
        #: (That was done: 99 nested <strong> cost 99 times 99 steps, 1.2 s for a field of
        #: 50,000 tags.)
        self.wrapped: dict[int, Inline] = {}

    def tell(self, what: str, message: str) -> None:
        if what not in self.told:
            self.told.add(what)
            self.warn(message)

    # -- paragraphs -------------------------------------------------------

    def flush(self, kind: type[Paragraph] | type[Heading] = Paragraph) -> None:
        line = self.line
        self.breaks = 0
        if not line:
            return
        self.line = []
        texts: list[str] = []
        for node in line:
            if isinstance(node, str):
                texts.append(node)
            elif isinstance(node, Text):
                texts.append(node.text)
            else:
                break
        else:
            # The common case, text alone: joined and trimmed at once, as _trim does it.
            text = "".join(texts).strip()
            if "  " in text:
                text = _SPACES.sub(" ", text)
            if text:
                self.blocks.append(kind((Text(text),)))
            return
        content = _trim(line)
        if has_visible_text(content):
            self.blocks.append(kind(content))

    def inline(self, node: Inline) -> None:
        if isinstance(node, LineBreak):
            self.breaks += 1
            if self.breaks == 2:  # <br><br>: a paragraph break
                self.line = self.line[:-1]
                self.flush()
                self.breaks = 0
                return
        elif not (isinstance(node, Text) and not node.text.strip(" ")):
            self.breaks = 0
        self.line.append(node)

    def push_text(self, text: str) -> None:
        """``self.inline(Text(_collapse(text)))`` for a non-empty ``text``, the text kept as it is."""
        shown = _collapse(text)
        if shown.strip(" "):
            self.breaks = 0
        self.line.append(shown)

    def line_shows_text(self) -> bool:
        """``has_visible_text`` of the line being built."""
        return any(
            node.strip(" \t\n") if isinstance(node, str) else has_visible_text((node,)) for node in self.line
        )

    # -- walking -------------------------------------------------------------

    def block(self, element: etree._Element, tag: str | None = None) -> None:
        """The content of ``element`` (its tail is the caller's); ``tag`` its name (``_tag``)
        when the caller has it."""
        if tag is None:
            tag = _TAG_NAMES.get(element.tag) or _tag(element)
        if tag in _SKIP:
            return  # scripts, styles: no content of the document
        if tag not in _BLOCK_TAGS:
            self.stream(element, tag)
        elif tag in ("ul", "ol"):
            self.flush()
            built = self.make_list(element)
            if built is not None:
                self.blocks.append(built)
        elif tag == "table":
            self.flush()
            self.table(element)
        elif tag == "hr":
            self.flush()
        else:
            if self.line:
                self.flush()
            else:
                self.breaks = 0
            children = len(element)
            if tag not in _TABLE_PARTS and (not children or _plain(element)):
                # The common case, a block of plain text (wrapped in spans): built at once,
                # as the steps below would build it.
                text = _collapse_strip(_shown(element) if children else element.text or "")
                if text:
                    self.blocks.append((Heading if tag in _HEADINGS else Paragraph)((Text(text),)))
                return
            self.text(element.text)
            for child in element:
                self.node(child)
            self.flush(Heading if tag in _HEADINGS else Paragraph)

    def node(self, element: etree._Element, tag: str | None = None) -> None:
        """``element`` and the text after it (``tag`` as for :meth:`block`)."""
        if tag is not None:
            self.block(element, tag)
        elif isinstance(kind := element.tag, str):  # not a comment or processing instruction
            self.block(element, _TAG_NAMES.get(kind) or _tag(element))
        tail = element.tail
        if tail and (self.line or tail.strip(_WHITE)):  # white space before a line is none
            self.push_text(tail)

    def text(self, text: str | None) -> None:
        if text and (self.line or text.strip(_WHITE)):  # white space before a line is none
            self.push_text(text)

    def stream(self, element: etree._Element, tag: str) -> None:
        """An inline element's content into the line, node by node: what
        ``for node in self.inlines(element): self.inline(node)`` does, without the lists of
        the elements that wrap nothing (spans, fonts)."""
        if tag in _WRAPPING or tag in ("br", "img"):
            for node in self.inlines(element):
                self.inline(node)
            return
        if text := element.text:
            self.push_text(text)
        for child in element:
            kind = child.tag
            if isinstance(kind, str):
                name = _TAG_NAMES.get(kind) or _tag(child)
                if name in _SKIP:
                    pass
                elif name in _BLOCK_TAGS:
                    for node in self.block_in_line(child):
                        self.inline(node)
                else:
                    self.stream(child, name)
            if tail := child.tail:
                self.push_text(tail)

    def block_in_line(self, child: etree._Element) -> list[Inline]:
        """A block inside an inline element: its text on a line of its own."""
        inner = _Html(self.warn, context="inline")
        inner.block(child)
        inner.flush()
        content: list[Inline] = []
        for built in inner.blocks:
            content.append(LineBreak())
            content.extend(_block_inlines(built))
        self.told |= inner.told
        return content

    def inlines(self, element: etree._Element) -> list[Inline]:
        """The inline content of an inline element (its tail excluded)."""
        tag = _tag(element)
        if tag in _SKIP:
            return []
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            alt = clean_line(element.get("alt"))
            self.tell(
                "img",
                "et billede i feltet er ikke med i modellen" + (f"; alt-teksten {alt!r} er" if alt else ""),
            )
            return [Text(alt)] if alt else []
        content: list[Inline] = []
        if element.text:
            content.append(Text(_collapse(element.text)))
        for child in element:
            if not isinstance(child.tag, str):
                pass
            elif _tag(child) in _BLOCK_TAGS:
                content.extend(self.block_in_line(child))
            else:
                content.extend(self.inlines(child))
            if child.tail:
                content.append(Text(_collapse(child.tail)))
        if not any(self.wrapped.get(id(node)) is node for node in content) and not has_visible_text(content):
            return content
        if tag in _EMPHASIS:
            return _wrap(Emphasis, content, self.wrapped)
        if tag in ("strong", "b"):
            return _wrap(Strong, content, self.wrapped)
        if tag == "a":
            target = _COLLAPSE.sub(" ", element.get("href") or "").strip()
            if target:
                return _wrap(lambda inner: Link(_no_links(list(inner)), target), content, self.wrapped)
        return content

    def make_list(self, element: etree._Element) -> BulletList | OrderedList | None:
        items: list[ListItem] = []
        loose = _Html(self.warn, context="inline")  # text or markup between the <li>s: an item of its own

        def flush_loose() -> None:
            loose.flush()
            content = _join(loose.blocks)
            loose.blocks.clear()
            if has_visible_text(content):
                items.append(ListItem(content))

        loose.text(element.text)
        for child in element:
            if isinstance(child.tag, str) and _tag(child) == "li":
                flush_loose()
                items.extend(self.list_item(child))
                loose.text(child.tail)
            else:
                loose.node(child)
        flush_loose()
        self.told |= loose.told
        if not items:
            return None
        if _tag(element) == "ol":
            start = element.get("start", "1").strip()
            number = int(start) if _START.fullmatch(start) else 1
            return OrderedList(items, start=number)
        return BulletList(items)

    def list_item(self, element: etree._Element) -> list[ListItem]:
        if _plain(element):  # the common case, text alone: one item, as below
            text = _collapse_strip(_shown(element) if len(element) else element.text or "")
            return [ListItem((Text(text),) if text else ())]
        inner = _Html(self.warn, context="inline")
        # The item's content before each of its sublists, and after the last one.
        runs: list[tuple[tuple[Inline, ...], BulletList | OrderedList | None]] = []
        inner.text(element.text)
        for child in element:
            if isinstance(child.tag, str) and _tag(child) in ("ul", "ol"):
                inner.flush()
                built = inner.make_list(child)
                if built is not None:
                    runs.append((_join(inner.blocks), built))
                    inner.blocks = []
                inner.text(child.tail)
            else:
                inner.node(child)
        inner.flush()
        self.told |= inner.told
        runs.append((_join(inner.blocks), None))
        # The model holds one sublist per item, after its content. Content after a sublist is
        # an item of its own (with the sublist after it), so that nothing changes its order; a
        # further sublist with no content before it gives its items as items of their own.
        content, sublist = runs[0]
        out = [ListItem(content, sublist)]
        for content, sublist in runs[1:]:
            if has_visible_text(content):
                out.append(ListItem(content, sublist))
            elif sublist is not None:
                out.extend(sublist.items)
        return out

    def table(self, element: etree._Element) -> None:
        """A table: a ``Table`` in the flow; flattened to a paragraph per row where
        the model holds no table (in a table cell, a list item, inline markup)."""
        caption: list[Inline] = []
        rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]] = []
        header = 0
        for part in self._parts(element, ("tr", "caption"), ("thead", "tbody", "tfoot")):
            tag = _tag(part)
            if tag == "caption":
                caption.extend([LineBreak(), *self._content_of(part)] if caption else self._content_of(part))
            elif tag != "tr":  # text or markup between the rows: a row of its own
                rows.append([(part, self._cell(part))])
            else:
                cells = [(cell, self._cell(cell)) for cell in self._parts(part, ("td", "th"), ())]
                if not cells:
                    self.tell(
                        "empty-row", "en tabelrække uden celler i feltet er udeladt (den har intet indhold)"
                    )
                    continue
                parent = part.getparent()
                in_head = parent is not None and _tag(parent) == "thead"
                all_th = all(isinstance(c.tag, str) and _tag(c) == "th" for c, _ in cells)
                if header == len(rows) and (in_head or all_th):
                    header += 1
                rows.append(cells)
        if not rows:
            if has_visible_text(caption):
                self.blocks.append(Paragraph(_trim(caption)))
            return
        if len(rows) == 1 and len(rows[0]) == 1 and not has_visible_text(caption):
            # A one-cell layout table: its content, not a table.
            self.blocks.extend(rows[0][0][1])
            return
        if self.context != "flow":
            self._flat_table(caption, rows)
            return
        self.blocks.append(self._build_table(caption, rows, header))

    def _flat_table(
        self, caption: list[Inline], rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]]
    ) -> None:
        self.tell("nested-table", "en tabel inde i en tabel eller en liste er læst som et afsnit pr. række")
        if has_visible_text(caption):
            self.blocks.append(Paragraph(_trim(caption)))
        for row in rows:
            content: list[Inline] = []
            for _, body in row:
                text = _join(body)
                if has_visible_text(text):
                    if content:
                        content.append(Text(" | "))
                    content.extend(text)
            if has_visible_text(content):
                self.blocks.append(Paragraph(inlines(content)))

    def _cell(self, element: etree._Element) -> tuple[CellBlock, ...]:
        if _plain(element):  # the common case, text alone: one paragraph, as below
            text = _collapse_strip(_shown(element))
            return (Paragraph((Text(text),)),) if text else ()
        plain_blocks = _plain_blocks(element)
        if plain_blocks is not None:  # the next most common: blocks of text alone, as below
            return plain_blocks
        inner = _Html(self.warn, context="cell")
        inner.text(element.text)
        for child in element:
            inner.node(child)
        inner.flush()
        self.told |= inner.told
        out: list[CellBlock] = []
        for block in inner.blocks:
            if isinstance(block, Heading):  # a heading in a cell is its bold line
                out.append(Paragraph(Strong(block.content)))
            elif isinstance(block, Table):  # cannot happen: a cell's tables are flattened
                raise AssertionError("a table inside a table cell")
            else:
                out.append(block)
        return tuple(out)

    def _build_table(
        self,
        caption: list[Inline],
        rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]],
        header: int,
    ) -> Table:
        spans = [[(_span(c, "colspan"), _span(c, "rowspan")) for c, _ in row] for row in rows]
        plain = all(span == (1, 1) for row in spans for span in row)
        if not header and len(rows) > 1 and len(rows[0]) > 1:
            # An empty top-left corner above filled cells: the column headings.
            first = rows[0]
            if not first[0][1] and all(body for _, body in first[1:]):
                header = 1
        # The pairing rule: a row whose every cell holds N paragraphs that pair up
        # one to one (N names in one cell, N amounts in the next) is N rows.
        paired: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]] = []
        for r, row in enumerate(rows):
            counts = {len(body) for _, body in row}
            n = counts.pop() if len(counts) == 1 else 0
            if (
                plain
                and r >= header
                and len(row) > 1
                and n > 1
                and all(isinstance(b, Paragraph) for _, body in row for b in body)
            ):
                paired.extend([[(cell, (body[i],)) for cell, body in row] for i in range(n)])
            else:
                paired.append(row)
        if plain:  # rows paired up are still without spans
            table_rows, fitted = _fit_plain(paired)
            grid = tuple(tuple(enumerate(row.cells)) for row in table_rows)
        else:
            table_rows, fitted = _fit(paired, spans, header)
            grid = table_grid(table_rows)
        if not fitted:
            self.tell(
                "spans",
                "en tabel i feltet, hvis celler ikke passer i et gitter, er rettet til med tomme celler",
            )
        return Table(
            table_rows,
            header_rows=header,
            alignments=_alignments(paired, grid, header),
            caption=_trim(caption),
        )

    def _parts(
        self, element: etree._Element, tags: tuple[str, ...], groups: tuple[str, ...]
    ) -> list[etree._Element]:
        """The children of ``element`` with one of ``tags`` (looking into ``groups``); any
        text or markup between them is wrapped in an element of its own, so none is lost."""
        children = list(element)
        if not (element.text or "").strip() and all(
            isinstance(child.tag, str) and _tag(child) in tags and not (child.tail or "").strip()
            for child in children
        ):
            return children  # the common case (a row of cells): nothing between them
        out: list[etree._Element] = []
        pending = etree.Element("span")

        def close() -> None:
            nonlocal pending
            if (pending.text or "").strip() or len(pending):  # not white space alone
                out.append(pending)
                pending = etree.Element("span")

        def add_text(text: str | None) -> None:
            if text:
                if len(pending):
                    pending[-1].tail = (pending[-1].tail or "") + text
                else:
                    pending.text = (pending.text or "") + text

        def walk(parent: etree._Element) -> None:
            add_text(parent.text)
            for child in list(parent):
                tail = child.tail
                if isinstance(child.tag, str) and _tag(child) in tags:
                    close()
                    out.append(child)
                elif isinstance(child.tag, str) and _tag(child) in groups:
                    walk(child)
                elif isinstance(child.tag, str):
                    try:
                        copy = etree.SubElement(pending, child.tag, dict(attributes(child)))
                    except ValueError:  # a name lxml's HTML parser took but XML forbids ("td'")
                        copy = etree.SubElement(pending, "span")
                    copy.text = child.text
                    copy.extend(list(child))  # moves the grandchildren: the input tree is ours
                add_text(tail)

        walk(element)
        close()
        return out

    def _content_of(self, element: etree._Element) -> tuple[Inline, ...]:
        inner = _Html(self.warn, context="inline")
        inner.text(element.text)
        for child in element:
            inner.node(child)
        inner.flush()
        self.told |= inner.told
        return _join(inner.blocks)


# Each tag's local name in lower case, by the tag as lxml gives it (a few dozen in practice).
_TAG_NAMES: dict[object, str] = {}


def _tag(element: etree._Element) -> str:
    tag = element.tag
    name = _TAG_NAMES.get(tag)
    if name is None:
        name = localname(element).lower()
        if isinstance(tag, str) and len(_TAG_NAMES) < 10_000:  # what an input invents is not kept without end
            _TAG_NAMES[tag] = name
    return name


def _lines(groups: Iterable[Sequence[Inline]]) -> list[Inline]:
    """The groups one after another, with a line break before each once there is content."""
    out: list[Inline] = []
    for group in groups:
        if out:
            out.append(LineBreak())
        out.extend(group)
    return out


def _block_inlines(block: Block) -> list[Inline]:
    if isinstance(block, Paragraph | Heading):
        return list(block.content)
    if isinstance(block, Table):  # a row a line, its cells parted by " | "
        return _lines(_row_inlines(row) for row in block.rows)
    return _lines(_list_lines(block))


def _list_lines(block: BulletList | OrderedList) -> Iterator[Sequence[Inline]]:
    """Each item's content, its sublist's items after it: nothing of a nested list is left out."""
    for item in block.items:
        yield item.content
        if item.sublist is not None:
            yield from _list_lines(item.sublist)


def _row_inlines(row: TableRow) -> list[Inline]:
    out: list[Inline] = []
    for cell in row.cells:
        content = _join(cell.body)
        if has_visible_text(content):
            if out:
                out.append(Text(" | "))
            out.extend(content)
    return out


# --- tables ------------------------------------------------------------------------

_AMOUNT = re.compile(r"[-+−]?\s*\d[\d.,' \u00a0]*(?:\s*%)?|[-–]")
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center|start|end|justify)", re.I)
_ALIGN_VALUES = {
    "left": Alignment.LEFT,
    "start": Alignment.LEFT,
    "justify": Alignment.LEFT,
    "right": Alignment.RIGHT,
    "end": Alignment.RIGHT,
    "center": Alignment.CENTER,
    "middle": Alignment.CENTER,
}


def _span(element: etree._Element, name: str) -> int:
    value = (element.get(name) or "").strip()
    return min(int(value), MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


#: The classes referatkit's own HTML and Akoma Ntoso give a cell of an aligned column.
_ALIGN_CLASSES = {"hoejre": Alignment.RIGHT, "midt": Alignment.CENTER}


def _own_align(element: etree._Element) -> Alignment | None:
    found = _TEXT_ALIGN.search(element.get("style") or "")
    value = (found[1] if found else element.get("align") or "").strip().lower()
    if value in _ALIGN_VALUES:
        return _ALIGN_VALUES[value]
    classes = {_ALIGN_CLASSES.get(c) for c in (element.get("class") or "").split()} - {None}
    return classes.pop() if len(classes) == 1 else None


def _align(cell: etree._Element) -> Alignment | None:
    """The alignment a cell shows: its own, or the one every paragraph in it shares."""
    own = _own_align(cell) if len(cell.attrib) else None
    if own is not None:
        return own
    shared: Alignment | None = None
    for e in cell.iterdescendants():
        tag = e.tag
        if not isinstance(tag, str) or _tag(e) not in _BLOCK_TAGS:
            continue
        found = _own_align(e) if len(e.attrib) else None
        if found is not None and found is shared:
            continue  # the same again: whether it shows text changes nothing
        if not _shown(e).strip():
            continue
        if found is None or shared is not None:
            return None  # a paragraph of text without alignment, or a second alignment
        shared = found
    return shared


def _fit_plain(
    rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]],
) -> tuple[tuple[TableRow, ...], bool]:
    """:func:`_fit` of rows without spans: each cell in the column of its place, the short
    rows filled up with empty cells."""
    width = max(len(row) for row in rows)
    fitted = tuple(
        TableRow([*(TableCell(body) for _, body in row), *(TableCell() for _ in range(width - len(row)))])
        for row in rows
    )
    return fitted, all(len(row) == width for row in rows)


def _fit(
    rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]],
    spans: list[list[tuple[int, int]]],
    header: int,
) -> tuple[tuple[TableRow, ...], bool]:
    """The rows with their spans cut to fit the grid and the holes filled with
    empty cells; and whether the source's spans fitted as they were."""
    taken: list[set[int]] = [set() for _ in rows]
    fitted = True
    out: list[list[TableCell]] = []
    starts: list[list[int]] = []  # the column each cell begins in
    for r, row in enumerate(rows):
        limit = header if r < header else len(rows)  # a header cell stays in the head
        starts.append([])
        cells: list[TableCell] = []
        column = 0
        for (_, body), (colspan, asked) in zip(row, spans[r], strict=True):
            rowspan = asked
            while column in taken[r]:
                column += 1
            if r + rowspan > limit:
                rowspan, fitted = limit - r, False
            for d in range(1, rowspan):
                if column in taken[r + d]:
                    rowspan, fitted = d, False
                    break
            width = 0
            while width < colspan and all(column + width not in taken[r + d] for d in range(rowspan)):
                width += 1
            if width < colspan:
                fitted = False
            for d in range(rowspan):
                taken[r + d].update(range(column, column + width))
            cells.append(TableCell(body, column_span=width, row_span=rowspan))
            starts[r].append(column)
            column += width
        out.append(cells)
    width = max(max(columns) + 1 for columns in taken)
    for r, columns in enumerate(taken):
        holes = sorted(set(range(width)) - columns)
        if holes:
            fitted = False
            out[r].extend(TableCell() for _ in holes)
            starts[r].extend(holes)
    # A column no cell begins in (a span in every row: "<td colspan=3>" alone) is no column.
    begun = {column for row in starts for column in row}
    dead = [column for column in range(width) if column not in begun]
    if dead:
        out = [
            [
                attrs.evolve(
                    cell,
                    column_span=cell.column_span - sum(start < d < start + cell.column_span for d in dead),
                )
                for cell, start in zip(cells, starts[r], strict=True)
            ]
            for r, cells in enumerate(out)
        ]
    return tuple(TableRow(cells) for cells in out), fitted


def _cell_text(body: tuple[CellBlock, ...]) -> str:
    """``" ".join(iter_text(body)).strip()``, at once for the common cell: one paragraph of one run."""
    if len(body) == 1:
        block = body[0]
        if isinstance(block, Paragraph) and len(block.content) == 1:
            run = block.content[0]
            if isinstance(run, Text):
                return run.text.strip()
    return " ".join(iter_text(body)).strip()


def _alignments(
    rows: list[list[tuple[etree._Element, tuple[CellBlock, ...]]]],
    grid: tuple[tuple[tuple[int, TableCell], ...], ...],
    header: int,
) -> tuple[Alignment, ...]:
    """Each column's alignment (``grid`` the table's :func:`table_grid`): the one its body
    cells share, else ``RIGHT`` for a column of amounts, else ``LEFT``."""
    shown: dict[int, set[Alignment | None]] = {}
    amounts: dict[int, bool] = {}
    for r, placed in enumerate(grid):
        if r < header:
            continue
        for c, (column, cell) in enumerate(placed):
            if cell.column_span != 1 or not cell.body or c >= len(rows[r]):
                continue
            shown.setdefault(column, set()).add(_align(rows[r][c][0]))
            text = _cell_text(cell.body)
            amounts[column] = amounts.get(column, True) and bool(_AMOUNT.fullmatch(text))
    width = max(column + cell.column_span for row in grid for column, cell in row)
    out: list[Alignment] = []
    for column in range(width):
        seen = shown.get(column, set())
        if len(seen) == 1 and None not in seen:
            out.append(next(iter(seen)) or Alignment.LEFT)
        elif amounts.get(column, False):
            out.append(Alignment.RIGHT)
        else:
            out.append(Alignment.LEFT)
    return tuple(out)


def _join(blocks: Sequence[Block]) -> tuple[Inline, ...]:
    return inlines(_lines(_block_inlines(block) for block in blocks))


def _no_links(content: list[Inline]) -> list[Inline]:
    """The content with any link inside made plain (a link cannot hold a link)."""
    out: list[Inline] = []
    for node in content:
        if isinstance(node, Link):
            out.extend(_no_links(list(node.content)))
        elif isinstance(node, Emphasis):
            out.append(Emphasis(_no_links(list(node.content))))
        elif isinstance(node, Strong):
            out.append(Strong(_no_links(list(node.content))))
        else:
            out.append(node)
    return out


def _wrap(
    make: Callable[[tuple[Inline, ...]], Inline], content: list[Inline], wrapped: dict[int, Inline]
) -> list[Inline]:
    """``make`` around the content (which holds visible text), with white space and line
    breaks at its edges moved outside: "a<em> b</em>" is "a " and an emphasised "b", not "ab".
    The node made is added to ``wrapped`` (its edges are its text's)."""
    if all(type(node) is Text for node in content):
        # The common case, text alone: trimmed at once, as _trim does it.
        joined = "".join([node.text for node in content if type(node) is Text])
        text = joined.strip()
        if "  " in text:
            text = _SPACES.sub(" ", text)
        untouched = text == joined and len(content) == 1  # nothing to trim: the text as it is
        made = make((content[0],)) if untouched else make((Text(text),))
        if text:
            wrapped[id(made)] = made
        if untouched:
            return [made]
        return [
            *([Text(" ")] if joined[:1].isspace() else []),
            made,
            *([Text(" ")] if joined[-1:].isspace() else []),
        ]
    inner = _trim(content)
    before: list[Inline] = [Text(" ")] if _edge(content, 0, wrapped).isspace() else []
    after: list[Inline] = [Text(" ")] if _edge(content, -1, wrapped).isspace() else []
    if content and isinstance(content[0], LineBreak):
        before = [LineBreak()]
    if content and isinstance(content[-1], LineBreak):
        after = [LineBreak()]
    made = make(inner)
    if inner:
        wrapped[id(made)] = made
    return [*before, made, *after]


def _edge(content: Sequence[Inline], end: Literal[0, -1], wrapped: dict[int, Inline]) -> str:
    """The first (``end`` 0) or last (-1) character of ``plain_text(content)``, "" when none;
    of a node :func:`_wrap` made, only whether it is white space ("x": it is not)."""
    for node in content if end == 0 else reversed(content):
        if isinstance(node, Text):
            if node.text:
                return node.text[end]
        elif isinstance(node, LineBreak):
            return "\n"
        elif wrapped.get(id(node)) is node:
            return "x"
        elif found := _edge(node.content, end, wrapped):
            return found
    return ""


def _trim(content: Sequence[Inline | str]) -> tuple[Inline, ...]:
    """Inline content without white space or line breaks at either end."""
    nodes = inlines(content if type(content) is tuple else list(content))
    start, end = 0, len(nodes)
    while start < end and _blank(nodes[start]):
        start += 1
    while end > start and _blank(nodes[end - 1]):
        end -= 1
    if start or end < len(nodes):
        nodes = nodes[start:end]
    last = len(nodes) - 1
    changed: list[Inline] | None = None  # the nodes, once a text has changed
    emptied = False
    for i, node in enumerate(nodes):
        if not isinstance(node, Text):
            continue
        text = node.text
        if i == 0:
            text = text.lstrip()
        if i == last:
            text = text.rstrip()
        # White space around a line break is not content.
        if i < last and isinstance(nodes[i + 1], LineBreak):
            text = text.rstrip(" ")
        if i > 0 and isinstance(nodes[i - 1], LineBreak):
            text = text.lstrip(" ")
        if "  " in text:
            text = _SPACES.sub(" ", text)
        if text != node.text:
            if changed is None:
                changed = list(nodes)
            if not text:
                emptied = True
            changed[i] = Text(text)
    if changed is None:
        return nodes
    # A text made empty falls away, and what stood on either side of it may merge; texts
    # only made shorter leave the content canonical.
    return inlines(changed) if emptied else tuple(changed)


_SPACES = re.compile(" {2,}")


def _blank(node: Inline) -> bool:
    """A line break, or a text of white space alone: nothing at either end of content."""
    return isinstance(node, LineBreak) or (isinstance(node, Text) and not node.text.strip())


_START = re.compile(r"[0-9]{1,9}")  # a list's start number (MAX_NUMBER_DIGITS)
_CONTROL_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));")


def _control(match: re.Match[str]) -> str:
    code = int(match[1], 16) if match[1] is not None else int(match[2])
    if (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        return match[0]
    return " " if code in (0xB, 0xC) else "\ufffd"  # a page break is white space


def html_blocks(markup: str | None, warn: Warn) -> tuple[Block, ...]:
    """The blocks of an HTML fragment."""
    root = html_root(markup, warn)
    if isinstance(root, tuple):
        return root
    builder = _Html(warn)
    builder.text(root.text)
    for child in root:
        builder.node(child)
    builder.flush()
    return tuple(builder.blocks)


def html_root(markup: str | None, warn: Warn) -> etree._Element | tuple[Block, ...]:
    """An HTML fragment parsed (in a ``<div>``), or the blocks of its text when it
    cannot be parsed as HTML or is over a limit (told through ``warn``)."""
    if markup is None or not markup.strip():
        return ()
    # Every tag becomes at most a node of lxml's tree and one of the model's: counted
    # before parsing, against the field's cap and the document's budget.
    tags = markup.count("<")
    if tags > MAX_FIELD_TAGS:
        raise over("MAX_FIELD_TAGS", f"et HTML-felt med {tags} tags", MAX_FIELD_TAGS, source=budget_source())
    charge(tags * COST_HTML_TAG, "HTML i eksportens felter")
    if "&#" in markup:
        markup = _CONTROL_REFERENCE.sub(_control, markup)
    too_much = _too_much(markup)
    if too_much is not None:
        # libxml2 would drop what lies deeper than 256 levels, and its HTML parser takes
        # time quadratic in a tag's attributes; the text is kept, as text.
        warn(f"feltets HTML {too_much}; det er læst som ren tekst")
        tagged = _tagged(markup)
        return text_blocks(html.unescape(_TAG.sub(" ", tagged) + markup[len(tagged) :]))
    try:
        return _fragment(markup)
    except (etree.ParserError, ValueError):
        return text_blocks(markup)


#: Markup or an entity in a line of text: the one sign that it is to be read as HTML.
_HTML_SIGN = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")


def html_line(text: str | None, warn: Warn) -> str | None:
    """The one line of text a field of HTML or plain text holds (an item's title): markup
    and entities read as HTML, under :func:`html_root`'s limits and charges (a field over a
    limit is read as text, told through ``warn``)."""
    if text is None or _HTML_SIGN.search(text) is None:
        return clean_line(text)
    root = html_root(text, warn)
    if isinstance(root, tuple):
        return clean_line(" ".join(iter_text(root)))
    return clean_line("".join(root.itertext()))


#: lxml.html's parser (the same options) without its element classes: lxml.html looks each
#: element's class up in Python, each time an element is visited; nothing here needs them.
_PARSER = etree.HTMLParser()

#: A whole document's tags inside a fragment (``<body/>``, ``</body>``, ``</html>``): libxml2
#: ends the body at them, and puts what follows beside the body, or drops it (after
#: ``</html>``). A fragment is a body's content: they mean nothing in it.
_DOCUMENT_TAG = re.compile(r"</?(?:html|body)(?:[\s/][^>]*)?>", re.IGNORECASE)


def _fragment(markup: str) -> etree._Element:
    """The elements and text of an HTML fragment in a ``<div>`` of plain elements: what
    ``lxml.html.fragment_fromstring(markup, create_parent="div")`` gives, with nothing
    after a ``<body/>`` or ``</html>`` in the fragment lost (lxml keeps the first body's
    content alone, or fails)."""
    document = etree.fromstring(f"<html><body>{_DOCUMENT_TAG.sub('', markup)}</body></html>", _PARSER)
    root: etree._Element = _PARSER.makeelement("div")
    append_text(root, document.text or "")
    for part in list(document):
        if part.tag == "body":
            tail = part.tail
            append_text(root, part.text or "")
            root.extend(list(part))  # each element moves with the text after it
            append_text(root, tail or "")
        elif part.tag == "head":  # a head's title, styles and scripts are no content
            append_text(root, part.tail or "")
        else:
            root.append(part)
    return root


@attrs.frozen
class Part:
    """A run of an HTML fragment under one caption (``None`` before the first), its
    blocks, and the elements whose whole content is in it (for a reader to look closer)."""

    __repr__ = fields_repr

    caption: str | None
    blocks: tuple[Block, ...]
    elements: tuple[etree._Element, ...]


#: A caption longer than this is no caption but a heading inside the text.
MAX_CAPTION = 80


def captioned_parts(root: etree._Element, warn: Warn, *, heading: str = "h3") -> list[Part]:
    """An HTML fragment cut at its ``heading`` elements, wherever they are nested.

    A heading is a caption when its text is one short line (``MAX_CAPTION``) and it
    holds no table or list; a longer one, or one holding a table, is a heading inside
    the text. An empty heading starts a part without caption when the part before it
    has content, and is nothing when it has none (an empty ``<h3></h3>`` under a
    caption whose text follows it). Wrappers (``<div>``, ``<span>``) around
    headings or around blocks are opened, so their blocks stay blocks.
    """
    return _Parts(root, warn, heading).parts


class _Parts:
    def __init__(self, root: etree._Element, warn: Warn, heading: str) -> None:
        self.warn = warn
        self.heading = heading
        self.open_up: set[etree._Element] = set()  # the ancestors of captions: opened
        for found in root.iter(heading):
            for ancestor in found.iterancestors():
                if ancestor in self.open_up:
                    break
                self.open_up.add(ancestor)
        self.parts: list[Part] = []
        self.caption: str | None = None
        self.builder = _Html(warn)
        self.elements: list[etree._Element] = []
        self.walk(root)
        self.close()

    def close(self) -> None:
        self.builder.flush()
        self.parts.append(Part(self.caption, tuple(self.builder.blocks), tuple(self.elements)))

    def start(self, caption: str | None) -> None:
        self.close()
        self.caption, self.builder, self.elements = caption, _Html(self.warn), []

    def walk(self, element: etree._Element) -> None:
        self.builder.flush()
        self.builder.text(element.text)
        for child in element:
            kind = child.tag
            if not isinstance(kind, str):
                self.builder.text(child.tail)
                continue
            tag = _TAG_NAMES.get(kind) or _tag(child)
            if child in self.open_up or (
                tag not in _BLOCK_TAGS
                and tag not in _SKIP
                and any(isinstance(c.tag, str) and _tag(c) in _BLOCK_TAGS for c in child)
            ):
                self.walk(child)
                self.builder.flush()
            elif tag == self.heading and (caption := _caption(child)) is not None:
                if caption:
                    self.start(caption)
                elif self.builder.blocks or self.builder.line_shows_text():
                    self.start(None)
            else:
                self.builder.node(child, tag)
                self.elements.append(child)
                continue  # node() read the tail
            self.builder.text(child.tail)


def _caption(element: etree._Element) -> str | None:
    """A heading's caption ("" when it is empty), or ``None`` when it is no caption."""
    # lxml finds the elements by name (in lower case, as its HTML parser makes every name, and
    # as :class:`_Parts` finds the headings).
    if len(element) and next(element.iterdescendants("table", "ul", "ol"), None) is not None:
        return None
    text = clean_line(_shown(element))
    if text is None:
        return ""
    return text if len(text) <= MAX_CAPTION else None


# A tag: its name taken whole (no backtracking into it), then up to the first ">". Scanned
# only up to the markup's last ">" (:func:`_tagged`), every match succeeds where it starts, so
# the scan is linear: a "<" with no ">" after it would otherwise be scanned to the end once
# for each "<" before it.
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*+)[^>]*?(/?)>")


def _tagged(markup: str) -> str:
    """The part of ``markup`` that can hold a tag: up to its last ``>``."""
    return markup[: markup.rfind(">") + 1]


# Elements that close by themselves (empty ones) or when the next of their kind opens.
_NOT_NESTING = frozenset(
    "br img hr meta link input wbr col area base param source p li dt dd tr td th option".split()
)


def over_limits(markup: str) -> str | None:
    """What in an HTML document is over a limit (``MAX_DEPTH``, ``MAX_HTML_ATTRIBUTES``), said
    in Danish as "has …", or ``None``: check before libxml2 parses it."""
    return _too_much(markup)


# The tags :func:`_too_much` counts (``_TAG``'s matches but the self-closing ones), by name.
# A self-closing tag is matched by the second branch, its name not captured (""): a failed
# match would be scanned again from each "<" inside it. Linear as ``_TAG`` is.
_NESTING_TAG = re.compile(r"<(?:(/?[A-Za-z][\w:.-]*+)[^>]*+(?<!/)>|/?[A-Za-z][\w:.-]*+[^>]*+>)")
# Each tag's step in depth, by its spelling as found (filled in as spellings are met).
_STEPS: dict[str, int] = {"": 0}


def _step(name: str) -> int:
    step = _STEPS.get(name)
    if step is None:
        bare = name.lstrip("/").lower()
        step = 0 if bare in _NOT_NESTING else 4 if bare == "table" else 2 if bare in ("ul", "ol") else 1
        step = -step if name[0] == "/" else step
        if len(_STEPS) < 10_000:  # the spellings an input invents are not kept without end
            _STEPS[name] = step
    return step


#: The characters of markup whose tags :func:`_too_much` lists at once: the lists stay small
#: (a tag's name is an object of its own) however long the markup.
_PART = 1 << 18


def _parts(markup: str) -> Iterator[str]:
    """``markup`` in parts of about ``_PART`` characters, each cut just after a ``>``: a tag
    ends at the first ``>`` after its ``<``, so no tag is cut and each part's tags are found
    as in the whole."""
    start = 0
    while len(markup) - start > _PART:
        cut = markup.rfind(">", start, start + _PART) + 1 or markup.find(">", start + _PART) + 1
        if cut <= start:
            break
        yield markup[start:cut]
        start = cut
    yield markup[start:]


def _too_much(markup: str) -> str | None:
    """What in ``markup`` is over a limit (MAX_DEPTH, MAX_HTML_ATTRIBUTES), in one pass over the tags."""
    # The common case, nothing over a limit, proved at C speed: no tag can hold more
    # attributes than the markup has "="s, and the depth is the running sum of the steps.
    if markup.count("=") <= MAX_HTML_ATTRIBUTES:
        depth = deepest = 0
        for part in _parts(_tagged(markup)):
            names: list[str] = _NESTING_TAG.findall(part)
            known = list(map(_STEPS.get, names))  # each spelling's step, looked up at C speed
            steps = [_step(name) for name in names] if None in known else cast("list[int]", known)
            peak = max(accumulate(steps, initial=depth))
            deepest = max(deepest, peak)
            depth += sum(steps)
        if deepest <= MAX_DEPTH:
            return None
    # Else the tags one by one, to say which limit is met first.
    depth = 0
    for match in _TAG.finditer(_tagged(markup)):
        if match[0].count("=") > MAX_HTML_ATTRIBUTES:
            return f"har et element med flere end MAX_HTML_ATTRIBUTES = {MAX_HTML_ATTRIBUTES} attributter"
        name = match[2].lower()
        if match[3] or name in _NOT_NESTING:
            continue
        # A table is four levels (its body, row and cell close by themselves), and its
        # reading recurses through each; a list two (the model nests at most 50 lists).
        step = 4 if name == "table" else 2 if name in ("ul", "ol") else 1
        depth += -step if match[1] else step
        if depth > MAX_DEPTH:
            return f"er indlejret dybere end MAX_DEPTH = {MAX_DEPTH}"
    return None


# --- plain text ---------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t\f\v\u00a0]*\n")


def chunks(text: str) -> list[list[str]]:
    """Blank-line separated chunks of lines, each line right-stripped.

    Each line, blank ones too, is charged before the text is split (``COST_TEXT_LINE``):
    a line of an export's plain text becomes the model's text, a paragraph or a section."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    charge(COST_TEXT_LINE * (normal.count("\n") + 1), "linjer i eksportens tekstfelter")
    out: list[list[str]] = []
    for chunk in _BLANK.split(normal):
        lines = [line.rstrip() for line in chunk.split("\n")]
        lines = [line for line in lines if line.strip()]
        if lines:
            out.append(lines)
    return out


def lines_inlines(lines: Sequence[str]) -> tuple[Inline, ...]:
    return inlines(_lines([Text(re.sub(r"[\t ]+", " ", line.strip()))] for line in lines))


def text_blocks(text: str | None) -> tuple[Block, ...]:
    """Plain text as paragraphs: blank lines part them, line breaks stay."""
    if text is None:
        return ()
    return tuple(Paragraph(lines_inlines(lines)) for lines in chunks(text))


# --- sections -----------------------------------------------------------------

_DECISION_CAPTIONS = (
    re.compile(r"beslutning i (?P<forum>.+?)(?: den (?P<date>.+?))?(?: punkt \S+)?", re.I),
    re.compile(r"(?P<forum>.+?)s beslutning(?: den (?P<date>.+?))?(?: punkt \S+)?", re.I),
    re.compile(r"beslutning(?: den (?P<date>.+?))?(?: punkt \S+)?", re.I),
)


def decision_caption(caption: str) -> tuple[str | None, dt.date | None] | None:
    """Forum and date of a decision caption, or ``None`` if it is none.

    "Beslutning i Økonomiudvalget den 10-04-2013", "ØKONOMIUDVALGETS
    BESLUTNING DEN 3. MAJ 2024", "Byrådets beslutning den 04.12.2012 Punkt 2",
    "Beslutning".
    """
    # A meeting's captions repeat in every item ("Resume", "Indstilling"): a short one's
    # answer is kept.
    return _short_decision_caption(caption) if len(caption) <= 200 else _decision_caption(caption)


def _decision_caption(caption: str) -> tuple[str | None, dt.date | None] | None:
    text = clean_line(caption) or ""
    for pattern in _DECISION_CAPTIONS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        forum = match.groupdict().get("forum")
        raw_date = match["date"]
        date = parse_date(raw_date) if raw_date else None
        if raw_date and date is None:
            continue  # "den" followed by something else: not this shape
        return (clean_line(forum), date)
    return None


_short_decision_caption = functools.lru_cache(maxsize=1024)(_decision_caption)


_LEADS = ("at", "At", "AT")
_LEAD = re.compile(r"(?P<lead>at|At|AT)(?:\s+|$)")
_INTRO_AT = re.compile(r"(?P<intro>.*\S)\s+(?P<lead>at)\s+(?=\S)")


def _lead_clause(content: tuple[Inline, ...]) -> Clause | None:
    """A clause from content that starts with "at"."""
    if not content:
        return None
    head = content[0]
    if isinstance(head, Strong | Emphasis) and plain_text(head.content).strip() in _LEADS:
        # "<strong>at</strong> ...": the lead word set off in bold
        return Clause(_trim(content[1:]), lead=plain_text(head.content).strip())
    if not isinstance(head, Text):
        return None
    match = _LEAD.match(head.text)
    if not match:
        return None
    rest = (Text(head.text[match.end() :]), *content[1:])
    return Clause(_trim(rest), lead=match["lead"])


def _clause_run(blocks: Sequence[Block]) -> tuple[list[Clause], int]:
    """Clauses at the start of ``blocks`` and how many blocks they took."""
    clauses: list[Clause] = []
    taken = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            clause = _lead_clause(block.content)
            if clause is None:
                break
            clauses.append(clause)
        elif isinstance(block, BulletList | OrderedList) and not (
            isinstance(block, OrderedList) and block.start != 1 and clauses
        ):
            found = [_lead_clause(i.content) if i.sublist is None else None for i in block.items]
            if any(c is None for c in found):
                break
            clauses.extend(c for c in found if c is not None)
        else:
            break
        taken += 1
    return clauses, taken


def recommendation(blocks: Sequence[Block], caption: str | None) -> Recommendation:
    """A recommendation: an intro paragraph, its "at" clauses, and the rest.

    "Direktøren indstiller, at X" gives the intro "Direktøren indstiller,"
    and the clause "at X", as the printed referater write it. Content that
    does not have this shape stays as it is, in the body.
    """
    blocks = list(blocks)
    clauses, taken = _clause_run(blocks)
    if clauses:
        return Recommendation((), clauses, body=blocks[taken:], caption=caption)
    if blocks and isinstance(blocks[0], Paragraph):
        intro = blocks[0].content
        clauses, taken = _clause_run(blocks[1:])
        if clauses:
            return Recommendation(intro, clauses, body=blocks[1 + taken :], caption=caption)
        split = _split_intro(intro)
        if split is not None:
            return Recommendation(split[0], [split[1]], body=blocks[1:], caption=caption)
    return Recommendation((), (), body=blocks, caption=caption)


def _split_intro(content: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], Clause] | None:
    """ "X indstiller, at Y." as intro "X indstiller," and clause "at Y."."""
    if not content or not isinstance(content[0], Text):
        return None
    first = content[0].text
    match = _INTRO_AT.match(first)
    if not match or not re.search(r"(indstiller|foreslår|anbefaler|indstilles|foreslås),?$", match["intro"]):
        return None
    rest = (Text(first[match.end() :]), *content[1:])
    return (Text(match["intro"]),), Clause(_trim(rest), lead=match["lead"])


def section(
    caption: str | None,
    body: tuple[Block, ...],
    labels: Labels,
    *,
    decision: bool = False,
) -> TextSection | Recommendation | Decision:
    """The section a captioned field makes: its kind by caption, the caption kept
    unless it is the kind's own label. ``decision`` is the export's own marker."""
    text = clean_line(caption)
    parsed = decision_caption(text) if text else None
    if decision or (parsed is not None and text is not None and (parsed[0] or parsed[1])):
        forum, date = parsed if parsed is not None else (None, None)
        kept = None if text is None or text == labels.caption(SectionKind.DECISION) else text
        return Decision(body, forum=forum, date=date, caption=kept)
    if text is None:
        return TextSection(SectionKind.CUSTOM, body, caption="Uden overskrift")
    kind = _caption_kinds(labels).get(text.casefold())
    if kind is None or kind is SectionKind.ATTACHMENTS:
        return TextSection(SectionKind.CUSTOM, body, caption=text)
    kept = None if text == labels.caption(kind) else text
    if kind is SectionKind.RECOMMENDATION:
        return recommendation(body, kept)
    if kind is SectionKind.DECISION:
        return Decision(body, caption=kept)
    return TextSection(kind, body, caption=kept)


_KINDS: list[tuple[Labels, dict[str, SectionKind]]] = []  # the labels last asked about


def _caption_kinds(labels: Labels) -> dict[str, SectionKind]:
    """``labels.caption_kinds()``, made once for the labels a reading uses."""
    cached = _KINDS[-1] if _KINDS else None
    if cached is not None and cached[0] is labels:
        return cached[1]
    kinds = labels.caption_kinds()
    _KINDS[:] = [(labels, kinds)]
    return kinds


def item_number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for "2", "10", "1.1", "12a": numerically where numbers are.

    Digits compare by their number without int() (a number of any length):
    by their length without leading zeros, then as text.
    """
    parts: list[tuple[int, int, str]] = []
    for part in re.split(r"[.\-]", number):
        for p in re.findall(r"[0-9]+|[^0-9]+", part):
            digits = p.lstrip("0")
            parts.append((0, len(digits), digits) if p[0] in "0123456789" else (1, 0, p))
    return tuple(parts)


def iter_text(blocks: Sequence[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield plain_text(block.content)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_text(cell.body)
        else:
            for item in block.items:
                yield plain_text(item.content)
