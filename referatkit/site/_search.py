"""The search index: Pagefind, in Danish, one record per open item, filters committee, year, kind.

The records are given to Pagefind as they are (``add_custom_record``), not crawled from the
pages: what is indexed is exactly the open items' text, never a closed item (a closed item of
the public edition is only its number and neutral title, and is not indexed at all), never
the navigation. Pagefind (its PyPI package ships the binary, ``pagefind[extended]`` with
Danish stemming) writes the index and its search box into ``pagefind/``.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

from .._repr import fields_repr
from ..archive._plain import blocks_text, inline_text
from ..model import AttachmentList, Decision, Item, Meeting, Recommendation, TextSection
from ._collection import SiteError
from ._pages import kind_label
from ._summary import MeetingInfo

__all__ = ["Record", "records", "write_index"]


@frozen(kw_only=True)
class Record:
    __repr__ = fields_repr

    url: str
    title: str
    content: str
    meeting: str
    committee: str
    year: str
    kind: str


def _section_text(item: Item) -> Iterator[str]:
    for section in item.sections:
        match section:
            case TextSection(body=body) | Decision(body=body):
                yield blocks_text(body)
            case Recommendation(intro=intro, clauses=clauses, body=body):
                yield inline_text(intro)
                yield from (f"{c.lead} {inline_text(c.content)}" for c in clauses)
                yield blocks_text(body)
            case AttachmentList(attachments=attachments):
                yield from (a.title for a in attachments)


def records(info: MeetingInfo, meeting: Meeting) -> Iterator[Record]:
    """The records of a meeting's open items (none for a withdrawn meeting)."""
    if info.withdrawn is not None:
        return
    for item, summary in zip(meeting.items, info.items, strict=True):
        if not item.public:
            continue
        text = "\n".join(t for t in (item.full_title, *_section_text(item)) if t.strip())
        yield Record(
            url=f"{info.page}#{summary.anchor}",
            title=f"Punkt {item.number}: {item.full_title}",
            content=text,
            meeting=info.title,
            committee=info.forum,
            year=str(info.start.year),
            kind=kind_label(info.kind),
        )


async def _write(found: Iterable[Record], folder: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex  # noqa: PLC0415 (the extra "site")

    config = IndexConfig(force_language="da", output_path=str(folder))
    async with PagefindIndex(config=config) as index:
        for record in found:
            await index.add_custom_record(
                url=record.url,
                content=record.content,
                language="da",
                meta={"title": record.title, "moede": record.meeting},
                filters={"udvalg": [record.committee], "år": [record.year], "type": [record.kind]},
            )


_MAGIC = b"pagefind_dcd"


def _decode(path: Path) -> Any:
    import cbor2  # noqa: PLC0415 (the extra "site")

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MAGIC):
        raise SiteError(f"{path}: Pagefind skrev en fil, referatkit ikke kender")
    return cbor2.loads(data[len(_MAGIC) :])


def _encode(value: Any) -> bytes:
    import cbor2  # noqa: PLC0415

    return gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)


def _normalise(folder: Path) -> None:
    """Make Pagefind's output the same for the same records.

    Pagefind 1.5 writes a filter's values in the order of a Rust hash map, which changes
    from run to run (and so the filter files' names and the metadata that names them).
    The values are put in order, each filter file named by a hash of its content, the
    metadata rewritten to name them and itself named by its content, as Pagefind does.
    """
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_path = folder / f"pagefind.{about['hash']}.pf_meta"
        meta = _decode(meta_path)
        filters = []
        for name, old_hash in sorted(meta[3]):
            old = folder / "filter" / f"{old_hash}.pf_filter"
            key, values = _decode(old)
            data = _encode([key, sorted(values)])
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            old.unlink()
            (folder / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            filters.append([name, new_hash])
        meta[3] = filters
        data = _encode(meta)
        about["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_path.unlink()
        (folder / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_index(found: Iterable[Record], folder: Path) -> None:
    """Index ``found`` into ``folder`` (Pagefind's bundle: index, fragments, search box)."""
    try:
        import cbor2  # noqa: F401, PLC0415
        import pagefind.service  # noqa: F401, PLC0415
    except ImportError:
        raise SiteError(
            "søgningen kræver Pagefind: pip install 'referatkit[site]' (eller byg uden søgning)"
        ) from None
    try:
        asyncio.run(_write(found, folder))
    except FileNotFoundError as error:
        raise SiteError(f"Pagefind kan ikke startes: {error}") from None
    _normalise(folder)
