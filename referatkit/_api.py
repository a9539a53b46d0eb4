"""read, render, write: the public entry points."""

from __future__ import annotations

import os
import re
import secrets
import warnings
from pathlib import Path
from typing import IO, Any, Literal, overload

from .errors import LossWarning, ReadError, WriteError
from .formats import Format, Options, by_name, by_suffix, formats, sniff
from .formats._common import warn_lost
from .model import XML_ILLEGAL, Meeting, differences, walk

__all__ = ["atomic_write", "read", "render", "write"]

Source = str | os.PathLike[str] | bytes | IO[bytes] | IO[str]


def _load(source: Source) -> tuple[bytes, str, Path | None]:
    """The bytes of ``source``, its name for messages, and its path if a file."""
    if isinstance(source, bytes):
        return source, "<data>", None
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return source.encode("utf-8"), "<data>", None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), str(path), path
        except FileNotFoundError:
            raise ReadError("filen findes ikke", source=str(path)) from None
        except IsADirectoryError:
            raise ReadError("er en mappe, ikke en fil", source=str(path)) from None
        except OSError as exc:
            raise ReadError(f"kan ikke læses: {exc.strerror}", source=str(path)) from None
    data = source.read()
    name = str(getattr(source, "name", "<data>"))
    return (data.encode("utf-8") if isinstance(data, str) else data), name, None


def read(source: Source, format: str | None = None, **options: Any) -> Meeting:
    """Read a meeting from a path, bytes, a text string or a file object.

    A ``str`` without a line break is a path; one with line breaks is the
    document itself. ``format`` defaults to the file suffix, else to what
    the content looks like. Every problem raises :class:`ReadError` naming
    the file and the line::

        >>> meeting = read("examples/referat-byudvalget.txt")
        >>> [item.number for item in meeting.items][:2]
        ['1', '2']
    """
    opts = Options(**options)
    data, name, path = _load(source)
    fmt: Format | None
    if format is not None:
        fmt = by_name(format)
    else:
        fmt = _detect(path, data[:4096])
        if fmt is None:
            raise ReadError("kan ikke afgøre formatet; angiv format=", source=name, line=1)
    if fmt.reader is None:
        raise ReadError(f"formatet {fmt.name!r} kan ikke læses, kun skrives", source=name)
    return fmt.reader(data, name, opts)


def _detect(path: Path | None, head: bytes) -> Format | None:
    """The format of a file: among the readers that claim its suffix, the one whose
    signature the content carries (several read ``.xml``), else the suffix's own,
    else whatever reader recognises the content."""
    if path is not None:
        suffix = path.suffix.lower()
        claiming = [f for f in formats() if suffix in f.suffixes]
        for fmt in claiming:
            if fmt.can_read and fmt.sniffer is not None and fmt.sniffer(head):
                return fmt
        if claiming:
            first = by_suffix(path)  # the suffix's own format (".xml": referatkit's XML)
            return first if first.can_read else next((f for f in claiming if f.can_read), first)
    return sniff(head)


@overload
def render(meeting: Meeting, format: Literal["text"], **options: Any) -> str: ...
@overload
def render(meeting: Meeting, format: str, **options: Any) -> str | bytes: ...


def render(meeting: Meeting, format: str, **options: Any) -> str | bytes:
    """Render ``meeting`` in ``format``: ``str`` for text formats, ``bytes`` otherwise.

    Parts of the model the format cannot express raise a
    :class:`LossWarning` each (turn them into errors with the ``warnings``
    filters); ``check_loss=False`` skips the check::

        >>> meeting = read("examples/referat-byudvalget.txt")
        >>> render(meeting, "text").splitlines()[0]
        'REFERAT Byudvalget d. 14-01-2025'
    """
    opts = Options(**options)
    fmt = by_name(format)
    if fmt.writer is None:
        raise WriteError(f"formatet {fmt.name!r} kan ikke skrives, kun læses")
    output = fmt.writer(meeting, opts)
    if opts.check_loss and fmt.reader is not None:
        _warn_losses(meeting, output, fmt, opts)
    return output


_DESCRIPTIONS = {
    "attendance": "fremmøde",
    "public": "åbent/lukket punkt",
    "public_title": "neutral titel for lukket punkt",
    "identifier": "id fra kildesystemet",
    "properties": "ekstra egenskaber",
    "name": "mødets navn",
    "organisation": "organisation",
    "short_name": "forummets forkortelse (vises kun som præfiks i titlerne)",
    "file_name": "filnavn",
    "media_type": "medietype",
    "checksum": "kontrolsum",
    "page": "sidetal",
}


def _describe(path: str, value: object) -> str:
    if any(isinstance(v, str) and XML_ILLEGAL.search(v) for _, v in walk(value)):
        return "tegn, som XML ikke kan bære, er erstattet med U+FFFD (se referatkit.validate)"
    last = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1])
    what = _DESCRIPTIONS.get(last)
    if what is not None:
        return f"{what} kan ikke vises i dette format"
    return "læses ikke tilbage som det blev skrevet; formatet kan ikke udtrykke det præcist"


def _warn_losses(meeting: Meeting, output: str | bytes, fmt: Format, opts: Options) -> None:
    # Lone surrogates (which validate() reports) make the output unreadable, not the check.
    data = output.encode("utf-8", "surrogatepass") if isinstance(output, str) else output
    try:
        back = fmt.reader(data, f"<{fmt.name}>", opts) if fmt.reader else meeting
    except ReadError as exc:
        warnings.warn(
            LossWarning(
                f"{fmt.name}: dokumentet kan ikke læses tilbage: {exc.message}",
                path="",
                format=fmt.name,
            ),
            stacklevel=3,
        )
        return
    # One warning per kind of loss ("items[*].public"), carrying every path.
    lost = differences(meeting, back)
    if not lost:
        return
    values = dict(walk(meeting))
    groups: dict[tuple[str, str], list[str]] = {}
    for path in lost:
        what = _describe(path, values.get(path))
        groups.setdefault((re.sub(r"\[\d+\]", "[*]", path), what), []).append(path)
    for (_, what), paths in groups.items():
        warn_lost(fmt.name, paths, what, stacklevel=3)


def write(meeting: Meeting, path: str | os.PathLike[str], format: str | None = None, **options: Any) -> Path:
    """Render ``meeting`` to ``path``, atomically; return the path.

    The format comes from the suffix unless given. The document is written
    to a temporary file beside the target and renamed over it, so a failure
    never leaves a half-written file.
    """
    target = Path(path)
    fmt = by_name(format) if format is not None else by_suffix(target)
    atomic_write(target, render(meeting, fmt.name, **options))
    return target


def atomic_write(target: Path, output: str | bytes) -> None:
    """Write ``output`` to a temporary file beside ``target``, then rename it."""
    try:
        data = output.encode("utf-8") if isinstance(output, str) else output
    except UnicodeEncodeError as exc:
        char = f"U+{ord(exc.object[exc.start]):04X}"
        raise WriteError(
            f"{target}: teksten indeholder tegnet {char}, som ikke kan skrives som UTF-8 "
            "(referatkit.validate() viser hvor)"
        ) from None
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"{target}: kan ikke skrives: {exc.strerror or exc}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
