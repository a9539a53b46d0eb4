"""The model's messages as a secretary reads them: in Danish.

The model's constructors and :func:`referatkit.validate` speak English to
programmers (a field name, a type); readers put those messages inside their
Danish ones (``ugyldigt tidspunkt: day is out of range for month``). The
command line and the batch report pass every message through :func:`danish`,
which rewrites each known English message, wherever it stands, and leaves
the rest alone::

    >>> danish("ugyldigt tidspunkt: day is out of range for month")
    'ugyldigt tidspunkt: dagen findes ikke i måneden'
    >>> danish("items[1].number: item number '1' is used twice (items[0])")
    "items[1].number: punktnummeret '1' er brugt to gange (items[0])"
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["danish"]

# (English pattern, Danish replacement), most specific first. The patterns follow
# the messages raised in referatkit/model, referatkit/l10n and Python's datetime.
_TABLE: tuple[tuple[str, str], ...] = (
    # validate() problems
    (
        r"character U\+([0-9A-F]{4,6}) at position (\d+) cannot be carried by XML",
        r"tegnet U+\1 på plads \2 kan ikke skrives i XML",
    ),
    (r"item number (.+?) is used twice \((.+?)\)", r"punktnummeret \1 er brugt to gange (\2)"),
    (r"(.+?) is listed twice \((.+?)\)", r"\1 står to gange på deltagerlisten (\2)"),
    (r"a member cannot substitute for themselves", "et medlem kan ikke være stedfortræder for sig selv"),
    (r"(.+?) is not among the meeting's participants", r"\1 er ikke blandt mødets deltagere"),
    # Python's datetime and int
    (r"day is out of range for month", "dagen findes ikke i måneden"),
    (r"month must be in 1\.\.12", "måneden skal være 1-12"),
    (r"year (-?\d+) is out of range", r"året \1 er uden for det mulige"),
    (r"hour must be in 0\.\.23", "timen skal være 0-23"),
    (r"minute must be in 0\.\.59", "minuttet skal være 0-59"),
    (r"second must be in 0\.\.59", "sekundet skal være 0-59"),
    (r"Invalid isoformat string: (.+)", r"ikke et ISO 8601-tidspunkt: \1"),
    (r"invalid literal for int\(\) with base 10: (.+)", r"ikke et heltal: \1"),
    # localize() and naive datetimes
    (
        r"(\S+) does not exist in Europe/Copenhagen \(summer time gap\)",
        r"\1 findes ikke i dansk tid (timen springes over, når sommertiden begynder)",
    ),
    (
        r"(\S+): naive datetime (\S+): give a time zone, e\.g\. referatkit\.l10n\.localize\(value\) "
        r"for Europe/Copenhagen",
        r"\1: tidspunktet \2 har ingen tidszone; angiv den, fx +01:00 for dansk vintertid",
    ),
    (r"naive datetime (\S+): use localize\(\) first", r"tidspunktet \1 har ingen tidszone"),
    (r"end (\S+) is before start (\S+)", r"sluttidspunktet \1 ligger før starttidspunktet \2"),
    # the model's field rules
    (
        r"raw must be non-empty without surrounding white space: (.+)",
        r"sagsnummeret må ikke være tomt eller have mellemrum før eller efter: \1",
    ),
    (r"properties must be \(str, str\) pairs, not (.+)", r"egenskaber skal være par af tekster, ikke \1"),
    (
        r"property name (.+?) must be a name such as 'sbsys:Category'",
        r"egenskabsnavnet \1 skal være et navn som 'sbsys:Category'",
    ),
    (r"property (.+?) is given twice", r"egenskaben \1 er angivet to gange"),
    (r"kind (\w+): use (\w+) for this section", r"afsnitstypen \1: brug \2 til dette afsnit"),
    (r"caption is required for a CUSTOM section", "et afsnit af egen type skal have en overskrift"),
    (r"lead must be one of (.+?), not (.+)", r"indledningen skal være en af \1, ikke \2"),
    (r"algorithm must be one of (.+?), not (.+)", r"algoritmen skal være en af \1, ikke \2"),
    (r"value must be (\d+) hex digits for (\S+)", r"kontrolsummen skal være \1 hexadecimale cifre for \2"),
    (
        r"media_type must look like 'application/pdf', not (.+)",
        r"medietypen skal ligne 'application/pdf', ikke \1",
    ),
    (r"substitute_for is only for status SUBSTITUTE", "'stedfortræder for' gælder kun en stedfortræder"),
    (
        r"number must look like '1', '1\.1' or '12a', not (.+)",
        r"punktnummeret skal ligne '1', '1.1' eller '12a', ikke \1",
    ),
    (
        r"journal_number must be a JournalNumber or str, not (\w+)",
        r"sagsnummeret skal være et JournalNumber eller en tekst, ikke \1",
    ),
    (
        r"route must be a sequence of forum short names, e\.g\. (.+)",
        r"sagsgangen skal være en række forumforkortelser, fx \1",
    ),
    (
        r"route part must be a short name such as 'KB', not (.+)",
        r"et led i sagsgangen skal være en forkortelse som 'KB', ikke \1",
    ),
    (r"page must be a positive int, not (.+)", r"sidetallet skal være et positivt heltal, ikke \1"),
    (
        r"inline content must be a str or inline nodes, not (\w+)",
        r"tekstindhold skal være tekst eller tekstelementer, ikke \1",
    ),
    (r"not an inline node: (\w+)", r"ikke et tekstelement: \1"),
    (r"content must not contain another Link", "et link må ikke indeholde et andet link"),
    (r"(\S+) must contain visible text", r"\1 skal indeholde synlig tekst"),
    (
        r"sublist must be a BulletList or OrderedList, not (\w+)",
        r"en underliste skal være en BulletList eller OrderedList, ikke \1",
    ),
    (r"items must be a sequence of ListItem \(or str\)", "listens punkter skal være ListItem (eller tekst)"),
    (r"items must hold ListItem, not (\w+)", r"listens punkter skal være ListItem, ikke \1"),
    (r"start must be an int", "listens start skal være et heltal"),
    (r"start must be 0 or more", "listens start skal være 0 eller mere"),
    (r"lists may nest at most (\d+) levels", r"lister kan højst ligge \1 niveauer inden i hinanden"),
    (
        r"body must be a sequence of blocks, not a str; use \(Paragraph\(\.\.\.\),\)",
        "brødteksten skal være en række afsnit, ikke en tekst",
    ),
    (r"body\[(\d+)\]: not a block: (\w+)", r"body[\1]: ikke et afsnit: \2"),
    # tables
    (r"(\S+): (\d+) reaches below the last row", r"\1: \2 når ud over tabellens sidste række"),
    (
        r"(\S+): overlaps a cell spanning from row (\d+) above",
        r"\1: overlapper en celle fra række \2 ovenfor",
    ),
    (r"(\S+): overlaps a cell of (\S+)", r"\1: overlapper en celle i \2"),
    (
        r"(\S+): the row covers (\d+) columns with its spans, the first row (\d+); "
        r"a table must be rectangular",
        r"\1: rækken dækker \2 kolonner, den første række \3; en tabel skal være rektangulær",
    ),
    (
        r"no cell begins in column (\d+); a span covers it in every row",
        r"ingen celle begynder i kolonne \1; en sammenlægning dækker den i hver række",
    ),
    (
        r"(\S+): a header cell must not reach into the body",
        r"\1: en overskriftscelle må ikke række ned i tabellen",
    ),
    (
        r"header_rows must be between (\d+) and (\d+), not (-?\d+)",
        r"antal overskriftsrækker skal være \1-\2, ikke \3",
    ),
    (r"header_rows must be an int", "antal overskriftsrækker skal være et heltal"),
    (
        r"alignments must have one entry per column \((\d+)\), not (\d+)",
        r"justeringen skal have én værdi pr. kolonne (\1), ikke \2",
    ),
    (
        r"(\S+) must be 'left', 'center' or 'right', not (.+)",
        r"\1 skal være 'left', 'center' eller 'right', ikke \2",
    ),
    (r"alignments must be a sequence, one per column", "justeringen skal være en række, én pr. kolonne"),
    (
        r"caption must be empty or contain visible text",
        "tabellens titel skal være tom eller have synlig tekst",
    ),
    (r"(\S+) must be between 1 and (\d+), not (-?\d+)", r"\1 skal være mellem 1 og \2, ikke \3"),
    (r"(\S+) must be an int, not (\w+)", r"\1 skal være et heltal, ikke \2"),
    (
        r"body\[(\d+)\]: a table cell holds paragraphs and lists, not (\w+)",
        r"body[\1]: en tabelcelle rummer afsnit og lister, ikke \2",
    ),
    (
        r"body must be a sequence of blocks, not one block; use \(Paragraph\(\.\.\.\),\)",
        "brødteksten skal være en række afsnit, ikke ét afsnit",
    ),
    (r"cells must be a sequence of TableCell \(or str\)", "cellerne skal være TableCell (eller tekst)"),
    (r"(\S+) must be a TableCell, not (\w+)", r"\1 skal være en TableCell, ikke \2"),
    (r"cells must not be empty", "en række skal have mindst én celle"),
    (r"rows must be a sequence of TableRow", "rækkerne skal være TableRow"),
    (
        r"(\S+) must be a TableRow or a sequence of cells, not a str",
        r"\1 skal være en TableRow eller en række celler, ikke en tekst",
    ),
    (r"rows must not be empty", "en tabel skal have mindst én række"),
    (r"(\S+): expected a sequence of (\w+), not (\w+)", r"\1: forventede en række \2, ikke \3"),
    (r"(\S+): expected a datetime, not (\w+)", r"\1: forventede et tidspunkt, ikke \2"),
    (r"(\S+): expected (\w+), not (\w+)", r"\1: forventede \2, ikke \3"),
    (r"(\S+) must be a datetime\.date, not (\w+)", r"feltet \1 skal være en dato, ikke \2"),
    (r"(\S+) must be a datetime\.time, not (\w+)", r"feltet \1 skal være et klokkeslæt, ikke \2"),
    (r"(\S+) must be a str, not (\w+)", r"feltet \1 skal være en tekst, ikke \2"),
    (r"(\S+) must be a bool, not (\w+)", r"feltet \1 skal være sand eller falsk, ikke \2"),
    (r"(\S+) must be a (\w+), not (.+)", r"feltet \1 skal være en \2, ikke \3"),
    (r"(\S+) must not be empty", r"feltet \1 må ikke være tomt"),
    (
        r"(\S+) must not contain a line break(?:; use LineBreak\(\))?",
        r"feltet \1 må ikke indeholde et linjeskift",
    ),
    # Labels (--labels)
    (r"(\w+): (.+?) is not a valid template: (.+)", r"\1: \2 er ikke en gyldig skabelon: \3"),
    (
        r"(\w+): (.+?) may use (.+?), each once, and no other \{\.\.\.\}",
        r"\1: \2 må bruge \3, hver højst én gang, og ingen andre {...}",
    ),
    (r"'(\w+)' must be in (.+?) \(got (.+?)\)", r"'\1' skal være en af \2 (ikke \3)"),
    (r"no caption label for (\w+)", r"ingen overskrift for afsnitstypen \1"),
    # libxml2's schema messages (XSD and RelaxNG), the common ones
    (
        r"Element '(.+?)': This element is not expected\. Expected is (.+?)\.",
        r"elementet '\1' er ikke ventet her; ventet er \2",
    ),
    (r"Element '(.+?)': This element is not expected\.", r"elementet '\1' er ikke ventet her"),
    (
        r"Element '(.+?)': Missing child element\(s\)\. Expected is (.+?)\.",
        r"elementet '\1' mangler et underelement; ventet er \2",
    ),
    (
        r"Element '(.+?)', attribute '(.+?)': (.+?) is not a valid value of the atomic type '(.+?)'\.",
        r"elementet '\1', attributten '\2': \3 er ikke en gyldig værdi af typen '\4'",
    ),
    (
        r"Element '(.+?)': (.+?) is not a valid value of the atomic type '(.+?)'\.",
        r"elementet '\1': \2 er ikke en gyldig værdi af typen '\3'",
    ),
    (
        r"Element '(.+?)': The attribute '(.+?)' is required but missing\.",
        r"elementet '\1' mangler attributten '\2'",
    ),
    (
        r"Element '(.+?)', attribute '(.+?)': The attribute '(.+?)' is not allowed\.",
        r"elementet '\1': attributten '\2' er ikke tilladt",
    ),
    (
        r"Element '(.+?)', attribute '(.+?)': \[facet '\w+'\] The value (.+?) is not accepted by the "
        r"pattern (.+?)\.",
        r"elementet '\1', attributten '\2': værdien \3 passer ikke til mønstret \4",
    ),
    (
        r"Element '(.+?)': \[facet '\w+'\] The value (.+?) is not accepted by the pattern (.+?)\.",
        r"elementet '\1': værdien \2 passer ikke til mønstret \3",
    ),
    (
        r"Element '(.+?)': Duplicate key-sequence (.+?) in (unique|key) identity-constraint '(.+?)'\.",
        r"elementet '\1': \2 er brugt to gange ('\4')",
    ),
    (
        r"Element '(.+?)': No match found for key-sequence (.+?) of keyref '(.+?)'\.",
        r"elementet '\1': \2 henviser ikke til noget ('\3')",
    ),
    (r"Did not expect element (\S+) there", r"elementet \1 er ikke ventet her"),
    (r"Element (\S+) failed to validate attributes", r"elementet \1 har ugyldige attributter"),
    (r"Element (\S+) failed to validate content", r"elementet \1 har ugyldigt indhold"),
    (r"Expecting an element (\S+), got nothing", r"elementet \1 mangler"),
    (r"Expecting element (\S+), got (\S+)", r"ventede elementet \1, fandt \2"),
    (r"Invalid attribute (\S+) for element (\S+)", r"attributten \1 er ikke tilladt på elementet \2"),
    (r"Element (\S+) has extra content: (\S+)", r"elementet \1 har indhold, der ikke er tilladt: \2"),
    (r"Error validating value", "ugyldig værdi"),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), danish) for pattern, danish in _TABLE)


def danish(message: str) -> str:
    """``message`` with every known English model message in it said in Danish."""
    for pattern, replacement in _compiled():
        message = pattern.sub(replacement, message)
    return message
