"""The archive's configuration: what archiveIndex.xml says, read from a TOML file.

The keys are the element names of the standard's archiveIndex.xsd (Danish
names in ``examples/archive.toml``), so an archivist finds each one in the
bekendtgørelse. Every field the index requires and the file lacks is named
in one :class:`~referatkit.errors.ConfigurationError`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from .._repr import fields_repr
from ..errors import ConfigurationError
from ..formats._pdfwrite import PdfEngine
from ..l10n.oserror import os_problem

__all__ = ["STANDARD_IDENTIFIERS", "ArchiveConfig", "Creator", "FormClass", "load_config"]

#: The yes/no fields on standard identifiers, in the index's order.
STANDARD_IDENTIFIERS = ("regionNum", "komNum", "cprNum", "cvrNum", "matrikNum", "bbrNum", "whoSygKod")
_FLAGS = (
    "containsDigitalDocuments",
    "searchRelatedOtherRecords",
    "systemFileConcept",
    "multipleDataCollection",
    "personalDataRestrictedInfo",
    "otherAccessTypeRestrictions",
)
_AVID = re.compile(r"AVID\.([A-ZÆØÅ]{2,4})\.([1-9][0-9]*)")
_ARCHIVE = re.compile(r"[A-ZÆØÅ]{2,4}")
_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


@frozen(kw_only=True)
class Creator:
    """An archive creator (arkivskaber) and the period it entered data."""

    __repr__ = fields_repr

    creatorName: str  # noqa: N815 - the standard's name
    creationPeriodStart: str  # noqa: N815
    creationPeriodEnd: str  # noqa: N815


@frozen(kw_only=True)
class FormClass:
    """A FORM classification and its text."""

    __repr__ = fields_repr

    formClass: str  # noqa: N815
    formClassText: str  # noqa: N815


@frozen(kw_only=True)
class ArchiveConfig:
    """Everything archiveIndex.xml holds, plus where the standard schemas are.

    Field names follow archiveIndex.xsd; build one with :func:`load_config`
    or :meth:`from_mapping`.
    """

    __repr__ = fields_repr

    archiveInformationPackageID: str  # noqa: N815
    archiveInformationPackageIDPrevious: str | None  # noqa: N815
    archivePeriodStart: str  # noqa: N815
    archivePeriodEnd: str  # noqa: N815
    archiveInformationPacketType: bool  # noqa: N815
    archiveCreatorList: tuple[Creator, ...]  # noqa: N815
    archiveType: bool  # noqa: N815
    systemName: str  # noqa: N815
    alternativeName: tuple[str, ...]  # noqa: N815
    systemPurpose: str  # noqa: N815
    systemContent: str  # noqa: N815
    identifiers: tuple[tuple[str, bool], ...]
    sourceName: tuple[str, ...]  # noqa: N815
    userName: tuple[str, ...]  # noqa: N815
    predecessorName: tuple[str, ...]  # noqa: N815
    formVersion: str | None  # noqa: N815
    classList: tuple[FormClass, ...]  # noqa: N815
    flags: tuple[tuple[str, bool], ...]
    relatedRecordsName: tuple[str, ...]  # noqa: N815
    archiveApproval: str  # noqa: N815
    archiveRestrictions: str | None  # noqa: N815
    schemas: Path | None = None
    #: How the meetings' pages are printed before they become TIFF: ``pdfEngine`` in the TOML.
    pdf_engine: PdfEngine = "typst"
    source: str = "<konfiguration>"

    @property
    def organisation(self) -> str:
        """The letters of the AVID: ``SA`` of ``AVID.SA.18005``."""
        match = _AVID.fullmatch(self.archiveInformationPackageID)
        assert match is not None
        return match[1]

    @property
    def folder_name(self) -> str:
        """The package folder: the AVID and the first medium, ``AVID.SA.18005.1``."""
        return f"{self.archiveInformationPackageID}.1"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "<konfiguration>") -> ArchiveConfig:
        """Check ``data`` (a parsed TOML document) and build the configuration."""
        return _build(data, source)


def load_config(path: str | os.PathLike[str]) -> ArchiveConfig:
    """Read the archive configuration from a TOML file (see ``examples/archive.toml``)."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigurationError(f"{file}: konfigurationsfilen findes ikke") from None
    except OSError as exc:
        raise ConfigurationError(f"{file}: kan ikke læses: {os_problem(exc)}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{file}: ikke gyldig TOML: {exc}") from None
    config = _build(data, str(file))
    if config.schemas is not None and not config.schemas.is_absolute():
        config = evolve(config, schemas=(file.parent / config.schemas))
    return config


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.missing: list[str] = []
        self.wrong: list[str] = []

    def text(
        self, table: Mapping[str, Any], key: str, where: str = "", *, required: bool = True
    ) -> str | None:
        name = f"{where}{key}"
        value = table.get(key)
        if value is None:
            if required:
                self.missing.append(name)
            return None
        if not isinstance(value, str) or not value.strip():
            self.wrong.append(f"{name} skal være en tekst, der ikke er tom")
            return None
        return value.strip()

    def flag(self, table: Mapping[str, Any], key: str, where: str = "") -> bool:
        value = table.get(key)
        if value is None:
            self.missing.append(f"{where}{key}")
            return False
        if not isinstance(value, bool):
            self.wrong.append(f"{where}{key} skal være true eller false")
            return False
        return value

    def texts(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            self.wrong.append(f"{key} skal være en liste af tekster, der ikke er tomme")
            return ()
        return tuple(x.strip() for x in value)

    def date(self, table: Mapping[str, Any], key: str, where: str = "") -> str:
        value = table.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            self.missing.append(f"{where}{key}")
            return ""
        if not isinstance(value, str) or not _DATE.fullmatch(value) or not _valid_date(value):
            self.wrong.append(f"{where}{key} skal være et år, år-måned eller en dato (ÅÅÅÅ-MM-DD): {value!r}")
            return ""
        return value


def _valid_date(value: str) -> bool:
    parts = [int(x) for x in value.split("-")]
    if not 1700 <= parts[0] <= 2100:
        return False
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _build(data: Mapping[str, Any], source: str) -> ArchiveConfig:
    c = _Checker(source)
    avid = c.text(data, "archiveInformationPackageID") or ""
    if avid and not _AVID.fullmatch(avid):
        c.wrong.append(f"archiveInformationPackageID skal have formen AVID.SA.12345, ikke {avid!r}")
    previous = c.text(data, "archiveInformationPackageIDPrevious", required=False)
    if previous and not (_AVID.fullmatch(previous) or re.fullmatch(r"[0-9]{8}", previous)):
        c.wrong.append(
            f"archiveInformationPackageIDPrevious skal være et AVID eller 8 cifre, ikke {previous!r}"
        )
    start = c.date(data, "archivePeriodStart")
    end = c.date(data, "archivePeriodEnd")
    packet = c.flag(data, "archiveInformationPacketType")
    creators: list[Creator] = []
    raw_creators = data.get("archiveCreatorList")
    if raw_creators is None:
        c.missing.append("archiveCreatorList")
    elif not isinstance(raw_creators, list) or not raw_creators:
        c.wrong.append("archiveCreatorList skal være en eller flere [[archiveCreatorList]]-tabeller")
    else:
        for index, entry in enumerate(raw_creators):
            where = f"archiveCreatorList[{index}]."
            if not isinstance(entry, Mapping):
                c.wrong.append(f"archiveCreatorList[{index}] skal være en tabel")
                continue
            name = c.text(entry, "creatorName", where) or ""
            creators.append(
                Creator(
                    creatorName=name,
                    creationPeriodStart=c.date(entry, "creationPeriodStart", where),
                    creationPeriodEnd=c.date(entry, "creationPeriodEnd", where),
                )
            )
    archive_type = c.flag(data, "archiveType")
    system_name = c.text(data, "systemName") or ""
    alternative = c.texts(data, "alternativeName")
    purpose = c.text(data, "systemPurpose") or ""
    content = c.text(data, "systemContent") or ""
    identifiers = tuple((key, c.flag(data, key)) for key in STANDARD_IDENTIFIERS)
    sources = c.texts(data, "sourceName")
    users = c.texts(data, "userName")
    predecessors = c.texts(data, "predecessorName")
    form = data.get("form")
    form_version: str | None = None
    classes: list[FormClass] = []
    if form is None:
        c.missing.append("form (FORM-klassifikation, obligatorisk for offentlige myndigheder)")
    elif not isinstance(form, Mapping):
        c.wrong.append("form skal være en tabel [form]")
    else:
        form_version = c.text(form, "formVersion", "form.")
        raw_classes = form.get("classList")
        if not isinstance(raw_classes, list) or not raw_classes:
            c.missing.append("form.classList")
        else:
            for index, entry in enumerate(raw_classes):
                where = f"form.classList[{index}]."
                if not isinstance(entry, Mapping):
                    c.wrong.append(f"form.classList[{index}] skal være en tabel")
                    continue
                classes.append(
                    FormClass(
                        formClass=c.text(entry, "formClass", where) or "",
                        formClassText=c.text(entry, "formClassText", where) or "",
                    )
                )
    flags = tuple((key, c.flag(data, key)) for key in _FLAGS)
    related = c.texts(data, "relatedRecordsName")
    if dict(flags).get("searchRelatedOtherRecords") and not related:
        c.missing.append("relatedRecordsName (kræves, når searchRelatedOtherRecords er true)")
    approval = c.text(data, "archiveApproval") or ""
    if approval and not _ARCHIVE.fullmatch(approval):
        c.wrong.append(f"archiveApproval skal være 2-4 store bogstaver, ikke {approval!r}")
    restrictions = c.text(data, "archiveRestrictions", required=False)
    schemas_value = c.text(data, "schemas", required=False)
    engine = c.text(data, "pdfEngine", required=False) or "typst"
    if engine not in ("typst", "libreoffice"):
        c.wrong.append(f"pdfEngine skal være 'typst' eller 'libreoffice', ikke {engine!r}")
    known = {
        "archiveInformationPackageID", "archiveInformationPackageIDPrevious", "archivePeriodStart",
        "archivePeriodEnd", "archiveInformationPacketType", "archiveCreatorList", "archiveType",
        "systemName", "alternativeName", "systemPurpose", "systemContent", *STANDARD_IDENTIFIERS,
        "sourceName", "userName", "predecessorName", "form", *_FLAGS, "relatedRecordsName",
        "archiveApproval", "archiveRestrictions", "schemas", "pdfEngine",
    }  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        c.wrong.append("ukendte felter: " + ", ".join(unknown))
    problems = []
    if c.missing:
        problems.append("mangler " + ", ".join(c.missing))
    problems.extend(c.wrong)
    if problems:
        raise ConfigurationError(f"{source}: " + "; ".join(problems))
    return ArchiveConfig(
        archiveInformationPackageID=avid,
        archiveInformationPackageIDPrevious=previous,
        archivePeriodStart=start,
        archivePeriodEnd=end,
        archiveInformationPacketType=packet,
        archiveCreatorList=tuple(creators),
        archiveType=archive_type,
        systemName=system_name,
        alternativeName=alternative,
        systemPurpose=purpose,
        systemContent=content,
        identifiers=identifiers,
        sourceName=sources,
        userName=users,
        predecessorName=predecessors,
        formVersion=form_version,
        classList=tuple(classes),
        flags=flags,
        relatedRecordsName=related,
        archiveApproval=approval,
        archiveRestrictions=restrictions,
        schemas=Path(schemas_value) if schemas_value else None,
        pdf_engine="libreoffice" if engine == "libreoffice" else "typst",
        source=source,
    )
