"""The search index: Pagefind, in Danish, one record per open item, filters committee, year, kind.

The records are given to Pagefind as they are (``add_custom_record``), not crawled from the
pages: what is indexed is exactly the open items' text, never a closed item (a closed item of
the public edition is only its number and neutral title, and is not indexed at all), never
the navigation. Pagefind (its PyPI package ships the binary, ``pagefind[extended]`` with
Danish stemming) writes the index and its search box.

One index (a Pagefind *bundle*) per year of meetings, ``pagefind/<year>/``, merged in the
browser (Pagefind's ``mergeIndex``): Pagefind holds every record of an index in memory
(some 30 kB each) and looks each new record's address up among all before it, so one index
of a large collection grows in memory and time faster than the collection; a year's stays
the size of a year, and a new meeting makes only its year's index again.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from attrs import frozen

from .._repr import fields_repr
from ..archive import blocks_text
from ..l10n.oserror import os_problem
from ..model import AttachmentList, Decision, Item, Meeting, Recommendation, TextSection, plain_text
from ._collection import SiteError
from ._pages import kind_label
from ._summary import MeetingInfo

__all__ = ["Record", "SearchIndex", "records", "search_year"]


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
                yield plain_text(intro)
                yield from (f"{c.lead} {plain_text(c.content)}" for c in clauses)
                yield blocks_text(body)
            case AttachmentList(attachments=attachments):
                yield from (a.title for a in attachments)


def search_year(info: MeetingInfo) -> str | None:
    """The year whose index holds the meeting's records; None when it has none."""
    if info.withdrawn is not None or not any(item.public for item in info.items):
        return None
    return str(info.start.year)


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


def _answers(stream: IO[bytes], count: int | None) -> Iterator[dict[str, Any]]:
    """``count`` answers (or every one) from Pagefind's output, each base64 JSON ending in a comma.

    Each chunk read is searched once for the comma (not the whole buffer again): an answer
    of many chunks costs its length, not its length squared."""
    buffer = bytearray()
    searched = 0
    for _ in range(count) if count is not None else iter(int, 1):
        while (end := buffer.find(b",", searched)) < 0:
            searched = len(buffer)
            chunk = stream.read1(1 << 16)  # type: ignore[attr-defined]  # IO[bytes] lacks read1; a pipe has it
            if not chunk:
                raise SiteError("Pagefind stoppede uventet under indekseringen")
            buffer += chunk
        raw = bytes(buffer[:end])
        del buffer[: end + 1]
        searched = 0
        payload: dict[str, Any] = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") == "Error":
            raise SiteError(f"Pagefind afviste søgeindekset: {payload.get('message')}")
        yield payload


def _message(number: int, payload: dict[str, Any]) -> bytes:
    body = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(body.encode("utf-8")) + b","


class SearchIndex:
    """Pagefind's indexing service (``pagefind --service``) for one index, fed record by
    record (it indexes on its own core) and then told to write its files (``WriteFiles``).

    The messages are Pagefind's own (base64 JSON ending in a comma, as its Python package
    sends them). The package's asyncio client waits 0.1 s before reading each answer (20 s
    for 200 records), so a thread reads the answers here while records are written. Pagefind
    writes its files into a temporary folder itself (asking for them, ``GetFiles``, returns
    the whole index base64-encoded in one message); the service is ended only once it has
    answered that they are written.
    """

    def __init__(self) -> None:
        try:
            import cbor2  # noqa: F401, PLC0415
            from pagefind.service import get_executable  # noqa: PLC0415 (the extra "site")
        except ImportError:
            raise SiteError(
                "søgningen kræver Pagefind: pip install 'referatkit[site]' (eller byg uden søgning)"
            ) from None
        binary = get_executable()
        if binary is None:
            raise SiteError("Pagefind findes ikke: pip install 'referatkit[site]'")
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            raise SiteError(f"Pagefind kan ikke startes ({binary}): {os_problem(error)}") from None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.sent = 0
        self._send({"type": "NewIndex", "config": {"force_language": "da"}})
        self.process.stdin.flush()
        self.index = next(_answers(self.process.stdout, 1))["index_id"]
        self.error: BaseException | None = None
        self.last: dict[str, Any] | None = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _send(self, payload: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.sent += 1
        try:
            self.process.stdin.write(_message(self.sent, payload))
        except BrokenPipeError:
            raise SiteError("Pagefind stoppede uventet under indekseringen") from None

    def _read(self) -> None:
        assert self.process.stdout is not None
        try:
            for answer in _answers(self.process.stdout, None):
                if answer.get("type") == "WriteFiles":
                    self.last = answer
                    return
        except BaseException as error:  # handed to the builder's thread in files()
            self.error = error

    def add(self, record: Record) -> None:
        self._send(
            {
                "type": "AddRecord",
                "index_id": self.index,
                "url": record.url,
                "content": record.content,
                "language": "da",
                "meta": {"title": record.title, "moede": record.meeting},
                "filters": {"udvalg": [record.committee], "år": [record.year], "type": [record.kind]},
                "sort": None,
            }
        )

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Pagefind's bundle (index, fragments, search box), each file's path and bytes in
        the order of the paths; ends the service. One file in memory at a time, besides the
        few that name the others (made the same for the same records, :func:`_normalise`)."""
        try:
            with tempfile.TemporaryDirectory(prefix="referatkit-pagefind-") as folder:
                self._send({"type": "WriteFiles", "index_id": self.index, "output_path": folder})
                assert self.process.stdin is not None
                try:
                    self.process.stdin.flush()
                except BrokenPipeError:
                    raise SiteError("Pagefind stoppede uventet under indekseringen") from None
                self.reader.join()
                if self.error is not None:
                    raise self.error
                if self.last is None:
                    raise SiteError("Pagefind svarede ikke med søgeindekset")
                root = Path(folder)
                self._settle(root)
                self.close()
                paths = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
                named = _normalise({p: (root / p).read_bytes() for p in paths if _names_others(p)})
                rest = ((p, None) for p in paths if not _names_others(p))
                for path, data in sorted([*named.items(), *rest], key=lambda pair: pair[0]):
                    yield path, data if data is not None else (root / path).read_bytes()
        finally:
            self.close()

    def _settle(self, root: Path) -> None:
        """Wait until Pagefind's files are written. It answers ``WriteFiles`` once its writes
        are handed on, not done (its files are written in the background and ended when
        dropped): ended, here, when it holds no file of the folder open, no file is empty and
        no size changed since the last look. A SiteError after ``_WRITE_WAIT`` seconds."""
        deadline = time.monotonic() + _WRITE_WAIT
        last: dict[Path, int] | None = None
        while True:
            sizes = {p: p.stat().st_size for p in root.rglob("*") if p.is_file()}
            if sizes == last and sizes and all(sizes.values()) and not self._holds_open(root):
                return
            if time.monotonic() > deadline:
                raise SiteError("Pagefind blev ikke færdig med at skrive søgeindekset")
            last = sizes
            time.sleep(0.02)

    def _holds_open(self, root: Path) -> bool:
        """Whether Pagefind has a file under ``root`` open (Linux's ``/proc``; elsewhere the
        sizes alone tell)."""
        inside = str(root.resolve()) + "/"
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd).startswith(inside):
                        return True
        return False

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()


#: How long Pagefind may take to finish writing its files after it has answered.
_WRITE_WAIT = 60.0


def _names_others(path: str) -> bool:
    """Whether ``path`` is one of the files :func:`_normalise` rewrites."""
    return path == "pagefind-entry.json" or path.endswith((".pf_meta", ".pf_filter"))


#: What begins each of Pagefind's files once decompressed.
_MAGIC = b"pagefind_dcd"


def _decode(data: bytes) -> Any:
    import cbor2  # noqa: PLC0415 (the extra "site")

    data = gzip.decompress(data)
    if not data.startswith(_MAGIC):
        raise SiteError("Pagefind skrev en fil, referatkit ikke kender")
    return cbor2.loads(data[len(_MAGIC) :])


def _encode(value: Any) -> bytes:
    import cbor2  # noqa: PLC0415

    return gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)


def _normalise(files: dict[str, bytes]) -> dict[str, bytes]:
    """Make Pagefind's output the same for the same records.

    Pagefind 1.5 writes a filter's values in the order of a Rust hash map, which changes
    from run to run (and so the filter files' names and the metadata that names them).
    The values are put in order, each filter file named by a hash of its content, the
    metadata rewritten to name them and itself named by its content, as Pagefind does.
    """
    out = dict(files)
    entry = json.loads(out["pagefind-entry.json"])
    for language, about in entry["languages"].items():
        meta = _decode(out.pop(f"pagefind.{about['hash']}.pf_meta"))
        filters = []
        for name, old_hash in sorted(meta[3]):
            key, values = _decode(out.pop(f"filter/{old_hash}.pf_filter"))
            data = _encode([key, sorted(values)])
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            out[f"filter/{new_hash}.pf_filter"] = data
            filters.append([name, new_hash])
        meta[3] = filters
        data = _encode(meta)
        about["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        out[f"pagefind.{about['hash']}.pf_meta"] = data
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out
