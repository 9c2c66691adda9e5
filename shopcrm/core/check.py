"""The database health check behind ``shopcrm check``."""

from __future__ import annotations

from dataclasses import dataclass, field

from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.db import database, is_sqlite
from shopcrm.db.migrations import LATEST, current_version
from shopcrm.db.search import search_index


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    schema_version: int = 0
    customers: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


_STEPS = 5


def check_database(
    progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> CheckReport:
    """SQLite's integrity and foreign-key checks, the schema version, the search index and
    the loyalty lots. (PostgreSQL enforces foreign keys on every write and checks its own
    pages, so there the first two have nothing to add.) ``progress`` counts the five steps;
    ``cancelled`` is asked between them (a check writes nothing, so stopping it leaves
    nothing behind)."""

    def step(done: int) -> None:
        stop_if_cancelled(cancelled)
        if progress is not None:
            progress(done, _STEPS)

    db = database.obj
    step(0)
    report = CheckReport(schema_version=current_version(db))
    if report.schema_version != LATEST:
        report.problems.append(f"schema version {report.schema_version}, expected {LATEST}")
    if is_sqlite(db):
        rows = db.execute_sql("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            report.problems.extend(f"integrity: {r[0]}" for r in rows[:20])
        step(1)
        for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check").fetchall()[:20]:
            report.problems.append(f"foreign key: {table} row {rowid} points to missing {parent}")
    step(2)
    report.customers = db.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
    index = search_index(db)
    report.problems.extend(index.check())
    indexed = index.count()
    if indexed != report.customers:
        report.problems.append(
            f"search index holds {indexed} customers, the customer table {report.customers}"
        )
    step(3)
    if report.schema_version == LATEST:
        report.problems.extend(lot_problems())
        step(4)
        report.problems.extend(voucher_problems())
    step(_STEPS)
    return report


def voucher_problems(limit: int = 20) -> list[str]:
    """Vouchers whose code could never be typed in: a wrong check character."""
    from shopcrm.core.vouchers.codes import is_valid
    from shopcrm.db.models import Voucher

    problems = []
    for voucher_id, code in Voucher.select(Voucher.id, Voucher.code).tuples().iterator():
        if not is_valid(code):
            problems.append(f"voucher {voucher_id}: the code {code!r} fails its check character")
            if len(problems) >= limit:
                break
    return problems
