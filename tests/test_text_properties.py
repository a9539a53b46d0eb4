"""Properties of the text layout over generated meetings."""

from __future__ import annotations

import warnings

import attrs
from hypothesis import given

import referatkit
from referatkit.l10n import DANISH
from referatkit.model import Meeting, SectionKind, differences

from .strategies import meetings, text_meetings


@given(text_meetings())
def test_text_round_trip(meeting: Meeting) -> None:
    """What the layout can express comes back exactly, without a warning."""
    text = referatkit.render(meeting, "text")  # LossWarning is an error in the tests
    back = referatkit.read(text, format="text")
    assert differences(meeting, back) == []
    assert back == meeting


@given(text_meetings())
def test_text_rendering_is_a_fixed_point(meeting: Meeting) -> None:
    text = referatkit.render(meeting, "text")
    assert referatkit.render(referatkit.read(text, format="text"), "text") == text


@given(meetings())
def test_any_meeting_round_trips_or_warns(meeting: Meeting) -> None:
    """Whatever the model holds, the writer either keeps it or says what it drops."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", referatkit.LossWarning)
        text = referatkit.render(meeting, "text")
    lost = {p for w in caught if isinstance(w.message, referatkit.LossWarning) for p in w.message.paths}
    try:
        back = referatkit.read(text, format="text")
    except referatkit.ReadError:
        assert lost, "the output cannot be read back, yet no LossWarning was raised"
        return
    for path in differences(meeting, back):
        assert any(path.startswith(p) for p in lost), f"{path} differs without a LossWarning"


@given(meetings())
def test_rendering_is_deterministic(meeting: Meeting) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        first = referatkit.render(meeting, "text")
        assert referatkit.render(meeting, "text") == first


@given(text_meetings())
def test_replaced_labels_round_trip(meeting: Meeting) -> None:
    """A caller's own label table is used by the writer and understood by the reader."""
    labels = attrs.evolve(
        DANISH,
        minutes="BESLUTNINGSPROTOKOL",
        item="Sag",
        contents="Indhold",
        meeting_place="Sted",
        captions={**dict(DANISH.captions), SectionKind.DECISION: "Afgørelse"},
        # The old caption stays readable as a synonym, as it must for old documents.
        caption_synonyms={**dict(DANISH.caption_synonyms), SectionKind.DECISION: ("Beslutning",)},
    )
    text = referatkit.render(meeting, "text", labels=labels)
    assert referatkit.read(text, format="text", labels=labels) == meeting
