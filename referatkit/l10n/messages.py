"""The model's messages as a secretary reads them: in Danish, one per :class:`~referatkit.model.Code`.

The model's constructors and :func:`referatkit.validate` speak English to
programmers; each error and problem carries its rule as a code with the
values it names, and this table words the code in Danish. Readers, the
command line and the batch report take the Danish from :func:`say`; no
message is ever parsed again::

    >>> from referatkit.model import Item, ModelError
    >>> try:
    ...     Item(number="1", title="")
    ... except ModelError as error:
    ...     print(say(error))
    feltet title må ikke være tomt
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..model import Code, ModelError, Problem

__all__ = ["DANISH_MESSAGES", "danish", "say"]

_C = Code

#: The Danish template of every code; ``{field}`` and the error's ``params`` fill it.
DANISH_MESSAGES: Mapping[Code, str] = MappingProxyType(
    {
        # the kind of a value
        _C.NOT_STR: "feltet {field} skal være en tekst, ikke {type}",
        _C.NOT_BOOL: "feltet {field} skal være sand eller falsk, ikke {type}",
        _C.NOT_INT: "{field} skal være et heltal, ikke {type}",
        _C.NOT_INSTANCE: "feltet {field} skal være en {kind}, ikke {value}",
        _C.NOT_DATE: "feltet {field} skal være en dato, ikke {type}",
        _C.NOT_TIME: "feltet {field} skal være et klokkeslæt, ikke {type}",
        _C.NOT_DATETIME: "{field}: forventede et tidspunkt, ikke {type}",
        _C.NOT_SEQUENCE: "{field}: forventede en række {kind}, ikke {type}",
        _C.NOT_ELEMENT: "{field}: forventede {kind}, ikke {type}",
        _C.NOT_JOURNAL: "sagsnummeret skal være et JournalNumber eller en tekst, ikke {type}",
        _C.NOT_ROUTE: "sagsgangen skal være en række forumforkortelser, fx ('MBU', 'ØU', 'KB')",
        _C.NOT_PROPERTY: "egenskaber skal være par af tekster, ikke {value}",
        _C.NOT_INLINE_CONTENT: "tekstindhold skal være tekst eller tekstelementer, ikke {type}",
        _C.NOT_INLINE: "ikke et tekstelement: {type}",
        _C.NOT_SUBLIST: "en underliste skal være en BulletList eller OrderedList, ikke {type}",
        _C.NOT_LIST_ITEMS: "listens punkter skal være ListItem (eller tekst)",
        _C.NOT_LIST_ITEM: "listens punkter skal være ListItem, ikke {type}",
        _C.NOT_BLOCKS: "brødteksten skal være en række afsnit, ikke en tekst",
        _C.NOT_BLOCK: "{field}: ikke et afsnit: {type}",
        _C.ONE_BLOCK: "brødteksten skal være en række afsnit, ikke ét afsnit",
        _C.NOT_CELL_BLOCK: "{field}: en tabelcelle rummer afsnit og lister, ikke {type}",
        _C.NOT_CELLS: "cellerne skal være TableCell (eller tekst)",
        _C.NOT_CELL: "{field} skal være en TableCell, ikke {type}",
        _C.NOT_ROWS: "rækkerne skal være TableRow",
        _C.ROW_IS_STR: "{field} skal være en TableRow eller en række celler, ikke en tekst",
        _C.NOT_ALIGNMENTS: "justeringen skal være en række, én pr. kolonne",
        _C.NOT_KIND_MAP: "{field}: forventede en tabel over afsnitstyper, ikke {type}",
        _C.NOT_KIND_PAIR: "{field}: forventede et par (afsnitstype, værdi), ikke {value}",
        _C.NOT_STR_SEQUENCE: "{field} skal være en række tekster, ikke {type}",
        # text
        _C.EMPTY: "feltet {field} må ikke være tomt",
        _C.LINE_BREAK: "feltet {field} må ikke indeholde et linjeskift",
        _C.TEXT_LINE_BREAK: "feltet {field} må ikke indeholde et linjeskift",
        _C.INVISIBLE: "{owner}.{field} skal indeholde synlig tekst",
        _C.NESTED_LINK: "et link må ikke indeholde et andet link",
        # the model's field rules
        _C.NAIVE: "{field}: tidspunktet {value} har ingen tidszone; angiv den, fx +01:00 for dansk vintertid",
        _C.END_BEFORE_START: "sluttidspunktet {end} ligger før starttidspunktet {start}",
        _C.PROPERTY_NAME: "egenskabsnavnet {name} skal være et navn som 'sbsys:Category'",
        _C.PROPERTY_TWICE: "egenskaben {name} er angivet to gange",
        _C.SECTION_CLASS: "afsnitstypen {kind}: brug {cls} til dette afsnit",
        _C.CUSTOM_CAPTION: "et afsnit af egen type skal have en overskrift",
        _C.LEAD: "indledningen skal være en af {options}, ikke {value}",
        _C.ALGORITHM: "algoritmen skal være en af {options}, ikke {value}",
        _C.DIGEST: "kontrolsummen skal være {length} hexadecimale cifre for {algorithm}",
        _C.MEDIA_TYPE: "medietypen skal ligne 'application/pdf', ikke {value}",
        _C.SUBSTITUTE_STATUS: "'stedfortræder for' gælder kun en stedfortræder",
        _C.ITEM_NUMBER: "punktnummeret skal ligne '1', '1.1' eller '12a', ikke {value}",
        _C.ROUTE_PART: "et led i sagsgangen skal være en forkortelse som 'KB', ikke {value}",
        _C.PAGE: "sidetallet skal være et positivt heltal, ikke {value}",
        _C.JOURNAL_SPACE: "sagsnummeret må ikke være tomt eller have mellemrum før eller efter: {value}",
        # lists and tables
        _C.START_INT: "listens start skal være et heltal",
        _C.START_NEGATIVE: "listens start skal være 0 eller mere",
        _C.LIST_DEPTH: "lister kan højst ligge {limit} niveauer inden i hinanden",
        _C.NO_ITEMS: "en liste skal have mindst ét punkt",
        _C.NO_CELLS: "en række skal have mindst én celle",
        _C.NO_ROWS: "en tabel skal have mindst én række",
        _C.SPAN: "{field} skal være mellem 1 og {limit}, ikke {value}",
        _C.ALIGNMENT: "{field} skal være 'left', 'center' eller 'right', ikke {value}",
        _C.ALIGNMENT_COUNT: "justeringen skal have én værdi pr. kolonne ({columns}), ikke {count}",
        _C.TABLE_CAPTION: "tabellens titel skal være tom eller have synlig tekst",
        _C.SPAN_BELOW: "{field}: {value} når ud over tabellens sidste række",
        _C.OVERLAP_ABOVE: "{field}: overlapper en celle fra række {row} ovenfor",
        _C.OVERLAP: "{field}: overlapper en celle i {other}",
        _C.NOT_RECTANGULAR: (
            "{field}: rækken dækker {count} kolonner, den første række {width}; "
            "en tabel skal være rektangulær"
        ),
        _C.SPANNED_COLUMN: (
            "ingen celle begynder i kolonne {column}; en sammenlægning dækker den i hver række"
        ),
        _C.HEADER_ROWS_INT: "antal overskriftsrækker skal være et heltal",
        _C.HEADER_ROWS: "antal overskriftsrækker skal være 0-{limit}, ikke {value}",
        _C.HEADER_SPAN: "{field}: en overskriftscelle må ikke række ned i tabellen",
        # whole-document checks
        _C.XML_CHAR: "tegnet U+{codepoint} på plads {position} kan ikke skrives i XML",
        _C.NUMBER_TWICE: "punktnummeret {number} er brugt to gange ({first})",
        _C.LISTED_TWICE: "{name} står to gange på deltagerlisten ({first})",
        _C.SELF_SUBSTITUTE: "et medlem kan ikke være stedfortræder for sig selv",
        _C.NOT_PARTICIPANT: "{name} er ikke blandt mødets deltagere",
        # time
        _C.SUMMER_GAP: "{value} findes ikke i dansk tid (timen springes over, når sommertiden begynder)",
        _C.NAIVE_LOCAL: "tidspunktet {value} har ingen tidszone",
        # labels
        _C.TEMPLATE: "{field}: {value} er ikke en gyldig skabelon: en {{ eller }} står uden sin makker",
        _C.TEMPLATE_FIELDS: "{field}: {value} må bruge {names}, hver højst én gang, og ingen andre {{...}}",
        _C.CHOICE: "'{field}' skal være en af {options} (ikke {value})",
        _C.UNKNOWN_KIND: "{field}: ukendt afsnitstype {value}; afsnitstyperne er {known}",
        _C.CUSTOM_KIND: "{field}: et afsnit af egen type har sin egen overskrift; afsnitstyperne er {known}",
        _C.KIND_TWICE: "{field}: {kind} er angivet to gange",
        _C.CAPTIONS_MISSING: "{field}: hver afsnitstype skal have en overskrift; mangler: {missing}",
        _C.CAPTION_SHARED: "{field}: {caption} er overskrift for både {first} og {second}",
    }
)


def danish(code: Code, field: str, params: Mapping[str, object]) -> str:
    """The Danish message of ``code`` for ``field`` with ``params``."""
    return DANISH_MESSAGES[code].format(field=field, **params)


def say(message: object) -> str:
    """``message`` as a secretary reads it.

    A :class:`~referatkit.model.ModelError` or a :class:`~referatkit.model.Problem`
    is worded in Danish from its code; anything else (a
    :class:`~referatkit.ReadError`, whose message is Danish already) is
    ``str(message)``.
    """
    if isinstance(message, ModelError):
        outer = "".join(f"{part}: " for part in message.outer)
        return outer + danish(message.code, message.name, message.params)
    if isinstance(message, Problem) and message.code is not None:
        return f"{message.path}: {danish(message.code, message.path, message.params)}"
    return str(message)
