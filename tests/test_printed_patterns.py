"""The table-of-contents and list patterns of the printed readers: linear in the line,
and matching exactly as the plain (backtracking) patterns they replace."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from hypothesis import example, given
from hypothesis import strategies as st

from referatkit.formats.printed import _layout
from referatkit.formats.text import _printed

# The patterns as first written: plain to read, quadratic on a long run of dots or spaces.
_PLAIN: dict[str, tuple[str, str | re.Pattern[str]]] = {
    "_layout._BULLET": (r"(?P<sign>[•◦▪‣●○■□–\-·])[ \t\u00a0]+(?P<rest>.*)", _layout._BULLET),
    "_layout._NUMBER": (
        r"(?P<number>\d{1,3})[.)](?:[ \t\u00a0]+(?P<rest>.*)|(?P<tight>(?=[^\W\d_]).*)|$)",
        _layout._NUMBER,
    ),
    "_layout._TOC_LEADER": (r"(?P<title>.*?)\s*\.{3,}\s*(?P<page>[1-9]\d{0,3})?", _layout._TOC_LEADER),
    "_layout._CLAUSE": (r"(?P<lead>at|At|AT) (?P<number>\d{1,3})\)[ \t\u00a0]+(?P<rest>.*)", _layout._CLAUSE),
    "_layout._TOC_TAB": (r"(?P<title>[^\t]*?)\.*\t+[ .]*(?P<page>[1-9]\d{0,3})", _layout._TOC_TAB),
    "_printed._TOC_PAGED": (
        r"(?P<title>.*?\S)(?:\s*\.{3,}\s*|\s{2,})(?P<page>[1-9]\d{0,3})",
        _printed._TOC_PAGED,
    ),
    "_printed._TOC_DOTS": (r"(?P<title>.*?\S)\s*\.{3,}", _printed._TOC_DOTS),
}


@given(st.sampled_from(["", "At 1)", "1.", "•", "- ", "Punkt"]), st.text(". \t\u00a05x0\n-1)", max_size=24))
@example("", "....5")
@example("", "Foo. ....5")
@example("", "x . ....\t5")
@example("1.", "  \n x")
def test_the_linear_patterns_match_as_the_plain_ones(prefix: str, rest: str) -> None:
    line = prefix + rest
    for name, (plain, linear) in _PLAIN.items():
        want = re.fullmatch(plain, line)
        got = re.fullmatch(linear, line)  # a pattern, or a string compiled on first use
        assert (got.groupdict() if got else None) == (want.groupdict() if want else None), name


_SCRIPT = textwrap.dedent(
    """
    import io, sys, docx, referatkit
    long = "." * 60_000 + "x"
    d = docx.Document()
    for text in ("REFERAT Byrådet d. 03-09-2025", "Mødedato", "Onsdag d. 3. september 2025 kl. 16:00",
                 "Indholdsfortegnelse", long, "Budget" + " " * 60_000 + "\\n" + long):
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    date = "Onsdag d. 3. september 2025 kl. 16:00"
    text = "\\n".join(("REFERAT Byrådet d. 03-09-2025", "", "Mødedato", date,
                      "", "Indholdsfortegnelse", long, "Budget" + " " * 60_000 + "x\\f"))
    for data, fmt in ((out.getvalue(), "docx"), (text.encode(), "text")):
        try:
            referatkit.read(data, format=fmt)
        except referatkit.ReadError as error:
            print(fmt, error.message[:60])
    """
)


def test_a_table_of_contents_line_of_60000_dots_is_read_in_bounded_time() -> None:
    # The plain patterns took minutes on these lines (quadratic): the bound is far above
    # a linear read, far below that.
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    # Both read past the table of contents, to the missing items (the Word file's error at
    # the paragraph of the last entry).
    assert done.stdout.splitlines() == [
        "docx afsnit 6: ingen dagsordenspunkter: forventede linjer som 'Pu",
        "text ingen dagsordenspunkter: forventede linjer som 'Punkt 1: Tit",
    ]
