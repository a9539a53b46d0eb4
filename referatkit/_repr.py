"""One ``__repr__`` for referatkit's attrs classes, instead of one generated per class.

attrs writes and compiles a ``__repr__`` for every class it makes; for the
model's forty-odd classes that is about 5 ms of every start of the command
line. :func:`fields_repr` gives the same text from the class's fields:
``Item(number='1', title='Budget', ...)``, the fields marked ``repr=False``
left out and a field's own ``repr=`` function used. A class takes it with
``__repr__ = fields_repr`` in its body (attrs then writes none).
"""

from __future__ import annotations

from typing import Any

__all__ = ["fields_repr"]


def fields_repr(self: Any) -> str:
    """``ClassName(field=value, ...)``, as attrs's own ``__repr__`` writes it."""
    parts = []
    for field in type(self).__attrs_attrs__:
        shown = field.repr
        if shown is False:
            continue
        value = getattr(self, field.name)
        parts.append(f"{field.name}={shown(value) if callable(shown) else repr(value)}")
    return f"{type(self).__qualname__}({', '.join(parts)})"
