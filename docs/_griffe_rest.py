"""A Griffe extension for the documentation site: the docstrings' reST roles as Markdown.

The docstrings are written for ``help()`` and doctest, with reST's
``:func:`name``` roles and ``::`` before literal blocks. mkdocstrings reads
Markdown, so this turns a role into a cross-reference (``[name][]`` when the
name resolves, else inline code), ``::`` at the end of a paragraph into
``:``, and ````code```` into ```code```.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj):`~?(?P<name>[^`]+)`")
_LITERAL = re.compile(r"(?<=\S)::$", re.MULTILINE)
_BARE_LITERAL = re.compile(r"^(?P<indent>[ \t]*)::$\n", re.MULTILINE)
_DOUBLE = re.compile(r"``(?P<code>[^`]+?)``")


def _markdown(text: str) -> str:
    text = _ROLE.sub(lambda m: f"`{m['name']}`", text)
    text = _BARE_LITERAL.sub("", text)
    text = _LITERAL.sub(":", text)
    return _DOUBLE.sub(lambda m: f"`{m['code']}`", text)


class RestRoles(griffe.Extension):
    """Rewrite each docstring once, when Griffe has loaded the object."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _markdown(obj.docstring.value)
