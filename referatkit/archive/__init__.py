"""The arkiveringsversion: meetings delivered to Rigsarkivet or a municipal archive.

:func:`archive` writes ``AVID.<ORG>.<n>.1/`` (tables, TIFF documents,
context documentation, indices, standard schemas) under BEK nr. 128 of
2020; :func:`validate_archive` checks a package as an archive's test tool
does. See ``docs/archive.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

# The names are imported on first use (PEP 562): the command line imports this
# package for its subcommands, and must not pay for pdfium, pikepdf and the
# writers on every ``referatkit convert``.
if TYPE_CHECKING:
    from ..model import blocks_text
    from ._build import ArchiveReport, MissingAttachment, RenderJob, RenderResult, archive, render_batch
    from ._config import ArchiveConfig, load_config
    from ._validate import ArchiveProblem, validate_archive

_LAZY = {
    "ArchiveReport": "._build",
    "MissingAttachment": "._build",
    "RenderJob": "._build",
    "RenderResult": "._build",
    "archive": "._build",
    "render_batch": "._build",
    "ArchiveConfig": "._config",
    "load_config": "._config",
    "blocks_text": "..model",
    "ArchiveProblem": "._validate",
    "validate_archive": "._validate",
}

__all__ = [
    "ArchiveConfig",
    "ArchiveProblem",
    "ArchiveReport",
    "MissingAttachment",
    "RenderJob",
    "RenderResult",
    "archive",
    "blocks_text",
    "load_config",
    "render_batch",
    "validate_archive",
]


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
