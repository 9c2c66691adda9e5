"""A table's rows as one checksum that SQLite and PostgreSQL give alike for the same data.

The two engines hand the same row back in different Python types: SQLite a timestamp as text
and a flag as 0/1, PostgreSQL a ``datetime`` and a ``bool``. So every value is first written
in one normal form chosen by the column's PostgreSQL type (a timestamp as ISO text to the
microsecond, a flag as ``t``/``f``, a number in decimal), and the rows are hashed in the
order of their primary key. :class:`Checksum` is fed rows by the caller, one engine's rows
at a time, so both sides go through the very same code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

Normaliser = Callable[[Any], str | None]


def _timestamp(value: Any) -> str | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return (
        value.isoformat() if isinstance(value, date) else date.fromisoformat(str(value)).isoformat()
    )


def _flag(value: Any) -> str | None:
    return None if value is None else ("t" if value else "f")


def _whole(value: Any) -> str | None:
    return None if value is None else str(int(value))


def _real(value: Any) -> str | None:
    return None if value is None else repr(float(value))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.hex() if isinstance(value, bytes | memoryview) else str(value)


_BY_TYPE: dict[str, Normaliser] = {
    "timestamp without time zone": _timestamp,
    "timestamp with time zone": _timestamp,
    "date": _date,
    "boolean": _flag,
    "smallint": _whole,
    "integer": _whole,
    "bigint": _whole,
    "double precision": _real,
    "real": _real,
}


def normaliser(postgres_type: str) -> Normaliser:
    """How a value of a column of this PostgreSQL type (``information_schema`` spelling) is
    written before hashing, whichever engine it came from."""
    return _BY_TYPE.get(postgres_type, _text)


class Checksum:
    """Rows in, one hex digest out; :meth:`add` takes rows already in key order."""

    def __init__(self, normalisers: Sequence[Normaliser]) -> None:
        self._normalisers = tuple(normalisers)
        self._hash = hashlib.blake2b(digest_size=16)
        self.rows = 0

    def normal(self, row: Sequence[Any]) -> tuple[str | None, ...]:
        return tuple(f(v) for f, v in zip(self._normalisers, row, strict=True))

    def add_normal(self, rows: Iterable[tuple[str | None, ...]]) -> None:
        update = self._hash.update
        count = 0
        for row in rows:
            # Each value with its length, so no text can pass for two values or a NULL.
            update("".join("-1:" if v is None else f"{len(v)}:{v}" for v in row).encode() + b"\n")
            count += 1
        self.rows += count

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        self.add_normal(self.normal(row) for row in rows)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
