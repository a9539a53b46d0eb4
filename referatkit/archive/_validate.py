"""Checking an arkiveringsversion the way an archive's test tool does.

:func:`validate_archive` returns every problem it finds, not only the first:
folder structure and names, every index against its standard schema (the
package's own copy in Schemas/standard), every table against its own XSD,
the tables' primary and foreign keys, every MD5 in fileIndex.xml, every
document of docIndex.xml and contextDocumentationIndex.xml present and
every file accounted for, and every TIFF readable, with an allowed
compression and no JPEG inside.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen
from lxml import etree

from .._repr import fields_repr
from ._build import COLLECTION_SIZE, DIARK, STANDARD_SCHEMAS, md5_file

__all__ = ["ALLOWED_COMPRESSIONS", "ArchiveProblem", "validate_archive"]

#: TIFF compressions an archive accepts: none, CCITT Group 4, LZW, PackBits.
ALLOWED_COMPRESSIONS = {1: "ukomprimeret", 4: "CCITT Group 4", 5: "LZW", 32773: "PackBits"}
_JPEG_COMPRESSIONS = {6, 7, 34892}
_JPEG_TAGS = {347: "JPEGTables", 513: "JPEGInterchangeFormat", 514: "JPEGInterchangeFormatLength"}
_FOLDER = re.compile(r"AVID\.[A-ZÆØÅ]{2,4}\.[1-9][0-9]*\.[1-9][0-9]*")
_INDICES = (
    "archiveIndex.xml",
    "contextDocumentationIndex.xml",
    "tableIndex.xml",
    "docIndex.xml",
    "fileIndex.xml",
)
_TOP = {"Indices", "Schemas", "Tables", "Documents", "ContextDocumentation"}
_D = f"{{{DIARK}}}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


@frozen
class ArchiveProblem:
    """One problem: ``path`` inside the package (``Tables/table3/table3.xml``) and a Danish message."""

    __repr__ = fields_repr

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        #: The package folder's own name, also when it is given as "." or "..".
        self.name = root.resolve().name
        self.problems: list[ArchiveProblem] = []
        self.schemas: dict[str, etree.XMLSchema | None] = {}

    def add(self, path: Path | str, message: str) -> None:
        where = path.relative_to(self.root).as_posix() if isinstance(path, Path) else path
        self.problems.append(ArchiveProblem(where, message))

    def parse(self, path: Path) -> etree._ElementTree | None:
        if not path.is_file():
            self.add(path, "filen mangler")
            return None
        try:
            return etree.parse(
                str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            )
        except etree.XMLSyntaxError as exc:
            self.add(path, f"ikke velformet XML: {exc}")
            return None

    def schema(self, name: str) -> etree.XMLSchema | None:
        if name not in self.schemas:
            path = self.root / "Schemas" / "standard" / name
            compiled = None
            if path.is_file():
                try:
                    compiled = etree.XMLSchema(etree.parse(str(path)))
                except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
                    self.add(path, f"skemaet kan ikke bruges: {exc}")
            self.schemas[name] = compiled
        return self.schemas[name]

    def against(self, tree: etree._ElementTree, schema: etree.XMLSchema | None, path: Path) -> bool:
        if schema is None:
            return False
        if schema.validate(tree):
            return True
        for error in schema.error_log:
            self.add(path, f"linje {error.line}: følger ikke skemaet: {error.message}")
        return False


def validate_archive(folder: str | os.PathLike[str]) -> list[ArchiveProblem]:
    """Every problem of the arkiveringsversion in ``folder``; an empty list for a good package."""
    root = Path(folder)
    check = _Checker(root)
    if not root.is_dir():
        check.add("", f"{root} findes ikke eller er ikke en mappe")
        return check.problems
    if not _FOLDER.fullmatch(check.name):
        check.add("", f"mappenavnet {check.name!r} har ikke formen AVID.SA.12345.1")
    if not (root / "Indices").is_dir() and not (root / "Tables").is_dir():
        # Not an archive at all (a folder given by mistake): one problem, not one a file in it.
        check.add("", "er ikke en arkiveringsversion: mappen har hverken Indices eller Tables")
        return check.problems
    for entry in sorted(root.iterdir()):
        if entry.name not in _TOP:
            check.add(entry.name, "hører ikke til en arkiveringsversion")
    for required in ("Indices", "Schemas/standard", "Tables", "ContextDocumentation"):
        if not (root / required).is_dir():
            check.add(required, "mappen mangler")
    for name in STANDARD_SCHEMAS:
        if not (root / "Schemas" / "standard" / name).is_file():
            check.add(f"Schemas/standard/{name}", "standardskemaet mangler")
    trees: dict[str, etree._ElementTree] = {}
    for name in _INDICES:
        path = root / "Indices" / name
        tree = check.parse(path)
        if tree is None:
            continue
        schema = check.schema(name.replace(".xml", ".xsd"))
        if check.against(tree, schema, path):
            trees[name] = tree
    if "archiveIndex.xml" in trees:
        avid = trees["archiveIndex.xml"].getroot().findtext(f"{_D}archiveInformationPackageID")
        if avid and not check.name.startswith(avid + "."):
            check.add(
                "Indices/archiveIndex.xml", f"archiveInformationPackageID {avid} passer ikke til mappen"
            )
    if "tableIndex.xml" in trees:
        _tables(check, trees["tableIndex.xml"])
    documents = _documents(check, trees.get("docIndex.xml"), "Documents", "docIndex.xml")
    context = _documents(check, trees.get("contextDocumentationIndex.xml"), "ContextDocumentation", None)
    _file_index(check, trees.get("fileIndex.xml"))
    for path in sorted(documents | context):
        _tiff(check, path)
    return check.problems


# --- tables --------------------------------------------------------------------


def _tables(check: _Checker, index: etree._ElementTree) -> None:
    root = check.root
    data: dict[str, tuple[list[str], list[list[str | None]]]] = {}
    declared: set[str] = set()
    tables = index.getroot().findall(f"{_D}tables/{_D}table")
    for table in tables:
        name = table.findtext(f"{_D}name") or ""
        folder = table.findtext(f"{_D}folder") or ""
        declared.add(folder)
        base = root / "Tables" / folder
        xml, xsd = base / f"{folder}.xml", base / f"{folder}.xsd"
        columns = [c.findtext(f"{_D}name") or "" for c in table.findall(f"{_D}columns/{_D}column")]
        ids = [c.findtext(f"{_D}columnID") or "" for c in table.findall(f"{_D}columns/{_D}column")]
        if ids != [f"c{i}" for i in range(1, len(ids) + 1)]:
            check.add("Indices/tableIndex.xml", f"tabellen {name}: kolonnerne er ikke nummereret c1, c2, ...")
        schema_tree = check.parse(xsd)
        tree = check.parse(xml)
        if schema_tree is None or tree is None:
            continue
        try:
            schema = etree.XMLSchema(schema_tree)
        except etree.XMLSchemaParseError as exc:
            check.add(xsd, f"skemaet kan ikke bruges: {exc}")
            continue
        if not check.against(tree, schema, xml):
            continue
        rows: list[list[str | None]] = []
        for element in tree.getroot():
            values: dict[str, str | None] = {}
            for cell in element:
                local = etree.QName(cell).localname
                values[local] = None if cell.get(XSI_NIL) == "true" else (cell.text or "")
            rows.append([values.get(i) for i in ids])
        expected = table.findtext(f"{_D}rows")
        if expected != str(len(rows)):
            check.add(xml, f"tabellen {name} har {len(rows)} rækker, men tableIndex.xml siger {expected}")
        data[name] = (columns, rows)
    tables_folder = root / "Tables"
    if tables_folder.is_dir():
        for entry in sorted(tables_folder.iterdir()):
            if entry.name not in declared:
                check.add(entry, "tabellen står ikke i tableIndex.xml")
    for table in tables:
        name = table.findtext(f"{_D}name") or ""
        if name not in data:
            continue
        columns, rows = data[name]
        where = f"Tables/{table.findtext(f'{_D}folder')}"
        key = [c.text or "" for c in table.findall(f"{_D}primaryKey/{_D}column")]
        positions = _positions(check, name, columns, key)
        if positions is not None:
            seen: set[tuple[str | None, ...]] = set()
            for number, row in enumerate(rows, start=1):
                value = tuple(row[p] for p in positions)
                if None in value:
                    check.add(where, f"række {number}: primærnøglen {', '.join(key)} er tom")
                elif value in seen:
                    check.add(where, f"række {number}: primærnøglen {', '.join(key)}={value} findes to gange")
                seen.add(value)
        for foreign in table.findall(f"{_D}foreignKeys/{_D}foreignKey"):
            target = foreign.findtext(f"{_D}referencedTable") or ""
            references = foreign.findall(f"{_D}reference")
            own = [r.findtext(f"{_D}column") or "" for r in references]
            other = [r.findtext(f"{_D}referenced") or "" for r in references]
            if target not in data:
                check.add("Indices/tableIndex.xml", f"fremmednøglen {name} → {target}: tabellen findes ikke")
                continue
            mine = _positions(check, name, columns, own)
            theirs = _positions(check, target, data[target][0], other)
            if mine is None or theirs is None:
                continue
            present = {tuple(r[p] for p in theirs) for r in data[target][1]}
            for number, row in enumerate(rows, start=1):
                value = tuple(row[p] for p in mine)
                if None not in value and value not in present:
                    check.add(
                        where,
                        f"række {number}: fremmednøglen {', '.join(own)}={', '.join(map(str, value))} "
                        f"findes ikke i {target}",
                    )


def _positions(check: _Checker, table: str, columns: list[str], wanted: list[str]) -> list[int] | None:
    try:
        return [columns.index(column) for column in wanted]
    except ValueError:
        check.add("Indices/tableIndex.xml", f"tabellen {table}: nøglen nævner en ukendt kolonne {wanted}")
        return None


# --- documents and files -------------------------------------------------------------


def _documents(check: _Checker, index: etree._ElementTree | None, top: str, name: str | None) -> set[Path]:
    """The document files the index names; every problem of presence and accounting."""
    root = check.root
    listed: set[Path] = set()
    if index is not None:
        if name is not None:  # docIndex
            for doc in index.getroot().findall(f"{_D}doc"):
                did = doc.findtext(f"{_D}dID") or ""
                dcf = doc.findtext(f"{_D}dCf") or ""
                extension = (doc.findtext(f"{_D}aFt") or "").lower()
                path = root / top / dcf / did / f"1.{extension}"
                if path in listed:
                    check.add(f"Indices/{name}", f"dokumentet {did} står to gange")
                listed.add(path)
        else:
            for doc in index.getroot().findall(f"{_D}document"):
                did = doc.findtext(f"{_D}documentID") or ""
                folders = sorted((root / top).glob(f"docCollection*/{did}"))
                listed.add((folders[0] if folders else root / top / "docCollection1" / did) / "1.tif")
        for path in sorted(listed):
            if not path.is_file():
                check.add(path, "dokumentet står i indekset, men filen mangler")
    base = root / top
    if base.is_dir():
        for collection in sorted(base.iterdir()):
            if not re.fullmatch(r"docCollection[1-9][0-9]*", collection.name) or not collection.is_dir():
                check.add(collection, "ikke en docCollection-mappe")
                continue
            entries = sorted(collection.iterdir())
            if len(entries) > COLLECTION_SIZE:
                check.add(collection, f"har {len(entries)} dokumenter; højst {COLLECTION_SIZE} er tilladt")
            for entry in entries:
                files = sorted(entry.rglob("*")) if entry.is_dir() else [entry]
                for path in files:
                    if path.is_file() and path not in listed:
                        check.add(path, "filen står ikke i indekset over dokumenter")
    return {path for path in listed if path.is_file()}


def _all_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def _file_index(check: _Checker, index: etree._ElementTree | None) -> None:
    root = check.root
    self_path = root / "Indices" / "fileIndex.xml"
    listed: dict[Path, str] = {}
    if index is not None:
        for entry in index.getroot().findall(f"{_D}f"):
            folder = (entry.findtext(f"{_D}foN") or "").split("\\")
            name = entry.findtext(f"{_D}fiN") or ""
            md5 = (entry.findtext(f"{_D}md5") or "").upper()
            if folder[0] != check.name:
                check.add("Indices/fileIndex.xml", f"{'/'.join(folder)}/{name}: mappen er ikke {check.name}")
            path = root.joinpath(*folder[1:], name)
            listed[path] = md5
        for path, md5 in listed.items():
            if not path.is_file():
                check.add(path, "står i fileIndex.xml, men findes ikke")
            elif md5_file(path) != md5:
                check.add(path, "MD5 passer ikke med fileIndex.xml")
    for path in _all_files(root):
        if path != self_path and path not in listed and index is not None:
            check.add(path, "filen står ikke i fileIndex.xml")


def _tiff(check: _Checker, path: Path) -> None:
    # Pillow says a TIFF is damaged (corrupt EXIF, a bad tag) only as a Python warning, and
    # has no other way: the one catch of warnings that is not referatkit's own edge.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _read_tiff(check, path)
    for warning in caught:
        check.add(path, f"TIFF-filen er beskadiget: {warning.message}")


def _read_tiff(check: _Checker, path: Path) -> None:
    from PIL import Image, ImageSequence, TiffImagePlugin, UnidentifiedImageError  # noqa: PLC0415 - loads only to check

    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "TIFF":
                check.add(path, f"er ikke en TIFF, men {image.format}")
                return
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                assert isinstance(frame, TiffImagePlugin.TiffImageFile)  # its format was checked above
                tags = frame.tag_v2
                compression = int(tags.get(259, 1))
                if compression in _JPEG_COMPRESSIONS:
                    check.add(path, f"side {number}: JPEG-komprimering ({compression}) er ikke tilladt")
                elif compression not in ALLOWED_COMPRESSIONS:
                    check.add(path, f"side {number}: komprimering {compression} er ikke tilladt")
                for tag, name in _JPEG_TAGS.items():
                    if tag in tags:
                        check.add(path, f"side {number}: indeholder JPEG ({name})")
                frame.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        check.add(path, f"TIFF-filen kan ikke læses: {exc}")
