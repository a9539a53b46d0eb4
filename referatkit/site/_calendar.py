"""Calendars (RFC 5545): one per committee and one of every meeting, written with ``icalendar``.

Each meeting is a ``VEVENT`` whose ``UID`` comes from its store key (a calendar program
updates the event when the agenda becomes minutes), ``DTSTART`` in Europe/Copenhagen
with the ``VTIMEZONE`` that defines it, ``LOCATION``, ``URL`` and the page's address in
``DESCRIPTION`` too (programs that hide ``URL`` still show it). ``DTSTAMP`` is when the
store last changed the meeting: a published calendar without ``METHOD`` means by it the
time the information was last revised (RFC 5545, 3.8.7.2), so no build time enters.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from . import _addresses as addresses
from ._pages import kind_label
from ._summary import MeetingInfo

__all__ = ["calendar"]


def calendar(name: str, meetings: Iterable[MeetingInfo], base_url: str) -> bytes:
    """The calendar ``name`` of ``meetings`` (withdrawn ones left out)."""
    host = urlsplit(base_url).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", "-//referatkit//websted//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    for info in sorted(meetings, key=lambda m: m.order):
        if info.withdrawn is not None:
            continue
        url = base_url + info.page
        event = Event()
        event.add("uid", f"moede-{addresses.slug(info.key)}@{host}")
        event.add("dtstamp", info.modified)
        event.add("dtstart", info.start)
        if info.end is not None:
            event.add("dtend", info.end)
        event.add("summary", f"{info.forum} ({kind_label(info.kind).lower()})")
        if info.place:
            event.add("location", info.place)
        event.add("url", url)
        event.add("description", f"{info.title}\n{url}")
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
