"""The fuzzer as a test: a bounded run per reader (``REFERATKIT_FUZZ_INPUTS``, default 300).

Every input ends in a meeting or a ReadError (a WriteError for reference
documents), within MAX_SECONDS of CPU and MAX_PEAK_MIB. The run's seed is
``REFERATKIT_FUZZ_SEED``, else the day's number: the same inputs all day,
new ones the next. A failure prints the command that replays each input;
``python -m tests.fuzz`` runs as many inputs as you like.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from .engine import TARGETS, Seed, fuzz, reproducer, seeds

INPUTS = int(os.environ.get("REFERATKIT_FUZZ_INPUTS", "300"))
SEED = int(os.environ.get("REFERATKIT_FUZZ_SEED", str(dt.date.today().toordinal())))


@pytest.fixture(scope="module")
def corpus() -> list[Seed]:
    return seeds()


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzzed_inputs_end_in_a_meeting_or_a_read_error(target: str, corpus: list[Seed]) -> None:
    failures = fuzz(TARGETS[target], corpus, base_seed=SEED, count=INPUTS)
    assert not failures, "\n\n".join(reproducer(f, SEED) for f in failures)


def test_the_corpus_holds_every_kind_of_seed(corpus: list[Seed]) -> None:
    """Fixtures of every case system, the text cases and example, and the writers' own outputs."""
    names = {seed.name for seed in corpus}
    assert {"sbsys-publication.xml", "edoc-fujitsu-agenda.xml", "referat-byudvalget.txt"} <= names
    assert {"referat-byudvalget.txt->odt", "referat-byudvalget.txt->xml", "5002.XML->text"} <= names
    assert {suffix for suffix in (s.suffix for s in corpus)} == {".txt", ".odt", ".xml"}
