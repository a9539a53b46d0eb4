"""Packaging: the ODF zip, byte for byte the same for the same model.

odfpy stamps the current time into the zip and leaves out
``manifest:version``; the parts are taken from odfpy and packed here.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import odf.element
from lxml import etree
from odf.namespaces import nsdict
from odf.opendocument import OpenDocument

from ._restyle import restyle

MIMETYPE = "application/vnd.oasis.opendocument.text"
ODF_VERSION = "1.2"
# A reference document of a later version brings that version's style
# attributes (LibreOffice writes ODF 1.3): the document then declares it.
LATER_VERSIONS = ("1.3", "1.4")
_VERSION = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}version"
_EPOCH = (1980, 1, 1, 0, 0, 0)

_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="{_MANIFEST_NS}" manifest:version="{{version}}">
 <manifest:file-entry manifest:full-path="/" manifest:version="{{version}}"
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


def _root_tag(name: str, version: str) -> str:
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NSMAP.items())
    return f'<{name} {namespaces} office:version="{version}">'


def _content_xml(doc: OpenDocument, version: str) -> bytes:
    """content.xml, written straight from odfpy's body.

    odfpy's own contentxml() searches the whole body for automatic styles,
    which the writer never uses (all formatting is in named styles), and
    its root declares whatever namespaces it has met; this root declares
    them all, in one order.
    """
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(_root_tag("office:document-content", version))
    out.write("<office:automatic-styles/>")
    doc.body.toXml(1, out)
    out.write("</office:document-content>")
    return out.getvalue().encode("utf-8")


def _normalise(xml: str | bytes, version: str) -> bytes:
    parsed = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    attributes: dict[str, str] = {str(k): str(v) for k, v in parsed.attrib.items()}
    attributes[_VERSION] = version
    root = etree.Element(parsed.tag, attrib=attributes, nsmap=_NSMAP)
    root.extend(list(parsed))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


_ODFPY_LOCK = threading.Lock()
_XML_ILLEGAL_ONLY = odf.element._range_seq_to_re(odf.element._xml10_illegal_ranges)


@contextmanager
def _xml_legal_characters_kept() -> Iterator[None]:
    """Let odfpy write every character XML 1.0 allows.

    odfpy replaces the characters XML merely discourages (C1 controls, the
    non-characters U+nFFFE/U+nFFFF of the upper planes) with U+FFFD, but
    the model allows them and ODF carries them. Its filter is one module
    pattern; while referatkit serialises, it matches only what XML 1.0
    cannot carry (which the writer warns about).
    """
    with _ODFPY_LOCK:
        saved = odf.element._xml_filtered_chars_re, odf.element._quoteattr
        odf.element._xml_filtered_chars_re = _XML_ILLEGAL_ONLY
        odf.element._quoteattr = _quoteattr
        try:
            yield
        finally:
            odf.element._xml_filtered_chars_re, odf.element._quoteattr = saved


_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"))


def _quoteattr(data: str, entities: object = None) -> str:
    """An attribute value that parses back to ``data``.

    odfpy's own writes tabs raw (a parser reads them as spaces) and a
    carriage return as ``&#12;``; a link's target needs them exact.
    """
    data = odf.element._sanitize(data)
    for char, reference in _ATTRIBUTE_ESCAPES:
        data = data.replace(char, reference)
    return '"' + data + '"'


def package(doc: OpenDocument, reference: etree._Element | None = None) -> bytes:
    """The .odt file: ``mimetype`` first and stored, then the XML parts.

    ``reference`` is a reference document's styles.xml to restyle with.
    """
    version = ODF_VERSION
    if reference is not None and reference.get(_VERSION) in LATER_VERSIONS:
        version = str(reference.get(_VERSION))
    with _xml_legal_characters_kept():
        styles, content, meta = doc.stylesxml(), _content_xml(doc, version), doc.metaxml()
    if reference is not None:
        styles = restyle(styles.encode("utf-8") if isinstance(styles, str) else styles, reference)
    parts = [
        ("content.xml", content),
        ("styles.xml", styles),
        ("meta.xml", meta),
        ("META-INF/manifest.xml", _MANIFEST.format(version=version)),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(_entry("mimetype", zipfile.ZIP_STORED), MIMETYPE.encode("ascii"))
        for part, xml in parts:
            if part == "content.xml" or part.startswith("META-INF"):
                data = xml.encode("utf-8") if isinstance(xml, str) else xml
            else:
                data = _normalise(xml, version)
            z.writestr(_entry(part, zipfile.ZIP_DEFLATED), data)
    return buffer.getvalue()
