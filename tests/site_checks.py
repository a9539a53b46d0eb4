"""Checks of a built site that the site tests share: links, calendars, feeds, the API, markers."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import jsonschema
from lxml import etree, html

from .conftest import SHARED

OPARL = SHARED / "schemas" / "oparl" / "schema"
SCHEMA_URL = "https://schema.oparl.org/1.1/"


def files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def text_of(path: Path) -> str:
    """A file's text for a marker search: Pagefind's files decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


@cache
def _ids(page: Path) -> frozenset[str]:
    tree = html.fromstring(page.read_bytes())
    return frozenset(tree.xpath("//@id"))


class Links:
    """Every link of a site, resolved to a file of it (and an id in a page)."""

    def __init__(self, site: Path, base: str) -> None:
        self.site = site
        self.base = base
        self.broken: list[str] = []
        self.checked = 0

    def target(self, source: Path, link: str) -> None:
        """Check one link of ``source``: relative to it, or absolute under the site's base."""
        if link.startswith(self.base):
            path = self.site / link[len(self.base) :]
        elif re.match(r"[a-z]+:", link):
            return  # outside the site (attachments on a portal, the OParl schema)
        else:
            path = source.parent / link
        self.checked += 1
        parts = urlsplit(str(path))
        file = Path(unquote(parts.path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.broken.append(f"{source.relative_to(self.site)}: {link}")
        elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in _ids(file):
            self.broken.append(f"{source.relative_to(self.site)}: {link} (no such id)")

    def walk(self) -> Links:
        for path in files(self.site):
            if path.suffix == ".html":
                tree = html.fromstring(path.read_bytes())
                # A link in an item's text is the meeting's own (its target as written), not the site's.
                own = "//a[not(ancestor::section[contains(@class, 'afsnit')])]/@href"
                for link in tree.xpath(f"{own} | //link/@href | //script/@src"):
                    if not link.startswith("#"):
                        self.target(path, link)
                    elif link[1:] not in _ids(path):
                        self.broken.append(f"{path}: {link}")
            elif path.suffix == ".xml":
                for link in etree.parse(path).xpath("//@href | //*[local-name()='id']/text()"):
                    self.target(path, str(link))
            elif path.suffix == ".ics":
                for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
                    self.target(path, str(event["URL"]))
                    self.target(path, str(event["DESCRIPTION"]).split("\n")[-1])
            elif path.suffix == ".json" and "oparl" in path.parts:
                for value in _strings(json.loads(path.read_bytes())):
                    if value.startswith(self.base):
                        self.target(path, value)
            elif path.suffix == ".pf_fragment":
                url = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"]
                self.target(self.site / "soeg.html", url)
        return self


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((OPARL / f"{kind}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def oparl_objects(value: object) -> Iterator[dict[str, object]]:
    """Every OParl object in ``value``: itself, those it embeds, those of a list."""
    if isinstance(value, dict):
        if isinstance(value.get("type"), str) and str(value["type"]).startswith(SCHEMA_URL):
            yield value
        for item in value.values():
            yield from oparl_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from oparl_objects(item)


def oparl_problems(site: Path) -> tuple[int, list[str], dict[str, int]]:
    """(objects validated, problems, objects per type) of every file under ``oparl/``."""
    problems: list[str] = []
    count = 0
    kinds: dict[str, int] = {}
    for path in files(site / "oparl"):
        for obj in oparl_objects(json.loads(path.read_bytes())):
            kind = str(obj["type"])[len(SCHEMA_URL) :]
            kinds[kind] = kinds.get(kind, 0) + 1
            count += 1
            for error in _validator(kind).iter_errors(obj):
                problems.append(f"{path.relative_to(site)}: {kind} {list(error.path)}: {error.message}")
    return count, problems, kinds


def feed_problems(site: Path) -> list[str]:
    out = []
    for path in files(site / "feed"):
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            out.append(f"{path}: {parsed.bozo_exception}")
    return out
