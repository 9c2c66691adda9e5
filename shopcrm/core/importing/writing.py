"""Writing a chunk of imported rows: new customers, changes to matched ones, their tags,
notes and imported history, and the search index — inside the import's one transaction.

New customers are written in bulk (their rows, tags, notes and history in batches)
and indexed with the search index's own ``put_many``, the way the demo shop and the schema
upgrades load thousands; changed ones go through ``put``, the same call an edit on the card
makes. Either way an imported customer is findable at the counter the moment the import
commits, and not before.

Consent: each channel the file answers (email, SMS, post, printed vouchers; a "do not
contact" yes withdraws them all) is recorded by the rule of :mod:`shopcrm.core.privacy.consent`
(:func:`~shopcrm.core.privacy.consent.answered`, ``with_flag``): only answers that change
something, each a ``consent_change`` row with source "import", the customer's ``consent_*``
columns and ``do_not_contact`` as their sum. The history rows go in one batch per chunk
(:meth:`Writer.flush`), not a ``record_answers`` call and audit row per customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from shopcrm.core.importing.rows import ParsedRow
from shopcrm.core.privacy.consent import CHANNELS, ConsentState, answered
from shopcrm.db import database
from shopcrm.db.dialect import insert_rows, is_postgresql, with_params
from shopcrm.db.models import Tag
from shopcrm.db.search import DEFAULT_RANK, SearchDocument, search_index

#: The source every answer an import records is kept with (one of ``consent.SOURCES``).
CONSENT_SOURCE = "import"

_CUSTOMER_COLUMNS = (
    "first_name", "last_name", "phone", "email", "birthday_month", "birthday_day",
    "birthday_year", "created_at", "updated_at", "updated_by_id", "do_not_contact",
    "consent_email", "consent_sms", "consent_post", "consent_vouchers",
)  # fmt: skip
_CONSENT_COLUMNS = ("customer_id", "channel", "granted", "at", "source", "staff_id")
_LINK_COLUMNS = ("customer_id", "tag_id")
_NOTE_COLUMNS = ("customer_id", "text", "pinned", "created_at", "staff_id")
_HISTORY_COLUMNS = (
    "customer_id", "source", "external_id", "visits", "first_visit", "last_visit",
    "spent_minor", "imported_at",
)  # fmt: skip


def _insert(table: str, columns: tuple[str, ...]) -> str:
    """One row's INSERT (SQLite's ``?`` placeholders) for the statements made a row at a time;
    many rows go through :func:`~shopcrm.db.dialect.insert_rows`."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_INSERT_CUSTOMER = _insert("customer", _CUSTOMER_COLUMNS)
_INSERT_LINK = _insert("customer_tag", _LINK_COLUMNS)
_INSERT_NOTE = _insert("note", _NOTE_COLUMNS)
_INSERT_HISTORY = _insert("imported_history", _HISTORY_COLUMNS)
_UPDATE_HISTORY = (
    "UPDATE imported_history SET external_id = ?, visits = ?, first_visit = ?, last_visit = ?,"
    " spent_minor = ?, imported_at = ? WHERE customer_id = ? AND source = ?"
)


class Writer:
    """Writes for one import: who does it, when, from which source; tags looked up once."""

    def __init__(self, source: str, staff_id: int | None, now: datetime) -> None:
        self.source = source
        self.staff_id = staff_id
        self.now = now
        self._tags: dict[str, int] = {}
        self._db = database.obj
        self._index = search_index(self._db)
        self._naive = now.replace(tzinfo=None)  # stored as naive UTC (see UtcDateTimeField)
        self._answers: list[tuple[object, ...]] = []
        #: Consent answers recorded (history rows written), for the import's audit row.
        self.consent_count = 0

    def _sql(self, sql: str) -> str:
        return with_params(self._db, sql)

    def _tag_id(self, name: str) -> int:
        if name not in self._tags:
            tag, _ = Tag.get_or_create(name=name)
            self._tags[name] = tag.id
        return self._tags[name]

    def _customer_params(self, row: ParsedRow) -> tuple[object, ...]:
        month, day, year = row.birthday
        after = answered(ConsentState(), row.consent_answers(ConsentState()))[1]
        return (
            row.first_name, row.last_name, row.phone, row.email, month, day, year,
            self._naive, self._naive, self.staff_id, after.do_not_contact,
            *(after.of(channel) for channel in CHANNELS),
        )  # fmt: skip

    def _consent(self, customer_id: int, answers: dict[str, bool]) -> None:
        """Keep the answers' history rows, written a chunk at a time by :meth:`flush`."""
        self._answers += [
            (customer_id, channel, granted, self._naive, CONSENT_SOURCE, self.staff_id)
            for channel, granted in answers.items()
        ]

    def flush(self) -> None:
        """Write the consent history of the chunk (one batch, not a statement each)."""
        if self._answers:
            insert_rows(self._db, "consent_change", _CONSENT_COLUMNS, self._answers)
            self.consent_count += len(self._answers)
            self._answers = []

    def _insert_customers(self, cursor: Any, rows: Sequence[ParsedRow]) -> list[int]:
        """The new customers' ids. PostgreSQL: ids drawn from the sequence in one statement
        and the rows sent as one COPY (:func:`~shopcrm.db.dialect.insert_rows`; a round trip
        per customer cost 1.5 ms, most of an import's time); SQLite: a statement each, in
        process, for its row id."""
        if is_postgresql(self._db):
            ids = [
                int(cid)
                for (cid,) in self._db.execute_sql(
                    "SELECT nextval(pg_get_serial_sequence('customer', 'id'))"
                    " FROM generate_series(1, %s)",
                    (len(rows),),
                )
            ]
            insert_rows(
                self._db,
                "customer",
                ("id", *_CUSTOMER_COLUMNS),
                [(cid, *self._customer_params(row)) for cid, row in zip(ids, rows, strict=True)],
            )
            return ids
        ids = []
        for row in rows:
            cursor.execute(_INSERT_CUSTOMER, self._customer_params(row))
            ids.append(int(cursor.lastrowid))
        return ids

    def add(self, rows: Sequence[ParsedRow]) -> list[int]:
        """Save new customers; their ids, in order."""
        if not rows:
            return []
        cursor = self._db.cursor()
        links, notes, history, docs = [], [], [], []
        ids = self._insert_customers(cursor, rows)
        for cid, row in zip(ids, rows, strict=True):
            links += [(cid, self._tag_id(t)) for t in row.tags]
            self._consent(cid, row.consent_answers(ConsentState()))
            if row.note:
                notes.append((cid, row.note, False, self._naive, self.staff_id))
            if row.external_id or row.has_history:
                history.append((cid, self.source, *self._history(row)))
            docs.append(
                replace(row.search, customer_id=cid)
                if row.search is not None
                else SearchDocument.for_customer(
                    cid, row.first_name, row.last_name, row.phone, row.email, national=row.national
                )
            )
        insert_rows(self._db, "customer_tag", _LINK_COLUMNS, links)
        insert_rows(self._db, "note", _NOTE_COLUMNS, notes)
        insert_rows(self._db, "imported_history", _HISTORY_COLUMNS, history)
        self._index.put_many(docs)
        self.flush()
        return ids

    def add_notes(self, notes: Sequence[tuple[int, str, bool, datetime]]) -> None:
        """Notes of existing customers: (customer id, text, pinned, written at), one batch."""
        insert_rows(
            self._db,
            "note",
            _NOTE_COLUMNS,
            [
                (cid, text, pinned, at.astimezone(UTC).replace(tzinfo=None), self.staff_id)
                for cid, text, pinned, at in notes
            ],
        )

    def _history(self, row: ParsedRow) -> tuple[object, ...]:
        return (
            row.external_id, row.visits, row.first_visit, row.last_visit, row.spent_minor,
            self._naive,
        )  # fmt: skip

    def update(self, customer_id: int, change: dict[str, object], had_history: bool) -> None:
        """Apply :func:`.matching.changes` to one customer."""
        cursor = self._db.cursor()
        columns: dict[str, object] = {}
        for name in ("first_name", "last_name", "phone", "email", "do_not_contact"):
            if name in change:
                columns[name] = change[name]
        consent: dict[str, bool] = change.get("consent", {})  # type: ignore[assignment]
        columns.update({f"consent_{channel}": v for channel, v in consent.items()})
        self._consent(customer_id, consent)
        if "birthday" in change:
            birthday: tuple[object, ...] = change["birthday"]  # type: ignore[assignment]
            columns.update(
                zip(("birthday_month", "birthday_day", "birthday_year"), birthday, strict=True)
            )
        columns.update(updated_at=self._naive, updated_by_id=self.staff_id)
        sets = ", ".join(f"{name} = ?" for name in columns)
        cursor.execute(
            self._sql(f"UPDATE customer SET {sets} WHERE id = ?"), [*columns.values(), customer_id]
        )
        for tag in change.get("tags", ()):  # type: ignore[attr-defined]
            cursor.execute(self._sql(_INSERT_LINK), (customer_id, self._tag_id(tag)))
        if "note" in change:
            cursor.execute(
                self._sql(_INSERT_NOTE),
                (customer_id, change["note"], False, self._naive, self.staff_id),
            )
        if "history" in change:
            history: tuple[object, ...] = change["history"]  # type: ignore[assignment]
            if had_history:
                cursor.execute(
                    self._sql(_UPDATE_HISTORY),
                    (*history, self._naive, customer_id, self.source),
                )
            else:
                cursor.execute(
                    self._sql(_INSERT_HISTORY),
                    (customer_id, self.source, *history, self._naive),
                )
        if {"first_name", "last_name", "phone", "email"} & change.keys():
            self._reindex(customer_id)

    def _reindex(self, customer_id: int) -> None:
        first, last, phone, email = self._db.execute_sql(
            self._sql("SELECT first_name, last_name, phone, email FROM customer WHERE id = ?"),
            (customer_id,),
        ).fetchone()
        rank = self._index.rank_of(customer_id)
        self._index.put(
            SearchDocument.for_customer(
                customer_id, first, last, phone, email, rank=DEFAULT_RANK if rank is None else rank
            )
        )
