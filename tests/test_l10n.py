"""Danish localisation: the exact strings the writers print."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import attrs
import pytest
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from hypothesis import given
from hypothesis import strategies as st

from referatkit.l10n import (
    DANISH,
    format_amount,
    format_date,
    format_long_date,
    format_meeting_datetime,
    format_number,
    format_short_date,
    localize,
)
from referatkit.model import COPENHAGEN, DocumentKind, SectionKind, Variant


def test_required_forms() -> None:
    start = localize(dt.datetime(2017, 1, 5, 9, 0))
    assert format_meeting_datetime(start) == "Torsdag d. 05. januar 2017 kl. 09:00"
    assert format_short_date(start.date()) == "05-01-2017"
    assert format_date(start.date()) == "5. januar 2017"
    assert format_amount(1950000) == "1.950.000 kr."


def test_numbers() -> None:
    assert format_amount(Decimal("12.5")) == "12,50 kr."
    assert format_number(0.75) == "0,75"
    assert format_number(1950000) == "1.950.000"


def test_datetimes_print_in_copenhagen_time() -> None:
    utc = dt.datetime(2017, 7, 6, 7, 30, tzinfo=dt.UTC)
    assert format_meeting_datetime(utc) == "Torsdag d. 06. juli 2017 kl. 09:30"


def test_naive_datetimes_are_never_guessed() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_meeting_datetime(dt.datetime(2017, 1, 5, 9, 0))


def test_localize_is_explicit_about_summer_time() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        localize(dt.datetime(2024, 3, 31, 2, 30))
    first = localize(dt.datetime(2024, 10, 27, 2, 30))
    second = localize(dt.datetime(2024, 10, 27, 2, 30), fold=1)
    assert (first.utcoffset(), second.utcoffset()) == (dt.timedelta(hours=2), dt.timedelta(hours=1))


def test_label_table() -> None:
    assert DANISH.kind_title(DocumentKind.MINUTES, Variant.ORDINARY) == "REFERAT"
    assert DANISH.kind_title(DocumentKind.AGENDA, Variant.ORDINARY) == "DAGSORDEN"
    assert DANISH.kind_title(DocumentKind.AGENDA, Variant.ADDENDUM) == "TILLÆGSDAGSORDEN"
    assert DANISH.contents == "Indholdsfortegnelse" and DANISH.item == "Punkt"
    assert DANISH.caption(SectionKind.RECOMMENDATION) == "Indstilling"
    assert DANISH.caption_kinds()["administrationens indstilling"] is SectionKind.RECOMMENDATION
    with pytest.raises(KeyError):
        DANISH.caption(SectionKind.CUSTOM)


def test_labels_are_replaceable() -> None:
    mine = attrs.evolve(DANISH, captions={**dict(DANISH.captions), SectionKind.DECISION: "Afgørelse"})
    assert mine.caption(SectionKind.DECISION) == "Afgørelse"
    assert DANISH.caption(SectionKind.DECISION) == "Beslutning"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Beslutning i {udvalg}", "may use {forum}, {date}, each once"),
        ("Beslutning i {forum", "is not a valid template"),
        ("Beslutning {}", "may use {forum}, {date}, each once"),
    ],
)
def test_a_broken_decision_template_is_refused_when_the_labels_are_made(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"decision_by: {template!r}") + ".*" + re.escape(message)):
        attrs.evolve(DANISH, decision_by=template)


def test_dates_of_datetimes_are_copenhagen_days_and_amounts_are_finite() -> None:
    late = dt.datetime(2017, 1, 4, 23, 30, tzinfo=dt.UTC)  # already 5 January in Copenhagen
    assert format_short_date(late) == "05-01-2017"
    assert format_date(late) == "5. januar 2017"
    with pytest.raises(ValueError, match="naive datetime"):
        format_short_date(dt.datetime(2017, 1, 4, 23, 30))
    assert format_amount(2.675) == "2,68 kr."  # half up, not float's 2.67499...
    assert format_amount(Decimal("1.999")) == "2 kr."
    for bad in (float("inf"), float("nan")):
        with pytest.raises(ValueError, match="finite"):
            format_amount(bad)


def test_a_partial_caption_table_is_refused_naming_the_missing_kinds() -> None:
    with pytest.raises(
        ValueError, match=r"^captions: every section kind needs a caption; missing: occasion, "
    ):
        attrs.evolve(DANISH, captions={SectionKind.DECISION: "Afgørelse"})
    with pytest.raises(ValueError, match=r"missing: history \("):
        attrs.evolve(DANISH, captions={k: v for k, v in DANISH.captions if k is not SectionKind.HISTORY})


@pytest.mark.parametrize(
    ("captions", "error", "message"),
    [
        (
            {"beslutning": "Afgørelse"},
            ValueError,
            "captions: unknown section kind 'beslutning'; the kinds are",
        ),
        ({SectionKind.CUSTOM: "Andet"}, ValueError, "captions: a custom section carries its own caption"),
        ({SectionKind.DECISION: 7}, TypeError, "captions['decision'] must be a str, not int"),
        ({SectionKind.DECISION: " "}, ValueError, "captions['decision'] must not be empty"),
        ({SectionKind.DECISION: "Indstilling"}, ValueError, "'Indstilling' is the caption of both"),
        ("Beslutning", TypeError, "captions: expected a mapping of section kinds, not str"),
        ([("decision",)], TypeError, "captions[12]: expected a (section kind, value) pair"),
    ],
)
def test_a_wrong_caption_table_names_the_field_and_the_key(
    captions: object, error: type[Exception], message: str
) -> None:
    table: object = captions
    if isinstance(captions, dict):
        table = {**dict(DANISH.captions), **captions}
    elif isinstance(captions, list):
        table = [*DANISH.captions, *captions]
    with pytest.raises(error, match=re.escape(message)):
        attrs.evolve(DANISH, captions=table)


def test_captions_may_be_keyed_by_the_kinds_values_as_a_toml_table_is() -> None:
    table = {kind.value: text for kind, text in DANISH.captions} | {"decision": "Afgørelse"}
    mine = attrs.evolve(DANISH, captions=table)
    assert mine.caption(SectionKind.DECISION) == "Afgørelse"
    assert mine.captions[:2] == DANISH.captions[:2]  # in the kinds' order, as written


@pytest.mark.parametrize(
    ("synonyms", "error", "message"),
    [
        ({"ukendt": ("X",)}, ValueError, "caption_synonyms: unknown section kind 'ukendt'"),
        ({SectionKind.SUMMARY: "Resume"}, TypeError, "caption_synonyms['summary'] must be a sequence of str"),
        ({SectionKind.SUMMARY: ("Resume", 3)}, TypeError, "caption_synonyms['summary'][1] must be a str"),
    ],
)
def test_wrong_caption_synonyms_name_the_field_and_the_key(
    synonyms: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        attrs.evolve(DANISH, caption_synonyms=synonyms)


def test_a_partial_synonym_table_is_fine_and_a_label_of_the_wrong_type_is_refused() -> None:
    mine = attrs.evolve(DANISH, caption_synonyms={SectionKind.SUMMARY: ["Kort fortalt"]})
    assert mine.caption_kinds()["kort fortalt"] is SectionKind.SUMMARY
    assert "sammendrag" not in mine.caption_kinds()
    with pytest.raises(TypeError, match=r"^meeting_place must be a str, not int$"):
        attrs.evolve(DANISH, meeting_place=3)
    with pytest.raises(TypeError, match=r"^decision_by must be a str, not NoneType$"):
        attrs.evolve(DANISH, decision_by=None)


@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)))
def test_dates_agree_with_babel(moment: dt.datetime) -> None:
    """The month and weekday tables that print dates are babel's da_DK, word for word."""
    aware = localize(moment) if _exists(moment) else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(COPENHAGEN)
    day = local.date()
    assert format_short_date(day) == babel_date(day, "dd-MM-y", locale="da_DK")
    assert format_date(day) == babel_date(day, "d. MMMM y", locale="da_DK")
    long = babel_date(day, "EEEE 'd.' dd. MMMM y", locale="da_DK")
    assert format_long_date(day) == long[:1].upper() + long[1:]
    full = babel_datetime(local, "EEEE 'd.' dd. MMMM y 'kl.' HH:mm", tzinfo=COPENHAGEN, locale="da_DK")
    assert format_meeting_datetime(aware) == full[:1].upper() + full[1:]


def _exists(moment: dt.datetime) -> bool:
    try:
        localize(moment)
    except ValueError:
        return False
    return True
