"""What the PostgreSQL search index stores for a customer, and how a query word reads it.

One row ``(term, key, rest)`` per fact, in the B-tree ``search_term``:

- for every word token ``t`` (folded names and email, see :mod:`folding`), with
  ``level = min(len(t), PREFIX_LEVEL)``: one row ``(t[:level], key, t[level:])`` — the token
  itself, cut after ``level`` letters — and one row ``(t[:i], key, "*")`` for each shorter
  prefix (shared by all the customer's tokens that start with it);
- and for every token one row ``("=" + t, key, "")``: its exact posting list;
- for every position in every digit form of the phone: ``("#" + three digits, key, the digits
  after them)``, and for every form one row ``("$" + its digits reversed, key, "")``; since
  schema 8 also ``("^" + its digits, key, "")`` and ``("%" + s, key, "")`` for every suffix
  ``s`` of 3 digits or more (see :mod:`.postgres_phone`).

So a typed word of up to ``PREFIX_LEVEL`` letters is one ``term``; a longer one is its first
``PREFIX_LEVEL`` letters plus a test on ``rest`` that the index tuple itself answers (no table
visit); a whole word is one ``=`` term. Digits are found anywhere in a number by their first
three and a test on ``rest``; the numbers that *end* with them are a range of ``$`` terms, those
that *start* with them a range of ``^`` terms, all that contain them a range of ``%`` terms.
Tokens are purely alphanumeric, so ``*``, ``=``, ``#``, ``$``, ``^`` and ``%`` can never be
mistaken for letters of a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Prefixes up to this many letters have their own posting list (sorted by rank key): the
#: short, very common prefixes a cashier types first. Longer words filter these lists.
PREFIX_LEVEL = 4
#: ``rest`` of a row that only says "some token starts with this term".
PREFIX_ONLY = "*"
#: First letter of a whole token's term.
TOKEN = "="
#: First letter of a phone digits term.
PHONE = "#"
#: First letter of a reversed phone number's term.
ENDS = "$"
#: First letter of a whole phone number's term (numbers *starting* with some digits).
STARTS = "^"
#: First letter of a phone number's suffix term (numbers *containing* some digits).
SUFFIX = "%"
_GRAM = 3


def word_rows(words: Iterable[str]) -> set[tuple[str, str]]:
    """The ``(term, rest)`` pairs of a customer's word tokens."""
    rows: set[tuple[str, str]] = set()
    for token in words:
        level = min(len(token), PREFIX_LEVEL)
        rows.update((token[:i], PREFIX_ONLY) for i in range(1, level))
        rows.add((token[:level], token[level:]))
        rows.add((TOKEN + token, ""))
    return rows


def phone_rows(phone: str) -> set[tuple[str, str]]:
    """The ``(term, rest)`` pairs of a customer's phone digit forms (space separated)."""
    forms = phone.split()
    rows = {(ENDS + form[::-1], "") for form in forms}
    rows.update((STARTS + form, "") for form in forms)
    rows.update((SUFFIX + form[i:], "") for form in forms for i in range(len(form) - _GRAM + 1))
    rows.update(
        (PHONE + form[i : i + _GRAM], form[i + _GRAM :])
        for form in forms
        for i in range(len(form) - _GRAM + 1)
    )
    return rows


def doc_rows(words: Iterable[str], phone: str) -> set[tuple[str, str]]:
    return word_rows(words) | phone_rows(phone)


@dataclass(frozen=True)
class Clause:
    """One query word's condition on a ``search_term`` row (``{a}`` is its alias).

    ``sql`` reads a posting list in key order and can also probe it for one key. A word
    longer than ``PREFIX_LEVEL`` letters also has ``scan_sql``: the whole tokens it begins, an
    unordered range that is cheap when short (a rare or mistyped word) — whereas filtering its
    ordered list on ``rest`` reads the whole list when few entries pass. ``doc_sql`` tests the
    customer's ``search_doc`` row (alias ``d``), for words of a long query past the joined ones.
    """

    sql: str
    params: tuple[str, ...]
    doc_sql: str = ""
    doc_params: tuple[str, ...] = ()
    scan_sql: str = ""
    scan_params: tuple[str, ...] = ()

    def on(self, alias: str) -> str:
        return self.sql.replace("{a}", alias)

    def count_form(self) -> tuple[str, tuple[str, ...]]:
        """The list whose length decides the plan: the range if there is one."""
        return (self.scan_sql, self.scan_params) if self.scan_sql else (self.sql, self.params)


def _has_token(word: str) -> tuple[str, tuple[str, ...]]:
    return "strpos(' ' || d.words || ' ', %s) > 0", (f" {word} ",)


def exact_clause(word: str) -> Clause:
    """Some token of the customer is exactly ``word``."""
    return Clause("{a}.term = %s", (TOKEN + word,), *_has_token(word))


#: Above every character a folded token can hold: the end of a "starts with" range.
_TOP = "\U0010ffff"


def prefix_clause(word: str) -> Clause:
    """Some token of the customer starts with ``word``."""
    doc = "strpos(' ' || d.words, %s) > 0", (f" {word}",)
    if len(word) <= PREFIX_LEVEL:
        return Clause("{a}.term = %s", (word,), *doc)
    return Clause(
        "{a}.term = %s AND starts_with({a}.rest, %s)",
        (word[:PREFIX_LEVEL], word[PREFIX_LEVEL:]),
        *doc,
        "{a}.term >= %s AND {a}.term < %s",
        (TOKEN + word, TOKEN + word + _TOP),
    )


def contains_clause(digits: str) -> Clause:
    """Some digit form of the customer's phone has ``digits`` somewhere in it."""
    if len(digits) == _GRAM:
        return Clause("{a}.term = %s", (PHONE + digits,))
    return Clause(
        "{a}.term = %s AND starts_with({a}.rest, %s)", (PHONE + digits[:_GRAM], digits[_GRAM:])
    )
