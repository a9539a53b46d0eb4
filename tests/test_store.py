"""The store (issue 27): tables, the model back, cases, Danish search, editions, faults.

Every test that takes ``target`` runs on SQLite and on a real PostgreSQL server
(``tests/postgres.py``). The meetings are invented here or generated; the Greve
corpus has its own tests (tests/test_store_greve.py).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import snowballstemmer  # type: ignore[import-untyped]  # it ships no types
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from snowballstemmer.danish_stemmer import DanishStemmer  # type: ignore[import-untyped]

import referatkit
from referatkit import (
    Decision,
    DocumentKind,
    Forum,
    Item,
    Meeting,
    Paragraph,
    Participant,
    Recommendation,
    SectionKind,
    TextSection,
    localize,
)
from referatkit.editions import public
from referatkit.store import SCHEMA_VERSION, Store, StoreError
from referatkit.store._db import connect
from referatkit.store._schema import migration
from referatkit.store._text import term_text, terms

from .conftest import EXAMPLES, SHARED, shared_file
from .strategies import closed_marked_meetings, meetings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
bench_store = importlib.import_module("bench_store")  # the generated collection of the benchmark


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "samling.sqlite")
    return str(request.getfixturevalue("postgres_url"))


def _day(text: str, hour: int = 16) -> dt.datetime:
    return localize(dt.datetime.combine(dt.date.fromisoformat(text), dt.time(hour)))


def _item(
    number: str,
    title: str,
    text: str,
    *,
    case: str | None = None,
    decision: str | None = None,
    stated: tuple[tuple[str, str, str], ...] = (),
) -> Item:
    sections: list[object] = [TextSection(SectionKind.PRESENTATION, [Paragraph(text)])]
    sections.append(Recommendation(intro="Forvaltningen indstiller,", clauses=[]))
    sections += [Decision([Paragraph(d)], forum=f, date=dt.date.fromisoformat(day)) for f, day, d in stated]
    if decision is not None:
        sections.append(Decision([Paragraph(decision)]))
    return Item(number=number, title=title, journal_number=case, sections=sections)  # type: ignore[arg-type]


def _meeting(forum: str, day: str, *items: Item, kind: DocumentKind = DocumentKind.MINUTES) -> Meeting:
    return Meeting(
        forum=Forum(name=forum),
        kind=kind,
        start=_day(day),
        items=items,
        attendance=[Participant(name="Anne Andersen", party="A", role="Formand")],
    )


CASE = "25-000123"


def _collection() -> list[tuple[str, Meeting]]:
    """A case that goes committee -> Økonomiudvalget -> Byrådet, and some other items."""
    tmu = _meeting(
        "Teknik- og Miljøudvalget",
        "2025-02-03",
        _item("1", "Ny cykelsti ved skolen", "Cykelstien skal gøre skolevejen sikker.", case=CASE,
              decision="Anbefales."),
        _item("2", "Budgetopfølgning", "Budgettet for vejområdet holder.", case="25-000999",
              decision="Taget til efterretning."),
    )  # fmt: skip
    ou = _meeting(
        "Økonomiudvalget",
        "2025-02-10",
        _item("4", "Ny cykelsti ved skolen", "Anlægsbevilling til cykelstien.", case=CASE,
              decision="Anbefales over for Byrådet.",
              stated=(("Teknik- og Miljøudvalget", "2025-02-03", "Anbefales."),)),
        _item("5", "Mødet i Åbenrå", "Udvalget aflægger besøg hos ægteskabsrådgivningen i Åbenrå.",
              decision="Godkendt."),
    )  # fmt: skip
    kb = _meeting(
        "Byrådet 2022-2025",
        "2025-02-24",
        _item("7", "Ny cykelsti ved skolen", "Endelig godkendelse af anlægsbevillingen.", case=CASE,
              decision="Godkendt.",
              stated=(("Handicaprådet", "2025-01-20", "Rådet har ingen bemærkninger."),
                      ("Teknik- og Miljøudvalget", "2025-02-03", "Anbefales."),
                      ("Økonomiudvalget", "2025-02-10", "Anbefales over for Byrådet."))),
        _item("8", "Budgetter for de kommende år", "Budgetterne vedtages i oktober.", decision="Drøftet."),
    )  # fmt: skip
    return [("tmu.xml", tmu), ("ou.xml", ou), ("kb.xml", kb)]


@pytest.fixture
def filled(target: str) -> Iterator[Store]:
    with Store.open(target, create=True) as store:
        for source, meeting in _collection():
            store.add(meeting, source=source)
        yield store


# --- the model back, and the tables ---------------------------------------------------------


@pytest.mark.postgres
def test_generated_meetings_come_back_as_their_public_edition(postgres_url: str, tmp_path: Path) -> None:
    stores = [Store.open(tmp_path / "s.sqlite", create=True), Store.open(postgres_url, create=True)]
    count = 0

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(meetings())
    def check(meeting: Meeting) -> None:
        nonlocal count
        count += 1
        for store in stores:
            stored = store.add(meeting, source=f"gen-{count}.xml")
            assert stored.meeting == public(meeting)
            assert store.meeting(stored.key).meeting == public(meeting)
            assert stored.edition == "public"

    try:
        check()
        keys = [[m.key for m in store.meetings()] for store in stores]
        assert keys[0] == keys[1] and len(keys[0]) == count
    finally:
        for store in stores:
            store.close()


def _count(store: Store, sql: str) -> int:
    row = store._db.one(sql)
    assert row is not None
    return int(row[0])


def test_tables_hold_the_collection(filled: Store) -> None:
    assert _count(filled, "SELECT count(*) FROM meetings") == 3
    assert _count(filled, "SELECT count(*) FROM items") == 6
    assert _count(filled, "SELECT count(*) FROM participants") == 3
    assert _count(filled, "SELECT count(*) FROM fora") == 3
    # Stated decisions (Sagens forløb) are rows of their own, told from the item's own decision.
    assert _count(filled, "SELECT count(*) FROM decisions WHERE stated") == 4
    assert _count(filled, "SELECT count(*) FROM decisions WHERE NOT stated") == 6
    rows = filled._db.query(f"SELECT number, items, meetings FROM cases WHERE number = '{CASE}'")
    assert rows == [(CASE, 3, 3)]
    keys = [m.key for m in filled.meetings()]
    assert keys == sorted(keys) and keys[0].startswith("2025-02-03-teknik-og-miljoeudvalget-")


# --- cases --------------------------------------------------------------------------------------


def test_a_case_from_committee_to_the_council(filled: Store) -> None:
    history = filled.case(CASE)
    assert history is not None
    seen = [(t.forum, t.date.isoformat(), t.item_number, t.decision, t.origin) for t in history.treatments]
    assert seen == [
        ("Handicaprådet", "2025-01-20", None, "Rådet har ingen bemærkninger.", "stated"),
        ("Teknik- og Miljøudvalget", "2025-02-03", "1", "Anbefales.", "both"),
        ("Økonomiudvalget", "2025-02-10", "4", "Anbefales over for Byrådet.", "both"),
        ("Byrådet 2022-2025", "2025-02-24", "7", "Godkendt.", "collection"),
    ]
    assert history.discrepancies == ()
    assert history.title == "Ny cykelsti ved skolen"
    assert filled.case("99-nothing") is None
    assert [c.number for c in filled.cases()] == sorted([CASE, "25-000999"])


def test_disagreement_is_kept_and_reported(target: str) -> None:
    council = _meeting(
        "Byråd 2026-2029",
        "2025-03-03",
        _item("2", "Ny cykelsti ved skolen", "Igen.", case=CASE, decision="Godkendt igen.",
              stated=(("Økonomiudvalget", "2025-02-10", "Udsat."),
                      ("Teknik- og Miljøudvalget", "2025-02-17", "Anbefales igen."))),
    )  # fmt: skip
    with Store.open(target, create=True) as store:
        for source, meeting in [*_collection(), ("kb2.xml", council)]:
            store.add(meeting, source=source)
        history = store.case(CASE)
    assert history is not None
    whats = {(d.forum, d.date.isoformat()): d.what for d in history.discrepancies}
    # The collection's decision and the stated one both stay; the difference is said.
    assert "Udsat" in whats[("Økonomiudvalget", "2025-02-10")]
    assert "Anbefales over for Byrådet" in whats[("Økonomiudvalget", "2025-02-10")]
    # A treatment the collection's meeting of that day does not have.
    assert ("Teknik- og Miljøudvalget", "2025-02-17") not in whats
    stated = [t for t in history.treatments if t.origin == "stated"]
    assert [(t.forum, t.date.isoformat()) for t in stated] == [
        ("Handicaprådet", "2025-01-20"),
        ("Teknik- og Miljøudvalget", "2025-02-17"),
    ]
    # "Byrådet 2022-2025" and "Byråd 2026-2029" are one body: both treatments are the council's.
    assert [t.forum for t in history.treatments][-2:] == ["Byrådet 2022-2025", "Byråd 2026-2029"]


def test_a_stated_treatment_missing_from_the_days_meeting_is_reported(target: str) -> None:
    committee = _meeting("Teknik- og Miljøudvalget", "2025-02-17", _item("1", "Andet", "Andet punkt."))
    with Store.open(target, create=True) as store:
        store.add(committee, source="tmu2.xml")
        store.add(
            _meeting("Økonomiudvalget", "2025-02-24",
                     _item("3", "Sagen", "Tekst.", case=CASE, decision="Anbefales.",
                           stated=(("Teknik- og Miljøudvalget", "2025-02-17", "Anbefales."),))),
            source="ou2.xml",
        )  # fmt: skip
        history = store.case(CASE)
    assert history is not None
    (discrepancy,) = history.discrepancies
    assert discrepancy.forum == "Teknik- og Miljøudvalget" and "har ikke sagen" in discrepancy.what


# --- search -----------------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.text() | st.text("abcæøåÆØÅ .,-_()\n\t1½", max_size=80))
def test_the_stored_terms_are_the_terms_of_the_text(text: str) -> None:
    # term_text looks whole pieces up; it must give what the terms, word by word, give.
    assert term_text(text).split() == " ".join(terms(text)).split()
    assert term_text(text) == term_text(text)  # the second time from what it learnt


def test_the_stemmer_in_c_gives_the_stems_of_snowballs_own() -> None:
    # PyStemmer makes the terms (snowballstemmer takes it when it is there): a store's terms
    # must not depend on which one a machine has.
    assert type(snowballstemmer.stemmer("danish")).__module__ == "Stemmer"
    folder = shared_file(SHARED / "samples" / "firstagenda_greve")
    words = sorted(
        {
            w.casefold()
            for path in sorted(folder.glob("*.json"))[:30]
            for w in re.findall(r"[^\W_]+", path.read_text(encoding="utf-8"))
        }
    )
    assert len(words) > 5000
    own = DanishStemmer()
    in_c = snowballstemmer.stemmer("danish")
    assert [w for w in words if in_c.stemWord(w) != own.stemWord(w)] == []


def _found(store: Store, query: str, **filters: object) -> list[str]:
    return [f"{h.forum[:3]} {h.number}" for h in store.search(query, **filters)]  # type: ignore[arg-type]


def test_search_in_danish(filled: Store) -> None:
    assert _found(filled, "budgetter")[:3] == sorted(_found(filled, "budgetter")[:3], key=lambda _: 0)
    assert set(_found(filled, "budgetter")) == {"Tek 2", "Byr 8"}  # "Budgettet", "Budgetterne"
    assert set(_found(filled, "budget")) == {"Tek 2", "Byr 8"}
    assert _found(filled, "aabenraa") == ["Øko 5"] == _found(filled, "ÅBENRÅ")
    assert _found(filled, "aegteskabsraadgivningen") == ["Øko 5"]
    assert _found(filled, "cykelsti") == _found(filled, "CYKELSTIEN")
    assert len(_found(filled, "cykelsti")) == 3
    assert _found(filled, '"sikker skolevej"') == []
    assert _found(filled, '"skolevejen sikker"') == ["Tek 1"]
    assert _found(filled, "anlægsbev*") == _found(filled, "anlaegsbev*") != []
    # A prefix as long as a whole word finds it, though the index holds the word's stem.
    assert set(_found(filled, "budget*")) == {"Tek 2", "Byr 8"} == set(_found(filled, "budgetter*"))
    assert _found(filled, "cykelstien*") == _found(filled, "cykelsti")
    assert _found(filled, "cykelsti", forum="Byråd") == ["Byr 7"]
    assert _found(filled, "cykelsti", forum="Økonomiudvalg") == ["Øko 4"]
    assert _found(filled, "cykelsti", year=2024) == []
    assert _found(filled, "budget", case="25-000999") == ["Tek 2"]
    assert _found(filled, "budget", kind="agenda") == []
    assert _found(filled, "") == [] == _found(filled, '""')
    assert _found(filled, "hverken eller") == []
    hit = filled.search("sikker skolevej")[0]
    assert hit.passage == "Cykelstien skal gøre skolevejen sikker."
    assert (hit.forum, hit.date, hit.case, hit.kind) == (
        "Teknik- og Miljøudvalget", dt.date(2025, 2, 3), CASE, DocumentKind.MINUTES
    )  # fmt: skip


def test_search_ranks_the_best_match_first(filled: Store) -> None:
    hits = filled.search("anlægsbevilling cykelstien")
    assert hits[0].number == "4" and hits[0].rank >= hits[-1].rank


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_top_results(postgres_url: str, tmp_path: Path) -> None:
    collection = [bench_store.generated_meeting(n) for n in range(25)]
    tops = []
    for where in (str(tmp_path / "s.sqlite"), postgres_url):
        with Store.open(where, create=True) as store:
            for n, meeting in enumerate(collection):
                store.add(meeting, source=f"m{n}.xml")
            tops.append(
                [
                    [(h.meeting_key, h.number) for h in store.search(q, limit=3)]
                    for q in bench_store.queries(30)
                ]
            )
    same = sum(a[:1] == b[:1] for a, b in zip(*tops, strict=True))
    assert same == 30, tops


# --- editions -----------------------------------------------------------------------------------


def _every_row_text(store: Store) -> str:
    db = store._db
    if db.dialect == "sqlite":
        names = [r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    else:
        names = [
            r[0]
            for r in db.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        ]
    parts = []
    for name in names:
        if db.dialect == "sqlite":
            parts += [repr(row) for row in db.query(f'SELECT * FROM "{name}"')]
        else:
            parts += [str(row[0]) for row in db.query(f'SELECT t::text FROM "{name}" t')]
    return "\n".join(parts).lower()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(closed_marked_meetings())
def test_no_marker_in_a_public_sqlite_store(case: tuple[Meeting, tuple[str, ...]]) -> None:
    meeting, markers = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite"
        with Store.open(path, create=True) as store:
            store.add(meeting, source="m.xml")
            store.add(evolve(meeting, place="Et andet sted"), source="m.xml")  # replaced
            text = _every_row_text(store)
            hits = [h for marker in markers for h in store.search(marker)]
        data = b"".join(p.read_bytes() for p in Path(folder).iterdir()).lower()
    assert [m for m in markers if m in text] == []
    assert [m for m in markers if m.encode() in data] == []
    assert hits == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(closed_marked_meetings())
def test_an_item_closed_after_it_was_stored_open_leaves_nothing_in_the_file(
    case: tuple[Meeting, tuple[str, ...]],
) -> None:
    # A municipality closes an item it had published: re-indexed, its text must leave the
    # store's file too (FTS5 keeps a deleted row's terms in its segments until they merge).
    meeting, markers = case
    opened = evolve(
        meeting,
        items=[evolve(i, public=True, public_title=None) if not i.public else i for i in meeting.items],
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite"
        with Store.open(path, create=True) as store:
            store.add(opened, source="m.xml")
            shown = [m for m in markers if store.search(m)]
            store.add(meeting, source="m.xml")  # the same source, its items closed
        data = b"".join(p.read_bytes() for p in Path(folder).iterdir()).lower()
    assert shown, "the open meeting's markers were searchable"
    assert [m for m in markers if m.encode() in data] == []


_FIXTURE_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@pytest.mark.postgres
@settings(max_examples=4, deadline=None, suppress_health_check=_FIXTURE_CHECKS)
@given(closed_marked_meetings())
def test_no_marker_in_a_public_postgresql_store(
    postgres_url: str, case: tuple[Meeting, tuple[str, ...]]
) -> None:
    meeting, markers = case
    with Store.open(postgres_url, create=True) as store:
        store.add(meeting, source="m.xml")
        text = _every_row_text(store)
        assert [m for m in markers if m in text] == []
        assert [h for marker in markers for h in store.search(marker)] == []


@settings(max_examples=3, deadline=None, suppress_health_check=_FIXTURE_CHECKS)
@given(closed_marked_meetings())
def test_a_full_store_is_asked_for_by_name_and_says_so(
    target: str, case: tuple[Meeting, tuple[str, ...]]
) -> None:
    meeting, markers = case
    with Store.open(target, edition="full", create=True) as store:
        stored = store.add(meeting, source="m.xml")
        assert stored.meeting == meeting and stored.edition == "full"
        title = next(i.title for i in meeting.items if not i.public)
        marker = next(m for m in markers if m in title.lower())
        assert title in [h.title for h in store.search(marker)]
        assert {h.edition for h in store.search(marker)} == {"full"}
    with pytest.raises(StoreError, match="fulde udgave"):
        Store.open(target)
    with Store.open(target, edition="full") as store:
        assert store.edition == "full"


def test_a_source_that_is_a_link_is_withdrawn_when_the_link_is_removed(tmp_path: Path) -> None:
    # A folder of links publishes a selection of an archive: a link removed, its meeting goes.
    archive, published = tmp_path / "arkiv", tmp_path / "udgivet"
    archive.mkdir()
    published.mkdir()
    for n, (_, meeting) in enumerate(_collection()[:2]):
        _write(archive, f"{n}.xml", meeting)
        (published / f"{n}.xml").symlink_to(archive / f"{n}.xml")
    with Store.open(tmp_path / "s.sqlite", create=True) as store:
        assert sorted(store.index([published]).added) == [str(published / "0.xml"), str(published / "1.xml")]
        (published / "1.xml").unlink()
        assert store.index([published], prune=True).withdrawn == (str(published / "1.xml"),)


def test_what_an_own_xml_file_holds_beside_the_meeting_is_not_kept(tmp_path: Path) -> None:
    # A comment or processing instruction is no part of the meeting (a secretary's remark, an
    # editor's): the store keeps the meeting's own document instead of the file's bytes.
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    written = referatkit.render(meeting, "xml")
    (tmp_path / "m.xml").write_bytes(written.replace(b"<forum>", b"<!-- qzbemaerk --><?qzpi x?><forum>", 1))
    with Store.open(tmp_path / "s.sqlite", create=True) as store:
        assert len(store.index([tmp_path / "m.xml"]).added) == 1
        assert next(store.meetings()).meeting == meeting
    data = (tmp_path / "s.sqlite").read_bytes()
    assert b"qzbemaerk" not in data and b"qzpi" not in data


def test_a_truncated_own_xml_file_is_reported_by_its_name_and_line(tmp_path: Path) -> None:
    written = referatkit.render(referatkit.read(EXAMPLES / "referat-byudvalget.txt"), "xml")
    (tmp_path / "afkortet.xml").write_bytes(written[: len(written) // 2])
    with Store.open(tmp_path / "s.sqlite", create=True) as store:
        report = store.index([tmp_path])
    assert [source for source, _ in report.failed] == [str(tmp_path / "afkortet.xml")]
    assert report.failed[0][1].startswith(f"{tmp_path / 'afkortet.xml'}:"), report.failed
    assert "<data>" not in report.failed[0][1]


# --- keeping it current -----------------------------------------------------------------------------


def _write(folder: Path, name: str, meeting: Meeting) -> Path:
    path = folder / name
    path.write_bytes(referatkit.render(meeting, "xml"))
    return path


def test_index_adds_updates_skips_and_prunes(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    folder.mkdir()
    paths = [_write(folder, f"{n}.xml", m) for n, (_, m) in enumerate(_collection())]
    (folder / "ødelagt.xml").write_text("<meeting>", encoding="utf-8")
    with Store.open(target, create=True) as store:
        first = store.index([folder])
        assert (len(first.added), len(first.failed)) == (3, 1)
        assert first.failed[0][1].startswith(f"{folder / 'ødelagt.xml'}:1:"), (
            first.failed
        )  # the file, its line
        key = store.key_of(str(paths[0]))
        again = store.index([folder])
        assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 3)
        changed = evolve(_collection()[0][1], place="Rådhuset")
        _write(folder, "0.xml", changed)
        third = store.index([folder], prune=True)
        assert third.updated == (str(paths[0]),)
        assert store.meeting(key).meeting.place == "Rådhuset"  # the same key after a change
        paths[1].unlink()
        fourth = store.index([folder], prune=True)
        assert fourth.withdrawn == (str(paths[1]),)
        gone = next(m for m in store.meetings() if m.source == str(paths[1]))
        assert gone.withdrawn is not None and gone.meeting.forum.name == "Økonomiudvalget"
        assert "Øko 5" not in _found(store, "aabenraa")
        assert [t.forum for t in store.case(CASE).treatments if t.origin != "stated"] == [  # type: ignore[union-attr]
            "Teknik- og Miljøudvalget",
            "Byrådet 2022-2025",
        ]
        _write(folder, "1.xml", _collection()[1][1])
        fifth = store.index([folder], prune=True)
        assert fifth.unchanged.count(str(paths[1])) == 1
        assert store.meeting(gone.key).withdrawn is None


def test_index_reads_in_parallel(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    folder.mkdir()
    for n in range(12):
        _write(folder, f"{n:02}.xml", evolve(_collection()[n % 3][1], start=_day(f"2025-03-{n + 1:02}")))
    with Store.open(target, create=True) as store:
        report = store.index([folder], jobs=2)
        assert len(report.added) == 12 and report.ok
        assert len(store) == 12


@pytest.mark.slow
def test_index_on_a_dask_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "kilder"
    folder.mkdir()
    for n, (_, meeting) in enumerate(_collection()):
        _write(folder, f"{n}.xml", meeting)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        Store.open(tmp_path / "s.sqlite", create=True) as store,
    ):
        report = store.index([folder], executor=client.get_executor())
        assert len(report.added) == 3
        assert store.case(CASE) is not None


# --- the schema ------------------------------------------------------------------------------------


def test_an_old_store_migrates_forward(target: str) -> None:
    database, _ = connect(target, create=True)
    with database.transaction():
        database.execute("CREATE TABLE store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        database.executemany(
            "INSERT INTO store_info (name, value) VALUES (?, ?)",
            [("schema_version", "1"), ("edition", "public")],
        )
        for statement in migration(1, database.dialect):
            database.execute(statement)
    database.close()
    with Store.open(target) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.add(_collection()[0][1], source="a.xml")
        assert _found(store, "cykelstien") == ["Tek 1"]


def test_a_store_of_version_4_with_meetings_migrates_forward(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Version 5 made PostgreSQL's tsvector the terms as they are (no positions): the
    # items written before are found after, by words and by phrases.
    monkeypatch.setattr("referatkit.store._store.SCHEMA_VERSION", 4)
    long_word = "lang" * 80  # a term of more than TERM_CHARS characters, written before the cut
    with Store.open(target, create=True) as store:
        for source, meeting in _collection():
            store.add(meeting, source=source)
        store._db.execute("UPDATE items SET terms = terms || ? WHERE number = '8'", (" " + long_word,))
        assert store.schema_version == 4
    monkeypatch.undo()
    with Store.open(target) as store:
        assert store.schema_version == SCHEMA_VERSION == 5
        assert sorted(_found(store, "cykelstien")) == ["Byr 7", "Tek 1", "Øko 4"]
        assert _found(store, '"skolevejen sikker"') == ["Tek 1"] and _found(store, '"sikker skolevej"') == []
        assert sorted(_found(store, "anlægsbev*")) == ["Byr 7", "Øko 4"]
        if store._db.dialect == "postgresql":
            assert _found(store, long_word) == ["Byr 8"]  # cut to TERM_CHARS in the terms and the query
        else:
            assert store._db.one("SELECT v FROM items_fts_config WHERE k = 'automerge'") == (8,)


@pytest.mark.postgres
def test_postgresql_keeps_an_items_terms_in_its_row(postgres_url: str) -> None:
    # A search walking the newest items reads each one's tsvector: in the row, not in TOAST.
    with Store.open(postgres_url, create=True) as store:
        store.add(_collection()[0][1], source="a.xml")
        storage = store._db.one(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'tsv'"
        )
        compression = store._db.one("SELECT pg_column_compression(tsv) FROM items LIMIT 1")
        # The terms as they are, without positions (schema 5): what the search asks for.
        lexemes = store._db.one("SELECT tsv::text, terms FROM items WHERE number = '1'")
    assert lexemes is not None and lexemes[0] == " ".join(f"'{t}'" for t in sorted(set(lexemes[1].split())))
    assert storage == ("m",)
    assert compression in {(None,), ("lz4",)}  # short terms are not compressed; never pglz


def test_datasette_finds_the_full_text_table(tmp_path: Path) -> None:
    detect_fts = pytest.importorskip("datasette.utils").detect_fts
    path = tmp_path / "s.sqlite"
    with Store.open(path, create=True) as store:
        store.add(_collection()[0][1], source="a.xml")
    connection = sqlite3.connect(path)
    try:
        assert detect_fts(connection, "items") == "items_fts"
        # Its search box: the words as written, case and accents aside.
        found = connection.execute(
            "SELECT title FROM items WHERE rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)",
            ('"skolevejen"',),
        ).fetchall()
    finally:
        connection.close()
    assert found == [("Ny cykelsti ved skolen",)]


# --- bad input ----------------------------------------------------------------------------------


def test_a_corrupt_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"not a database at all " * 300)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="ikke en brugbar SQLite-database"):
        Store.open(path, create=True)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite"]
    other = tmp_path / "andet.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="ikke en referatkit-samling"):
        Store.open(other, create=True)
    assert other.read_bytes() == before


def test_a_newer_schema_is_refused_unchanged(target: str) -> None:
    with Store.open(target, create=True) as store:
        store.add(_collection()[0][1], source="a.xml")
        store._db.execute("UPDATE store_info SET value = '99' WHERE name = 'schema_version'")
    before = Path(target).read_bytes() if not target.startswith("postgresql") else b""
    with pytest.raises(StoreError, match="skemaversion 99"):
        Store.open(target)
    if before:
        assert Path(target).read_bytes() == before


def test_an_unreachable_server_is_one_danish_error() -> None:
    with pytest.raises(StoreError, match="kan ikke forbinde til PostgreSQL: serveren svarer ikke"):
        Store.open("postgresql://referatkit:hemmelig@127.0.0.1:9/samling")
    try:
        Store.open("postgresql://referatkit:hemmelig@127.0.0.1:9/samling")
    except StoreError as exc:
        assert "hemmelig" not in str(exc)


def test_a_damaged_text_and_an_empty_name_are_one_danish_error_each(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store.open(path, create=True) as store:
        key = store.add(referatkit.read(EXAMPLES / "referat-byudvalget.txt"), source="m.xml").key
    with sqlite3.connect(path) as raw:  # a damaged page: bytes that are no UTF-8 in a text
        raw.execute("UPDATE meetings SET document = CAST(x'3c3fff' AS TEXT)")
    with Store.open(path) as store, pytest.raises(StoreError) as caught:
        store.meeting(key)
    assert str(caught.value) == f"{path}: en tekst i databasen er ikke gyldig UTF-8 (filen er beskadiget)"
    with pytest.raises(
        StoreError, match=r"^angiv en databasefil eller en postgresql://-adresse \(--db er tom\)$"
    ):
        Store.open("")


def test_a_file_that_cannot_be_made_here_is_one_danish_error() -> None:
    # SQLite's own "unable to open database file", in English, before (a folder it may not write).
    with pytest.raises(
        StoreError, match=r"^/proc/samling\.sqlite: kan ikke åbnes: filen kan ikke åbnes eller oprettes her$"
    ):
        Store.open("/proc/samling.sqlite", create=True)


@pytest.mark.parametrize(
    "url",
    ["postgresql://ida:hemmelig@localhost:99999/x", "postgresql://ida:hemmelig@localhost:abc/x",
     "postgresql://ida:hemmelig@[::1/x"],
)  # fmt: skip
def test_an_address_that_cannot_be_read_is_one_danish_error(url: str) -> None:
    with pytest.raises(StoreError, match="adressen kan ikke læses; værten eller porten er ugyldig") as caught:
        Store.open(url)
    assert "hemmelig" not in str(caught.value) and "ida@" in str(caught.value)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "referatkit", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_bad_input_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    corrupt = tmp_path / "s.sqlite"
    corrupt.write_bytes(b"\x00garbage" * 1000)
    for args in (
        ("search", "x", "--db", str(corrupt)),
        ("case", "1", "--db", "postgresql://u@127.0.0.1:9/x"),
        ("search", "x", "--db", str(tmp_path / "findes-ikke.sqlite")),
    ):
        result = _cli(*args)
        assert result.returncode == 1, result
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith("referatkit: ")


# --- the command line ----------------------------------------------------------------------------


def test_command_line_index_search_case(tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    folder.mkdir()
    for n, (_, meeting) in enumerate(_collection()):
        _write(folder, f"{n}.xml", meeting)
    db = str(tmp_path / "s.sqlite")
    indexed = _cli("index", str(folder), "--db", db, "-j", "2")
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.startswith("3 tilføjet")
    found = json.loads(_cli("search", "skolevej sikker", "--db", db, "--json").stdout)
    (hit,) = found["hits"]
    assert {k: hit[k] for k in ("forum", "date", "number", "title", "case", "passage")} == {
        "forum": "Teknik- og Miljøudvalget",
        "date": "2025-02-03",
        "number": "1",
        "title": "Ny cykelsti ved skolen",
        "case": CASE,
        "passage": "Cykelstien skal gøre skolevejen sikker.",
    }
    case = json.loads(_cli("case", CASE, "--db", db, "--json").stdout)
    rows = [{k: t[k] for k in ("forum", "date", "number", "decision")} for t in case["treatments"]]
    assert rows[1:] == [
        {"forum": "Teknik- og Miljøudvalget", "date": "2025-02-03", "number": "1", "decision": "Anbefales."},
        {"forum": "Økonomiudvalget", "date": "2025-02-10", "number": "4",
         "decision": "Anbefales over for Byrådet."},
        {"forum": "Byrådet 2022-2025", "date": "2025-02-24", "number": "7", "decision": "Godkendt."},
    ]  # fmt: skip
    assert all(t["meeting"] for t in case["treatments"][1:]) and case["edition"] == "public"
    printed = _cli("case", CASE, "--db", db).stdout
    assert "3. 10. februar 2025, Økonomiudvalget, punkt 4" in printed
    assert "Beslutning: Anbefales over for Byrådet." in printed
    text = _cli("search", "budgetter", "--db", db).stdout
    assert "Budgetopfølgning" in text and "Budgetter for de kommende år" in text


# --- faults -------------------------------------------------------------------------------------------


def _many(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        _write(folder, f"{n:04}.xml", bench_store.generated_meeting(n))


def _whole(store: Store, folder: Path) -> int:
    """How many meetings the store holds; asserts each is whole (as many items as its source)."""
    count = 0
    for stored in store.meetings():
        source = referatkit.read(stored.source)
        assert stored.meeting == public(source)
        items = store._db.one(
            "SELECT count(*) FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE m.key = ?",
            (stored.key,),
        )
        assert items is not None and items[0] == len(source.items)
        count += 1
    return count


def test_kill_9_in_the_middle_leaves_whole_meetings(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    _many(folder, 30)
    Store.open(target, create=True).close()
    process = subprocess.Popen(
        [sys.executable, "-m", "referatkit", "index", str(folder), "--db", target],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Store.open(target) as store:
            if len(store) >= 3:
                break
        time.sleep(0.05)
    os.kill(process.pid, 9)
    process.wait()
    with Store.open(target) as store:
        partial = _whole(store, folder)
        assert 3 <= partial < 30
        report = store.index([folder])
        assert len(report.added) == 30 - partial and len(report.unchanged) == partial
        assert _whole(store, folder) == 30


def test_two_indexers_at_once_lose_nothing(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "kilder"
    _many(folder, 24)
    files = sorted(folder.iterdir())
    halves = [files[:15], files[9:]]  # overlapping, and both make the store
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "referatkit", "index", *map(str, half), "--db", target],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    with Store.open(target) as store:
        assert _whole(store, folder) == 24
        assert _count(store, "SELECT count(*) FROM fora") == len(
            {m.meeting.forum.name for m in store.meetings()}
        )
