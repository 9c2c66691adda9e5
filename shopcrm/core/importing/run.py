"""The import use case: a file in, customers added and updated in ONE transaction, a report out.

The file is read a chunk of rows at a time (see :mod:`.reader`): each chunk is checked,
matched against the shop (:mod:`.matching`) and written (:mod:`.writing`) before the next is
read, so memory stays flat however long the file is. All of it happens in one write
transaction: a bad row found on line 90,000 rolls back the 89,999 before it (unless
``skip_bad`` says to leave bad rows out), Cancel rolls everything back, and a dry run opens
only a read snapshot and writes nothing at all.

One audit row records the import (file, source, counts — among them ``consent``, the consent
answers recorded), not one per customer: an import of 100,000 rows would bury every other
change in the log, and each customer's row would copy personal data into a log that an
erasure must then hunt through. The import's own imported history, notes and consent history
(source "import") say on each card where the customer came from.

A shop's own export (``shopcrm export --format csv``) imports back whole: its headers are
aliases, its apostrophes are taken off, its erased customers are left out (counted
``unchanged``: nobody to bring back), and the notes in ``notes.csv`` beside its
``customers.csv`` come along (:mod:`.export_notes`).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core import audit, settings
from shopcrm.core.importing import export_notes, mappings
from shopcrm.core.importing.matching import changes, erased_people, find_existing, look_alikes
from shopcrm.core.importing.read_ahead import ReadAhead
from shopcrm.core.importing.reader import CsvRows, FileProblem
from shopcrm.core.importing.report import Duplicate, ImportReport
from shopcrm.core.importing.rows import ParsedRow, RowProblem, ShopContext, parse_row
from shopcrm.core.importing.writing import Writer
from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.core.staff import known_staff
from shopcrm.db import database, read_snapshot, write_transaction
from shopcrm.db.dialect import is_postgresql
from shopcrm.db.models import Customer
from shopcrm.db.search.document import SearchDocument
from shopcrm.db.transactions import run_in_transaction

#: Rows read, checked and written together. On a PostgreSQL server a chunk costs about 15
#: round trips, so its chunks are bigger; on SQLite bigger chunks made a file imported again
#: slower (100,000 rows: 8.5 s with 500, 10.3 s with 2,000). A few megabytes of memory at most.
CHUNK = 500
SERVER_CHUNK = 2000


def chunk_rows() -> int:
    """The rows of one chunk on the open shop's engine."""
    return SERVER_CHUNK if is_postgresql(database) else CHUNK


@dataclass(frozen=True)
class ImportOptions:
    preset: str | None = None  # None: guessed from the headers
    mapping: dict[str, str] = field(default_factory=dict)  # column -> field
    encoding: str | None = None
    delimiter: str | None = None
    dry_run: bool = False
    skip_bad: bool = False


class _Undo(Exception):
    """Rolls the import back: a bad row without ``skip_bad``."""


def import_customers(
    path: Path,
    options: ImportOptions = ImportOptions(),
    *,
    staff_id: int | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import the customers of a CSV file (see the module docstring)."""

    def once() -> ImportReport:
        with CsvRows(path, options.encoding, options.delimiter) as rows:
            report = ImportReport(dry_run=options.dry_run)
            if options.dry_run:
                with read_snapshot():
                    _run(rows, options, report, None, progress, cancelled)
                return report
            try:
                with write_transaction():
                    known_staff(staff_id)
                    _run(rows, options, report, staff_id, progress, cancelled)
                    if report.bad_count and not options.skip_bad:
                        raise _Undo
                    report.imported = True
            except _Undo:
                report.new_ids = []
            return report

    return run_in_transaction(once)


def _run(
    rows: CsvRows,
    options: ImportOptions,
    report: ImportReport,
    staff_id: int | None,
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> None:
    preset, fields = mappings.resolve(rows.header, options.preset, options.mapping)
    report.preset, report.encoding, report.delimiter = (
        preset,
        rows.format.encoding,
        rows.format.delimiter,
    )
    report.columns = list(zip(rows.header, fields, strict=True))
    shop = settings.load()
    context = ShopContext(shop.phone_region, shop.locale, shop.currency)
    now = datetime.now(UTC)
    writer = None if options.dry_run else Writer(preset, staff_id, now)
    had_customers = Customer.select().exists()
    statistics = _Statistics()
    hint = _Hint(documents=writer is not None)
    reading = _parsed_chunks(rows, fields, context, hint)
    ahead = is_postgresql(database)  # see read_ahead's docstring for why not on SQLite
    with ReadAhead(reading) if ahead else contextlib.nullcontext(reading) as chunks:
        for parsed, part, bytes_read in chunks:
            stop_if_cancelled(cancelled)
            statistics.refresh(report.new + report.updated)
            report.take(part)
            writing = writer is not None and not (report.bad_count and not options.skip_bad)
            new_before = report.new
            _classify(
                parsed, preset, report, writer if writing else None, had_customers, context.region
            )
            hint.documents = writing and 2 * (report.new - new_before) >= len(parsed)
            if progress is not None:
                progress(bytes_read, rows.size)
    if report.rows == 0:
        raise FileProblem("only a header, no customers", 1)
    writing = not (report.bad_count and not options.skip_bad)
    notes_added = 0
    if writer is not None and writing and (notes := export_notes.notes_beside(rows.path)):
        notes_added = export_notes.import_notes(notes, preset, writer, report)
    if writer is not None and not (report.bad_count and not options.skip_bad):
        mappings.remember(preset, rows.header, fields)
        audit.record(
            "customer.import",
            rows.path.name,
            {
                "file": rows.path.name,
                "source": preset,
                "rows": report.rows,
                "new": report.new,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "duplicates": report.duplicate_count,
                "skipped": report.bad_count,
                "consent": writer.consent_count,
                "notes": notes_added,  # from notes.csv beside an export (export_notes)
            },
            staff_id=staff_id,
            now=now,
        )
    stop_if_cancelled(cancelled)


class _Statistics:
    """PostgreSQL plans each chunk's look-ups by the tables' statistics, which one long
    import transaction outgrows (no autovacuum sees rows not yet committed): planned for an
    empty ``imported_history``, finding 500 ids among 30,000 rows took 350 ms a chunk, and the
    import grew with the square of its length. ANALYZE (allowed in a transaction, and it
    counts the transaction's own new rows) at the start and whenever the rows written have
    doubled keeps the plans on the indexes: a handful of runs, ~20 ms each. SQLite's planner
    needs no statistics to use these indexes."""

    TABLES = "customer, imported_history, note, customer_tag, tag"

    def __init__(self) -> None:
        self.postgresql = is_postgresql(database)
        self.next = 0

    def refresh(self, written: int) -> None:
        if self.postgresql and written >= self.next:
            database.execute_sql(f"ANALYZE {self.TABLES}")
            self.next = max(2_000, 2 * written)


@dataclass
class _Hint:
    """Whether the reading thread makes the rows' search documents too (``row.search``): only
    while most rows turn out new, as in a first import. The writer needs one per new customer
    and makes any missing itself; a dry run, or a file imported again, needs none, and making
    them there cost a tenth of its time. Read by the reading thread, set by the writing one:
    a chunk made under the old answer is only a little slower, never different."""

    documents: bool


def _parsed_chunks(
    rows: CsvRows, fields: list[str], context: ShopContext, hint: _Hint
) -> Iterator[tuple[list[ParsedRow], ImportReport, int]]:
    """The file's rows checked, a chunk at a time (on :class:`.ReadAhead`'s thread): the
    chunk's good rows, its own report (its rows, bad rows, duplicates within the file) and
    how far into the file it reached."""
    seen: dict[int, int] = {}
    lines = iter(rows)
    size = chunk_rows()
    while chunk := list(itertools.islice(lines, size)):
        part = ImportReport()
        parsed = _parse(chunk, rows.header, fields, context, part, seen)
        if hint.documents:
            for row in parsed:
                row.search = SearchDocument.for_customer(
                    0, row.first_name, row.last_name, row.phone, row.email, national=row.national
                )
        yield parsed, part, rows.bytes_read


def _parse(
    chunk: list[tuple[int, list[str]]],
    header: list[str],
    fields: list[str],
    context: ShopContext,
    report: ImportReport,
    seen: dict[int, int],
) -> list[ParsedRow]:
    width = len(header)
    parsed = []
    for line, cells in chunk:
        report.rows += 1
        if len(cells) != width:
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]  # trailing empty fields (";;;" from a spreadsheet)
            else:
                report.add_bad(line, f"{len(cells)} fields, but the header has {width}")
                continue
        values = {
            name: (cell, column)
            for name, cell, column in zip(fields, cells, header, strict=True)
            if name != "ignore"
        }
        if values.get("erased", ("", ""))[0].strip():
            report.unchanged += 1  # an erased customer of a shopcrm export: nobody to bring back
            continue
        try:
            row = parse_row(line, values, context)
        except RowProblem as exc:
            report.add_bad(line, str(exc))
            continue
        earlier = _seen_before(row, seen)
        if earlier is not None:
            report.add_duplicate(
                Duplicate(line, f"repeats the customer of line {earlier}", same_as_line=earlier)
            )
            continue
        parsed.append(row)
    return parsed


def _keys(row: ParsedRow) -> list[int]:
    keys = []
    if row.external_id:
        keys.append(hash(("x", row.external_id)))
    if row.email:
        keys.append(hash(("e", row.email)))
    elif row.phone:
        keys.append(hash(("p", row.phone)))
    return keys


def _seen_before(row: ParsedRow, seen: dict[int, int]) -> int | None:
    """The line of an earlier row of the file that is the same customer (by id, email, or
    phone when there is no email); remembers this row's keys otherwise. Hashes, not the
    texts: a million rows' keys fit in a few tens of megabytes."""
    keys = _keys(row)
    for key in keys:
        if key in seen:
            return seen[key]
    for key in keys:
        seen[key] = row.line
    return None


def _classify(
    rows: list[ParsedRow],
    source: str,
    report: ImportReport,
    writer: Writer | None,
    look: bool,
    region: str,
) -> None:
    existing = find_existing(rows, source)
    erased = erased_people([r for r in rows if r.line not in existing], region)
    new: list[ParsedRow] = []
    for row in rows:
        old = existing.get(row.line)
        if row.line in erased:
            report.add_bad(row.line, "this person asked to be erased from the shop")
            continue
        if old is None:
            new.append(row)
            for cid, name in look_alikes(row) if look else []:
                report.add_duplicate(
                    Duplicate(row.line, f"phone and name much like customer {cid} ({name})", cid)
                )
            continue
        change = changes(row, old, name_is_persons=row.name_is_persons)
        if not change:
            report.unchanged += 1
            continue
        report.updated += 1
        if writer is not None:
            writer.update(old.id, change, had_history=old.history is not None)
    report.new += len(new)
    if writer is not None:
        ids = writer.add(new)
        writer.flush()
        report.new_ids.extend(ids[: max(0, 1000 - len(report.new_ids))])
        report.imported_as({row.line: cid for row, cid in zip(new, ids, strict=True)})
