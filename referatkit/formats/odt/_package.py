"""Packaging: the ODF zip, byte for byte the same for the same model.

Every XML part is an lxml tree serialised by lxml, which writes every
character XML 1.0 allows and escapes attribute values so that they parse
back exactly (tabs, quotes, line breaks); what XML cannot carry at all is
replaced before it reaches a tree (``_body.xml_safe``). Every part declares
the same namespaces in one order, the zip has fixed timestamps, and
``mimetype`` comes first, stored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree
from odf.namespaces import nsdict

from .._odfns import MANIFEST as _MANIFEST
from .._odfns import OFFICE

MIMETYPE = "application/vnd.oasis.opendocument.text"
ODF_VERSION = "1.2"
# A reference document of a later version brings that version's style
# attributes (LibreOffice writes ODF 1.3): the document then declares it.
LATER_VERSIONS = ("1.3", "1.4")
VERSION = f"{{{OFFICE}}}version"
_EPOCH = (1980, 1, 1, 0, 0, 0)

_FILE_ENTRY = f"{{{_MANIFEST}}}file-entry"
_FULL_PATH = f"{{{_MANIFEST}}}full-path"
_MEDIA_TYPE = f"{{{_MANIFEST}}}media-type"
_MANIFEST_VERSION = f"{{{_MANIFEST}}}version"

# Every namespace odfpy knows (the prefixes LibreOffice uses too), declared on
# every part's root in one order; ``xml`` is implicit.
NSMAP = {prefix: uri for uri, prefix in sorted(nsdict.items(), key=lambda kv: kv[1]) if prefix != "xml"}

#: A picture the document carries: its path in the zip, media type and bytes.
Picture = tuple[str, str, bytes]


def root(tag: str, version: str) -> etree._Element:
    """A part's root element ``office:<tag>``, declaring every namespace and the ODF version."""
    return etree.Element(f"{{{OFFICE}}}{tag}", {VERSION: version}, nsmap=NSMAP)


def rerooted(parsed: etree._Element, version: str) -> etree._Element:
    """``parsed`` (a part read from elsewhere) under a root of ours: our namespaces, ``version``."""
    attributes = {str(k): str(v) for k, v in parsed.attrib.items()}
    attributes[VERSION] = version
    out = etree.Element(parsed.tag, attributes, nsmap=NSMAP)
    out.extend(list(parsed))
    return out


def _manifest(version: str, pictures: Sequence[Picture], mimetype: str) -> bytes:
    manifest = etree.Element(
        f"{{{_MANIFEST}}}manifest", {_MANIFEST_VERSION: version}, nsmap={"manifest": _MANIFEST}
    )
    entries = [
        ("/", mimetype),
        ("content.xml", "text/xml"),
        ("styles.xml", "text/xml"),
        ("meta.xml", "text/xml"),
        *((path, media_type) for path, media_type, _ in pictures),
    ]
    for path, media_type in entries:
        entry = etree.SubElement(manifest, _FILE_ENTRY, {_FULL_PATH: path})
        if path == "/":
            entry.set(_MANIFEST_VERSION, version)
        entry.set(_MEDIA_TYPE, media_type)
    return etree.tostring(manifest, xml_declaration=True, encoding="UTF-8")


def _entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever the machine
    return info


def package(
    parts: Sequence[tuple[str, etree._Element]],
    version: str,
    pictures: Sequence[Picture] = (),
    *,
    mimetype: str = MIMETYPE,
) -> bytes:
    """The .odt file: ``mimetype`` first and stored, the XML parts, the pictures, the manifest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(_entry("mimetype", zipfile.ZIP_STORED), mimetype.encode("ascii"))
        for name, part in parts:
            data = etree.tostring(part, xml_declaration=True, encoding="UTF-8")
            z.writestr(_entry(name, zipfile.ZIP_DEFLATED), data)
        for path, _, data in pictures:
            # Pictures are compressed already: stored, as LibreOffice does.
            z.writestr(_entry(path, zipfile.ZIP_STORED), data)
        z.writestr(
            _entry("META-INF/manifest.xml", zipfile.ZIP_DEFLATED), _manifest(version, pictures, mimetype)
        )
    return buffer.getvalue()
