"""A printed document as lines of styled text, whatever file it came from."""

from __future__ import annotations

from attrs import frozen


@frozen
class Run:
    """Text in one style; ``link`` is the target of a link over it."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@frozen
class Line:
    """One printed line: its runs, page, left edge, distance from the top and right edge
    (points), font size.

    From a word processor's file, a line is a whole paragraph: ``y`` is its
    paragraph number and ``page`` is 0.
    """

    runs: tuple[Run, ...]
    page: int = 0
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0
    right: float = 0.0
    #: In a word processor's file, the list a list paragraph belongs to ("" when unknown).
    list_id: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def bold(self) -> bool:
        """Every visible character is bold."""
        return all(run.bold for run in self.runs if run.text.strip())
