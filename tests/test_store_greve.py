"""The store on a real year of one municipality: the 101 Greve meetings (FirstAgenda JSON).

Acceptance of issue 27, on SQLite and PostgreSQL: every earlier treatment an item's
"Sagens forløb" lists that is in the collection is in the computed history, in the same
order (100%); a case that went committee -> Økonomiudvalget -> Byråd prints its
treatments with dates and decisions; 30 questions derived from the corpus (a phrase of
a decision found in that decision alone) find their item in the top 3 for at least 28.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator

import pytest

from referatkit.cli import main
from referatkit.l10n import format_date
from referatkit.store import Store
from referatkit.store._text import body_key

from .conftest import GREVE, shared_file

# On one worker: the PostgreSQL store is indexed once, by this module's fixture.
pytestmark = pytest.mark.xdist_group("greve-store")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def greve(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = shared_file(GREVE)
    if request.param == "sqlite":
        # A copy of the store the run indexed once (conftest.greve_sqlite), this module's own.
        target = str(tmp_path_factory.mktemp("greve") / "greve.sqlite")
        shutil.copyfile(request.getfixturevalue("greve_sqlite"), target)
        with Store.open(target) as store:
            store.url = target  # type: ignore[attr-defined]
            yield store
        return
    server = request.getfixturevalue("postgres_server")
    import psycopg  # noqa: PLC0415 - only here

    name = f"greve_{random.randrange(10**9)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    target = f"{server.rpartition('/')[0]}/{name}"
    with Store.open(target, create=True) as store:
        store.url = target  # type: ignore[attr-defined]
        report = store.index([folder], jobs=2)
        assert report.ok and len(report.added) == 101, report.failed[:3]
        yield store


def test_stated_histories_are_in_the_computed_ones_in_order(greve: Store) -> None:
    db = greve._db
    rows = db.query(
        "SELECT i.id, i.case_number FROM items i WHERE i.case_number IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM decisions d WHERE d.item_id = i.id AND d.stated)"
    )
    checked = kept = 0
    histories: dict[str, list[tuple[str, str]]] = {}
    for item_id, case in rows:
        stated = db.query(
            "SELECT forum, date FROM decisions WHERE item_id = ? AND stated AND forum IS NOT NULL "
            "AND date IS NOT NULL ORDER BY position",
            (item_id,),
        )
        held = {
            (str(body), str(day))
            for body, day in db.query(
                "SELECT f.body, m.date FROM items i JOIN meetings m ON m.id = i.meeting_id "
                "JOIN fora f ON f.id = m.forum_id WHERE i.case_number = ?",
                (case,),
            )
        }
        listed = [(body_key(f), str(d)) for f, d in stated if (body_key(f), str(d)) in held]
        if not listed:
            continue
        if case not in histories:
            history = greve.case(case)
            assert history is not None
            histories[case] = [
                (body_key(t.forum), t.date.isoformat()) for t in history.treatments if t.origin != "stated"
            ]
        computed = histories[case]
        checked += 1
        places = [computed.index(x) if x in computed else -1 for x in listed]
        kept += -1 not in places and places == sorted(places)
    print(f"Sagens forløb: {kept}/{checked} items' stated histories in the computed ones, in order")
    assert checked > 300
    assert kept == checked


def test_a_case_from_committee_via_okonomiudvalget_to_the_council(
    greve: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    wanted = ("oekonomiudvalg", "byraad")
    for number in greve.case_numbers():
        history = greve.case(number)
        assert history is not None
        bodies = [body_key(t.forum) for t in history.treatments if t.origin != "stated"]
        if len(bodies) == 3 and bodies[1:] == list(wanted) and bodies[0] not in wanted:
            break
    else:
        pytest.fail("no case went committee -> Økonomiudvalget -> Byråd")
    dates = [t.date for t in history.treatments if t.origin != "stated"]
    assert dates == sorted(dates)
    assert all(t.decision for t in history.treatments if t.origin != "stated")
    assert main(["case", history.number, "--db", greve.url]) == 0
    printed = capsys.readouterr().out.splitlines()
    lines = [
        n
        for n, line in enumerate(printed)
        if re.match(r"\d+\. \d+\. \w+ 2022, ", line) and "kun oplyst" not in line
    ]
    treated = [t for t in history.treatments if t.origin != "stated"]
    assert len(lines) == len(treated) == 3
    for n, t in zip(lines, treated, strict=True):
        assert f"{format_date(t.date)}, {t.forum}, punkt {t.item_number}" in printed[n]
    assert all(
        printed[n + 1].startswith("   Beslutning: ") and "(ingen endnu)" not in printed[n + 1] for n in lines
    )


_WORD = re.compile(r"\w+")


def _questions(store: Store) -> list[tuple[str, str, str]]:
    """(phrase, meeting key, item number): 30 phrases of six words, each in one item's
    decision and in no other item's text."""
    rows = store._db.query(
        "SELECT m.key, i.number, i.decision FROM items i JOIN meetings m ON m.id = i.meeting_id "
        "WHERE length(i.decision) > 120 ORDER BY m.key, i.position"
    )
    everything = " ".join(
        " ".join(_WORD.findall(str(t).casefold())) for (t,) in store._db.query("SELECT text FROM items")
    )
    rng = random.Random(27)
    rng.shuffle(rows)
    out: list[tuple[str, str, str]] = []
    for key, number, decision in rows:
        words = _WORD.findall(str(decision))
        if len(words) < 12:
            continue
        start = rng.randrange(len(words) - 6)
        phrase = " ".join(words[start : start + 6])
        if everything.count(" ".join(w.casefold() for w in words[start : start + 6])) != 1:
            continue
        out.append((phrase, str(key), str(number)))
        if len(out) == 30:
            break
    return out


def test_search_finds_the_item_of_a_phrase_in_the_top_3(greve: Store) -> None:
    questions = _questions(greve)
    assert len(questions) == 30
    found = 0
    for phrase, key, number in questions:
        top = [(h.meeting_key, h.number) for h in greve.search(phrase, limit=3)]
        found += (key, number) in top
    print(f"search: {found}/30 questions have their item in the top 3")
    assert found >= 28


def test_the_greve_store_has_no_closed_item_text(greve: Store) -> None:
    closed = greve._db.query("SELECT count(*) FROM items WHERE NOT public")
    texts = greve._db.query("SELECT count(*) FROM items WHERE NOT public AND (text <> '' OR decision <> '')")
    assert closed[0][0] > 0 and texts[0][0] == 0
