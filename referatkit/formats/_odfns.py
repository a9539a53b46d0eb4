"""The OpenDocument namespaces, named once for the ODT writer, its reader, the PDF engine,
the printed reader of ODF files and the checks."""

from __future__ import annotations

__all__ = [
    "DC",
    "DRAW",
    "FO",
    "MANIFEST",
    "META",
    "ODF_NAMESPACES",
    "OFFICE",
    "STYLE",
    "TABLE",
    "TEXT",
    "XLINK",
]

_ODF = "urn:oasis:names:tc:opendocument:xmlns:"

OFFICE = _ODF + "office:1.0"
STYLE = _ODF + "style:1.0"
TEXT = _ODF + "text:1.0"
TABLE = _ODF + "table:1.0"
META = _ODF + "meta:1.0"
DRAW = _ODF + "drawing:1.0"
FO = _ODF + "xsl-fo-compatible:1.0"
MANIFEST = _ODF + "manifest:1.0"
XLINK = "http://www.w3.org/1999/xlink"
DC = "http://purl.org/dc/elements/1.1/"

#: The namespaces of ODF 1.2 itself. What a document holds in others (LibreOffice's loext:,
#: officeooo:, ...) are application extensions the 1.2 schema does not allow.
ODF_NAMESPACES = frozenset(
    _ODF + name
    for name in (
        "office:1.0", "style:1.0", "text:1.0", "table:1.0", "drawing:1.0", "xsl-fo-compatible:1.0",
        "meta:1.0", "datastyle:1.0", "presentation:1.0", "svg-compatible:1.0", "chart:1.0", "dr3d:1.0",
        "form:1.0", "script:1.0", "animation:1.0", "smil-compatible:1.0", "database:1.0", "of:1.2",
    )
) | {
    XLINK,
    DC,
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/2002/xforms",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2003/g/data-view#",
    "http://www.w3.org/XML/1998/namespace",
}  # fmt: skip
