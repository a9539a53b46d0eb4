"""Journal (case) numbers: the raw string, with the KLE form parsed when present."""

from __future__ import annotations

import re

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ._errors import Code, refuse

__all__ = ["JournalNumber", "KleNumber"]

# KLE Emneplan v2.0: subject NN.NN.NN, handling facet A/P/S/Ø/G/K/I + two digits,
# then the case's serial number and year ("00.01.10-A00-3-16").
_KLE = re.compile(
    r"(?P<subject>\d\d\.\d\d\.\d\d)-(?P<facet>[APSØGKI]\d\d)-(?P<serial>\d+)-(?P<year>\d\d|\d{4})"
)


@frozen
class KleNumber:
    """The parts of a KLE journal number.

    ``subject`` is the KLE subject ("00.01.10"), ``facet`` the handling
    facet ("A00"), ``serial`` the case's serial number, ``year`` the full year
    (two-digit years 00-69 are 2000-2069, 70-99 are 1970-1999).
    """

    __repr__ = fields_repr

    subject: str
    facet: str
    serial: int
    year: int


def _raw(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)
    if not value.strip() or value != value.strip():
        raise refuse(attribute.name, Code.JOURNAL_SPACE, value=repr(value))
    if "\n" in value or "\r" in value:
        raise refuse(attribute.name, Code.LINE_BREAK)


@frozen
class JournalNumber:
    """A journal number as written, e.g. ``00.01.10-A00-3-16`` or ``12/27845``.

    Every shape is valid; :attr:`kle` gives the parsed parts of the KLE form::

        >>> JournalNumber("00.01.10-A00-3-16").kle
        KleNumber(subject='00.01.10', facet='A00', serial=3, year=2016)
        >>> JournalNumber("12/27845").kle is None
        True
    """

    __repr__ = fields_repr

    raw: str = field(validator=_raw)

    @property
    def kle(self) -> KleNumber | None:
        match = _KLE.fullmatch(self.raw)
        if match is None:
            return None
        year = int(match["year"])
        if len(match["year"]) == 2:
            year += 2000 if year < 70 else 1900
        return KleNumber(match["subject"], match["facet"], int(match["serial"]), year)

    def __str__(self) -> str:
        return self.raw
