"""Restyling with a reference document (.odt or .ott), as pandoc's --reference-doc.

The reference's named styles replace the defaults of the same name and
family; styles it lacks keep their defaults. Its page layouts, master pages
(header and footer, letterhead) and font declarations replace ours. What
the reference holds outside ODF 1.2's namespaces (LibreOffice's own
extensions) is left out, so the result stays valid ODF 1.2.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

from ...errors import ReadError, WriteError
from .._xmlparse import parse_xml

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

ReferenceDoc = str | Path | bytes

# The namespaces of ODF 1.2 itself. What a reference document holds in others
# (LibreOffice's loext:, officeooo:, ...) are application extensions the
# 1.2 schema does not allow; they are left out, so the document stays valid.
_ODF_NAMESPACES = frozenset(
    "urn:oasis:names:tc:opendocument:xmlns:" + name
    for name in (
        "office:1.0", "style:1.0", "text:1.0", "table:1.0", "drawing:1.0", "xsl-fo-compatible:1.0",
        "meta:1.0", "datastyle:1.0", "presentation:1.0", "svg-compatible:1.0", "chart:1.0", "dr3d:1.0",
        "form:1.0", "script:1.0", "animation:1.0", "smil-compatible:1.0", "database:1.0", "of:1.2",
    )
) | {
    "http://www.w3.org/1999/xlink",
    "http://purl.org/dc/elements/1.1/",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/2002/xforms",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2003/g/data-view#",
    "http://www.w3.org/XML/1998/namespace",
}  # fmt: skip


def _odf_only(root: etree._Element) -> etree._Element:
    """``root`` without the elements and attributes of namespaces outside ODF 1.2."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace not in _ODF_NAMESPACES:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace is not None and namespace not in _ODF_NAMESPACES:
                del element.attrib[name]
    return root


def _key(element: etree._Element) -> tuple[str, str, str]:
    return (
        etree.QName(element).localname,
        element.get(f"{{{STYLE}}}family", ""),
        element.get(f"{{{STYLE}}}name", ""),
    )


def load_reference(reference: ReferenceDoc) -> etree._Element:
    """The styles.xml root of a reference document, or a clear WriteError."""
    name = "<reference>" if isinstance(reference, bytes) else str(reference)
    try:
        data = reference if isinstance(reference, bytes) else Path(reference).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            styles = z.read("styles.xml")
        return _odf_only(parse_xml(styles, f"{name} (styles.xml)"))
    except ReadError as exc:
        raise WriteError(f"referencedokumentet kan ikke bruges: {exc}") from None
    except OSError as exc:
        raise WriteError(f"{name}: referencedokumentet kan ikke læses: {exc.strerror or exc}") from None
    except zipfile.BadZipFile:
        raise WriteError(f"{name}: referencedokumentet er ikke en ODT- eller OTT-fil") from None
    except KeyError:
        raise WriteError(f"{name}: referencedokumentet har ingen styles.xml") from None


def restyle(styles_xml: bytes, reference: etree._Element) -> bytes:
    """``styles_xml`` with the reference's styles, page layouts and master pages."""
    ours = etree.fromstring(styles_xml)
    # Named styles: replace ours where the reference has the same one.
    theirs = {_key(e): e for e in reference.iterfind(f"{{{OFFICE}}}styles/*")}
    container = ours.find(f"{{{OFFICE}}}styles")
    if container is not None:
        for element in list(container):
            replacement = theirs.get(_key(element))
            if replacement is not None:
                container.replace(element, copy.deepcopy(replacement))
    # Fonts: the reference's declarations join ours (theirs win by name).
    _merge(ours, reference, "font-face-decls")
    # The page: master pages and the page layouts they name belong together,
    # so both come from the reference when it has master pages.
    if reference.find(f"{{{OFFICE}}}master-styles") is not None:
        for section in ("automatic-styles", "master-styles"):
            target = _section(ours, section)
            source = reference.find(f"{{{OFFICE}}}{section}")
            target[:] = [copy.deepcopy(e) for e in source] if source is not None else []
    return etree.tostring(ours, xml_declaration=True, encoding="UTF-8")


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
