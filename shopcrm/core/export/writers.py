"""Writing an export's rows as CSV a spreadsheet opens safely, or as JSON.

CSV: UTF-8 with a byte order mark (Excel otherwise reads UTF-8 as the computer's code page
and "Müller" arrives as "MÃ¼ller"), one header row of readable names, and every *text* cell
that a spreadsheet would run as a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return — written with a leading apostrophe (OWASP's "CSV injection" advice): a
note typed as ``=HYPERLINK(...)`` stays text. Number, money and time columns are never
touched, so ``-50`` points stay a number. JSON: one array of objects per file, written a row
at a time, values typed (numbers, true/false/null, times as ISO 8601 UTC).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Any

from shopcrm.core.export.tables import DAY, MONEY, NUMBER, TEXT, TIME, YES_NO, Column
from shopcrm.core.money import format_plain
from shopcrm.db.models import utc_from_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """``text`` as a spreadsheet cell that is never a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _time(value: object) -> str | None:
    return None if value is None or value == "" else utc_from_db(value).isoformat()


def _day(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def typed(column: Column, value: Any, currency: str) -> Any:
    """A cell's value for JSON (and, through :func:`cell`, for CSV)."""
    if column.kind == MONEY:
        return None if value is None else format_plain(int(value), currency)
    if column.kind == TIME:
        return _time(value)
    if column.kind == DAY:
        return _day(value)
    if column.kind == YES_NO:
        return None if value is None else bool(value)
    if column.kind == NUMBER:
        return None if value is None else int(value)
    return "" if value is None else str(value)


def cell(column: Column, value: Any, currency: str) -> str:
    value = typed(column, value, currency)
    if value is None:
        return ""
    if column.kind == YES_NO:
        return "yes" if value else "no"
    if column.kind == TEXT:
        return neutralised(value)
    return str(value)


class CsvWriter:
    extension = "csv"

    def __init__(self, stream: IO[str], columns: Sequence[Column], currency: str) -> None:
        self._writer = csv.writer(stream)
        self._columns = columns
        self._currency = currency
        self._writer.writerow([c.header for c in columns])

    def rows(self, rows: list[tuple[Any, ...]]) -> None:
        columns, currency = self._columns, self._currency
        self._writer.writerows(
            [cell(c, v, currency) for c, v in zip(columns, row, strict=True)] for row in rows
        )

    def close(self) -> None:
        pass


class JsonWriter:
    extension = "json"

    def __init__(self, stream: IO[str], columns: Sequence[Column], currency: str) -> None:
        self._stream = stream
        self._keys = [c.key for c in columns]
        self._columns = columns
        self._currency = currency
        self._first = True
        stream.write("[")

    def rows(self, rows: list[tuple[Any, ...]]) -> None:
        parts = []
        for row in rows:
            item = {
                c.key: typed(c, v, self._currency) for c, v in zip(self._columns, row, strict=True)
            }
            parts.append(("\n" if self._first else ",\n") + json.dumps(item, ensure_ascii=False))
            self._first = False
        self._stream.write("".join(parts))

    def close(self) -> None:
        self._stream.write("\n]\n")


WRITERS: dict[str, type[CsvWriter] | type[JsonWriter]] = {"csv": CsvWriter, "json": JsonWriter}
ENCODINGS = {"csv": "utf-8-sig", "json": "utf-8"}
