"""The ``referatkit`` command line: a thin layer over :mod:`referatkit.batch` and the API.

Exit codes: 0 done, 1 an input or output failed (one line on stderr each, no
traceback, no half-written output file), 2 usage errors, 130 interrupted
(Ctrl-C), 141 when the reader of standard output went away
(``referatkit info x | head -2``).

Every word it prints is Danish, argparse's own too (:func:`_danish_argparse`).
Start-up matters (a shell loop runs it once a file): this module imports
only argparse; the library is imported by the command that needs it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from .batch import BatchReport
    from .formats import Format
    from .formats._contract import FormatOptions
    from .formats._flags import Flag
    from .l10n import Labels
    from .model import Meeting

__all__ = ["main", "parser", "run", "summary"]

#: argparse's own messages (Python 3.11-3.13), in Danish.
_ARGPARSE_DANISH = {
    "usage: ": "brug: ",
    "positional arguments": "positionelle argumenter",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "the following arguments are required: %s": "følgende argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig %(type)s-værdi: %(value)r",
    "expected one argument": "forventede ét argument",
    "expected at most one argument": "forventede højst ét argument",
    "expected at least one argument": "forventede mindst ét argument",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydigt tilvalg: %(option)s kan være %(matches)s"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "not allowed with argument %s": "kan ikke bruges sammen med argumentet %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "ignored explicit argument %r": "ignorerede det eksplicitte argument %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "unexpected option string: %s": "uventet tilvalg: %s",
}
_ARGPARSE_PLURALS = {
    "expected %s argument": ("forventede %s argument", "forventede %s argumenter"),
}


def _gettext(message: str) -> str:
    return _ARGPARSE_DANISH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    danish = _ARGPARSE_PLURALS.get(singular)
    if danish is None:
        return singular if count == 1 else plural
    return danish[0] if count == 1 else danish[1]


@contextlib.contextmanager
def _danish_argparse() -> Iterator[None]:
    """argparse's own words in Danish while the parser is built and used.

    argparse calls :func:`gettext.gettext` through its module-level names
    ``_`` and ``ngettext``; they are swapped for the table above and put back,
    so no other user of argparse in the process is affected.
    """
    names = vars(argparse)  # typeshed does not list argparse's ``_`` and ``ngettext``
    saved = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = _gettext, _ngettext
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, but sized without importing shutil (and with it bz2, lzma ...)
    each time argparse makes one, which is at every ``add_argument``: start-up."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, **more: Any
    ) -> None:
        try:
            columns = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                stdout = sys.__stdout__
                columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 80
            except (OSError, ValueError):
                columns = 80
        more.pop("width", None)
        super().__init__(prog, indent_increment, max_help_position, width=columns - 2, **more)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fejl: {message}", file=sys.stderr)
        raise SystemExit(2)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _danish_argparse():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _danish_argparse():
            return super().parse_known_args(*args, **kwargs)

    def format_help(self) -> str:
        with _danish_argparse():
            return super().format_help()

    def format_usage(self) -> str:
        with _danish_argparse():
            return super().format_usage()


class _UsageError(Exception):
    """A wrong combination of arguments argparse cannot see: exit 2 with the message."""


_EDITIONS = ("full", "public", "agenda", "public-agenda")  # referatkit.editions.EDITIONS
_VERSION = "0.1.0"  # referatkit.__version__; a test keeps them equal


def _formats_list(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser (also what the shell completion is made from).

    ``command``: one of this module's own commands, whose parser is then the only
    one built, as :func:`main` does for ``referatkit convert ...``: the same
    parsing, help and errors for that command, without the other commands'
    flags or the store's, archive's and site's modules (start-up).
    """
    with _danish_argparse():
        return _build_parser(command if command in _COMMANDS else None)


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    top = _Parser(
        prog="referatkit",
        description="Læs, konvertér, kontrollér og udgiv dagsordener og referater.",
    )
    top.add_argument(
        "-V", "--version", action="version", version=f"referatkit {_VERSION}", help="vis versionen og afslut"
    )
    commands = top.add_subparsers(
        dest="command", required=True, parser_class=_Parser, title="kommandoer", metavar="KOMMANDO"
    )
    for name, add in _PARSERS.items():
        if only is None or name == only:
            add(commands)
    if only is not None:
        return top

    from .archive import _cli as archive_cli

    archive_cli.add_commands(commands)
    from .store import _cli as store_cli

    store_cli.add_commands(commands)
    from .site import _cli as site_cli

    site_cli.add_commands(commands)
    return top


def _add_convert(commands: Any) -> None:
    convert = commands.add_parser(
        "convert",
        help="konvertér dokumenter fra ét format til andre",
        description="Konvertér filer, mapper (rekursivt, efter endelse) eller - (standardinput). "
        "Uden -o er det sidste argument output, som i 'referatkit convert IND UD'.",
        epilog="Eksempler: referatkit convert referat.txt referat.odt; "
        "referatkit convert referater/ -o ud/ --to html,pdf; "
        "cat referat.txt | referatkit convert - -o - --to html",
    )
    convert.set_defaults(command_parser=convert)
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="fil, mappe eller - (standardinput)")
    convert.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help="fil, mappe (én fil pr. input og format) eller - (standardoutput)",
    )
    convert.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="inputformat (ellers fra indholdet)"
    )
    convert.add_argument(
        "-t",
        "--to",
        dest="to_formats",
        type=_formats_list,
        metavar="FORMAT[,FORMAT...]",
        help="outputformater, kommasepareret (ellers fra outputfilens endelse)",
    )
    convert.add_argument(
        "--edition",
        choices=_EDITIONS,
        help="udgave: public (intet lukket indhold), full (alt), agenda (dagsorden uden beslutninger) "
        "eller public-agenda; standard er public for html og full for de andre formater",
    )
    convert.add_argument(
        "--strict", action="store_true", help="fejl i stedet for advarsel ved tab af indhold"
    )
    layout = convert.add_argument_group("layout")
    _add_format_flags(layout, "convert", write=True)
    layout.add_argument(
        "--labels", metavar="FIL", help="TOML-tabel med de ord, der skrives i stedet for standardordene"
    )
    layout.add_argument(
        "--read-labels",
        metavar="FIL",
        help="TOML-tabel med de ord, inputtet bruger, hvis ikke standardordene",
    )
    run = convert.add_argument_group("kørsel")
    run.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="antal samtidige processer (standard: antal kerner)"
    )
    run.add_argument(
        "--skip-existing",
        action="store_true",
        help="spring output over, der allerede findes (genoptag en kørsel)",
    )
    loud = run.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="skriv kun fejl")
    loud.add_argument("-v", "--verbose", action="store_true", help="skriv hver fil og hver advarsel")

    _add_format_flags(convert, "convert", write=False)


def _add_info(commands: Any) -> None:
    info = commands.add_parser("info", help="vis et resumé af et dokument og dets problemer")
    info.add_argument("input", metavar="INPUT", help="fil eller - (standardinput)")
    info.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="inputformat (ellers fra indholdet)"
    )
    _add_format_flags(info, "info", write=False)


def _add_formats(commands: Any) -> None:
    commands.add_parser("formats", help="vis de kendte formater")


def _add_validate(commands: Any) -> None:
    check = commands.add_parser(
        "validate",
        help="kontrollér filer mod deres skema og modellens regler",
        description="Kontrollér hver fil: referatkit-XML mod sit XSD, Akoma Ntoso og ODT mod de officielle "
        "skemaer (REFERATKIT_SCHEMAS), og alt, der kan læses, mod modellens regler. Én linje pr. problem.",
    )
    check.add_argument(
        "inputs", nargs="+", metavar="FIL", help="filer eller mapper (.txt, .odt, .xml og .akn i dem)"
    )
    check.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="inputformat (ellers fra indholdet)"
    )


def _add_completion(commands: Any) -> None:
    completion = commands.add_parser(
        "completion",
        help="skriv et skript til fuldførelse med tabulatortasten",
        description="Skriv et fuldførelsesskript. bash: referatkit completion bash > "
        "~/.local/share/bash-completion/completions/referatkit; zsh: referatkit completion zsh > "
        "~/.zfunc/_referatkit (med ~/.zfunc i fpath).",
    )
    completion.add_argument("shell", choices=("bash", "zsh"), help="skallen")


# --- helpers --------------------------------------------------------------------------------


def summary(meeting: Meeting) -> str:
    """One line: kind, forum, date, counts."""
    from ._summary import meeting_summary

    return meeting_summary(meeting)


def _danish(message: object) -> str:
    from .l10n.messages import say

    return say(message)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _read(
    source: str,
    from_format: str | None,
    labels: Labels | None = None,
    args: argparse.Namespace | None = None,
    notes: list[str] | None = None,
) -> tuple[Meeting, int]:
    """The input (``-``: standard input), what the reader kept only approximately told on stderr."""
    from . import _api
    from .formats._reports import Reports
    from .l10n import DANISH

    reports = Reports()
    meeting = _api.read(
        sys.stdin.buffer if source == "-" else source,
        format=from_format,
        labels=labels or DANISH,
        reports=reports,
        **(_read_options(args, args.command, shared=True) if args is not None else {}),
    )
    if notes is not None:
        notes.extend(reports.notes())
    approximate = reports.warnings()
    for w in approximate:
        _say(f"advarsel: {_danish(w)}")
    return meeting, len(approximate)


def _labels(args: argparse.Namespace) -> tuple[Labels, Labels]:
    """The words written (``--labels``) and the words the inputs use (``--read-labels``)."""
    from .l10n import DANISH

    labels = read_labels = DANISH
    if args.labels or args.read_labels:
        from .l10n.files import load_labels

        labels = load_labels(args.labels) if args.labels else DANISH
        read_labels = load_labels(args.read_labels) if args.read_labels else DANISH
    return labels, read_labels


# --- the formats' own flags (declared on their options classes, referatkit.formats._flags) ----


def _format_flags(command: str, *, write: bool, every: bool = False) -> list[tuple[Format, str, Flag]]:
    """``(format, field, flag)`` of every option a format declares a flag for ``command``
    (``every``: for any command), in the registry's order: the writers' options
    (``write``) or the readers'."""
    from .formats import formats
    from .formats._flags import flags_of

    found = []
    for fmt in formats():
        if (write and not fmt.can_write) or (not write and not fmt.can_read):
            continue
        for name, flag in flags_of(fmt.options if write else fmt.read_options):
            if every or command in flag.commands:
                found.append((fmt, name, flag))
    return found


def _add_format_flags(parser: argparse._ActionsContainer, command: str, *, write: bool) -> None:
    seen: set[str] = set()
    for _, _, flag in _format_flags(command, write=write):
        if flag.name in seen:  # one flag, several formats' option (--reference-doc)
            continue
        seen.add(flag.name)
        more: dict[str, Any] = {"dest": flag.dest, "help": flag.help, "action": flag.action}
        if flag.action != "store_true":
            more.update(metavar=flag.metavar, choices=flag.choices, type=flag.type)
        if flag.default is not None:
            more["default"] = flag.default
        parser.add_argument(*flag.names, **{k: v for k, v in more.items() if v is not None})


def _given(args: argparse.Namespace, flag: Flag) -> Any:
    """What was given for ``flag`` (``None``: nothing)."""
    value = getattr(args, flag.dest, None)
    return None if value in (None, False, []) else value


def _write_options(args: argparse.Namespace, *, convert: bool = True) -> dict[str, FormatOptions]:
    """Each writer's options, made from its flags (``convert=False``: the flags' values as
    given, unread, to see which ones a format keeps)."""
    from .formats._flags import from_flags

    values: dict[str, dict[str, Any]] = {}
    kinds: dict[str, type[Any]] = {}
    for fmt, name, flag in _format_flags("convert", write=True):
        kinds[fmt.name] = fmt.options
        given = _given(args, flag)
        if given is not None:
            value = flag.value(given, flag.name) if convert and flag.value is not None else given
            values.setdefault(fmt.name, {})[name] = value
    return {fmt: from_flags(kind, values.get(fmt, {})) for fmt, kind in kinds.items()}


def _read_options(args: argparse.Namespace, command: str, *, shared: bool = False) -> dict[str, Any]:
    """The readers' options given on the command line, by their names in ``read()``;
    ``shared``: also those whose flag's name the command gives a flag of its own (one
    document's ``convert -j N`` recognises N scanned pages at once, as ``info -j N``)."""
    named: dict[str, Any] = {}
    for _, name, flag in _format_flags("" if shared else command, write=False, every=shared):
        given = _given(args, flag)
        if given is not None:
            named[name] = flag.value(given, flag.name) if flag.value is not None else given
    return named


def _unused_options(args: argparse.Namespace, formats: Sequence[str]) -> None:
    """Say so when a format's flag is given but no format written uses it."""
    if args.quiet:
        return
    built = _write_options(args, convert=False)
    said: dict[str, None] = {}
    by_flag: dict[str, list[tuple[str, str, Flag]]] = {}
    for fmt, name, flag in _format_flags("convert", write=True):
        by_flag.setdefault(flag.name, []).append((fmt.name, name, flag))
    for flag_name, owners in by_flag.items():
        flag = owners[0][2]
        given = _given(args, flag)
        if given is None or flag.unused == "":
            continue
        if isinstance(given, list):
            given = tuple(given)
        if any(fmt in formats and getattr(built[fmt], name) == given for fmt, name, _ in owners):
            continue
        names = " og ".join(dict.fromkeys(fmt for fmt, _, _ in owners))
        said.setdefault(flag.unused or f"{flag_name} bruges kun til {names}")
    for note in said:
        _say(f"bemærk: {note}")


# --- convert --------------------------------------------------------------------------------


def _convert(args: argparse.Namespace) -> int:
    from .formats import by_name, by_suffix

    inputs: list[str] = list(args.inputs)
    output: str | None = args.output
    if output is None:
        if len(inputs) < 2:
            raise _UsageError("angiv output: referatkit convert INPUT OUTPUT eller -o OUTPUT")
        output = inputs.pop()
    to: list[str] = args.to_formats or []
    for name in to:
        by_name(name)  # an unknown name is a usage error
    folder_input = any(i != "-" and Path(i).is_dir() for i in inputs)
    to_folder = output != "-" and (
        Path(output).is_dir()
        or output.endswith(("/", os.sep))
        or len(inputs) > 1
        or folder_input
        or len(to) > 1
    )
    if inputs.count("-") and (len(inputs) > 1 or to_folder):
        raise _UsageError(
            "- (standardinput) kan kun bruges som det eneste input, med en fil eller - som output"
        )
    if not to_folder:
        if output == "-":
            if not to:
                raise _UsageError("angiv --to, når output er - (standardoutput)")
            if len(inputs) > 1 or folder_input or len(to) > 1:
                raise _UsageError("- (standardoutput) tager ét input og ét format")
            fmt = by_name(to[0])
        else:
            fmt = by_name(to[0]) if to else by_suffix(output, writing=True)
        if not fmt.can_write:
            raise _UsageError(f"formatet {fmt.name!r} kan ikke skrives, kun læses")
        _unused_options(args, [fmt.name])
        return _convert_one(args, inputs[0], output, fmt)
    if Path(output).exists() and not Path(output).is_dir():
        raise _UsageError(
            f"{output} er en fil; output skal være en mappe, når der er flere input eller formater"
        )
    if not to:
        raise _UsageError("angiv --to FORMAT[,FORMAT...], når output er en mappe")
    for _, _, flag in _format_flags("convert", write=False):
        if flag.one_input and _given(args, flag) is not None:
            raise _UsageError(flag.one_input)
    _unused_options(args, to)
    return _convert_batch(args, inputs, output, to)


def _convert_one(args: argparse.Namespace, source: str, output: str, fmt: Format) -> int:
    """One input to one file or to standard output, in this process."""
    from . import _api
    from ._summary import closed_content_notice
    from .formats._reports import Reports

    labels, read_labels = _labels(args)
    options = _write_options(args).get(fmt.name)
    if output == "-" and fmt.binary and sys.stdout.isatty():
        raise _UsageError(f"{fmt.name} er et binært format og skrives ikke til terminalen; brug -o FIL")
    if args.skip_existing and output != "-" and Path(output).exists():
        if not args.quiet:
            _say(f"{output} findes allerede; sprunget over (--skip-existing)")
        return 0
    meeting, approximate = _read(source, args.from_format, read_labels, args)
    edition = args.edition or fmt.edition
    reports = Reports()
    data = _api.render(meeting, fmt.name, edition=edition, labels=labels, options=options, reports=reports)
    losses = reports.warnings()
    if not args.quiet:
        for w in losses:
            _say(f"advarsel: {_danish(w)}")
    if args.strict and (losses or approximate):
        _say(f"referatkit: {output} er ikke skrevet (--strict)")
        return 1
    if output == "-":
        payload = data.encode("utf-8") if isinstance(data, str) else data
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        _api.atomic_write(Path(output), data)
    notice = closed_content_notice(output, fmt.name, edition, meeting)
    if notice is not None:
        _say(notice)
    if not args.quiet:
        from .editions import apply

        line = f"{output} ({fmt.name}): {summary(apply(meeting, edition, labels))}"  # what was written
        if output == "-":
            if args.verbose:
                _say(line)
        else:
            print(line)
    return 0


class _Progress:
    """A one-line progress bar on a terminal's stderr; nothing when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} filer")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _preload(suffixes: set[str], to: Sequence[str]) -> None:
    """Import the readers and writers the workers will use, once, before they are forked from
    this process: each worker would otherwise import them again."""
    from .formats import by_name, formats

    for fmt in formats():
        if fmt.can_read and suffixes & set(fmt.suffixes):
            _ = fmt.reader
    for name in to:
        _ = by_name(name).writer
        if name == "pdf":
            import referatkit.formats.typst  # noqa: F401  (the module; its compiler is made in each worker)


def _convert_batch(args: argparse.Namespace, inputs: list[str], output: str, to: list[str]) -> int:
    from .batch import convert_many, find_inputs, process_pool

    labels, read_labels = _labels(args)
    options = _write_options(args)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise _UsageError("-j skal være 1 eller mere")
    found = find_inputs(inputs, from_format=args.from_format)
    count = len(found)
    if count == 0:
        raise _UsageError(
            f"ingen filer at konvertere i {', '.join(inputs)} (mapperne indeholder ingen filer, "
            "referatkit læser; PDF og Word kun med --from pdf eller --from docx)"
        )
    progress = _Progress(sys.stderr.isatty() and not args.quiet and not args.verbose)
    parallel = jobs > 1 and count > 1
    if parallel:
        _preload({file.suffix.lower() for file, _ in found}, to)
    with process_pool(min(jobs, count), freeze=True) if parallel else contextlib.nullcontext() as executor:
        report = convert_many(
            inputs,
            output,
            to,
            from_format=args.from_format,
            edition=args.edition,
            labels=labels,
            read_labels=read_labels,
            options=options,
            read_options=_read_options(args, "convert"),
            strict=args.strict,
            skip_existing=args.skip_existing,
            executor=executor,
            workers=jobs,
            progress=progress,
        )
    if parallel:
        import gc

        gc.unfreeze()
    progress.clear()
    _report(args, report)
    return 0 if report.ok else 1


def report_outputs(report: BatchReport) -> set[str]:
    return {r.output for r in report.results}


def _report(args: argparse.Namespace, report: BatchReport) -> None:
    from ._summary import NOTICE, closed_content_notices
    from .l10n import plural

    warned = 0
    noticed: list[tuple[str, str]] = []  # closed content written to a full edition: said even with -q
    for result in report.results:
        if result.status == "converted":
            found = [note for note in result.warnings if note.startswith(NOTICE)]
            noticed += [(result.output, note) for note in found]
            warned += len(result.warnings) - len(found)
            if args.verbose:
                print(f"{result.output} ({result.format}): {result.summary}")
                for note in result.warnings:
                    _say(f"  {_danish(note)}")
        elif result.status == "skipped" and args.verbose:
            print(f"{result.output}: sprunget over, findes allerede")
    failures: dict[tuple[str, str], list[str]] = {}  # one line per input and message, its formats after it
    for result in report.failed:
        message = result.message or "ukendt fejl"
        failures.setdefault((result.input, message), []).append(result.format)
    outputs = tuple(report_outputs(report)) if failures else ()
    for (source, message), formats in failures.items():
        where = "" if message.startswith(source) or message.startswith(outputs) else f"{source}: "
        _say(f"fejl: {where}{_danish(message)} [{', '.join(formats)}]")
    if noticed and not args.verbose:
        _say(closed_content_notices(noticed))
    if args.quiet:
        return
    line = report.counts()
    if warned and not args.verbose:
        line += f"; {plural(warned, 'advarsel', 'advarsler')} (vis med --verbose)"
    _say(line)


# --- info, formats, validate, completion -------------------------------------------------------


def _info(args: argparse.Namespace) -> int:
    from .model import validate

    notes: list[str] = []
    meeting, _ = _read(args.input, args.from_format, args=args, notes=notes)
    print(summary(meeting))
    for note in notes:
        print(f"  {note}")
    for item in meeting.items:
        status = "" if item.public else " [lukket]"
        print(f"  {item.number}. {item.full_title}{status}")
    problems = validate(meeting)
    for problem in problems:
        _say(f"problem: {_danish(problem)}")
    return 1 if problems else 0


def _formats() -> int:
    from .formats import formats

    width = max(len(fmt.name) for fmt in formats())
    for fmt in formats():
        modes = "/".join(x for x, ok in (("læs", fmt.can_read), ("skriv", fmt.can_write)) if ok)
        print(f"{fmt.name:{width}} {modes:10} {' '.join(fmt.suffixes):14} {fmt.description}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Every problem of every file, one line each: exit 0 when all are valid, 1 when not."""
    from .checks import check_file
    from .l10n import plural

    invalid = 0
    names = _files(args.inputs, args.from_format)
    if not names:
        _say(f"referatkit: fandt ingen filer at kontrollere i {', '.join(args.inputs)}")
        return 1
    for name in names:
        result = check_file(name, format=args.from_format)
        for note in result.warnings:
            _say(f"advarsel: {_danish(note)}")
        for problem in result.problems:
            print(_danish(problem))
        if result.problems:
            invalid += 1
            _say(f"{name}: ugyldig ({plural(len(result.problems), 'problem', 'problemer')})")
        else:
            print(f"{name}: gyldig {result.what}")
    return 1 if invalid else 0


def _files(inputs: Sequence[str], from_format: str | None) -> list[str]:
    """Files as given; a folder as every file below it that referatkit reads, and ``.akn``."""
    from .batch import find_inputs

    return [str(file) for file, _ in find_inputs(inputs, from_format=from_format, extra_suffixes={".akn"})]


def _completion(args: argparse.Namespace) -> int:
    import shtab

    sys.stdout.write(shtab.complete(parser(), shell=args.shell))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "convert": _convert,
    "info": _info,
    "validate": _validate,
    "formats": lambda _: _formats(),
    "completion": _completion,
}

#: This module's commands' parsers, in the order ``referatkit --help`` lists them.
_PARSERS: dict[str, Callable[[Any], None]] = {
    "convert": _add_convert,
    "info": _add_info,
    "formats": _add_formats,
    "validate": _add_validate,
    "completion": _add_completion,
}


def run() -> NoReturn:
    """The ``referatkit`` command (and ``python -m referatkit``): :func:`main`, then exit.

    Two settings of the cyclic garbage collector, for a process that starts,
    converts and ends (start-up is a third of converting one referat, and a
    shell loop starts it once a file): it runs after 50,000 new objects
    rather than 700, so loading the library (tens of thousands of objects,
    none of them garbage) does not set off full collections; and before the
    process exits its objects are moved out of the collector's reach
    (:func:`gc.freeze`), so Python's last collection does not visit every one
    of them. Nothing is skipped: cycles are still collected, files closed,
    exit handlers run and every object freed. Together they save about a
    sixth of a small conversion (``benchmarks/bench_cli.py``). A program
    calling :func:`main` itself keeps its collector as it is. The code attrs
    writes for the model's classes is kept between runs
    (:mod:`referatkit._codecache`).
    """
    from ._codecache import attrs_code_cache

    gc.set_threshold(50_000)
    try:
        with attrs_code_cache():
            code = main()
        # The work is done: a Ctrl-C from here on (while Python flushes, runs its exit
        # handlers and frees) ends the process quietly, with the code for an interruption.
        signal.signal(signal.SIGINT, _interrupted_on_the_way_out)
    except KeyboardInterrupt:  # outside main's own handler: parsing the arguments, returning
        _interrupted_on_the_way_out(signal.SIGINT, None)
    gc.freeze()
    sys.exit(code)


def _interrupted_on_the_way_out(signum: int, frame: object) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(130)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from .errors import FormatError, ReferatkitError

    given = sys.argv[1:] if argv is None else list(argv)
    command_line = parser(given[0] if given else None)
    args = command_line.parse_args(given)
    try:
        if args.command in _COMMANDS:
            return _COMMANDS[args.command](args)
        from .store import _cli as store_cli

        if args.command in store_cli.COMMANDS:
            return store_cli.run(args)
        if args.command == "site":
            from .site import _cli as site_cli

            return site_cli.run(args)
        from .archive import _cli as archive_cli

        return archive_cli.run(args)
    except _UsageError as exc:
        getattr(args, "command_parser", command_line).print_usage(sys.stderr)
        _say(f"referatkit: fejl: {exc}")
        return 2
    except FormatError as exc:
        getattr(args, "command_parser", command_line).print_usage(sys.stderr)
        _say(f"referatkit: fejl: {_danish(exc)}")
        return 2
    except ReferatkitError as exc:
        _say(f"referatkit: {_danish(exc)}")
        return 1
    except KeyboardInterrupt:
        _say("referatkit: afbrudt")
        return 130
    except BrokenPipeError:
        # The reader went away (| head): say nothing, and keep Python from
        # complaining when it flushes standard output on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
