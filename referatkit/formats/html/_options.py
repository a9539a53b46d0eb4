"""The HTML writer's options and their flags (docs/html.md).

Light on purpose: the command line builds its flags from this class without
loading the writer (lxml, the stylesheet).
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from ..._repr import fields_repr
from .._flags import file_text, flag

__all__ = ["HtmlOptions"]


def _stylesheet_url(instance: object, attribute: object, value: str | None) -> None:
    if value is not None and (not value or any(c.isspace() or ord(c) < 0x20 for c in value)):
        raise ValueError(f"stylesheet_url skal være en adresse uden mellemrum, ikke {value!r}")


def _top_heading(instance: object, attribute: object, value: int) -> None:
    if value not in (1, 2, 3):
        raise ValueError(f"top_heading skal være 1, 2 eller 3, ikke {value!r}")


@frozen(kw_only=True)
class HtmlOptions:
    """The web page.

    ``fragment``: the ``<article>`` alone, for a CMS page. ``stylesheet``: CSS
    added after the built-in one. ``header``, ``footer``: the caller's own HTML
    around the referat. ``attachment_base_url``: where the portal keeps the
    attachments; an attachment with a file name then links to
    ``attachment_base_url + file_name``. ``top_heading``: the level of the
    meeting's heading (``h1`` by default; 2 or 3 when a CMS page has its own
    ``h1``), items and sections follow below it. ``stylesheet_url``: the address of
    the website's own stylesheet, which the page links to (``<link rel="stylesheet">``)
    after the built-in one (and after ``stylesheet``): every referat on the site then
    follows the site's look, and the browser fetches it once for them all.
    """

    __repr__ = fields_repr

    fragment: bool = field(
        default=False,
        metadata=flag("--fragment", action="store_true", help="html: kun <article>, til en side i et CMS"),
    )
    stylesheet: str | None = field(
        default=None,
        metadata=flag(
            "--css",
            metavar="FIL",
            value=file_text,
            help="html: CSS, der lægges efter det indbyggede stylesheet",
        ),
    )
    header: str | None = field(
        default=None,
        metadata=flag("--header", metavar="FIL", value=file_text, help="html: eget HTML før referatet"),
    )
    footer: str | None = field(
        default=None,
        metadata=flag("--footer", metavar="FIL", value=file_text, help="html: eget HTML efter referatet"),
    )
    attachment_base_url: str | None = field(
        default=None,
        metadata=flag(
            "--attachment-url", metavar="URL", help="html: adressen, som bilagenes filnavne lægges efter"
        ),
    )
    top_heading: Literal[1, 2, 3] = field(
        default=1,
        validator=_top_heading,
        metadata=flag(
            "--top-heading",
            type=int,
            choices=(1, 2, 3),
            help="html: overskriftsniveauet for mødet (standard 1)",
        ),
    )
    stylesheet_url: str | None = field(
        default=None,
        validator=_stylesheet_url,
        metadata=flag(
            "--css-url",
            metavar="URL",
            help="html: adressen på hjemmesidens eget stylesheet, som siden henter efter det indbyggede",
        ),
    )
