"""Akoma Ntoso 3.0: valid against the strict official schema, the profile of docs/akn.md."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from lxml import etree

import referatkit
from referatkit.cli import main
from referatkit.formats.akn import AKN_NAMESPACE
from referatkit.formats.xml import NAMESPACE as RK_NAMESPACE
from referatkit.model import Meeting

from .conftest import EXAMPLES, SEED_000, SEED_001, SHARED, shared_file
from .strategies import meetings

NS = {"akn": AKN_NAMESPACE, "rk": RK_NAMESPACE}
SOURCES = [EXAMPLES / "referat-byudvalget.txt", SEED_000, SEED_001]


@cache
def _schema() -> etree.XMLSchema:
    # The strict schema imports xml.xsd from beside it; lxml resolves it locally.
    return etree.XMLSchema(etree.parse(str(shared_file(SHARED / "schemas" / "akn" / "akomantoso30.xsd"))))


def _akn(meeting: Meeting) -> etree._Element:
    data = referatkit.render(meeting, "akn")
    assert isinstance(data, bytes) and data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    assert _schema().validate(root), _schema().error_log.last_error
    return root


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_seeds_are_valid_akoma_ntoso(source: Path) -> None:
    meeting = referatkit.read(shared_file(source))
    root = _akn(meeting)
    assert root.xpath("count(//akn:debateBody/akn:debateSection[@name='punkt'])", namespaces=NS) == len(
        meeting.items
    )
    # Nothing is lost: the proprietary metadata holds the whole meeting.
    (kept,) = root.xpath("//akn:proprietary/rk:meeting", namespaces=NS)
    assert referatkit.read(etree.tostring(kept), format="xml") == meeting


@settings(max_examples=150)
@given(meetings())
def test_generated_meetings_are_valid_and_deterministic(meeting: Meeting) -> None:
    root = _akn(meeting)
    assert referatkit.render(meeting, "akn") == referatkit.render(meeting, "akn")
    (kept,) = root.xpath("//akn:proprietary/rk:meeting", namespaces=NS)
    assert referatkit.read(etree.tostring(kept), format="xml") == meeting


def test_the_profile() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    closed = referatkit.Item(number="7", title="Personalesag", public=False, public_title="Personalesag")
    meeting = attrs.evolve(meeting, items=(*meeting.items, closed))
    root = _akn(meeting)

    def one(path: str) -> str:
        (value,) = root.xpath(path, namespaces=NS)
        return value if isinstance(value, str) else "".join(value.itertext())

    assert one("/akn:akomaNtoso/akn:debate/@name") == "referat"
    assert one("//akn:FRBRWork/akn:FRBRcountry/@value") == "dk"
    assert one("//akn:FRBRExpression/akn:FRBRlanguage/@language") == "dan"
    assert one("//akn:FRBRWork/akn:FRBRdate/@date") == "2025-01-14"
    assert one("//akn:FRBRWork/akn:FRBRthis/@value") == "/akn/dk/debate/byudvalget/2025-01-14/main"
    assert one("//akn:preface//akn:docDate/@date") == "2025-01-14"
    item2 = "//akn:debateSection[@eId='punkt-2']"
    assert one(f"{item2}/akn:num") == "2"
    assert one(f"{item2}/akn:p[@class='sagsnummer']/akn:docketNumber") == meeting.items[1].journal_number.raw  # type: ignore[union-attr]
    clauses = root.xpath(
        f"{item2}/akn:debateSection[@eId='punkt-2-indstilling']/akn:blockList/akn:item", namespaces=NS
    )
    assert [c.get("eId") for c in clauses] == ["punkt-2-indstilling-1", "punkt-2-indstilling-2"]
    assert one(f"{item2}/akn:debateSection[@name='beslutning']/@refersTo") == "#beslutning"
    assert one("//akn:debateSection[@eId='punkt-7']/@refersTo") == "#lukket-punkt"
    assert one("//akn:TLCConcept[@eId='lukket-punkt']/@showAs") == "Lukket punkt"
    decided = "//akn:debateSection[@eId='punkt-3-beslutning']/akn:p[@class='beslutningstager']"
    assert one(f"{decided}/akn:organization") == "Økonomiudvalget"
    assert one(f"{decided}/akn:date/@date") == "2025-01-07"


def test_fora_that_differ_only_in_case_are_one_organization() -> None:
    """Two decisions by "Klimaudvalget" and "KLIMAUDVALGET" share one eId (an SBSYS export
    writes the forum both ways); the document stays valid."""
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    items = tuple(
        attrs.evolve(item, sections=(referatkit.Decision((referatkit.Paragraph("Godkendt."),), forum=forum),))
        for item, forum in zip(meeting.items, ("Klimaudvalget", "KLIMAUDVALGET"), strict=False)
    )
    root = _akn(attrs.evolve(meeting, items=items))
    assert root.xpath("count(//akn:TLCOrganization[@eId='klimaudvalget'])", namespaces=NS) == 1


def test_convert_to_akn_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "referat.akn"
    assert main(["convert", str(EXAMPLES / "referat-byudvalget.txt"), str(out)]) == 0
    assert _schema().validate(etree.parse(str(out)))


def test_tables_are_akoma_ntoso_tables() -> None:
    meeting = referatkit.read(Path(__file__).parent / "cases" / "table-of-amounts" / "input.txt")
    root = _akn(meeting)
    amounts, budget = root.xpath("//akn:debateBody//akn:table", namespaces=NS)
    assert amounts.xpath("string(akn:caption)", namespaces=NS) == "Anlæg 2024 i løbende priser"
    assert amounts.xpath("akn:tr[1]/akn:th[2]/akn:p/text()", namespaces=NS) == ["Mio. kr."]
    assert amounts.xpath("akn:tr/akn:td[@class='hoejre']/akn:p//text()", namespaces=NS)[-1] == "14,50"
    assert budget.xpath("akn:tr/*[@colspan='2']/akn:p/text()", namespaces=NS) == ["Budget"]
    assert budget.xpath("akn:tr/*[@rowspan='2']/akn:p/text()", namespaces=NS) == ["Skoler"]
