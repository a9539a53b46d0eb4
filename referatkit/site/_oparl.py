"""The open-data API: OParl 1.1 objects as static JSON files under ``oparl/``.

How the Danish terms map (docs/site.md): the municipality is the ``Body``, a committee
(udvalg, Byråd) an ``Organization``, a member named in a meeting's attendance a
``Person``, a meeting (møde) a ``Meeting``, an item (punkt) an ``AgendaItem``, a case
(sag, by its journal number) a ``Paper``, each treatment of a case a ``Consultation``, an
attachment (bilag) a ``File``. Every object has its own file; the objects a ``Meeting``
or ``Paper`` embeds are also files of their own, so every ``id`` resolves. ``created``
and ``modified`` are the store's dates; a withdrawn meeting keeps its ``id`` with
``deleted: true``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..archive import blocks_text
from ..formats._common import ItemIds, element_ids
from ..model import AttachmentList, Item, Meeting
from ..store import CaseHistory, Treatment
from . import _addresses as addresses
from ._pages import kind_label
from ._summary import MeetingInfo

__all__ = ["Api", "Json", "dump"]

SCHEMA = "https://schema.oparl.org/1.1/"
#: Objects per page of a list (OParl 1.1, 2.7 "Paginierung").
PAGE_SIZE = 100

Json = dict[str, Any]


def dump(value: Json) -> bytes:
    """One object as the file holds it: UTF-8, keys in the order made, compact (JSON's own
    encoder, written in C, makes it: a site of many meetings writes hundreds of thousands)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _when(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


class Api:
    """Addresses and objects of one site's API; ``base`` is the site's address, ending in ``/``."""

    def __init__(self, base: str, body_name: str, attachment_base_url: str | None = None) -> None:
        self.base = base
        self.body_name = body_name
        self.attachment_base_url = attachment_base_url

    # --- where each object lives (site paths) ------------------------------------------------

    @staticmethod
    def meeting_path(key: str) -> str:
        return f"oparl/meeting/{addresses.slug(key)}.json"

    @staticmethod
    def item_path(key: str, anchor: str) -> str:
        return f"oparl/agendaitem/{addresses.slug(key)}/{anchor}.json"

    @staticmethod
    def file_path(key: str, anchor: str) -> str:
        return f"oparl/file/{addresses.slug(key)}/{anchor}.json"

    @staticmethod
    def organization_path(name: str) -> str:
        return f"oparl/organization/{addresses.slug(name)}.json"

    @staticmethod
    def person_path(name: str) -> str:
        return f"oparl/person/{addresses.slug(name)}.json"

    @staticmethod
    def location_path(place: str) -> str:
        return f"oparl/location/{addresses.slug(place)}.json"

    @staticmethod
    def paper_path(number: str) -> str:
        return f"oparl/paper/{addresses.slug(number)}.json"

    @staticmethod
    def consultation_path(number: str, treatment: Treatment) -> str:
        return f"oparl/consultation/{addresses.slug(number)}/{addresses.treatment_anchor(treatment)}.json"

    def url(self, path: str) -> str:
        return self.base + path

    def _dates(self, created: dt.datetime, modified: dt.datetime) -> Json:
        return {"created": _when(created), "modified": _when(modified)}

    # --- the objects ----------------------------------------------------------------------------

    def system(self, modified: dt.datetime, created: dt.datetime) -> Json:
        return {
            "id": self.url("oparl/system.json"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": self.url("oparl/bodies.json"),
            "name": self.body_name,
            "website": self.url("index.html"),
            "product": "https://pypi.org/project/referatkit/",
            **self._dates(created, modified),
            "web": self.url("index.html"),
        }

    def body(self, modified: dt.datetime, created: dt.datetime) -> Json:
        return {
            "id": self.url("oparl/body.json"),
            "type": SCHEMA + "Body",
            "system": self.url("oparl/system.json"),
            "name": self.body_name,
            "website": self.url("index.html"),
            "organization": self.url("oparl/list/organization-1.json"),
            "person": self.url("oparl/list/person-1.json"),
            "meeting": self.url("oparl/list/meeting-1.json"),
            "paper": self.url("oparl/list/paper-1.json"),
            "legislativeTerm": [],
            **self._dates(created, modified),
            "web": self.url("index.html"),
        }

    def organization(self, name: str, meetings: Sequence[MeetingInfo]) -> Json:
        return {
            "id": self.url(self.organization_path(name)),
            "type": SCHEMA + "Organization",
            "body": self.url("oparl/body.json"),
            "name": name,
            "meeting": self.url(f"oparl/list/organization/{addresses.slug(name)}/meeting-1.json"),
            "organizationType": "Udvalg",
            "classification": "Udvalg",
            **self._dates(min(m.indexed for m in meetings), max(m.modified for m in meetings)),
            "web": self.url(addresses.committee_page(name)),
        }

    def person(self, name: str, meetings: Sequence[MeetingInfo]) -> Json:
        return {
            "id": self.url(self.person_path(name)),
            "type": SCHEMA + "Person",
            "body": self.url("oparl/body.json"),
            "name": name,
            **self._dates(min(m.indexed for m in meetings), max(m.modified for m in meetings)),
        }

    def location(self, place: str, meetings: Sequence[MeetingInfo]) -> Json:
        return {
            "id": self.url(self.location_path(place)),
            "type": SCHEMA + "Location",
            "description": place,
            "meetings": [self.url(self.meeting_path(m.key)) for m in meetings],
            **self._dates(min(m.indexed for m in meetings), max(m.modified for m in meetings)),
        }

    def meeting(self, info: MeetingInfo, items: Sequence[Json]) -> Json:
        if info.withdrawn is not None:
            return {
                "id": self.url(self.meeting_path(info.key)),
                "type": SCHEMA + "Meeting",
                "name": info.title,
                **self._dates(info.indexed, info.withdrawn),
                "deleted": True,
            }
        out: Json = {
            "id": self.url(self.meeting_path(info.key)),
            "type": SCHEMA + "Meeting",
            "name": info.title,
            "meetingState": kind_label(info.kind).lower(),
            "start": _when(info.start),
        }
        if info.end is not None:
            out["end"] = _when(info.end)
        if info.place is not None:
            out["location"] = self.location(info.place, [info])
        out["organization"] = [self.url(self.organization_path(info.forum))]
        if info.participants:
            out["participant"] = [self.url(self.person_path(name)) for name in info.participants]
        out["agendaItem"] = list(items)
        out.update(self._dates(info.indexed, info.modified))
        out["web"] = self.url(info.page)
        return out

    def items(
        self, info: MeetingInfo, meeting: Meeting, consultations: dict[tuple[str, str], str]
    ) -> Iterator[tuple[Json, list[Json]]]:
        """Each item's AgendaItem and its Files (empty for a withdrawn meeting)."""
        if info.withdrawn is not None:
            return
        ids = element_ids(meeting)
        for order, (item, summary, item_ids) in enumerate(
            zip(meeting.items, info.items, ids, strict=True), 1
        ):
            files = list(self._files(info, item, item_ids))
            out: Json = {
                "id": self.url(self.item_path(info.key, summary.anchor)),
                "type": SCHEMA + "AgendaItem",
                "meeting": self.url(self.meeting_path(info.key)),
                "number": item.number,
                "order": order,
                "name": item.full_title,
                "public": item.public,
            }
            consultation = consultations.get((info.key, item.number))
            if consultation is not None:
                out["consultation"] = self.url(consultation)
            decision = "\n\n".join(blocks_text(d.body) for d in item.decisions).strip()
            if decision:
                out["resolutionText"] = decision
            if files:
                out["auxiliaryFile"] = files
            out.update(self._dates(info.indexed, info.modified))
            out["web"] = self.url(f"{info.page}#{summary.anchor}")
            yield out, files

    def _files(self, info: MeetingInfo, item: Item, ids: ItemIds) -> Iterator[Json]:
        anchor = ids.item
        for section, parts in zip(item.sections, ids.parts, strict=True):
            if not isinstance(section, AttachmentList):
                continue
            for attachment, file_anchor in zip(section.attachments, parts, strict=True):
                out: Json = {
                    "id": self.url(self.file_path(info.key, file_anchor)),
                    "type": SCHEMA + "File",
                    "name": attachment.title,
                }
                if attachment.file_name:
                    out["fileName"] = attachment.file_name
                if attachment.media_type:
                    out["mimeType"] = attachment.media_type
                checksum = attachment.checksum
                if checksum is not None and checksum.algorithm in ("sha1", "sha512"):
                    out[f"{checksum.algorithm}Checksum"] = checksum.value
                # The site holds no attachment's bytes: its access address is where the
                # meeting's page lists it (or the portal's, when the site is told it).
                if self.attachment_base_url is not None and attachment.file_name:
                    out["accessUrl"] = self.attachment_base_url + attachment.file_name
                else:
                    out["accessUrl"] = self.url(f"{info.page}#{file_anchor}")
                out["meeting"] = [self.url(self.meeting_path(info.key))]
                out["agendaItem"] = [self.url(self.item_path(info.key, anchor))]
                out.update(self._dates(info.indexed, info.modified))
                out["web"] = self.url(f"{info.page}#{file_anchor}")
                yield out

    def paper(
        self, case: CaseHistory, consultations: Sequence[Json], modified: dt.datetime, created: dt.datetime
    ) -> Json:
        out: Json = {
            "id": self.url(self.paper_path(case.number)),
            "type": SCHEMA + "Paper",
            "body": self.url("oparl/body.json"),
            "name": case.title or case.number,
            "reference": case.number,
        }
        if case.treatments:
            out["date"] = case.treatments[0].date.isoformat()
        out["paperType"] = "Sag"
        out["consultation"] = list(consultations)
        out.update(self._dates(created, modified))
        out["web"] = self.url(addresses.case_page(case.number))
        return out

    def consultation(
        self,
        case: CaseHistory,
        treatment: Treatment,
        *,
        item: str | None,
        organization: str | None,
        modified: dt.datetime,
        created: dt.datetime,
    ) -> Json:
        out: Json = {
            "id": self.url(self.consultation_path(case.number, treatment)),
            "type": SCHEMA + "Consultation",
            "paper": self.url(self.paper_path(case.number)),
        }
        if item is not None and treatment.meeting_key is not None:
            out["agendaItem"] = self.url(item)
            out["meeting"] = self.url(self.meeting_path(treatment.meeting_key))
        if organization is not None:
            out["organization"] = [self.url(self.organization_path(organization))]
        out["role"] = treatment.forum
        out.update(self._dates(created, modified))
        out["web"] = self.url(f"{addresses.case_page(case.number)}#{addresses.treatment_anchor(treatment)}")
        return out

    def pages(self, name: str, objects: Sequence[Json]) -> Iterator[tuple[str, Json]]:
        """An external object list in pages of ``PAGE_SIZE``: ``oparl/list/<name>-<n>.json``."""
        total = max(1, -(-len(objects) // PAGE_SIZE))
        for number in range(1, total + 1):
            path = f"oparl/list/{name}-{number}.json"
            links = {
                "first": self.url(f"oparl/list/{name}-1.json"),
                "last": self.url(f"oparl/list/{name}-{total}.json"),
            }
            if number > 1:
                links["prev"] = self.url(f"oparl/list/{name}-{number - 1}.json")
            if number < total:
                links["next"] = self.url(f"oparl/list/{name}-{number + 1}.json")
            chunk = objects[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            yield (
                path,
                {
                    "data": list(chunk),
                    "pagination": {
                        "totalElements": len(objects),
                        "elementsPerPage": PAGE_SIZE,
                        "currentPage": number,
                        "totalPages": total,
                    },
                    "links": links,
                },
            )

    def bodies(self, body: Json) -> Json:
        return {
            "data": [body],
            "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
            "links": {},
        }
