"""libxml2's messages as a secretary reads them: in Danish.

Schema messages (XSD and RelaxNG) are a library's English, with no code of ours
to key on (lxml's ``type_name`` tells the rule but not the element and value the
message names), so the common ones are rewritten by pattern here, where a schema
problem is worded (:mod:`referatkit.checks`); the rest stay as libxml2 says them::

    >>> schema_message("Element 'title': This element is not expected.")
    "elementet 'title' er ikke ventet her"

A document that is not well-formed XML is a parse error with libxml2's error
code (``XMLSyntaxError.code``, by its name in ``lxml.etree.ErrorTypes``): the
common ones are said in Danish by that code, the names and values they carry
taken from the English (:func:`syntax_message`, for
:func:`referatkit.formats._xmlparse.parse_xml`)::

    >>> syntax_message("ERR_TAG_NAME_MISMATCH", "Opening and ending tag mismatch: b line 1 and c")
    'sluttagget </c> passer ikke til starttagget <b> fra linje 1'
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["schema_message", "syntax_message"]

# (libxml2's pattern, Danish replacement), most specific first.
_TABLE: tuple[tuple[str, str], ...] = (
    (
        r"Element '(.+?)': This element is not expected\. Expected is one of (.+?)\.",
        r"elementet '\1' er ikke ventet her; ventet er et af \2",
    ),
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
        r"Element '(.+?)', attribute '(.+?)': \[facet 'enumeration'\] The value (.+?) is not an element of "
        r"the set \{(.+?)\}\.",
        r"elementet '\1', attributten '\2': værdien \3 er ikke en af \4",
    ),
    (
        r"Element '(.+?)': \[facet 'enumeration'\] The value (.+?) is not an element of the set \{(.+?)\}\.",
        r"elementet '\1': værdien \2 er ikke en af \3",
    ),
    (
        r"Element '(.+?)', attribute '(.+?)': The value (.+?) does not match the fixed value constraint "
        r"(.+?)\.",
        r"elementet '\1', attributten '\2': værdien \3 skal være \4",
    ),
    (
        r"Element '(.+?)': The value (.+?) does not match the fixed value constraint (.+?)\.",
        r"elementet '\1': værdien \2 skal være \3",
    ),
    (
        r"Element '(.+?)'(?:, attribute '(.+?)')?: \[facet 'minLength'\] The value has a length of '(\d+)'; "
        r"this underruns the allowed minimum length of '(\d+)'\.",
        r"elementet '\1': værdien har længden \3, mindst \4 kræves",
    ),
    (
        r"Element '(.+?)': Character content other than whitespace is not allowed because the content type "
        r"is 'element-only'\.",
        r"elementet '\1' må ikke indeholde tekst, kun andre elementer",
    ),
    (
        r"Element '(.+?)': Element content is not allowed, because the content type is a simple type "
        r"definition\.",
        r"elementet '\1' må kun indeholde tekst, ikke andre elementer",
    ),
    (
        r"Element '(.+?)': No matching global declaration available for the validation root\.",
        r"rodelementet '\1' kendes ikke af skemaet",
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


#: A value quoted in a message is cut to this many characters (a 5,000-digit attribute
#: made a message of 5,000 digits).
_QUOTED = 60


#: A value the message quotes: after "The value" (a facet, a fixed value), or before "is not
#: a valid value" (a type).
_LONG_VALUE = re.compile(
    rf"(?<=value )'([^']{{{_QUOTED + 1},}})'|(?<=: )'([^']{{{_QUOTED + 1},}})'(?= is not a valid value)"
)


def _shortened(found: re.Match[str]) -> str:
    value = found.group(1) or found.group(2)
    return f"'{value[:_QUOTED]}…[{len(value)} tegn]'"


def schema_message(message: str) -> str:
    """libxml2's ``message`` in Danish where it is one of the common ones; a long value it
    quotes is cut::

        >>> schema_message("Element 'meeting', attribute 'version': The value '" + "9" * 100
        ...                + "' does not match the fixed value constraint '1'.")[-36:]
        "9999999999…[100 tegn]' skal være '1'"
    """
    message = _LONG_VALUE.sub(_shortened, message)
    for pattern, replacement in _compiled():
        message = pattern.sub(replacement, message)
    return message


# libxml2's parse errors, by the name of their code: (a pattern for what the English names,
# Danish with its groups), the first pattern that matches; ``None`` matches any message.
_TRUNCATED = "dokumentet slutter for tidligt (er filen afkortet?)"
_UNDECLARED = (
    (r"Entity '([^']*)' not defined", r"entiteten &\1; er ikke erklæret (referatkit læser ingen DTD)"),
    (None, "en entitet er ikke erklæret"),
)
_SYNTAX: dict[str, tuple[tuple[str | None, str], ...]] = {
    # A document that ends too soon.
    "ERR_TAG_NOT_FINISHED": (
        (
            r"Premature end of data in tag (\S+) line (\d+)",
            r"dokumentet slutter, før elementet <\1> fra linje \2 er lukket (er filen afkortet?)",
        ),
        (None, _TRUNCATED),
    ),
    "ERR_LTSLASH_REQUIRED": ((None, "et sluttag mangler (er filen afkortet?)"),),
    "ERR_GT_REQUIRED": (
        (
            r"Couldn't find end of Start Tag (\S+) line (\d+)",
            r"starttagget <\1> fra linje \2 slutter ikke med '>'",
        ),
        (None, "et tag slutter ikke med '>' (er filen afkortet?)"),
    ),
    "ERR_COMMENT_NOT_FINISHED": ((None, "en kommentar slutter ikke med '-->' (er filen afkortet?)"),),
    "ERR_CDATA_NOT_FINISHED": ((None, "en CDATA-sektion slutter ikke med ']]>' (er filen afkortet?)"),),
    "ERR_PI_NOT_FINISHED": ((None, "en behandlingsinstruktion slutter ikke med '?>' (er filen afkortet?)"),),
    "ERR_ATTRIBUTE_NOT_FINISHED": ((None, "en attributværdi slutter ikke (er filen afkortet?)"),),
    "ERR_DOCUMENT_END": ((None, "der står mere efter dokumentets rodelement"),),
    "ERR_EXTRA_CONTENT": ((None, "der står mere efter dokumentets rodelement"),),
    # Tags that do not match.
    "ERR_TAG_NAME_MISMATCH": (
        (
            r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)",
            r"sluttagget </\3> passer ikke til starttagget <\1> fra linje \2",
        ),
        (None, "et sluttag passer ikke til sit starttag"),
    ),
    # Characters XML does not allow, or bytes that are no characters.
    "ERR_INVALID_CHAR": (
        (r"[Cc]har 0x([0-9A-Fa-f]+) out of allowed range", "tegnet U+{hex} er ikke tilladt i XML"),
        (r"invalid (?:xml)?Char value (\d+)", "tegnet U+{decimal} er ikke tilladt i XML"),
        (None, "et tegn, som XML ikke tillader"),
    ),
    "ERR_INVALID_CHARREF": ((None, "en tegnreference (&#…;) til et tegn, som XML ikke tillader"),),
    "ERR_INVALID_DEC_CHARREF": ((None, "en tegnreference (&#…;) er ikke et tal"),),
    "ERR_INVALID_HEX_CHARREF": ((None, "en tegnreference (&#x…;) er ikke et hexadecimalt tal"),),
    "ERR_INVALID_ENCODING": (
        (None, "bytes, der ikke er tegn i dokumentets tegnsæt (er filen ikke UTF-8, som den siger?)"),
    ),
    "ERR_UNSUPPORTED_ENCODING": (
        (r"Unsupported encoding:? (\S+)", r"tegnsættet \1 kendes ikke"),
        (None, "dokumentets tegnsæt kendes ikke"),
    ),
    "ERR_UNKNOWN_ENCODING": ((None, "dokumentets tegnsæt kendes ikke"),),
    "ERR_MISPLACED_CDATA_END": ((None, "']]>' står i teksten (skriv ]]&gt;)"),),
    # Entities: an '&' that starts none, or one no DTD declares.
    "ERR_UNDECLARED_ENTITY": _UNDECLARED,
    "WAR_UNDECLARED_ENTITY": _UNDECLARED,
    "ERR_ENTITYREF_SEMICOL_MISSING": (
        (None, "en entitetsreference slutter ikke med ';' (et '&' skrives &amp;)"),
    ),
    "ERR_NAME_REQUIRED": (
        (r"EntityRef: no name", "et '&' står uden et navn efter sig (et '&' skrives &amp;)"),
        (
            r"StartTag: invalid element name",
            "et '<' står uden et elementnavn efter sig (et '<' skrives &lt;)",
        ),
        (None, "et navn mangler"),
    ),
    # Markup that is not well-formed.
    "ERR_DOCUMENT_EMPTY": ((None, "dokumentet begynder ikke med et element ('<' mangler)"),),
    "ERR_LT_IN_ATTRIBUTE": ((None, "et '<' står i en attributværdi (skrives &lt;)"),),
    "ERR_ATTRIBUTE_NOT_STARTED": ((None, "en attributværdi står ikke i anførselstegn"),),
    # A pseudo-attribute of the XML declaration (version, encoding) without its closing quote.
    "ERR_STRING_NOT_CLOSED": ((None, "en værdi i XML-erklæringen slutter ikke med sit anførselstegn"),),
    "ERR_ATTRIBUTE_WITHOUT_VALUE": (
        (r"Specification mandates value for attribute (\S+)", r"attributten \1 har ingen værdi"),
        (None, "en attribut har ingen værdi"),
    ),
    "ERR_ATTRIBUTE_REDEFINED": (
        (r"Attribute (\S+) redefined", r"attributten \1 står to gange på samme element"),
        (None, "en attribut står to gange på samme element"),
    ),
    "ERR_SPACE_REQUIRED": (
        (None, "et tags attributter kan ikke læses (mangler et mellemrum eller et '>'?)"),
    ),
    "ERR_HYPHEN_IN_COMMENT": ((None, "'--' står inde i en kommentar"),),
    "ERR_RESERVED_XML_NAME": ((None, "XML-erklæringen (<?xml …?>) står et andet sted end først i filen"),),
    "ERR_NOT_WELL_BALANCED": ((None, "dokumentet er ikke velformet: dets elementer er ikke lukket i orden"),),
    "NS_ERR_UNDEFINED_NAMESPACE": (
        (
            r"Namespace prefix (\S+) on (\S+) is not defined",
            r"navnerumspræfikset \1 (på <\2>) er ikke erklæret",
        ),
        (None, "et navnerumspræfiks er ikke erklæret"),
    ),
}


@cache
def _syntax() -> dict[str, tuple[tuple[re.Pattern[str] | None, str], ...]]:
    return {
        name: tuple((re.compile(p) if p is not None else None, danish) for p, danish in rules)
        for name, rules in _SYNTAX.items()
    }


def syntax_message(kind: str, message: str) -> str:
    """libxml2's parse error ``message`` of the code named ``kind`` (``"ERR_TAG_NAME_MISMATCH"``)
    in Danish; one this table does not know stays as libxml2 says it, after a Danish word."""
    for pattern, danish in _syntax().get(kind, ()):
        if pattern is None:
            return danish
        found = pattern.search(message)
        if found is not None:
            if "{hex}" in danish or "{decimal}" in danish:  # a character's number, as U+0001
                code = int(found[1], 16 if "{hex}" in danish else 10)
                return danish.replace("{hex}", f"{code:04X}").replace("{decimal}", f"{code:04X}")
            return found.expand(danish)
    return f"dokumentet er ikke velformet (libxml2: {message})"
