"""A label table from a TOML file: the words a municipality replaces (``--labels``).

Every key is a field of :class:`~referatkit.l10n.Labels`; ``[captions]``
maps section kinds (``presentation``, ``legal-basis`` ...) to captions and
must name every kind, ``[caption_synonyms]`` maps kinds to lists of further
captions readers accept (replacing the built-in list of each kind named)::

    meeting_place = "Sted"
    closed_attachments = "count"

    [caption_synonyms]
    economy = ["Økonomi og finansiering"]

The file is checked when it is loaded: an unknown key, a value of the wrong
kind or a template with a wrong ``{field}`` is a :class:`ReadError` naming
the file and the key. The table is :data:`DANISH` with the file's values
(``attrs.evolve``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import attrs

from ..errors import ReadError
from ..model import ModelError, SectionKind
from . import DANISH, Labels
from .oserror import os_problem

__all__ = ["load_labels", "parse_labels", "toml_place"]

_KINDS = {kind.value: kind for kind in SectionKind if kind is not SectionKind.CUSTOM}


def load_labels(path: str | os.PathLike[str]) -> Labels:
    """The label table in the TOML file ``path`` (see the module's docstring)."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReadError("filen findes ikke", source=source) from None
    except UnicodeDecodeError as exc:
        raise ReadError(f"er ikke UTF-8 (byte {exc.start + 1})", source=source) from None
    except OSError as exc:
        raise ReadError(f"kan ikke læses: {os_problem(exc)}", source=source) from None
    return parse_labels(text, source)


def toml_place(error: ValueError) -> tuple[int | None, int | None]:
    """The line and column a ``tomllib.TOMLDecodeError`` names: the ReadError says them, and
    that the file is no valid TOML, in Danish (tomllib's own words are English)."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    return (int(where[1]), int(where[2])) if where else (None, None)


def parse_labels(text: str, source: str = "<data>") -> Labels:
    """The label table in the TOML ``text``; ``source`` names it in errors."""
    import tomllib

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = toml_place(exc)
        raise ReadError("er ikke gyldig TOML", source=source, line=line, column=column) from None
    fields = {a.name: a for a in attrs.fields(Labels)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ReadError(f"ukendt nøgle {key!r}; kendte nøgler: {known}", source=source)
        if key == "captions":
            values[key] = _captions(value, source)
        elif key == "caption_synonyms":
            values[key] = _synonyms(value, source)
        elif not isinstance(value, str):
            raise ReadError(f"{key}: skal være en tekst i anførselstegn, ikke {value!r}", source=source)
        else:
            values[key] = value
    try:
        return attrs.evolve(DANISH, **values)
    except ModelError as exc:
        from .messages import say

        raise ReadError(say(exc), source=source) from None


def _kind(key: str, table: str, source: str) -> SectionKind:
    if key not in _KINDS:
        known = ", ".join(_KINDS)
        raise ReadError(f"[{table}]: ukendt afsnitstype {key!r}; kendte: {known}", source=source)
    return _KINDS[key]


def _captions(value: object, source: str) -> dict[SectionKind, str]:
    if not isinstance(value, dict):
        raise ReadError("captions skal være en tabel: [captions]", source=source)
    captions = {}
    for key, caption in value.items():
        kind = _kind(key, "captions", source)
        if not isinstance(caption, str) or not caption.strip():
            raise ReadError(f"[captions] {key}: skal være en tekst, ikke {caption!r}", source=source)
        captions[kind] = caption
    missing = [value for value, kind in _KINDS.items() if kind not in captions]
    if missing:
        raise ReadError(
            f"[captions] skal give en overskrift for hver afsnitstype; mangler: {', '.join(missing)}",
            source=source,
        )
    return captions


def _synonyms(value: object, source: str) -> dict[SectionKind, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ReadError("caption_synonyms skal være en tabel: [caption_synonyms]", source=source)
    synonyms = dict(DANISH.caption_synonyms)  # a kind the file names gets the file's list
    for key, words in value.items():
        kind = _kind(key, "caption_synonyms", source)
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ReadError(f"[caption_synonyms] {key}: skal være en liste af tekster", source=source)
        synonyms[kind] = tuple(words)
    return synonyms
