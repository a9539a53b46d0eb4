"""Danish text as search terms: words, stems, å/aa, ø/oe, æ/ae folded, and queries of them.

One function, :func:`terms`, makes the terms of a text, and the same function makes
the terms of a query: SQLite and PostgreSQL index and search the same terms, so they
find the same items. A term is a word of the text, lower-cased, stemmed by
Snowball's Danish stemmer until the stem no longer changes ("budgetter" and
"budget" both end as "budg"), then folded to ASCII letters (å → aa, ø → oe, æ → ae,
other accents dropped), so "Åbenrå" and "Aabenraa", "møde" and "moede" meet.

    >>> terms("Budgetterne for Åbenrå og møder")
    ['budg', 'for', 'aabenraa', 'og', 'moed']
    >>> terms("budget Aabenraa moede")
    ['budg', 'aabenraa', 'moed']
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer  # type: ignore[import-untyped]  # it ships no types
from attrs import frozen

from .._repr import fields_repr

__all__ = ["TERM_CHARS", "Query", "body_key", "fold", "parse_query", "passage", "term_text", "terms"]

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("danish")


def fold(word: str) -> str:
    """``word`` lower-cased in ASCII: å → aa, ø → oe, æ → ae, other accents dropped."""
    # str.replace is many times faster than str.translate to several characters.
    lowered = word.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("ß", "ss")
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: The longest term, in characters: at most 1020 bytes in UTF-8 (a PostgreSQL lexeme
#: holds 2047). A longer word's term is its first characters, in text and query alike.
TERM_CHARS = 255


def _term(word: str) -> str:
    lowered = word.casefold()
    stem = lowered
    # The Danish stemmer takes one suffix a time: "budgetter" -> "budget", "budget" -> "budg".
    # Stemming until nothing changes makes the plural and the singular one term.
    for _ in range(4):
        shorter = _STEMMER.stemWord(stem)
        if shorter == stem:
            break
        stem = shorter
    return fold(stem)[:TERM_CHARS]


#: word -> term and piece of text (between spaces) -> its terms joined by spaces, for the
#: words and pieces seen most recently: nearly every piece of a text is known, and a
#: look-up is many times faster than the stemmer. Emptied when full: memory stays bounded.
_KNOWN: dict[str, str] = {}
_PIECES: dict[str, str] = {}
_KNOWN_MAX = 200_000


def _learn(word: str) -> str:
    term = _term(word)
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[word] = term
    return term


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order (see the module's docstring)."""
    known = _KNOWN.get
    return [known(word) or _learn(word) for word in _WORD.findall(text)]


def _learn_piece(piece: str) -> str:
    found = "".join(t + " " for t in terms(piece) if t)
    if len(_PIECES) >= _KNOWN_MAX:
        _PIECES.clear()
    _PIECES[piece] = found
    return found


def term_text(text: str) -> str:
    """The terms of ``text`` joined by spaces, as the store keeps and indexes them.

    The same as joining :func:`terms`, many times faster on a long text: the text is
    split at spaces and each piece (a word, perhaps with punctuation) looked up whole,
    so the regular expression and the stemmer run only on pieces not seen before.

        >>> term_text("Budgetterne for Åbenrå, og (møder).")
        'budg for aabenraa og moed'
    """
    pieces = text.split()
    # Each known piece's terms end in a space (a piece without terms is ""), so joining
    # them is the text's terms; a piece not yet known (None) makes the join fail.
    found = list(map(_PIECES.get, pieces))
    try:
        return "".join(found)[:-1]  # type: ignore[arg-type]  # None fails, as wanted
    except TypeError:
        learnt = [f if f is not None else _learn_piece(p) for f, p in zip(found, pieces, strict=True)]
        return "".join(learnt)[:-1]


def body_key(forum: str) -> str:
    """What makes two forum names the same body: their terms, less years and numbers.

    "Byrådet 2018-2021" and "Byråd 2022-2025" are one body, "Økonomiudvalget" and
    "Økonomiudvalg" too.

        >>> body_key("Byrådet 2018-2021") == body_key("Byråd 2022-2025")
        True
    """
    return " ".join(t for t in terms(forum) if not t.isdigit())


@frozen
class Query:
    """A parsed query: every part must match. ``words`` are terms, ``phrases`` runs of
    terms in order, ``prefixes`` folded beginnings of words (``budg*``)."""

    __repr__ = fields_repr

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    prefixes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.prefixes)

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax, on the ``terms`` column."""
        parts = [f'"{w}"' for w in self.words]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        parts += [f'"{p}" *' for p in self.prefixes]
        return "terms : (" + " AND ".join(parts) + ")"

    def tsquery(self) -> str:
        """The query as a PostgreSQL ``tsquery`` literal of the terms as they are (the
        store's ``tsvector`` holds them so, without positions): every word, every
        phrase's words and every prefix; :meth:`phrase_texts` then finds the phrases."""
        quoted = [_lexeme(t) for t in dict.fromkeys((*self.words, *(t for p in self.phrases for t in p)))]
        return " & ".join([*quoted, *(_lexeme(p) + ":*" for p in self.prefixes)])

    def phrase_texts(self) -> tuple[str, ...]:
        """Each phrase as it stands in an item's terms between spaces (``" ny skol "``):
        found in ``" " || terms || " "``, the terms stand together and in order."""
        return tuple(" " + " ".join(p) + " " for p in self.phrases)

    def all_terms(self) -> tuple[str, ...]:
        """Every term of the query, for finding the passage."""
        return (*self.words, *(t for p in self.phrases for t in p))


def _lexeme(term: str) -> str:
    r"""A term as a quoted lexeme of a ``tsquery`` literal (``'`` doubled, ``\`` escaped)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


_PART = re.compile(r'"([^"]*)"?|(\w+)\*|(\w+)')


def parse_query(text: str) -> Query:
    """Words, ``"phrases in quotes"`` and ``prefix*`` of a search, as terms.

    >>> parse_query('budgetter "ny skole" bør* budget*')
    Query(words=('budg',), phrases=(('ny', 'skol'),), prefixes=('boer', 'budg'))
    """
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    for match in _PART.finditer(text):
        phrase, prefix, word = match.groups()
        if phrase is not None:
            found = tuple(terms(phrase))
            if len(found) == 1:
                words.append(found[0])
            elif found:
                phrases.append(found)
        elif prefix is not None:
            # As a word's stem: the index holds stems, and "budget*" must find "budget"
            # (its term "budg"); the stem begins the folded prefix, so it finds more, not less.
            prefixes.append(_term(prefix))
        elif word is not None:
            words.extend(terms(word))
    return Query(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(prefixes)))


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
PASSAGE_CHARS = 240


def passage(text: str, query: Query) -> str:
    """The sentence of ``text`` holding the most of the query's terms, at most
    :data:`PASSAGE_CHARS` long (cut at words, with "…"); the start of the text
    when no sentence does."""
    wanted = set(query.all_terms())
    # A stem is (nearly always) the start of its word's folded form: a sentence whose
    # folded text holds none of the stems or prefixes cannot match, and is not stemmed.
    probes = (*wanted, *query.prefixes)
    best, best_score = "", 0
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group().split())
        if not sentence or not any(p in fold(sentence) for p in probes):
            continue
        found = terms(sentence)
        score = len(wanted.intersection(found)) * 4 + sum(
            1 for t in found if any(t.startswith(p) for p in query.prefixes)
        )
        if score > best_score:
            best, best_score = sentence, score
    if not best:
        best = " ".join(text.split())
    return _shorten(best, wanted, query.prefixes)


def _shorten(sentence: str, wanted: set[str], prefixes: tuple[str, ...]) -> str:
    if len(sentence) <= PASSAGE_CHARS:
        return sentence
    words = sentence.split(" ")
    first = next(
        (
            i
            for i, w in enumerate(words)
            if any(t in wanted or any(t.startswith(p) for p in prefixes) for t in terms(w))
        ),
        0,
    )
    start = max(0, first - 6)
    out: list[str] = []
    for word in words[start:]:
        if sum(len(w) + 1 for w in out) + len(word) > PASSAGE_CHARS - 2:
            break
        out.append(word)
    lead = "… " if start else ""
    return lead + " ".join(out) + " …"


def score(query: Query, item_terms: str) -> float:
    """How well an item's terms answer ``query``: each word's frequency (saturating, less
    in a long item) plus a bonus for query words that stand together in the query's
    order. The same on every database, so SQLite and PostgreSQL order alike: their
    own ranking only chooses the candidates."""
    tokens = item_terms.split()
    length = max(1, len(tokens))
    wanted = set(query.all_terms())
    prefixes = query.prefixes
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token in wanted:
            positions.setdefault(token, []).append(index)
    norm = 1.2 * (0.25 + 0.75 * length / 300)
    total = 0.0
    for word in query.all_terms():
        frequency = len(positions.get(word, ()))
        total += frequency * 2.2 / (frequency + norm)
    for prefix in prefixes:
        frequency = sum(1 for token in tokens if token.startswith(prefix))
        total += frequency * 2.2 / (frequency + norm)
    words = query.words
    best = 1
    for first in range(len(words) - 1):
        for start in positions.get(words[first], ()):
            run = 1
            while (
                first + run < len(words)
                and start + run < length
                and tokens[start + run] == words[first + run]
            ):
                run += 1
            best = max(best, run)
    return total + 2.0 * (best - 1)
