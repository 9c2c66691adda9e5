"""The parts of a check, each with what it costs at this shop's size.

The costs are seconds on the reference machine (2 cores, shared), measured on the 1,000,000
customer demo shop (10.3 M visits, 3.2 GB) and divided by its size; the tick counts likewise.
They only share out the progress bar, so being a little off makes it uneven, not wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from peewee import fn

from shopcrm.core.check.meter import Step
from shopcrm.core.check.report import CheckReport
from shopcrm.core.loyalty.balances import balance_problems
from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.db import database, read_snapshot
from shopcrm.db.health import TICK_STEPS, file_problems, foreign_key_problems, storage_pages
from shopcrm.db.models import Customer, LoyaltyEntry, Voucher
from shopcrm.db.rows import tuples
from shopcrm.db.schema import schema_problems
from shopcrm.db.search import search_index

#: Seconds and engine steps per page (quick check, deep check, foreign keys), per customer
#: (search index), per ledger line (loyalty) and per voucher: measured at 1,000,000 customers
#: (782,651 pages, 12.7 M ledger lines) on the shared 2-core machine under a load of 7-10.
QUICK_PAGE_S, QUICK_PAGE_STEPS = 25e-6, 780
DEEP_PAGE_S, DEEP_PAGE_STEPS = 485e-6, 1225
KEYS_PAGE_STEPS = 440
INDEX_CUSTOMER_S = 12e-6
LEDGER_LINE_S, LEDGER_LINE_STEPS = 34e-6, 39
RECENT_S = 4.0
SCHEMA_S = 0.01
VOUCHER_S = 18e-6
#: The quick check replays the ledgers of the customers with a line among this many newest
#: ones: the accounts changed lately (a redemption or an expiry adds a line too). At a busy
#: counter that is about a month; it costs a second or two.
RECENT_LEDGER_LINES = 20_000
#: Customers replayed per query (well below any engine's limit on bound values).
_REPLAYED_PER_READ = 500
_MAX_REPORTED = 20


def _ticks(units: int, steps_per_unit: int) -> int:
    return units * steps_per_unit // TICK_STEPS


def file_step(pages: int, *, thorough: bool) -> Step:
    """The engine's check of the file, and beside it (a second connection, the other core)
    its check of the foreign keys, which takes a little less time."""
    seconds, steps = (
        (DEEP_PAGE_S, DEEP_PAGE_STEPS) if thorough else (QUICK_PAGE_S, QUICK_PAGE_STEPS)
    )

    def run() -> list[str]:
        found = file_problems(database.obj, thorough=thorough, limit=_MAX_REPORTED)
        return [f"integrity: {line}" for line in found]

    def keys() -> list[str]:
        return [f"foreign key: {p}" for p in foreign_key_problems(database.obj, _MAX_REPORTED)]

    ticks = _ticks(pages, steps) + _ticks(pages, KEYS_PAGE_STEPS)
    return Step("file and foreign keys", run, pages * seconds, ticks, beside=keys)


def search_index_step(report: CheckReport, *, thorough: bool) -> Step:
    """The index holds every customer once (both counts from one snapshot, so a till adding
    a customer meanwhile is not a problem); deep, FTS5's own check of every entry too. That
    one holds the write lock while it runs (a second or two at a million customers), so a
    till waits that long to log a visit."""

    def run() -> list[str]:
        index = search_index(database.obj)
        problems = index.check() if thorough else []
        with read_snapshot():
            # An erased customer has left the index (core.privacy.erasure).
            report.customers = Customer.select().where(Customer.erased_at.is_null()).count()
            indexed = index.count()
        if indexed != report.customers:
            problems.append(
                f"search index holds {indexed} customers, the customer table {report.customers}"
            )
        return problems

    seconds = INDEX_CUSTOMER_S * _estimated_customers() if thorough else 0.1
    return Step("search index", run, seconds)


def _estimated_customers() -> int:
    return Customer.select(fn.MAX(Customer.id)).scalar() or 0


def _newest_ledger_line() -> int:
    return LoyaltyEntry.select(fn.MAX(LoyaltyEntry.id)).scalar() or 0


def _recent_customers(lines: int) -> list[int]:
    newest = _newest_ledger_line()
    query = (
        LoyaltyEntry.select(LoyaltyEntry.customer)
        .where(LoyaltyEntry.id > newest - lines)
        .distinct()
    )
    return sorted(customer for (customer,) in tuples(query))


def _blocks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _REPLAYED_PER_READ):
        yield ids[start : start + _REPLAYED_PER_READ]


def loyalty_step(*, thorough: bool) -> Step:
    """Every ledger replayed (deep), or those of the accounts changed lately (quick)."""

    def run() -> list[str]:
        if thorough:
            return (lot_problems() + balance_problems())[:_MAX_REPORTED]
        problems: list[str] = []
        for block in _blocks(_recent_customers(RECENT_LEDGER_LINES)):
            problems.extend(lot_problems(block))
            problems.extend(balance_problems(block))
            if len(problems) >= _MAX_REPORTED:
                break
        return problems[:_MAX_REPORTED]

    if not thorough:
        return Step("loyalty", run, min(RECENT_S, _newest_ledger_line() * LEDGER_LINE_S))
    lines = _newest_ledger_line()
    return Step("loyalty", run, lines * LEDGER_LINE_S, _ticks(lines, LEDGER_LINE_STEPS))


def voucher_problems(limit: int = _MAX_REPORTED) -> list[str]:
    """Vouchers whose code could never be typed in: a wrong check character."""
    from shopcrm.core.vouchers.codes import is_valid

    problems = []
    for voucher_id, code in tuples(Voucher.select(Voucher.id, Voucher.code)):
        if not is_valid(code):
            problems.append(f"voucher {voucher_id}: the code {code!r} fails its check character")
            if len(problems) >= limit:
                break
    return problems


def voucher_step() -> Step:
    vouchers = Voucher.select(fn.MAX(Voucher.id)).scalar() or 0
    return Step("vouchers", voucher_problems, vouchers * VOUCHER_S)


def schema_step() -> Step:
    """The schema is a new database's: no index left over from an older version, none
    missing (a few catalogue reads: 3.6 ms on SQLite, 6.8 ms on PostgreSQL, at any size)."""

    def run() -> list[str]:
        return [f"schema: {line}" for line in schema_problems(database.obj)][:_MAX_REPORTED]

    return Step("schema", run, SCHEMA_S)


def pages() -> int:
    return storage_pages(database.obj)
