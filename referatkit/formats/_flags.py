"""A format's command-line flags, declared on its options class, beside the option.

An option that the command line reaches carries its flag in the field's
metadata, ``field(default=..., metadata=flag("--portal-base-url", help=...))``;
the command line (:mod:`referatkit.cli`) adds every flag of every format in the
registry to ``convert`` (and ``info`` for a reader's) and builds each format's
options from them. Adding an option and its flag therefore touches the
format's own module only. This module imports nothing but attrs, so the
command line's start-up does not pay for any format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs
from attrs import frozen

from .._repr import fields_repr
from ..l10n.oserror import os_problem

__all__ = ["FLAG", "Flag", "existing_file", "file_text", "flag", "flags_of", "from_flags"]

#: The key of a field's metadata that holds its :class:`Flag`.
FLAG = "referatkit.flag"

Action = Literal["store", "store_true", "append"]


@frozen(kw_only=True)
class Flag:
    """One option's flag: its names, its Danish help, how argparse takes it, and
    ``value``, which turns what was given into the option's value (reads a file,
    makes a tuple); it gets the flag's name for its messages."""

    __repr__ = fields_repr

    names: tuple[str, ...]
    help: str
    metavar: str | None = None
    choices: tuple[Any, ...] | None = None
    type: Callable[[str], Any] | None = None
    action: Action = "store"
    default: Any = None
    value: Callable[[Any, str], Any] | None = None
    #: The commands that take it (``info`` too for a reader's option).
    commands: tuple[str, ...] = ("convert",)
    #: What to say when it is given but no format written uses it (``None``: the formats
    #: that have it are named); ``""``: nothing (a choice with a default).
    unused: str | None = None
    #: The usage error when it is given with several inputs (it applies to one document).
    one_input: str | None = None

    @property
    def dest(self) -> str:
        """The name argparse stores it under: the long name, ``--pdf-engine`` → ``pdf_engine``."""
        return next(n for n in self.names if n.startswith("--"))[2:].replace("-", "_")

    @property
    def name(self) -> str:
        return next(n for n in self.names if n.startswith("--"))


def flag(*names: str, help: str, **more: Any) -> Mapping[str, Flag]:
    """The metadata of a field the command line reaches: ``field(metadata=flag(...))``."""
    return {FLAG: Flag(names=names, help=help, **more)}


def flags_of(options: type) -> list[tuple[str, Flag]]:
    """``(field name, flag)`` of every field of ``options`` that has a flag, in field order."""
    if not attrs.has(options):
        return []
    return [(a.name, a.metadata[FLAG]) for a in attrs.fields(options) if FLAG in a.metadata]


def from_flags(options: type[Any], values: dict[str, Any]) -> Any:
    """``options`` made from the values of its flags (field name → value); a class with
    options that depend on each other makes itself (a classmethod ``from_flags``)."""
    make = getattr(options, "from_flags", None)
    return make(values) if make is not None else options(**values)


# --- what a flag's value becomes -------------------------------------------------------------


def file_text(path: str, name: str) -> str:
    """The text of the UTF-8 file a flag names (``--css``); a ReadError naming the flag."""
    from pathlib import Path  # noqa: PLC0415

    from ..errors import ReadError  # noqa: PLC0415

    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReadError(f"filen findes ikke ({name})", source=path) from None
    except UnicodeDecodeError as exc:
        raise ReadError(f"er ikke UTF-8 ({name}): byte {exc.start + 1}", source=path) from None
    except OSError as exc:
        raise ReadError(f"kan ikke læses ({name}): {os_problem(exc)}", source=path) from None


def existing_file(path: str, name: str) -> str:
    """The path a flag names, which must be a file (``--reference-doc``)."""
    from pathlib import Path  # noqa: PLC0415

    from ..errors import ReadError  # noqa: PLC0415

    if not Path(path).is_file():
        raise ReadError(f"filen findes ikke ({name})", source=path)
    return path
