"""The exceptions and warnings referatkit raises.

::

    ReferatkitError                 every error the library raises on purpose
    ├── ReadError                   the input cannot be read (names file, line, column)
    ├── WriteError                  a document cannot be written
    ├── FormatError                 an unknown format name or file suffix
    └── ConfigurationError          a setting is missing or wrong (schema folder, LibreOffice)
    ReferatkitWarning (UserWarning)
    ├── LossWarning                 a writer cannot express part of the model
    └── ReadWarning                 a reader keeps part of the input only approximately
    ModelError (referatkit.model)   a value the model's constructors refuse: field, code, params
    ├── ModelValueError (ValueError)  a rule refuses the value (empty, a line break, ...)
    └── ModelTypeError (TypeError)    a value of the wrong kind: a programming error

A ``ModelError`` speaks English to programmers; its ``code`` is worded in
Danish by :func:`referatkit.l10n.messages.say`, and a reader turns a
``ModelValueError`` into a ``ReadError`` at its place
(:func:`referatkit.formats._build.build`). Messages meant for a secretary
(reading a document) are in Danish.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "FormatError",
    "LossWarning",
    "ReadError",
    "ReadWarning",
    "ReferatkitError",
    "ReferatkitWarning",
    "WriteError",
]


class ReferatkitError(Exception):
    """Base class of every error referatkit raises on purpose."""


class ReadError(ReferatkitError):
    """The input cannot be read into a meeting.

    ``source`` names the file (or ``<data>``), ``line`` and ``column`` are
    1-based when known. ``str(error)`` is one line: ``source:line:column: message``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "<data>",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class WriteError(ReferatkitError):
    """A document cannot be written (the target cannot be created, ...)."""


class FormatError(ReferatkitError):
    """An unknown format name, or a suffix no format claims."""


class ConfigurationError(ReferatkitError):
    """A setting is missing or points nowhere: the schema folder, a program."""


class ReferatkitWarning(UserWarning):
    """Base class of referatkit's warnings."""


class LossWarning(ReferatkitWarning):
    """A writer cannot express part of the model; the output lacks it.

    ``path`` points into the model (``items[2].attendance``); ``paths`` holds
    every place of the same kind (``items[0].public``, ``items[3].public``),
    one warning covering them all; ``format`` names the writer.
    """

    def __init__(self, message: str, *, path: str, format: str, paths: tuple[str, ...] | None = None) -> None:
        self.path = path
        self.paths = paths if paths is not None else (path,)
        self.format = format
        super().__init__(message)


class ReadWarning(ReferatkitWarning):
    """A reader met something the model holds only approximately.

    A table in an export's HTML becomes one paragraph per row, an image
    becomes its alternative text: the text is kept, the form is not. The
    message names the file, the line and the element; ``source`` and
    ``line`` carry them too.
    """

    def __init__(self, message: str, *, source: str = "<data>", line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
