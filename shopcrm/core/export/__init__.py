"""The shop's data taken out: every table as CSV or JSON, and the mailing list.

:func:`export_shop` writes customers, visits, loyalty, vouchers, notes and consent (see
:mod:`.tables`) into a new folder (:mod:`.target`), read from one snapshot of the database
page by page, so its memory stays the same at a million customers and a till writing
meanwhile is either wholly in it or not at all. :func:`export_mailing_list` writes the
customers who granted email (:mod:`shopcrm.core.privacy.consent`) for the shop's mail tool.
Both are owner-only (they hand out every customer) and recorded in the audit log.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core import audit, settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.export import target
from shopcrm.core.export.tables import TABLES, Column
from shopcrm.core.export.writers import ENCODINGS, WRITERS, CsvWriter, neutralised
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.db import database, read_snapshot, write_transaction
from shopcrm.db.dialect import is_postgresql

FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    format: str
    rows: dict[str, int]  # file name -> rows written

    def to_json(self) -> dict[str, object]:
        return {"folder": str(self.folder), "format": self.format, "rows": self.rows}


@dataclass(frozen=True)
class MailingListResult:
    file: Path
    customers: int

    def to_json(self) -> dict[str, object]:
        return {"file": str(self.file), "customers": self.customers}


def export_shop(
    folder: str | os.PathLike[str],
    fmt: str = "csv",
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the shop's tables into a new ``shopcrm-export-<time>`` folder in ``folder``."""
    if fmt not in WRITERS:
        raise ValidationError({"format": f"one of {', '.join(FORMATS)}"})
    require_owner(owner, "export the shop's data")
    place = target.checked_folder(folder)
    now = now or datetime.now(UTC)
    currency = settings.load().currency
    rows: dict[str, int] = {}
    with target.fresh_subfolder(place, now) as work:
        with read_snapshot():
            total = sum(table.count() for table in TABLES)
            done = 0
            for table in TABLES:
                name = f"{table.name}.{fmt}"
                path = target.private_file(work / name)
                with open(path, "w", encoding=ENCODINGS[fmt], newline="") as stream:
                    writer = WRITERS[fmt](stream, table.columns, currency)
                    rows[name] = 0
                    for page in table.pages():
                        stop_if_cancelled(cancelled)
                        writer.rows(page)
                        rows[name] += len(page)
                        done += len(page)
                        if progress is not None:
                            progress(done, max(total, done))
                    writer.close()
        _manifest(work, fmt, rows, now, currency)
        final = target.finish(work, now)
    with write_transaction():
        change = {"folder": str(final), "format": fmt, "rows": sum(rows.values())}
        audit.record("shop.export", final.name, change, staff_id=audit.actor(staff_id, owner))
    return ExportResult(final, fmt, rows)


def _manifest(work: Path, fmt: str, rows: dict[str, int], now: datetime, currency: str) -> None:
    """What the folder holds, for whoever opens it later (and an import that reads it)."""
    about = {
        "exported_by": "shopcrm",
        "exported_at": now.isoformat(),
        "format": fmt,
        "currency": currency,
        "times": "UTC, ISO 8601",
        "files": rows,
    }
    path = target.private_file(work / "manifest.json")
    path.write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")


MAILING_COLUMNS = (
    Column("Email", "email"),
    Column("First name", "first_name"),
    Column("Last name", "last_name"),
)


def export_mailing_list(
    file: str | os.PathLike[str],
    *,
    replace: bool = False,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
) -> MailingListResult:
    """The customers who granted email, as a CSV file for the shop's mail tool: only those
    (never asked is not a yes), none erased or asked not to be contacted."""
    require_owner(owner, "export the mailing list")
    path = target.checked_file(file, replace=replace)
    temporary = path.with_name(f".{path.name}.part")
    temporary.unlink(missing_ok=True)
    count = 0
    true = "TRUE" if is_postgresql(database) else "1"
    query = (
        "SELECT id, email, first_name, last_name FROM customer"
        f" WHERE consent_email = {true} AND email <> '' AND erased_at IS NULL"
        f" AND do_not_contact <> {true} AND id > {database.param} ORDER BY id LIMIT 5000"
    )
    try:
        target.private_file(temporary)
        with open(temporary, "w", encoding="utf-8-sig", newline="") as stream:
            writer = CsvWriter(stream, MAILING_COLUMNS, "")
            with read_snapshot():
                last = 0
                while True:
                    page = list(database.execute_sql(query, (last,)))
                    if not page:
                        break
                    last = page[-1][0]
                    writer.rows([row[1:] for row in page])
                    count += len(page)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    with write_transaction():
        change = {"file": str(path), "customers": count}
        audit.record("shop.export", "mailing list", change, staff_id=audit.actor(staff_id, owner))
    return MailingListResult(path, count)


__all__ = [
    "FORMATS",
    "ExportResult",
    "MailingListResult",
    "export_mailing_list",
    "export_shop",
    "neutralised",
]
