"""Recognising UTF-16 text (what Windows calls "Unicode"), with or without a byte order mark."""

from __future__ import annotations

__all__ = ["utf16_codec"]


def utf16_codec(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` looks like UTF-16 text, else None.

    A byte order mark says it outright; without one, text in the Latin
    alphabets has a zero byte beside nearly every character, on the same
    side: at least 40 % of the bytes on one side are zero, and a quarter as
    many or fewer on the other.

    >>> utf16_codec("Referat".encode("utf-16-le")), utf16_codec(b"Referat")
    ('utf-16-le', None)
    """
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0), odd.count(0)
    if odd_zeros >= 0.4 * len(odd) and even_zeros * 4 <= odd_zeros:
        return "utf-16-le"
    if even_zeros >= 0.4 * len(even) and odd_zeros * 4 <= even_zeros:
        return "utf-16-be"
    return None
