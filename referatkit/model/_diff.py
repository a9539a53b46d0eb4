"""Structural differences between two model trees, as paths."""

from __future__ import annotations

from typing import Any, cast

import attrs

__all__ = ["differences"]


def differences(left: object, right: object, path: str = "", *, limit: int | None = None) -> list[str]:
    """Paths at which ``left`` and ``right`` differ, deepest first reached.

    Tuples of different length differ at the tuple's path; nodes of
    different types at the node's path. Fields compare as the model's own
    equality does (datetimes as instants). At most ``limit`` paths, if given.
    """
    out: list[str] = []
    _diff(left, right, path, out, limit)
    return out


def _diff(left: object, right: object, path: str, out: list[str], limit: int | None) -> None:
    if (limit is not None and len(out) >= limit) or left == right:
        return
    if type(left) is not type(right):
        out.append(path)
    elif attrs.has(type(left)):
        for a in attrs.fields(cast(Any, type(left))):
            child = f"{path}.{a.name}" if path else a.name
            x, y = getattr(left, a.name), getattr(right, a.name)
            if a.eq_key is not None:
                if a.eq_key(x) != a.eq_key(y):
                    out.append(child)
                continue
            _diff(x, y, child, out, limit)
    elif isinstance(left, tuple) and isinstance(right, tuple) and len(left) == len(right):
        for i, (x, y) in enumerate(zip(left, right, strict=True)):
            _diff(x, y, f"{path}[{i}]", out, limit)
    else:
        out.append(path)
