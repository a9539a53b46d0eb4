"""A deterministic synthetic meeting of any size, for the benchmarks.

The text is invented; the shape follows real referater: every item has an
occasion, a presentation with sub-headings, nested bullets and a continued
numbered list, a recommendation with clauses, a decision and attachments.
"""

from __future__ import annotations

import datetime as dt
import random

from referatkit import (
    Attachment,
    AttachmentList,
    BulletList,
    Clause,
    Decision,
    DocumentKind,
    Emphasis,
    Forum,
    Heading,
    Item,
    ListItem,
    Meeting,
    OrderedList,
    Paragraph,
    Recommendation,
    SectionKind,
    Strong,
    TextSection,
    localize,
)

_WORDS = (
    "kommunen borgerne udvalget forvaltningen budgettet forslaget sagen planen skolen "
    "vejene trafikken ældreplejen børnehaverne miljøet tilskuddet bevillingen lokalplanen "
    "høringen projektet indsatsen analysen området administrationen rammen"
).split()
_VERBS = "godkender drøfter prioriterer vurderer anbefaler udarbejder sikrer gennemfører".split()


def _sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(_WORDS if i % 3 else _VERBS) for i in range(words))
    return body[:1].upper() + body[1:] + "."


def _paragraph(rng: random.Random) -> Paragraph:
    text = " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.3:
        return Paragraph([text[:-1] + " og ", Emphasis("særligt vigtigt"), " for ", Strong("økonomien"), "."])
    return Paragraph(text)


def build_item(rng: random.Random, number: int) -> Item:
    bullets = BulletList(
        [
            ListItem(_sentence(rng, 8), BulletList([_sentence(rng, 6), _sentence(rng, 7)])),
            ListItem(_sentence(rng, 10)),
            ListItem(_sentence(rng, 9)),
        ]
    )
    presentation = (
        _paragraph(rng),
        Heading("Baggrund"),
        _paragraph(rng),
        bullets,
        OrderedList([_sentence(rng, 9)]),
        Paragraph("Nuværende mål: " + _sentence(rng, 10)),
        OrderedList([_sentence(rng, 9), _sentence(rng, 8)], start=2),
        _paragraph(rng),
    )
    return Item(
        number=str(number),
        title=f"Sag {number}: {_sentence(rng, 5)[:-1]}",
        route=("BU",),
        journal_number=f"00.01.00-A00-{number}-25",
        page=2 + number * 2,
        sections=(
            TextSection(SectionKind.OCCASION, (_paragraph(rng),)),
            TextSection(SectionKind.PRESENTATION, presentation),
            TextSection(SectionKind.ECONOMY, (Paragraph("Udgiften er 1.950.000 kr. i 2025."),)),
            Recommendation(
                "Direktøren for By og Miljø indstiller,",
                [Clause(_sentence(rng, 8)[:-1].lower()) for _ in range(rng.randint(1, 3))],
            ),
            Decision((_paragraph(rng), BulletList([_sentence(rng, 7), _sentence(rng, 9)]))),
            AttachmentList([Attachment(title=f"Bilag {k}: {_sentence(rng, 4)[:-1]}") for k in (1, 2)]),
        ),
    )


def build_meeting(items: int, seed: int = 2025) -> Meeting:
    """A minutes document of ``items`` items; the same bytes for the same arguments."""
    rng = random.Random(seed)
    return Meeting(
        forum=Forum(name="Byudvalget", short_name="BU"),
        kind=DocumentKind.MINUTES,
        start=localize(dt.datetime(2025, 1, 14, 16, 0)),
        end=localize(dt.datetime(2025, 1, 14, 18, 30)),
        place="Rådhuset, mødelokale 3",
        items=tuple(build_item(rng, n) for n in range(1, items + 1)),
    )
