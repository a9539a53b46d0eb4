"""Properties of the text layout over generated meetings."""

from __future__ import annotations

import warnings

import attrs
from hypothesis import given

import referatkit
from referatkit.l10n import DANISH
from referatkit.model import Meeting, SectionKind, differences

from .strategies import meetings, text_meetings

# Each property checks several things of one drawn meeting: drawing a meeting is most
# of a property's time, and each of these checks drew meetings of its own (issue 23).


@given(text_meetings())
def test_what_the_layout_expresses_round_trips(meeting: Meeting) -> None:
    """What the layout can express comes back exactly, without a warning; rendering what is
    read back gives the same text (a fixed point); and a caller's own label table is used
    by the writer and understood by the reader."""
    text = referatkit.render(meeting, "text")  # LossWarning is an error in the tests
    back = referatkit.read(text, format="text")
    assert differences(meeting, back) == []
    assert back == meeting
    # The rendering is a fixed point.
    assert referatkit.render(back, "text") == text
    _check_replaced_labels_round_trip(meeting)


@given(meetings())
def test_any_meeting_round_trips_or_warns_and_renders_deterministically(meeting: Meeting) -> None:
    """Whatever the model holds, the writer either keeps it or says what it drops; and
    it writes the same text every time."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", referatkit.LossWarning)
        text = referatkit.render(meeting, "text")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        assert referatkit.render(meeting, "text") == text  # deterministic
    lost = {p for w in caught if isinstance(w.message, referatkit.LossWarning) for p in w.message.paths}
    try:
        back = referatkit.read(text, format="text")
    except referatkit.ReadError:
        assert lost, "the output cannot be read back, yet no LossWarning was raised"
        return
    for path in differences(meeting, back):
        assert any(path.startswith(p) for p in lost), f"{path} differs without a LossWarning"


def _check_replaced_labels_round_trip(meeting: Meeting) -> None:
    # A caller's own label table is used by the writer and understood by the reader.
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
