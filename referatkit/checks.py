"""``referatkit validate``: every problem of a file, against its schema and the model's rules.

- referatkit XML: its own XSD, then the reader (which refuses, for example, a
  ``start`` without a time zone), then :func:`referatkit.validate`;
- Akoma Ntoso: the official OASIS schema (``akn/akomantoso30.xsd``);
- ODT: every XML part against the OASIS ODF RelaxNG schemas of the version
  the package declares (``odf/odf1.x/``), then the reader and the model's rules;
- every other readable format (text, the case systems' exports): the reader
  and the model's rules.

The official schemas are not shipped: they are found through
:mod:`referatkit.schemas` (``REFERATKIT_SCHEMAS``); when they are needed and
not configured, :class:`~referatkit.errors.ConfigurationError` says how.
Each problem is one line, ``file:line:column: message`` where the place is
known, ``file: model path: message`` for the model's rules.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from attrs import frozen
from lxml import etree

from ._repr import fields_repr
from .errors import ReadError
from .formats import Format, by_name
from .formats._build import zip_failures, zip_problem
from .formats._contract import ReadContext
from .formats._odfns import MANIFEST, OFFICE
from .formats._xmlparse import parse_xml
from .l10n.libxml2 import schema_message
from .l10n.messages import say
from .l10n.oserror import os_problem
from .schemas import schema_path

__all__ = ["CheckResult", "check_file"]

_OFFICE_VERSION = f"{{{OFFICE}}}version"
_MANIFEST_VERSION = f"{{{MANIFEST}}}version"
_ODF_PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")
_WHAT = {
    "xml": "referatkit-XML",
    "akn": "Akoma Ntoso",
    "odt": "ODT",
    "text": "tekst",
    "pdf": "trykt referat (PDF)",
    "docx": "trykt referat (Word)",
}


@frozen
class CheckResult:
    """The problems of one file (empty when valid) and what it was checked as."""

    __repr__ = fields_repr

    problems: tuple[str, ...]
    what: str
    #: What the reader kept only approximately (a table in an export): not a problem.
    warnings: tuple[str, ...] = ()


def check_file(path: str | Path, format: str | None = None) -> CheckResult:
    """Check ``path`` (format from ``format``, else its content and suffix)."""
    from ._api import _detect

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return CheckResult((f"{name}: filen findes ikke",), "")
    except IsADirectoryError:
        return CheckResult((f"{name}: er en mappe, ikke en fil",), "")
    except OSError as exc:
        return CheckResult((f"{name}: kan ikke læses: {os_problem(exc)}",), "")
    fmt = by_name(format) if format is not None else _detect(Path(path), data[:4096])
    if fmt is None:
        return CheckResult((f"{name}:1: kan ikke afgøre formatet; angiv --from",), "")
    problems: list[str] = []
    approximate: list[str] = []
    try:
        if fmt.name == "xml":
            problems += _xsd_problems(data, name)
        elif fmt.name == "akn":
            problems += _schema_problems(parse_xml(data, name), _akn_schema(), name)
        elif fmt.name == "odt":
            problems += _odf_problems(data, name)
        elif not fmt.can_read:
            return CheckResult(
                (f"{name}: formatet {fmt.name} har hverken skema eller læser og kan ikke kontrolleres",), ""
            )
        if not problems and fmt.can_read:
            ctx = ReadContext(source=name)
            problems += _model_problems(data, ctx, fmt)
            approximate += [str(w) for w in ctx.reports.warnings()]
    except ReadError as exc:
        problems.append(str(exc))
    return CheckResult(tuple(problems), _WHAT.get(fmt.name, f"{fmt.name}-eksport"), tuple(approximate))


def _model_problems(data: bytes, ctx: ReadContext, fmt: Format) -> list[str]:
    from .model import validate

    reader = fmt.reader
    assert reader is not None
    meeting = reader(data, ctx)
    return [f"{ctx.source}: {say(problem)}" for problem in validate(meeting)]


def _xsd_problems(data: bytes, name: str) -> list[str]:
    from .formats.xml import problems

    root = parse_xml(data, name)
    return [f"{name}:{p.line}:{p.column}: {schema_message(p.message)}" for p in problems(root)]


def _schema_problems(root: etree._Element, schema: etree._Validator, name: str) -> list[str]:
    if schema.validate(root):
        return []
    return [
        f"{name}:{error.line}:{error.column + 1}: {schema_message(error.message)}"
        for error in schema.error_log
    ]


@cache
def _akn_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path("akn", "akomantoso30.xsd"))))


@cache
def _odf_schema(version: str, manifest: bool) -> etree.RelaxNG:
    if version not in ("1.2", "1.3", "1.4"):
        raise ReadError(f"ODF-version {version!r} kendes ikke; kendte: 1.2, 1.3, 1.4")
    part = "manifest-" if manifest else ""
    file = f"OpenDocument-v{version}{'-os' if version == '1.2' else ''}-{part}schema.rng"
    return etree.RelaxNG(etree.parse(str(schema_path("odf", f"odf{version}", file))))


def _odf_problems(data: bytes, name: str) -> list[str]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zip_failures() as error:
        raise ReadError(f"ikke en ODT-fil: {zip_problem(error)}", source=name) from None
    problems: list[str] = []
    with package:
        members = set(package.namelist())
        if "META-INF/manifest.xml" not in members:
            raise ReadError("ODT-filen har ingen META-INF/manifest.xml", source=name)
        manifest = parse_xml(_member(package, "META-INF/manifest.xml", name), f"{name}:META-INF/manifest.xml")
        version = manifest.get(_MANIFEST_VERSION)
        if version is None:
            raise ReadError("META-INF/manifest.xml angiver ingen manifest:version", source=name)
        try:
            problems += _schema_problems(
                manifest, _odf_schema(version, True), f"{name}:META-INF/manifest.xml"
            )
            for part in _ODF_PARTS:
                if part not in members:
                    continue
                where = f"{name}:{part}"
                root = parse_xml(_member(package, part, name), where)
                declared = root.get(_OFFICE_VERSION)
                if declared != version:
                    problems.append(
                        f"{where}: office:version er {declared!r}, men manifestet siger {version!r}"
                    )
                problems += _schema_problems(root, _odf_schema(version, False), where)
        except ReadError as exc:
            if exc.source == "<data>":
                raise ReadError(exc.message, source=name) from None
            raise
    return problems


def _member(package: zipfile.ZipFile, part: str, name: str) -> bytes:
    from .formats._xmlparse import MAX_XML_BYTES

    if package.getinfo(part).file_size > MAX_XML_BYTES:
        raise ReadError(f"{part} fylder over {MAX_XML_BYTES} bytes pakket ud", source=name)
    try:
        return package.read(part)
    except zip_failures() as exc:
        raise ReadError(f"{part} kan ikke pakkes ud: {zip_problem(exc)}", source=name) from None
