"""Reading an export's element tree while keeping count of what was used.

Every importer reads the fields it maps to the model through :class:`Tree`,
which marks them used. What is left (a non-empty element or attribute the
importer did not map) becomes a ``properties`` pair of the nearest model
object, named ``<system>:<path>``: nothing an export holds is dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from lxml import etree

from ...errors import ReadError
from ...l10n import localize
from .._build import Where
from .._build import attributes as attribute_pairs
from .._contract import Note, ReadContext
from .._htmlcontent import clean_line, localname, parse_date
from .._limits import COST_PROPERTY, charge

__all__ = ["Tree", "clean_line", "localname", "parse_date", "parse_datetime", "split_party"]

T = TypeVar("T")
_ITEM_NUMBER = re.compile(r"[0-9A-Za-zÆØÅæøå]+(?:[.\-][0-9A-Za-zÆØÅæøå]+)*")
_PROPERTY_CHAR = re.compile(r"[^\w.:-]")


def order(text: str | None) -> int:
    """A sort or index field as a number for ordering; 0 when it is missing or not a number."""
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


def source_line(element: etree._Element | None) -> int | None:
    """The element's line in the file, when lxml knows it."""
    line = element.sourceline if element is not None else None
    return line if isinstance(line, int) else None


def text_of(element: etree._Element) -> str:
    """All the text inside ``element``."""
    return "".join(str(x) for x in element.itertext())


class _ElementPlace:
    """An element of a :class:`Tree` as a place: its path is worked out only for an error."""

    __slots__ = ("element", "tree")

    def __init__(self, tree: Tree, element: etree._Element | None) -> None:
        self.tree = tree
        self.element = element

    def error(self, message: str) -> ReadError:
        return self.tree.error(self.element, message)


class Tree:
    """An export's elements, the reader's use of them, and its messages.

    ``key`` names an element for lookups (its local name, or for Acadre's
    generic ``<table name=…>`` its name attribute); ``label`` names it in
    property names and messages (``None`` leaves a level out of the path).
    """

    def __init__(
        self,
        root: etree._Element,
        source: str,
        system: str,
        *,
        ctx: ReadContext,
        key: Callable[[etree._Element], str] = localname,
        label: Callable[[etree._Element], str | None] | None = None,
    ) -> None:
        self.root = root
        self.source = source
        self.ctx = ctx
        self.system = system
        self.key = key
        self.label = label or key
        self._used: set[etree._Element] = set()  # its own text was read
        self._consumed: set[etree._Element] = set()  # all of it is accounted for
        self._used_attributes: set[tuple[etree._Element, str]] = set()
        self._position_cache: dict[etree._Element, dict[etree._Element, tuple[int, int]]] = {}

    # --- navigation ---------------------------------------------------------

    def _is(self, element: etree._Element, name: str) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False
        if self.key is localname:  # the common case, without building the local name
            return tag == name or (tag.endswith(name) and tag.endswith("}" + name))
        return self.key(element) == name

    def children(self, element: etree._Element, name: str | None = None) -> list[etree._Element]:
        """The element children of ``element`` (named ``name`` when given)."""
        return [c for c in element if isinstance(c.tag, str) and (name is None or self._is(c, name))]

    def find(self, element: etree._Element, *path: str) -> etree._Element | None:
        """The first element along ``path`` (keys), or ``None``."""
        current: etree._Element | None = element
        for name in path:
            if current is None:
                return None
            current = next((c for c in current if self._is(c, name)), None)
        return current

    def all(self, element: etree._Element, *path: str) -> list[etree._Element]:
        """Every element at ``path`` below ``element``: one or many, the same way.

        An export with a single child where a list is expected reads like one with many.
        """
        if not path:
            return [element]
        out: list[etree._Element] = []
        for child in self.children(element, path[0]):
            out.extend(self.all(child, *path[1:]))
        return out

    def text(self, element: etree._Element | None, *path: str) -> str | None:
        """The text of the element at ``path`` (stripped; ``None`` when empty or absent), marked used."""
        if element is None:
            return None
        found = self.find(element, *path)
        if found is None:
            return None
        self._used.add(found)
        value = text_of(found) if len(found) else (found.text or "")
        value = value.strip()
        return value or None

    def peek(self, element: etree._Element | None, *path: str) -> str | None:
        """:meth:`line` without marking the element used (it stays a property unless used later)."""
        if element is None:
            return None
        found = self.find(element, *path)
        return None if found is None else clean_line(text_of(found))

    def line(self, element: etree._Element | None, *path: str) -> str | None:
        """:meth:`text` as one line (white space runs made one space)."""
        return clean_line(self.text(element, *path))

    def flag(self, element: etree._Element | None, *path: str) -> bool | None:
        """A boolean field ("True", "true", "1"; "False", "false", "0"); ``None`` when absent."""
        value = self.text(element, *path)
        if value is None:
            return None
        folded = value.casefold()
        if folded in ("true", "1", "ja", "yes"):
            return True
        if folded in ("false", "0", "nej", "no"):
            return False
        found = self.find(element, *path) if element is not None else None
        raise self.error(found, f"{value!r} er hverken sand eller falsk (true/false)")

    def attribute(self, element: etree._Element, name: str) -> str | None:
        """An attribute's value (stripped, ``None`` when empty), marked used."""
        self._used_attributes.add((element, name))
        value = (element.get(name) or "").strip()
        return value or None

    def use(self, *elements: etree._Element | None) -> None:
        """Mark whole elements used (their subtree is accounted for)."""
        for element in elements:
            if element is not None:
                self._consumed.add(element)

    # --- messages -----------------------------------------------------------

    def where(self, element: etree._Element | None) -> str:
        """The element's path from the root, for messages: ``Agenda/Items/Item[3]/Number``."""
        if element is None:
            return self.label(self.root) or "?"
        parts: list[str] = []
        current: etree._Element | None = element
        while current is not None:
            parent = current.getparent()
            name = self.key(current) or localname(current)
            if parent is not None:
                position, count = self._positions(parent)[current]
                if count > 1:
                    name += f"[{position}]"
            parts.append(name)
            current = parent
        return "/".join(reversed(parts))

    def _positions(self, parent: etree._Element) -> dict[etree._Element, tuple[int, int]]:
        """Each child's position among its parent's children of the same key, and their count.

        Worked out once per parent: messages about many children of one parent
        (a warning per item) stay linear in the number of children.
        """
        found = self._position_cache.get(parent)
        if found is None:
            keys = [(c, self.key(c)) for c in parent if isinstance(c.tag, str)]
            counts = Counter(key for _, key in keys)
            seen: dict[str, int] = {}
            found = {}
            for child, key in keys:
                seen[key] = seen.get(key, 0) + 1
                found[child] = (seen[key], counts[key])
            self._position_cache[parent] = found
        return found

    def error(self, element: etree._Element | None, message: str) -> ReadError:
        line = source_line(element)
        return ReadError(f"<{self.where(element)}>: {message}", source=self.source, line=line)

    def at(self, element: etree._Element | None) -> Where:
        """``element`` as the place of :func:`~referatkit.formats._build.build`.

        Its path is worked out only if the model refuses a value: it costs a walk over its siblings.
        """
        return _ElementPlace(self, element)

    def warn(self, element: etree._Element | None, message: str) -> None:
        self.ctx.report(
            Note.APPROXIMATE,
            f"<{self.where(element)}>",
            message,
            line=source_line(element),
            source=self.source,
        )

    def warner(self, element: etree._Element | None) -> Callable[[str], None]:
        """A function that warns about ``element`` (for the content readers)."""
        return functools.partial(self.warn, element)

    # --- typed fields -------------------------------------------------------

    def need(self, value: T | None, element: etree._Element | None, message: str) -> T:
        """``value``, or a ReadError at ``element`` saying what is missing."""
        if value is None:
            raise self.error(element, message)
        return value

    def period(
        self, element: etree._Element, start: tuple[str, ...], end: tuple[str, ...]
    ) -> tuple[dt.datetime, dt.datetime | None]:
        """The meeting's start (required) and end, each at its path below ``element``."""
        begins = self.need(
            self.datetime(element, *start), element, f"mangler mødets tidspunkt <{'/'.join(start)}>"
        )
        ends = self.datetime(element, *end)
        if ends is not None and ends < begins:
            raise self.error(self.find(element, *end), "mødet slutter før det begynder")
        return begins, ends

    def number(self, value: str | None, element: etree._Element, path: str) -> str:
        """An item number as the model takes it ("1", "1.1", "12a")."""
        number = self.need(value, element, f"punktet har intet nummer <{path}>")
        if not _ITEM_NUMBER.fullmatch(number):
            raise self.error(
                self.find(element, *path.split("/")),
                f"{number!r} er ikke et punktnummer (fx 1, 1.1 eller 12a)",
            )
        return number

    def datetime(self, element: etree._Element | None, *path: str) -> dt.datetime | None:
        """A date and time in any of the exports' formats, in Europe/Copenhagen."""
        value = self.text(element, *path)
        if value is None or element is None:
            return None
        found = self.find(element, *path)
        try:
            parsed = parse_datetime(value)
        except ValueError as error:
            raise self.error(found, str(error)) from None
        if parsed is None:
            raise self.error(found, f"{value!r} er ikke et tidspunkt i et kendt format (fx 14-01-2025 16:00)")
        return parsed

    # --- what is left -------------------------------------------------------

    def leftovers(
        self, scope: etree._Element, *, stop: Iterable[etree._Element] = ()
    ) -> tuple[tuple[str, str], ...]:
        """The unused, non-empty elements and attributes below ``scope`` as properties.

        Subtrees in ``stop`` (other model objects' elements) are left out; so
        are elements marked used. Names are ``system:`` plus the path from
        ``scope``; a repeated name gets ``.2``, ``.3``.
        """
        stops = set(stop)
        out: list[tuple[str, str]] = []
        counts: dict[str, int] = {}

        def add(path: list[str], value: str) -> None:
            charge(COST_PROPERTY, "det, eksporten har ud over modellen (gemt som egenskaber)")
            name = self.system + ":" + (".".join(path) or "value")
            name = _PROPERTY_CHAR.sub("_", name)
            counts[name] = counts.get(name, 0) + 1
            if counts[name] > 1:
                name = f"{name}.{counts[name]}"
            out.append((name, value))

        def attributes(element: etree._Element, path: list[str]) -> None:
            for attribute, value in sorted(attribute_pairs(element)):
                if (element, attribute) in self._used_attributes or not value.strip():
                    continue
                name = attribute.rsplit("}", 1)[-1]  # the local name
                if self.key is not localname and element.tag in ("table", "field") and attribute == "name":
                    continue  # Acadre's generic elements are named by this attribute
                add([*path, name], value.strip())

        def visit(element: etree._Element, path: list[str]) -> None:
            attributes(element, path)
            children = [c for c in element if isinstance(c.tag, str)]
            if not children:
                if element is not scope and element.text and element.text.strip():
                    add(path, element.text.strip())
                return
            if element.text and element.text.strip():
                add([*path, "text"], element.text.strip())
            for child in children:
                if child in self._consumed or child in stops:
                    continue
                label = self.label(child)
                child_path = [*path, label] if label else path
                if child in self._used:
                    attributes(child, child_path)  # the text was read; its attributes may not be
                else:
                    visit(child, child_path)

        visit(scope, [])
        return tuple(out)


# --- dates ----------------------------------------------------------------------

_DATETIME_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d.%m.%Y",
)


def parse_datetime(text: str) -> dt.datetime | None:
    """A local date and time in the exports' formats, made aware in Europe/Copenhagen.

    ``None`` when the text is in none of the formats; ``ValueError`` (in
    Danish) for a time that does not exist (the summer-time gap).
    """
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\dT.*(?:Z|[+-]\d\d:\d\d)", value):
        try:
            return localize(dt.datetime.fromisoformat(value))
        except ValueError:
            return None
    value = re.sub(r"\.\d+$", "", value)  # fractions of a second
    for pattern in _DATETIME_FORMATS:
        try:
            naive = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        try:
            return localize(naive)
        except ValueError:
            raise ValueError(f"{text!r} findes ikke i dansk tid (skiftet til sommertid)") from None
    return None


# --- names --------------------------------------------------------------------

_PARTY = re.compile(r"(?P<name>.*\S)\s*\((?P<party>[A-ZÆØÅ]{1,3})\)")


def split_party(name: str) -> tuple[str, str | None]:
    """ "Anna Jensen (A)" gives ("Anna Jensen", "A")."""
    match = _PARTY.fullmatch(name)
    if match:
        return match["name"], match["party"]
    return name, None
