"""The arkiveringsversion: meetings delivered to Rigsarkivet or a municipal archive.

:func:`archive` writes ``AVID.<ORG>.<n>.1/`` (tables, TIFF documents,
context documentation, indices, standard schemas) under BEK nr. 128 of
2020; :func:`validate_archive` checks a package as an archive's test tool
does. See ``docs/archive.md``.
"""

from ._build import ArchiveReport, MissingAttachment, RenderJob, RenderResult, archive, render_batch
from ._config import ArchiveConfig, load_config
from ._plain import blocks_text
from ._validate import ArchiveProblem, validate_archive

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
