"""Typst's PDFs with device colour spaces for pdfium: the same grey, without colour management.

Typst writes every colour in ICC-based colour spaces (PDF/A wants colours of a
known meaning): sRGB and a grey on sRGB's curve, as two small profiles of its own.
pdfium builds a Little CMS transform for each profile of each document as it
loads the first page: 4.4 ms of CPU instead of 1.0 for seed 001's first page,
2% of the meeting's TIFF. Rendered to grey (as the archive renders), these two
profiles give to the level the grey that DeviceRGB and DeviceGray give: all 256
greys and a cube of colours (tests/test_archive.py). So the PDFs referatkit
typeset itself are rendered with the two colour spaces rewritten in place as
``/DeviceGray`` and ``/DeviceRGB``, padded with spaces to the length of
``[/ICCBased n 0 R]``, so that no offset in the file moves. A profile that is not
one of Typst's two (by its SHA-256), or a colour space written otherwise, stays
as it is: that PDF is rendered as before, colour-managed.
"""

from __future__ import annotations

import hashlib
import re
import zlib

__all__ = ["device_colours"]

#: The SHA-256 of Typst's profiles (unpacked) and the device colour space each stands for.
PROFILES = {
    "00c0f94e09127520a17dc0e1d9264b5702081d96dbdb1549ee88e3631ce42a9d": b"/DeviceGray",
    "c56e1685d888f5edb92fe07f2750f387f8fe8e91b32ff8fb0b56bfbbb9458353": b"/DeviceRGB",
}
#: A colour space as Typst writes it, an object of its own: ``n 0 obj\n[/ICCBased m 0 R]\nendobj``.
_ICC_SPACE = re.compile(rb"\[/ICCBased (\d+) 0 R\]")
_OBJECT_BEFORE = re.compile(rb"\d+ 0 obj\s*$")
_OBJECT_AFTER = re.compile(rb"\s*endobj")
#: The profile's stream: its dictionary (a direct length, Flate), up to its data.
_STREAM = re.compile(rb"\s*<<([^<>]*)>>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length (\d+)")
#: More than either profile unpacks to (360 and 480 bytes): a bigger one is not theirs.
_MOST = 4096


def _profile_space(pdf: bytes, number: bytes, after: int) -> bytes | None:
    """The device colour space that profile object ``number`` stands for, if it is Typst's.

    (Typst writes the profile after the colour space: looked for there first.)"""
    head = b"\n" + number + b" 0 obj"
    start = pdf.find(head, after)
    if start < 0:
        start = pdf.find(head)
    if start < 0:
        return None
    found = _STREAM.match(pdf, start + len(head))
    if found is None or b"/FlateDecode" not in found[1]:
        return None
    length = _LENGTH.search(found[1])
    if length is None:
        return None
    packed = pdf[found.end() : found.end() + int(length[1])]
    try:
        unpacking = zlib.decompressobj()
        profile = unpacking.decompress(packed, _MOST)
    except zlib.error:
        return None
    if unpacking.unconsumed_tail:
        return None
    return PROFILES.get(hashlib.sha256(profile).hexdigest())


def device_colours(pdf: bytes) -> bytes:
    """``pdf`` (one Typst wrote) with its colour spaces on Typst's profiles as device ones."""
    edits = []
    for found in _ICC_SPACE.finditer(pdf):
        start, end = found.span()
        whole = _OBJECT_BEFORE.search(pdf, max(0, start - 24), start) and _OBJECT_AFTER.match(pdf, end)
        space = _profile_space(pdf, found[1], end) if whole else None
        if space is not None:
            edits.append((start, end, space.ljust(end - start)))
    if not edits:
        return pdf
    out = bytearray(pdf)
    for start, end, space in edits:
        out[start:end] = space
    return bytes(out)
