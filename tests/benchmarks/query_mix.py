"""A fixed mix of counter queries drawn (seeded) from the customers really in the database.

Kinds and how many of each (850 in all): what a cashier types — 1, 2, 3-4 and 5-8 letter
prefixes of name words, first and last name prefixes together (both orders), a full first name
and the start of the surname (``olivia s``, ``maria silva fernande``), a name with accents typed
without them, the last four digits of a phone, shorter runs from its middle, the start of
its national form, a whole number as saved or dialled, a last name with one typo (alone and
after the full first name), and strings that match nobody. Typos are checked against every
real name word, so the typo tier is what gets measured rather than an accidental exact or
prefix hit.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

import peewee

from shopcrm.db.search.document import phone_digit_forms
from shopcrm.db.search.folding import query_words

#: (kind, how many): 850 queries in all.
MIX = (
    ("prefix 1", 50),
    ("prefix 2", 50),
    ("prefix 3-4", 60),
    ("prefix 5-8", 80),
    ("two words", 80),
    ("first + last", 80),
    ("no accents", 50),
    ("phone last 4", 60),
    ("phone middle", 50),
    ("phone national", 40),
    ("phone full", 40),
    ("typo", 100),
    ("first + typo", 60),
    ("no match", 50),
)
NAME_KINDS = (
    "prefix 1",
    "prefix 2",
    "prefix 3-4",
    "prefix 5-8",
    "two words",
    "first + last",
    "no accents",
    "typo",
    "first + typo",
    "no match",
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


class _Vocabulary:
    """Every folded name word in the shop, for 'is this a real name (prefix)?' questions."""

    def __init__(self, db: peewee.Database) -> None:
        words: set[str] = set()
        for column in ("first_name", "last_name"):
            for (name,) in db.execute_sql(f"SELECT DISTINCT {column} FROM customer"):
                words.update(query_words(name))
                words.update(query_words(name.replace("-", " ").replace("'", " ")))
        self.sorted = sorted(words)
        self.words = words

    def has_prefix(self, text: str) -> bool:
        i = bisect_left(self.sorted, text)
        return i < len(self.sorted) and self.sorted[i].startswith(text)


def _sample_customers(db: peewee.Database, rng: random.Random, n: int) -> list[tuple]:
    low, high = db.execute_sql("SELECT min(id), max(id) FROM customer").fetchone()
    ids = sorted(rng.sample(range(low, high + 1), min(n, high - low + 1)))
    rows: list[tuple] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows += db.execute_sql(
            f"SELECT id, first_name, last_name, phone FROM customer WHERE id IN ({marks})"
            " ORDER BY id",
            chunk,
        ).fetchall()
    return rows


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    edit = rng.choice(("delete", "insert", "substitute", "swap"))
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "insert":
        return word[:i] + rng.choice(_LETTERS) + word[i:]
    if edit == "substitute":
        return word[:i] + rng.choice(_LETTERS.replace(word[i], "")) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


class _Maker:
    def __init__(self, db: peewee.Database, rng: random.Random) -> None:
        self.rng = rng
        self.vocab = _Vocabulary(db)
        self.people = _sample_customers(db, rng, 5000)
        self.phones = [p for *_, p in self.people if p]
        self.forms = {p: phone_digit_forms(p) for p in self.phones}

    def _word(self, column: int) -> str:
        while True:
            words = query_words(self.rng.choice(self.people)[column])
            if words:
                return self.rng.choice(words)

    def prefix(self, low: int, high: int) -> str:
        while True:
            word = self._word(self.rng.choice((1, 2)))
            if len(word) >= low:
                return word[: self.rng.randint(low, min(high, len(word)))]

    def two_words(self) -> str:
        """Prefixes of one real customer's first and last name, in either order."""
        while True:
            _, first_name, last_name, _ = self.rng.choice(self.people)
            firsts, lasts = query_words(first_name), query_words(last_name)
            if firsts and lasts:
                break
        first = self.rng.choice(firsts)[: self.rng.randint(2, 4)]
        last = self.rng.choice(lasts)[: self.rng.randint(2, 4)]
        return f"{first} {last}" if self.rng.random() < 0.5 else f"{last} {first}"

    def phone_last4(self) -> str:
        return self.rng.choice(self.phones)[-4:]

    def phone_middle(self) -> str:
        digits = self.rng.choice(self.phones).lstrip("+")
        size = self.rng.randint(3, 6)
        start = self.rng.randint(1, max(1, len(digits) - size - 1))
        return digits[start : start + size]

    def first_and_last(self) -> str:
        """A full first name, then 1-8 letters of the surname (or all its words but the last
        typed in full)."""
        while True:
            _, first_name, last_name, _ = self.rng.choice(self.people)
            firsts, lasts = query_words(first_name), query_words(last_name)
            if firsts and lasts:
                break
        *whole, last = lasts
        cut = last[: self.rng.randint(1, min(8, len(last)))]
        return " ".join([firsts[0], *whole, cut])

    def no_accents(self) -> str:
        """A name typed on a plain keyboard: accented letters without their accents."""
        for _ in range(10_000):
            _, first_name, last_name, _ = self.rng.choice(self.people)
            name = self.rng.choice((first_name, last_name, f"{first_name} {last_name}"))
            plain = unicodedata.normalize("NFKD", name)
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            if plain != name and plain.isascii():
                words = plain.split()
                words[-1] = words[-1][: self.rng.randint(min(3, len(words[-1])), len(words[-1]))]
                return " ".join(words)
        return self.prefix(5, 8)

    def phone_national(self) -> str:
        """The start of a home number as dialled at home (trunk prefix and 3-7 digits)."""
        while True:
            forms = self.forms[self.rng.choice(self.phones)]
            if len(forms) > 1 and forms[1].startswith("0"):
                return forms[1][: self.rng.randint(5, 8)]

    def phone_full(self) -> str:
        """A whole number: as saved (``+44…``), or its national or international digits."""
        phone = self.rng.choice(self.phones)
        return self.rng.choice((phone, *self.forms[phone]))

    def first_and_typo(self) -> str:
        while True:
            first_name = self.rng.choice(self.people)[1]
            firsts = query_words(first_name)
            if firsts:
                return f"{firsts[0]} {self.typo()}"

    def typo(self) -> str:
        while True:
            word = self._word(2)
            if len(word) < 5 or not word.isascii() or not word.isalpha():
                continue
            typo = _typo(self.rng, word)
            if typo not in self.vocab.words and not self.vocab.has_prefix(typo):
                return typo

    def no_match(self) -> str:
        while True:
            text = "".join(self.rng.choice("qxzjvkwy") for _ in range(self.rng.randint(3, 6)))
            if not self.vocab.has_prefix(text):
                return text if self.rng.random() < 0.7 else f"{text} {self.prefix(2, 3)}"


def build_queries(db: peewee.Database, seed: int = 2024) -> list[Query]:
    """The benchmark's queries; the same database and seed always give the same list."""
    maker = _Maker(db, random.Random(seed))
    makers = {
        "prefix 1": lambda: maker.prefix(1, 1),
        "prefix 2": lambda: maker.prefix(2, 2),
        "prefix 3-4": lambda: maker.prefix(3, 4),
        "prefix 5-8": lambda: maker.prefix(5, 8),
        "two words": maker.two_words,
        "first + last": maker.first_and_last,
        "no accents": maker.no_accents,
        "phone last 4": maker.phone_last4,
        "phone middle": maker.phone_middle,
        "phone national": maker.phone_national,
        "phone full": maker.phone_full,
        "typo": maker.typo,
        "first + typo": maker.first_and_typo,
        "no match": maker.no_match,
    }
    return [Query(kind, makers[kind]()) for kind, count in MIX for _ in range(count)]
