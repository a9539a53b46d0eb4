"""What the JSON and the web page of FirstAgenda's portal share: closed items,
attachments' addresses, agenda or minutes, property names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Item

__all__ = ["CLOSED_PREFIX", "attachment_url", "is_minutes"]

#: The portal's mark of a closed item: its title begins "Lukket:" ("Lukket punkt:").
CLOSED_PREFIX = re.compile(r"\s*lukket(?: punkt)?\s*[:\-–]\s*(?=\S)", re.I)


def attachment_url(base_url: str | None, identifier: str) -> str | None:
    """The portal's address of an attachment: ``{base_url}/vis/pdf/bilag/{id}``."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/vis/pdf/bilag/{identifier}"


def is_minutes(items: Sequence[Item]) -> bool:
    """A referat: an item (an open one, when there are any) carries a decision of its own
    (a decision without a forum and date; the dated ones are the case's earlier ones)."""
    shown = [item for item in items if item.public] or list(items)
    return any(d.body and d.forum is None and d.date is None for item in shown for d in item.decisions)
