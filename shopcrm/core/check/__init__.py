"""The database health check behind ``shopcrm check`` and Tools → Check the database.

Two depths, because a million-customer shop cannot be read through in the half minute a shop
owner will wait for, while most of what a shop meets shows in a quick look:

Measured at 1,000,000 customers (10.3 M visits, 12.7 M ledger lines, 3.2 GB) on the shared
2-core machine while other work kept its load at 7-11, so wall times are two to four times
what an idle counter PC takes; the CPU times hold.

**quick** (the default; 23 s of CPU, 94 s wall at load 11, where the old check took 14 min):
  - the schema version, and the schema itself against a new database's: every table, column,
    index and key, so an index an older version left behind or one gone missing is named
    (milliseconds: the catalogue only, see :mod:`shopcrm.db.schema`);
  - SQLite's ``quick_check``: every page read, every b-tree's shape and every record's format
    checked: what a power cut, a failing disk or a half-copied file leaves behind (19 s wall
    at load 7);
  - beside it, on the other core, ``foreign_key_check``: rows pointing to a row that is not
    there, as another program writing the file with foreign keys off leaves them (16 s);
  - the search index holds every customer once (two counts, 0.1 s);
  - the loyalty lots of the accounts changed lately (the customers of the newest 20,000
    ledger lines) agree with their replayed ledger, and no balance is below zero (4 s);
  - every voucher code passes its check character (0.8 s).

**full** (``--full``; some 14 minutes wall at load 10, for when something looks wrong):
  - ``integrity_check`` instead of ``quick_check``: every index compared with its table too
    (380 s);
  - FTS5's own check of both search tables, entry by entry (12 s; it holds the write lock
    meanwhile, so a till logging a visit waits for it);
  - every customer's ledger replayed (430 s);
  - and everything else the quick check does.

Progress is one bar over the steps (:mod:`.meter`); Cancel stops even a long statement within
milliseconds. A check writes nothing, so stopping it leaves nothing behind. The engine's own
checks sit behind :mod:`shopcrm.db.health`, where PostgreSQL's equivalents belong.
"""

from __future__ import annotations

from shopcrm.core.check.meter import Step, run_steps
from shopcrm.core.check.report import CheckReport
from shopcrm.core.check.steps import (
    file_step,
    loyalty_step,
    pages,
    schema_step,
    search_index_step,
    voucher_problems,
    voucher_step,
)
from shopcrm.core.progress import CancelCheck, Progress
from shopcrm.db import database
from shopcrm.db.migrations import LATEST, current_version

__all__ = ["CheckReport", "check_database", "voucher_problems"]


def check_database(
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    full: bool = False,
) -> CheckReport:
    """Check the open database, quickly or (``full``) deeply; see the module docstring for
    what each finds and costs. ``progress(done, total)`` moves one bar over the whole check;
    ``cancelled()`` is asked all along and answered with
    :class:`~shopcrm.core.progress.WorkCancelled`."""
    report = CheckReport(schema_version=current_version(database.obj), full=full)
    if report.schema_version != LATEST:
        report.problems.append(f"schema version {report.schema_version}, expected {LATEST}")
    size = pages()
    steps: list[Step] = [
        file_step(size, thorough=full),
        search_index_step(report, thorough=full),
    ]
    if report.schema_version == LATEST:
        steps += [schema_step(), loyalty_step(thorough=full), voucher_step()]
    report.problems.extend(run_steps(steps, progress, cancelled))
    return report
