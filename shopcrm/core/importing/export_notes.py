"""The notes of a shopcrm export, imported with its customers.

A shop's own export (``shopcrm export --format csv``) keeps each customer's notes in
``notes.csv`` beside ``customers.csv``, one row per note with the "Customer ID" it belongs to:
a customer has any number of notes, pinned or not, and a spreadsheet cell is no place for
them. So when the file imported is an export's ``customers.csv`` (``manifest.json`` beside it
says ``"exported_by": "shopcrm"``) and ``notes.csv`` is there too, its notes come along, in
the same transaction: each to the customer the row of its "Customer ID" became (the id is
kept as the imported history's external id), with its text, pin and the time it was
written. A note the customer already has (the same text) is not added again, so importing
the same export twice changes nothing. A note that cannot be read is a bad row
("notes.csv line N: …") and blocks the import like any other. A dry run does not read it.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core.importing.fields import fold
from shopcrm.core.importing.reader import CsvRows
from shopcrm.core.importing.report import ImportReport
from shopcrm.core.importing.values import parse_consent, unquote
from shopcrm.core.importing.writing import Writer
from shopcrm.core.validation import clean_note
from shopcrm.db import database, placeholders

NOTES = "notes.csv"
_COLUMNS = ("customer id", "text", "pinned", "written at")
CHUNK = 500


def notes_beside(path: Path) -> Path | None:
    """``notes.csv`` when ``path`` is the customers file of a shopcrm export that has one."""
    manifest, notes = path.with_name("manifest.json"), path.with_name(NOTES)
    if path.name == NOTES or not notes.is_file() or not manifest.is_file():
        return None
    try:
        about = json.loads(manifest.read_text(encoding="utf-8")[:100_000])
    except (OSError, ValueError):
        return None
    return notes if isinstance(about, dict) and about.get("exported_by") == "shopcrm" else None


def import_notes(path: Path, source: str, writer: Writer, report: ImportReport) -> int:
    """Add the notes of ``path`` (see the module docstring); how many were added."""
    added = 0
    with CsvRows(path) as rows:
        where = {fold(h): i for i, h in enumerate(rows.header)}
        if any(c not in where for c in _COLUMNS):
            report.add_bad(1, f"{NOTES}: not the notes of a shopcrm export")
            return 0
        index = [where[c] for c in _COLUMNS]
        lines = iter(rows)
        while chunk := list(itertools.islice(lines, CHUNK)):
            notes = []
            for line, cells in chunk:
                try:
                    notes.append(_note(cells, index))
                except (ValueError, IndexError) as exc:
                    report.add_bad(line, f"{NOTES} line {line}: {str(exc) or 'too few fields'}")
            added += _add(notes, source, writer)
    return added


def _note(cells: list[str], index: list[int]) -> tuple[str, str, bool, datetime]:
    owner, text, pinned, written = (cells[i] for i in index)
    at = datetime.fromisoformat(unquote(written)) if unquote(written) else datetime.now(UTC)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return unquote(owner), clean_note(unquote(text)), bool(parse_consent(pinned)), at


def _add(notes: list[tuple[str, str, bool, datetime]], source: str, writer: Writer) -> int:
    if not notes:
        return 0
    p, ids = database.obj.param, sorted({n[0] for n in notes})
    customer = {
        str(ext): int(cid)
        for ext, cid in database.obj.execute_sql(
            "SELECT h.external_id, h.customer_id FROM imported_history h"
            " JOIN customer c ON c.id = h.customer_id AND c.erased_at IS NULL"
            f" WHERE h.source = {p} AND h.external_id IN ({placeholders(len(ids))})",
            [source, *ids],
        )
    }
    owners = sorted(set(customer.values()))
    held: set[tuple[int, str]] = set()
    if owners:
        held = {
            (int(cid), str(text))
            for cid, text in database.obj.execute_sql(
                f"SELECT customer_id, text FROM note WHERE customer_id IN"
                f" ({placeholders(len(owners))})",
                owners,
            )
        }
    new = []
    for owner, text, pinned, at in notes:
        cid = customer.get(owner)
        if cid is not None and (cid, text) not in held:
            held.add((cid, text))
            new.append((cid, text, pinned, at))
    writer.add_notes(new)
    return len(new)
