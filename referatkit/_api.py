"""read, render, write: the public entry points."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os
import re
import stat
import sys
import time
import types
import typing
from pathlib import Path
from typing import IO, Any, Literal, cast, overload

import attrs

from . import editions
from .editions import Edition
from .errors import FormatError, ReadError, WriteError
from .formats import Format, HtmlOptions, OdtOptions, PdfOptions, by_name, by_suffix, formats, sniff
from .formats._common import element_ids
from .formats._contract import (
    FormatOptions,
    Loss,
    NoOptions,
    ReadContext,
    ReadOptions,
    WriteContext,
    covers,
)
from .formats._limits import MAX_INPUT_BYTES, MAX_YEAR, MIN_YEAR, over
from .formats._reports import Reports
from .l10n import DANISH, Labels
from .l10n.oserror import os_problem
from .model import Meeting, differences, walk
from .model._validate import values

__all__ = ["atomic_write", "read", "remove_stale", "render", "write"]

Source = str | os.PathLike[str] | bytes | IO[bytes] | IO[str]


def _load(source: Source) -> tuple[bytes, str, Path | None]:
    """The bytes of ``source``, its name for messages, and its path if a file.

    At most ``MAX_INPUT_BYTES`` are read: a larger input is a ReadError.
    """
    data, name, path = _load_unbounded(source)
    if len(data) > MAX_INPUT_BYTES:
        raise over("MAX_INPUT_BYTES", "inddata", MAX_INPUT_BYTES, source=name)
    return data, name, path


def _load_unbounded(source: Source) -> tuple[bytes, str, Path | None]:
    if isinstance(source, bytes):
        return source, "<data>", None
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return source.encode("utf-8"), "<data>", None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            with path.open("rb") as handle:  # read one byte past the limit: enough to know
                return handle.read(MAX_INPUT_BYTES + 1), str(path), path
        except FileNotFoundError:
            raise ReadError("filen findes ikke", source=str(path)) from None
        except IsADirectoryError:
            raise ReadError("er en mappe, ikke en fil", source=str(path)) from None
        except OSError as exc:
            raise ReadError(f"kan ikke læses: {os_problem(exc)}", source=str(path)) from None
    data = source.read(MAX_INPUT_BYTES + 1)
    name = str(getattr(source, "name", "<data>"))
    return (data.encode("utf-8") if isinstance(data, str) else data), name, None


def read(
    source: Source,
    format: str | None = None,
    *,
    labels: Labels = DANISH,
    options: ReadOptions | None = None,
    notes: list[str] | None = None,
    reports: Reports | None = None,
    **format_options: Any,
) -> Meeting:
    """Read a meeting from a path, bytes, a text string or a file object.

    A ``str`` without a line break is a path; one with line breaks is the
    document itself. ``format`` defaults to the file suffix, else to what
    the content looks like; ``labels`` are the words the reader recognises;
    ``options`` the reader's own, of the class its format names
    (:class:`PortalOptions` for FirstAgenda's portal, :class:`PrintedOptions` for a
    printed referat); a single one may be given by its name instead
    (``read(path, layout="edoc", jobs=2)``, docs/printed.md).
    What the reader kept only approximately is a :class:`ReadWarning` each, and
    what it did (the layout it used) is added to ``notes``; given a ``reports``
    (:class:`referatkit.formats.Reports`), every report goes there instead and
    nothing is warned (the batch, the command line). Every problem raises
    :class:`ReadError` naming the file and the line::

        >>> meeting = read("examples/referat-byudvalget.txt")
        >>> [item.number for item in meeting.items][:2]
        ['1', '2']
    """
    data, name, path = _load(source)
    fmt: Format | None
    if format is not None:
        fmt = by_name(format)
    else:
        fmt = _detect(path, data[:4096])
        if fmt is None:
            raise ReadError("kan ikke afgøre formatet; angiv format=", source=name, line=1)
    reader = fmt.reader
    if reader is None:
        raise ReadError(f"formatet {fmt.name!r} kan ikke læses, kun skrives", source=name)
    ctx = ReadContext(source=name, labels=labels, options=_read_options(fmt, options, format_options))
    meeting = reader(data, ctx)
    if notes is not None:
        notes.extend(ctx.reports.notes())
    if reports is not None:
        reports.extend(ctx.reports)
    else:
        ctx.reports.warn(stacklevel=2)
    return meeting


def _read_options(fmt: Format, options: ReadOptions | None, named: dict[str, Any]) -> ReadOptions:
    """The reader's options: those given, else its class with the options named one by one
    (those it does not have are left alone, as a format without them reads as ever)."""
    kind = fmt.read_options
    if options is not None:
        if not isinstance(options, kind):
            wanted, given = kind.__name__, type(options).__name__
            raise FormatError(f"formatet {fmt.name!r} tager {wanted} ved læsning, ikke {given}")
        return options
    if not named:
        return kind()
    anywhere = {a.name for f in formats() for a in attrs.fields(f.read_options)}
    for key in named:
        if key not in anywhere:
            raise TypeError(
                f"read() har intet tilvalg {key!r}; læsernes tilvalg: {', '.join(sorted(anywhere))}"
            )
    known = {a.name for a in attrs.fields(kind)}
    return kind(**{key: value for key, value in named.items() if key in known})


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
def render(
    meeting: Meeting,
    format: Literal["html"],
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: HtmlOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> str: ...
@overload
def render(
    meeting: Meeting,
    format: Literal["text"],
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: NoOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> str: ...
@overload
def render(
    meeting: Meeting,
    format: Literal["odt"],
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: OdtOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> bytes: ...
@overload
def render(
    meeting: Meeting,
    format: Literal["pdf"],
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: PdfOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> bytes: ...
@overload
def render(
    meeting: Meeting,
    format: Literal["xml", "akn", "json"],
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: NoOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> bytes: ...
@overload
def render(
    meeting: Meeting,
    format: str,
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: FormatOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> str | bytes: ...


def render(
    meeting: Meeting,
    format: str,
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: FormatOptions | None = None,
    verify: bool = False,
    reports: Reports | None = None,
) -> str | bytes:
    """Render ``meeting`` in ``format``: ``str`` for text and HTML, ``bytes`` otherwise.

    ``edition`` is ``"full"``, ``"public"`` (nothing closed, see
    :mod:`referatkit.editions`), ``"agenda"`` or ``"public-agenda"``; it
    defaults to the format's own (``"public"`` for HTML, ``"full"`` for the
    others). ``options`` is the format's own options object
    (:class:`HtmlOptions`, :class:`OdtOptions`, :class:`PdfOptions`). Whatever the writer cannot
    express raises one :class:`LossWarning` per kind of loss (turn them into
    errors with the ``warnings`` filters). ``verify=True`` also reads the
    output back, for formats with a reader, and warns about any difference
    the writer did not report. Given a ``reports`` (:class:`referatkit.formats.Reports`),
    the losses go there instead of being warned (the batch, the command line)::

        >>> meeting = read("examples/referat-byudvalget.txt")
        >>> render(meeting, "text").splitlines()[0]
        'REFERAT Byudvalget d. 14-01-2025'
    """
    fmt = by_name(format)
    writer = fmt.writer
    if writer is None:
        raise WriteError(f"formatet {fmt.name!r} kan ikke skrives, kun læses")
    if options is None:
        options = fmt.options()
    elif not isinstance(options, fmt.options):
        raise WriteError(f"formatet {fmt.name!r} tager {fmt.options.__name__}, ikke {type(options).__name__}")
    _check_arguments(meeting, edition, labels, verify)
    _refuse_unwritable(meeting)
    chosen: Edition = edition if edition is not None else fmt.edition
    try:
        shown = editions.apply(meeting, chosen, labels)
        ctx = WriteContext(
            format=fmt.name, options=options, labels=labels, edition=chosen, ids=element_ids(shown)
        )
        output = writer(shown, ctx)
    except (TypeError, AttributeError) as exc:
        # A model changed past its validators (object.__setattr__, a hand-made subclass):
        # said where, as a WriteError. Anything else is referatkit's own bug and goes on.
        broken = _broken_node(meeting)
        if broken is None:
            raise
        raise WriteError(f"modellen er ugyldig: {broken}") from exc
    if verify and fmt.reader is not None:
        _verify(shown, output, fmt, ctx)
    if reports is not None:
        reports.extend(ctx.reports)
    else:
        ctx.reports.warn(stacklevel=2)
    return output


def _check_arguments(meeting: object, edition: object, labels: object, verify: object) -> None:
    """A WriteError for an argument of the wrong kind, naming it, before any work."""
    if not isinstance(meeting, Meeting):
        raise WriteError(f"mødet skal være et referatkit.Meeting, ikke {type(meeting).__name__}")
    if edition is not None and edition not in editions.EDITIONS:
        known = ", ".join(editions.EDITIONS)
        raise WriteError(f"ukendt udgave {edition!r}; kendte udgaver: {known}")
    if not isinstance(labels, Labels):
        raise WriteError(f"labels skal være et referatkit.Labels, ikke {type(labels).__name__}")
    if not isinstance(verify, bool):
        raise WriteError(f"verify skal være True eller False, ikke {verify!r}")


def _broken_node(meeting: Meeting) -> str | None:
    """The first field of ``meeting`` that does not hold what its class declares
    ("items[0] er NoneType, ikke Item"), or None: a model changed past its validators."""
    for path, value in walk(meeting):
        kind = type(value)
        if not attrs.has(kind):
            continue
        for name, expected in _field_types(kind).items():
            wrong = _mismatch(getattr(value, name, None), expected, f"{path}.{name}" if path else name)
            if wrong is not None:
                return wrong
    return None


@functools.cache
def _field_types(kind: type) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):
        return {}
    return {f.name: hints[f.name] for f in attrs.fields(kind) if f.name in hints}


def _mismatch(value: object, expected: Any, where: str) -> str | None:
    """What is wrong at ``where`` if ``value`` is not of the declared type ``expected``
    (classes, unions, ``tuple[X, ...]``, literals; other constructs are taken on trust)."""
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin is tuple and isinstance(value, tuple) and len(args) == 2 and args[1] is Ellipsis:
        for index, item in enumerate(value):
            wrong = _mismatch(item, args[0], f"{where}[{index}]")
            if wrong is not None:
                return wrong
        return None
    if _holds(value, expected):
        return None
    names = " | ".join(
        getattr(a, "__name__", str(a)) for a in (args if origin is not tuple else ())
    ) or getattr(expected, "__name__", str(expected))
    return f"{where} er {type(value).__name__}, ikke {names}"


def _holds(value: object, expected: Any) -> bool:
    origin = typing.get_origin(expected)
    if expected is Any:
        return True
    if origin is None:
        return not isinstance(expected, type) or isinstance(value, expected)
    args = typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return any(_holds(value, arg) for arg in args)
    if origin is tuple:
        return isinstance(value, tuple) and (
            not (len(args) == 2 and args[1] is Ellipsis) or all(_holds(item, args[0]) for item in value)
        )
    if origin is typing.Literal:
        return value in args
    return True


def _refuse_unwritable(meeting: Meeting) -> None:
    """A WriteError for what no file can hold, or no reader would take back.

    A lone surrogate (half of a UTF-16 pair): no encoding writes one. A date
    outside ``MIN_YEAR`` .. ``MAX_YEAR``: the readers refuse it. Every writer
    refuses them, before writing, naming the place.

    Every render asks this of the whole model: one pass over its values without their
    paths says whether there is anything to name, and only then is the model walked with
    its paths (:func:`_name_unwritable`).
    """
    texts: list[str] = []
    for value in values(meeting):
        kind = type(value)
        if kind is str:
            texts.append(cast(str, value))
        elif isinstance(value, dt.date):
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                _name_unwritable(meeting)
        elif isinstance(value, str):
            texts.append(value)
    if _SURROGATE.search("".join(texts)) is not None:
        _name_unwritable(meeting)


def _name_unwritable(meeting: Meeting) -> None:
    """The WriteError of :func:`_refuse_unwritable`, naming the first place of the model
    that no file can hold."""
    for path, value in walk(meeting):
        if isinstance(value, str) and not isinstance(value, enum.Enum):
            found = _SURROGATE.search(value)
            if found is not None:
                raise WriteError(
                    f"{path}: teksten indeholder tegnet U+{ord(found.group()):04X} (en enlig surrogat), "
                    "som ingen fil kan rumme (referatkit.validate() viser hvor)"
                )
        elif isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise WriteError(
                f"{path}: året {value.year} ligger uden for {MIN_YEAR}-{MAX_YEAR}, "
                "som referatkits læsere tager imod (MIN_YEAR, MAX_YEAR)"
            )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _verify(meeting: Meeting, output: str | bytes, fmt: Format, ctx: WriteContext[Any]) -> None:
    """Report every difference between ``meeting`` and the output read back that the writer did not."""
    reader = fmt.reader
    assert reader is not None
    data = output.encode("utf-8", "surrogatepass") if isinstance(output, str) else output
    try:
        back = reader(data, ReadContext(source=f"<{fmt.name}>", labels=ctx.labels))
    except ReadError as exc:
        if "" not in ctx.reports.paths:
            ctx.lost("", Loss.UNREADABLE, exc.message)
        return
    reported = tuple(ctx.reports.paths)
    for path in differences(meeting, back):
        if not any(covers(p, path) for p in reported):
            ctx.lost(path, Loss.INEXACT)


def write(
    meeting: Meeting,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    options: FormatOptions | None = None,
    verify: bool = False,
) -> Path:
    """Render ``meeting`` to ``path``, atomically; return the path.

    The format comes from the suffix unless given; the other arguments are
    :func:`render`'s. The document is written to a temporary file beside the
    target and renamed over it, so a failure never leaves a half-written file.
    """
    target = Path(path)
    fmt = by_name(format) if format is not None else by_suffix(target, writing=True)
    collected = Reports()
    output = render(
        meeting, fmt.name, edition=edition, labels=labels, options=options, verify=verify, reports=collected
    )
    collected.warn(stacklevel=2, file=str(target))
    atomic_write(target, output)
    return target


def atomic_write(target: Path | str, output: str | bytes) -> None:
    """Write ``output`` to ``target`` so that a failure never leaves a half-written file.

    A regular file (or a new one) gets a temporary file beside it, written
    and ``fsync``ed, then renamed over it, and its folder is ``fsync``ed: a
    power cut leaves the old file or the new one. A symlink is followed and
    its target replaced (the link stays a link); an existing file keeps its
    permissions. What is not a regular file (a pipe, ``/dev/stdout``, a
    terminal) is written directly. Every failure is a one-line :class:`WriteError`.
    """
    target = Path(target)
    try:
        data = output.encode("utf-8") if isinstance(output, str) else output
    except UnicodeEncodeError as exc:
        char = f"U+{ord(exc.object[exc.start]):04X}"
        raise WriteError(
            f"{target}: teksten indeholder tegnet {char}, som ikke kan skrives som UTF-8 "
            "(referatkit.validate() viser hvor)"
        ) from None
    try:
        descriptor = _standard_descriptor(target)
        if descriptor is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            _write_all(descriptor, data)
            return
        real = Path(os.path.realpath(target))
        try:
            existing: os.stat_result | None = os.stat(real)
        except FileNotFoundError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            if stat.S_ISDIR(existing.st_mode):
                raise WriteError(f"{target}: er en mappe, ikke en fil")
            _write_directly(real, data)
            return
        _replace(real, data, existing)
    except OSError as exc:
        raise WriteError(f"{target}: kan ikke skrives: {os_problem(exc)}") from None


def _standard_descriptor(target: Path) -> int | None:
    """The open descriptor ``/dev/stdout``, ``/dev/stderr`` or ``/dev/fd/N`` names, written as it is
    (so a shell's ``>>`` appends and a pipe stays a pipe)."""
    match = re.fullmatch(r"/dev/(stdout|stderr)|/dev/fd/([0-9]{1,4})|/proc/self/fd/([0-9]{1,4})", str(target))
    if match is None:
        return None
    if match[1] is not None:
        return 1 if match[1] == "stdout" else 2
    return int(match[2] or match[3])


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_directly(path: Path, data: bytes) -> None:
    """Write to a pipe, a character device or a socket as it is (it cannot be renamed over)."""
    fd = os.open(path, os.O_WRONLY)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _temporary_name(name: str, pid: int) -> str:
    """The temporary file a write of ``name`` by process ``pid`` uses, beside the target."""
    return f".{name}.{pid}-{os.urandom(4).hex()}.tmp"


def remove_stale(real: Path) -> None:
    """Remove what an earlier write of ``real`` left when it was killed between writing and
    renaming: only our own temporary files (by their name) whose process has ended."""
    pattern = re.compile(re.escape(f".{real.name}.") + r"(?:([0-9]{1,10})-)?[0-9a-f]{8}\.tmp")
    try:
        names = os.listdir(real.parent)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        stale = real.with_name(name)
        if match[1] is not None and _running(int(match[1])):
            continue  # another write of the same file, under way
        if match[1] is None and _age(stale) < _OLD_TEMPORARY_SECONDS:
            continue  # an earlier version's name, without a process: only an old one is stale
        with contextlib.suppress(OSError):
            stale.unlink()


#: A temporary file without its process's number in its name is stale once this old.
_OLD_TEMPORARY_SECONDS = 3600.0


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's
    return True


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _replace(real: Path, data: bytes, existing: os.stat_result | None) -> None:
    """Write a temporary file beside ``real``, fsync it, rename it over ``real``, fsync the folder."""
    remove_stale(real)
    temp = real.with_name(_temporary_name(real.name, os.getpid()))
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            if existing is not None:
                os.fchmod(fd, stat.S_IMODE(existing.st_mode))
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, real)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    folder = os.open(real.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    except OSError:
        pass  # some file systems cannot sync a folder; the file itself is synced
    finally:
        os.close(folder)
