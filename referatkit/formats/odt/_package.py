"""Packaging: the ODF zip, byte for byte the same for the same model.

odfpy stamps the current time into the zip and leaves out
``manifest:version``; the parts are taken from odfpy and packed here.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from odf.namespaces import nsdict
from odf.opendocument import OpenDocument

from ._restyle import restyle

MIMETYPE = "application/vnd.oasis.opendocument.text"
ODF_VERSION = "1.2"
_EPOCH = (1980, 1, 1, 0, 0, 0)

_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="{_MANIFEST_NS}" manifest:version="{ODF_VERSION}">
 <manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}"
  manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever the machine
    return info


# Every namespace odfpy knows, declared on every part's root in one order:
# odfpy itself declares a set that depends on what it has seen before.
_NSMAP = {prefix: uri for uri, prefix in sorted(nsdict.items(), key=lambda kv: kv[1])}


def _normalise(xml: str | bytes) -> bytes:
    parsed = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    attributes: dict[str, str] = {str(k): str(v) for k, v in parsed.attrib.items()}
    root = etree.Element(parsed.tag, attrib=attributes, nsmap=_NSMAP)
    root.extend(list(parsed))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def package(doc: OpenDocument, reference: etree._Element | None = None) -> bytes:
    """The .odt file: ``mimetype`` first and stored, then the XML parts.

    ``reference`` is a reference document's styles.xml to restyle with.
    """
    styles = doc.stylesxml()
    if reference is not None:
        styles = restyle(styles.encode("utf-8") if isinstance(styles, str) else styles, reference)
    parts = [
        ("content.xml", doc.contentxml()),
        ("styles.xml", styles),
        ("meta.xml", doc.metaxml()),
        ("META-INF/manifest.xml", _MANIFEST),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(_entry("mimetype", zipfile.ZIP_STORED), MIMETYPE.encode("ascii"))
        for part, xml in parts:
            data = xml.encode("utf-8") if part.startswith("META-INF") else _normalise(xml)
            z.writestr(_entry(part, zipfile.ZIP_DEFLATED), data)
    return buffer.getvalue()
