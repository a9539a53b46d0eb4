"""A printed referat's reading options and their flags (docs/printed.md)."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from ..._repr import fields_repr
from .._flags import flag

__all__ = ["PrintedOptions"]


def _jobs(instance: object, attribute: object, value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"jobs skal være 1 eller mere, ikke {value!r}")


_JOBS = "sider, der tekstgenkendes samtidig"


@frozen(kw_only=True)
class PrintedOptions:
    """Reading a printed referat (``pdf``, ``docx``, an ``odt`` another program wrote).

    ``layout`` is the layout to read it with: a shipped layout's name or a layout
    file (``None``: the one that fits); ``layouts`` a user's layouts (files or
    :class:`~referatkit.formats.printed.Layout` values) that detection tries before the
    shipped ones; ``jobs`` how many scanned pages Tesseract recognises at once."""

    __repr__ = fields_repr

    layout: str | None = field(
        default=None,
        metadata=flag(
            "--layout",
            metavar="NAVN",
            help="trykt referat: læs med dette layout (navn eller .toml-fil, docs/printed.md)",
            commands=("convert", "info"),
            one_input="--layout gælder ét trykt referat ad gangen: angiv ét input og én outputfil",
        ),
    )
    layouts: tuple[Any, ...] = field(
        default=(),
        converter=tuple,
        metadata=flag(
            "--add-layout",
            metavar="FIL",
            action="append",
            value=lambda given, name: tuple(given),
            help="trykt referat: prøv også dette layout (.toml-fil) ved genkendelsen, før de indbyggede "
            "(kan gentages)",
            commands=("convert", "info"),
        ),
    )
    jobs: int = field(
        default=1,
        validator=_jobs,
        metadata=flag(
            "-j",
            "--jobs",
            type=int,
            metavar="N",
            help="sider, der tekstgenkendes samtidig",
            commands=("info",),
        ),
    )
