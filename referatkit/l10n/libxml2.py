"""libxml2's schema messages (XSD and RelaxNG) as a secretary reads them: in Danish.

These are a library's English, with no code of ours to key on (lxml's
``type_name`` tells the rule but not the element and value the message
names), so the common ones are rewritten by pattern here, where a schema
problem is worded (:mod:`referatkit.checks`); the rest stay as libxml2 says them::

    >>> schema_message("Element 'title': This element is not expected.")
    "elementet 'title' er ikke ventet her"
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["schema_message"]

# (libxml2's pattern, Danish replacement), most specific first.
_TABLE: tuple[tuple[str, str], ...] = (
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


def schema_message(message: str) -> str:
    """libxml2's ``message`` in Danish where it is one of the common ones."""
    for pattern, replacement in _compiled():
        message = pattern.sub(replacement, message)
    return message
