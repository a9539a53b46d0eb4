"""Where referatkit finds the official schemas it does not ship.

The Akoma Ntoso, ODF and Rigsarkivet schemas are not ours to ship. A user
points referatkit at a folder laid out like ``../shared/schemas`` (``akn/``,
``odf/``, ``rigsarkivet/`` ...) with the environment variable
``REFERATKIT_SCHEMAS``, or passes a folder explicitly where a function takes
one. A missing folder or file is a :class:`~referatkit.errors.ConfigurationError`
that says what was looked for, where, and how to configure it::

    >>> schema_root("/nonexistent")
    Traceback (most recent call last):
    ...
    referatkit.errors.ConfigurationError: skemamappen /nonexistent findes ikke eller er ikke en mappe
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["SCHEMAS_ENVIRONMENT", "schema_path", "schema_root"]

#: The environment variable that names the folder of official schemas.
SCHEMAS_ENVIRONMENT = "REFERATKIT_SCHEMAS"


def schema_root(folder: str | os.PathLike[str] | None = None) -> Path:
    """The schema folder: ``folder`` when given, else ``$REFERATKIT_SCHEMAS``."""
    if folder is None:
        configured = os.environ.get(SCHEMAS_ENVIRONMENT)
        if not configured:
            raise ConfigurationError(
                f"skemamappen er ikke sat: sæt {SCHEMAS_ENVIRONMENT} til en mappe med de officielle "
                "skemaer (akn/, odf/, rigsarkivet/ ...)"
            )
        root = Path(configured)
        origin = f" ({SCHEMAS_ENVIRONMENT})"
    else:
        root = Path(folder)
        origin = ""
    if not root.is_dir():
        raise ConfigurationError(f"skemamappen {root}{origin} findes ikke eller er ikke en mappe")
    return root


def schema_path(*parts: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """The file or folder ``parts`` inside the schema folder, which must exist.

    ``schema_path("akn", "akomantoso30.xsd")`` is the Akoma Ntoso 3.0 schema.
    """
    root = schema_root(folder)
    path = root.joinpath(*parts)
    if not path.exists():
        raise ConfigurationError(f"skemaet {'/'.join(parts)} findes ikke i skemamappen {root}")
    return path
