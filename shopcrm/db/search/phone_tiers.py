"""Phone queries' three tiers, each read from the index that answers it in rank order.

The same steps on every engine (each brings a :class:`PhoneReader` over its own tables). A
B-tree of every *suffix* of every digit form (3 digits and longer, plus each whole form marked
with ``^``; :func:`suffix_rows`) answers the selective questions exactly:

1. numbers *ending* with the digits are the rows whose suffix *is* the digits, and within one
   suffix the rows come in key (rank) order, so the first ``limit`` of them are read and nothing
   more: the last 4 digits, the commonest query, are one short index read;
2. numbers *starting* with them are the ``^`` rows in the range ``^digits``;
3. numbers containing them anywhere are the suffix rows in the range ``digits``.

A range comes in digit order, not rank order, so it is read whole and sorted here, which is
cheap while it is short (at most :data:`SPARSE` rows). A longer range means the digits are
common (an area code, a mobile prefix): then the engine's candidates *containing* the digits
are read in rank order instead and put in tiers here until the list is full, which takes few
candidates exactly because the digits are common. Each path alone is slow somewhere: a
substring index reads whole posting lists of common trigrams (``120`` is in most US numbers)
to find a rare run of digits, and a range of 100,000 suffixes is 100,000 rows to sort.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from shopcrm.db.search.phones import MAX_PHONE_DIGITS, forms_of, phone_tier

#: Marks a whole digit form among the suffixes (sorts after the digits: its own range).
START = "^"
#: Rows of a range read and sorted at most; a longer range is read in rank order instead.
SPARSE = 1000
#: ``:`` is the character after ``9``: ``[p, p + AFTER_DIGITS)`` is every suffix starting with p.
AFTER_DIGITS = ":"
SHORTEST = 3  # a phone query has at least 3 digits


class PhoneReader(Protocol):
    def ending(self, digits: str, limit: int) -> list[int]:
        """Keys of the suffix rows equal to ``digits``, in key order, at most ``limit``."""
        ...

    def range_keys(self, prefix: str, most: int) -> list[int]:
        """Keys of the suffix rows starting with ``prefix``, in any order, at most ``most``."""
        ...

    def containing(self, digits: str) -> Iterable[tuple[int, str]]:
        """(key, indexed phone text) of every number containing ``digits`` (maybe more), in
        key order; read lazily, the caller stops early."""
        ...


def suffix_rows(key: int, phone: str) -> list[tuple[str, int]]:
    """The suffix B-tree's rows for one customer's indexed phone text."""
    suffixes: set[str] = set()
    for form in forms_of(phone):
        if len(form) >= SHORTEST:
            suffixes.add(START + form)
            suffixes.update(form[i:] for i in range(len(form) - SHORTEST + 1))
    return [(s, key) for s in sorted(suffixes)]


def ranked_keys(reader: PhoneReader, digits: str, limit: int) -> list[int]:
    """Index keys of the numbers matching ``digits``, in the order of the ranking contract."""
    if not SHORTEST <= len(digits) <= MAX_PHONE_DIGITS or limit <= 0:
        return []
    ends = reader.ending(digits, limit)
    if len(ends) == limit:
        return ends
    wanted = limit - len(ends)
    starting = _sparse(reader, START + digits)
    if starting is None:
        return ends + _scan(reader, digits, wanted)
    taken = set(ends)
    starts = [key for key in starting if key not in taken][:wanted]
    wanted -= len(starts)
    if not wanted:
        return ends + starts
    containing = _sparse(reader, digits)
    if containing is None:
        return ends + starts + _scan(reader, digits, wanted, only_elsewhere=True)
    taken.update(starts)
    return ends + starts + [key for key in containing if key not in taken][:wanted]


def _sparse(reader: PhoneReader, prefix: str) -> list[int] | None:
    """Keys of the suffixes starting with ``prefix``, sorted; None when too many to sort."""
    keys = reader.range_keys(prefix, SPARSE + 1)
    return None if len(keys) > SPARSE else sorted(set(keys))


def _scan(reader: PhoneReader, digits: str, wanted: int, only_elsewhere: bool = False) -> list[int]:
    """The first ``wanted`` numbers after those ending with ``digits`` (all known already):
    starts first, then elsewhere; ``only_elsewhere`` when every start is known too."""
    starts: list[int] = []
    elsewhere: list[int] = []
    for key, text in reader.containing(digits):
        tier = phone_tier(digits, forms_of(text))
        if tier == 1 and not only_elsewhere:
            starts.append(key)
            if len(starts) == wanted:
                break
        elif tier == 2 and len(elsewhere) < wanted:
            elsewhere.append(key)
            if only_elsewhere and len(elsewhere) == wanted:
                break
    return (starts + elsewhere)[:wanted]
