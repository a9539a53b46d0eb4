"""The template: styles.xml from a reference document (.odt or .ott), as pandoc's --reference-doc.

Every document starts from a template. By default it is ``referat.ott``,
shipped with referatkit (made by ``_make_template.py`` from the named styles);
a caller's reference document takes its place through the same code path:
its named styles replace the defaults of the same name and family (styles it
lacks keep their defaults), and its page layouts, master pages (header and
footer, letterhead) and font declarations replace ours. The pictures its
styles show (a logo in the header) are carried into the document. What the
reference holds outside ODF 1.2's namespaces (LibreOffice's own extensions)
is left out, so the result stays valid ODF 1.2.
"""

from __future__ import annotations

import copy
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from attrs import frozen
from lxml import etree

from ..._repr import fields_repr
from ...errors import ReadError, WriteError
from ...l10n.oserror import os_problem
from .._build import open_zip, zip_member
from .._limits import COST_BLOCK, charge, reading
from .._odfns import DRAW as _DRAW
from .._odfns import MANIFEST as _MANIFEST
from .._odfns import ODF_NAMESPACES, OFFICE, STYLE, XLINK
from .._xmlparse import parse_xml
from . import _styles as s
from ._body import xml_safe
from ._package import VERSION, Picture

if TYPE_CHECKING:
    import mimetypes

_HREF = f"{{{XLINK}}}href"
#: The default template, shipped in this package.
TEMPLATE = "referat.ott"

ReferenceDoc = str | Path | bytes


def _odf_only(root: etree._Element) -> etree._Element:
    """``root`` without the elements and attributes of namespaces outside ODF 1.2."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace not in ODF_NAMESPACES:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace is not None and namespace not in ODF_NAMESPACES:
                del element.attrib[name]
    return root


def _key(element: etree._Element) -> tuple[str, str, str]:
    return (
        etree.QName(element).localname,
        element.get(f"{{{STYLE}}}family", ""),
        element.get(f"{{{STYLE}}}name", ""),
    )


@frozen
class Reference:
    """A template: its styles.xml (ODF only) and the pictures that styles.xml shows."""

    __repr__ = fields_repr

    name: str
    styles: etree._Element
    pictures: dict[str, Picture]  # a path styles.xml names → (that path, media type, bytes)

    @property
    def version(self) -> str | None:
        value = self.styles.get(VERSION)
        return str(value) if value is not None else None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@cache
def _mime() -> mimetypes.MimeTypes:
    """Python's own table of media types, not the machine's: the same bytes everywhere."""
    import mimetypes  # noqa: PLC0415 (only a reference document with pictures needs it)

    return mimetypes.MimeTypes()


def package_path(href: str) -> str | None:
    """The path inside the package an ``xlink:href`` names, or None for a link outside it."""
    if not href or _SCHEME.match(href) or href.startswith(("/", "#", "../")):
        return None
    while href.startswith("./"):
        href = href[2:]
    return href or None


def load_reference(reference: ReferenceDoc) -> Reference:
    """A reference document as a template, or a clear WriteError."""
    name = "<reference>" if isinstance(reference, bytes) else str(reference)
    try:
        data = reference if isinstance(reference, bytes) else Path(reference).read_bytes()
        with reading(len(data), name):  # a reference document is an input as any other
            return _load(data, name)
    except OSError as exc:
        raise WriteError(f"{name}: referencedokumentet kan ikke læses: {os_problem(exc)}") from None


@cache
def default_template() -> Reference:
    """The template shipped with referatkit (``referat.ott``)."""
    # Beside this module, as the other shipped data (importlib.resources would cost 2 ms a start).
    return _load(Path(__file__).with_name(TEMPLATE).read_bytes(), TEMPLATE)


def _load(data: bytes, name: str) -> Reference:
    try:
        with open_zip(data, name, "ODT- eller OTT-fil") as z:
            styles_data = zip_member(z, "styles.xml", name, what="ODT- eller OTT-fil")
            if styles_data is None:
                raise WriteError(f"{name}: referencedokumentet har ingen styles.xml")
            # Each element of the styles is visited again to keep ODF's own and restyle them.
            charge(styles_data.count(b"<") * COST_BLOCK, "typografier i referencedokumentet")
            styles = _odf_only(parse_xml(styles_data, f"{name} (styles.xml)"))
            names = set(z.namelist())
            types = _media_types(z, name) if "META-INF/manifest.xml" in names else {}
            pictures: dict[str, Picture] = {}
            for element in styles.iter():
                path = package_path(element.get(_HREF, "")) if isinstance(element.tag, str) else None
                if path is None or path in pictures:
                    continue
                # A missing picture is an error only if the document shows it (styles_xml).
                # A percent-encoded href ("bag%20grund.png") may name the zip entry as
                # decoded; the document stores it under the href as written, which is
                # the name LibreOffice looks for.
                stored = path if path in names else unquote(path) if unquote(path) in names else None
                if stored is not None:
                    media_type = (
                        types.get(stored) or _mime().guess_type(stored)[0] or "application/octet-stream"
                    )
                    picture = zip_member(z, stored, name, what="ODT- eller OTT-fil") or b""
                    pictures[path] = (path, media_type, picture)
    except ReadError as exc:
        if "ikke en læsbar ODT- eller OTT-fil" in exc.message and exc.source == name:
            raise WriteError(
                f"{name}: referencedokumentet er ikke en ODT- eller OTT-fil ({exc.message})"
            ) from None
        raise WriteError(f"referencedokumentet kan ikke bruges: {exc}") from None
    return Reference(name=name, styles=styles, pictures=pictures)


def _media_types(z: zipfile.ZipFile, name: str) -> dict[str, str]:
    manifest_data = zip_member(z, "META-INF/manifest.xml", name, what="ODT- eller OTT-fil") or b""
    manifest = parse_xml(manifest_data, f"{name} (META-INF/manifest.xml)")
    return {
        str(entry.get(f"{{{_MANIFEST}}}full-path")): str(entry.get(f"{{{_MANIFEST}}}media-type", ""))
        for entry in manifest.iter(f"{{{_MANIFEST}}}file-entry")
    }


def styles_xml(reference: Reference, fields: dict[str, str]) -> tuple[etree._Element, list[Picture]]:
    """The document's styles.xml, from the default template restyled by ``reference``.

    The placeholders ``{forum}``, ``{date}``, ... (:data:`_styles.PLACEHOLDERS`)
    in the header and footer text become ``fields``; the pictures the result
    shows come with it, or a WriteError names the one the reference lacks.
    """
    ours = copy.deepcopy(default_template().styles)
    restyle(ours, reference)
    masters = ours.find(f"{{{OFFICE}}}master-styles")
    if masters is not None:
        _fill(masters, fields)
    pictures: dict[str, Picture] = {}
    for element in ours.iter():
        path = package_path(element.get(_HREF, "")) if isinstance(element.tag, str) else None
        if path is None:
            continue
        for source in (reference, default_template()):
            if path in source.pictures:
                pictures[path] = source.pictures[path]
                break
        else:
            raise WriteError(
                f"{reference.name}: referencedokumentet viser billedet {path!r}, "
                "men billedet er ikke med i filen"
            )
    return ours, [pictures[path] for path in sorted(pictures)]


_PLACEHOLDER = re.compile(r"\{(" + "|".join(s.PLACEHOLDERS) + r")\}")


def _fill(masters: etree._Element, fields: dict[str, str]) -> None:
    def fill(text: str | None) -> str | None:
        if not text or "{" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: xml_safe(fields.get(m[1], "")), text)

    for element in masters.iter():
        if isinstance(element.tag, str):
            element.text = fill(element.text)
        element.tail = fill(element.tail)


def restyle(ours: etree._Element, reference: Reference) -> None:
    """``ours`` (a styles.xml root) with the reference's styles, fonts, page layouts and master pages."""
    theirs = reference.styles
    # Named styles: replace ours where the reference has the same one.
    named = {_key(e): e for e in theirs.iterfind(f"{{{OFFICE}}}styles/*")}
    container = _section(ours, "styles")
    for element in list(container):
        replacement = named.get(_key(element))
        if replacement is not None:
            container.replace(element, copy.deepcopy(replacement))
    # Drawing resources (a page background's draw:fill-image, gradients,
    # hatches) are named by draw:name and used by the page layouts: they join
    # ours, theirs winning by name.
    drawing = [e for e in theirs.iterfind(f"{{{OFFICE}}}styles/*") if etree.QName(e).namespace == _DRAW]
    if drawing:
        replaced = {_drawing_key(e) for e in drawing}
        for element in list(container):
            if etree.QName(element).namespace == _DRAW and _drawing_key(element) in replaced:
                container.remove(element)
        container.extend(copy.deepcopy(e) for e in drawing)
    # Fonts: the reference's declarations join ours (theirs win by name).
    _merge(ours, theirs, "font-face-decls")
    # The page: master pages and the page layouts they name belong together,
    # so both come from the reference when it has master pages.
    if theirs.find(f"{{{OFFICE}}}master-styles") is not None:
        for section in ("automatic-styles", "master-styles"):
            target = _section(ours, section)
            source = theirs.find(f"{{{OFFICE}}}{section}")
            target[:] = [copy.deepcopy(e) for e in source] if source is not None else []


def _drawing_key(element: etree._Element) -> tuple[str, str]:
    return etree.QName(element).localname, element.get(f"{{{_DRAW}}}name", "")


_ORDER = ["font-face-decls", "styles", "automatic-styles", "master-styles"]


def _section(root: etree._Element, section: str) -> etree._Element:
    """The root's ``office:<section>``, created in schema order if missing."""
    found = root.find(f"{{{OFFICE}}}{section}")
    if found is not None:
        return found
    before = _ORDER[: _ORDER.index(section)]
    created = etree.Element(f"{{{OFFICE}}}{section}")
    root.insert(sum(1 for e in root if etree.QName(e).localname in before), created)
    return created


def _merge(ours: etree._Element, reference: etree._Element, section: str) -> None:
    source = reference.find(f"{{{OFFICE}}}{section}")
    if source is None:
        return
    target = _section(ours, section)
    theirs = {_key(e): e for e in source}
    kept = [e for e in target if _key(e) not in theirs]
    target[:] = kept + [copy.deepcopy(e) for e in source]
