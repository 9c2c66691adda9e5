"""Numbered schema migrations, applied together in one transaction.

The database records each applied version in ``schema_migration``. Opening a database runs
whatever is pending; if anything fails, the transaction rolls back and the database keeps its
old version untouched. A database made by a newer shopcrm is refused rather than guessed at.

Every command opens the database, so the version is first read with a plain read, which in
WAL mode never waits for a writer: a till showing a customer is not held up by another till
(or a demo) writing. Only when something is pending is the write lock taken, and the version
read again under it, since another till may have upgraded the file in the meantime.

PostgreSQL runs the same migrations, each statement of them in the same one transaction (its
DDL is transactional too); reading the version there takes no lock that a till would wait
for, and the upgrade itself holds an advisory lock so two tills never run it twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType

import peewee

from shopcrm.db.dialect import lock_for_schema_upgrade
from shopcrm.errors import ShopError

Migration = tuple[int, str, Callable[[peewee.Database], None]]


def _module(version: int) -> ModuleType:
    """The module of migration ``version``, imported only when a migration runs: a shop that is
    up to date (every start but the first after an update) never loads the migrations."""
    from shopcrm.db.migrations import (
        m0001_core_tables,
        m0002_search_index,
        m0003_visits_loyalty,
        m0004_loyalty_lots,
        m0005_vouchers,
        m0006_search_tiers,
        m0007_balances_merging,
        m0008_phone_suffixes,
        m0009_visit_keys,
        m0010_indexes_as_new,
        m0011_staff_pins,
        m0012_audit_log,
        m0013_followups,
        m0014_consent_erasure,
        m0015_today_segments,
        m0016_customer_merges,
        m0017_imported_history,
    )

    modules = (
        m0001_core_tables,
        m0002_search_index,
        m0003_visits_loyalty,
        m0004_loyalty_lots,
        m0005_vouchers,
        m0006_search_tiers,
        m0007_balances_merging,
        m0008_phone_suffixes,
        m0009_visit_keys,
        m0010_indexes_as_new,
        m0011_staff_pins,
        m0012_audit_log,
        m0013_followups,
        m0014_consent_erasure,
        m0015_today_segments,
        m0016_customer_merges,
        m0017_imported_history,
    )
    return modules[version - 1]


def _step(version: int) -> Callable[[peewee.Database], None]:
    """``apply`` of migration ``version``, its module loaded when it runs."""

    def apply(db: peewee.Database) -> None:
        _module(version).apply(db)

    apply.__qualname__ = apply.__name__ = f"migration_{version}.apply"
    return apply


MIGRATIONS: tuple[Migration, ...] = (
    (1, "customers, tags, notes, settings", _step(1)),
    (2, "customer search index", _step(2)),
    (3, "staff, visits, loyalty ledger, visit statistics", _step(3)),
    (4, "loyalty lots kept on the ledger", _step(4)),
    (5, "vouchers; do-not-contact and erased customers", _step(5)),
    (6, "search: phone ends and starts, prefixes up to 8 letters", _step(6)),
    (7, "loyalty balances kept; search merging out of commits", _step(7)),
    (8, "search: phone digit suffixes", _step(8)),
    (9, "the visit form's key on a visit, so a retry never logs it twice", _step(9)),
    (10, "indexes of shops made by an earlier shopcrm as a new shop's", _step(10)),
    (11, "owners' PINs and their wrong tries", _step(11)),
    (12, "the audit log of every change", _step(12)),
    (13, "follow-ups, the feedback index, pinned notes that end or sleep", _step(13)),
    (14, "consent per channel; erased customers' contact blocks", _step(14)),
    (15, "usual gaps, late regulars and segments; Today's indexes", _step(15)),
    (16, "merged customers and the record that undoes a merge", _step(16)),
    (17, "imported history and remembered import mappings", _step(17)),
)
assert all(number == index + 1 for index, (number, _, _) in enumerate(MIGRATIONS))
LATEST = MIGRATIONS[-1][0]


class SchemaTooNewError(ShopError, RuntimeError):
    """The database was written by a newer shopcrm than this one."""


def _ensure_version_table(db: peewee.Database) -> None:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL,"
        " applied_at VARCHAR(40) NOT NULL)"
    )


def current_version(db: peewee.Database) -> int:
    if "schema_migration" not in db.get_tables():
        return 0
    row = db.execute_sql("SELECT max(version) FROM schema_migration").fetchone()
    return row[0] or 0


def migrate(db: peewee.Database, target: int = LATEST) -> list[int]:
    """Bring ``db`` up to ``target``; returns the versions applied (empty when up to date).
    A database that already holds a shop is copied first (see :mod:`.backup`)."""
    version = current_version(db)
    _refuse_too_new(version)
    if version >= target:
        return []
    if 0 < version < min(target, LATEST):
        from shopcrm.db.migrations.backup import backup_before_upgrade

        backup_before_upgrade(db, version)
    with db.atomic():
        lock_for_schema_upgrade(db)
        _ensure_version_table(db)
        version = current_version(db)
        _refuse_too_new(version)
        applied = []
        for number, name, apply in MIGRATIONS:
            if version < number <= target:
                apply(db)
                p = db.param
                db.execute_sql(
                    "INSERT INTO schema_migration (version, name, applied_at)"
                    f" VALUES ({p}, {p}, {p})",
                    (number, name, datetime.now(UTC).isoformat()),
                )
                applied.append(number)
        return applied


def _refuse_too_new(version: int) -> None:
    if version > LATEST:
        raise SchemaTooNewError(
            f"this database has schema version {version}, but this shopcrm knows only up"
            f" to {LATEST}: update shopcrm to open it"
        )
