"""The demo's vouchers: issued by the use case, about a third redeemed, the redemptions exactly
what :func:`shopcrm.core.vouchers.redeem` writes, and the same seed redeeming the same ones."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import peewee
import time_machine

from shopcrm.core.staff import default_staff
from shopcrm.core.vouchers import get_voucher, redeem
from shopcrm.db import close, open_database
from shopcrm.db.models import Voucher, VoucherBatch
from shopcrm.demo.shop import generate_demo_shop
from shopcrm.demo.vouchers import DEMO_TILL, add_demo_vouchers

N = 600


def _redeemed(db: peewee.Database) -> list[tuple]:
    """Which customer's voucher of which batch rule was redeemed (codes are random)."""
    return db.execute_sql(
        "SELECT b.rule, v.customer_id, v.redeemed_at IS NOT NULL FROM voucher v"
        " JOIN voucher_batch b ON b.id = v.batch_id ORDER BY b.rule, v.customer_id"
    ).fetchall()


def test_redemptions_are_what_the_use_case_writes(db: peewee.Database) -> None:
    generate_demo_shop(N, seed=5)
    issued = add_demo_vouchers(N, seed=5)
    redeemed = list(Voucher.select().where(Voucher.redeemed_at.is_null(False)))
    assert issued == Voucher.select().count() > 0
    assert 0.2 * issued < len(redeemed) < 0.5 * issued
    live = Voucher.select().where(Voucher.redeemed_at.is_null()).first()
    owner = default_staff()
    assert owner is not None
    redeem(live.code, staff_id=owner.id, till=DEMO_TILL)
    reference = Voucher.get_by_id(live.id)

    def written(v: Voucher) -> tuple:
        return (v.redeemed_by_id, v.redeemed_visit_id, v.redeemed_till, v.voided_at, v.printed)

    assert {written(v) for v in redeemed} == {written(reference)}
    assert {get_voucher(v.id).status for v in redeemed} == {get_voucher(live.id).status}
    assert add_demo_vouchers(N, seed=5) == 0  # once per shop
    assert VoucherBatch.select().count() == 2


@time_machine.travel(datetime(2026, 11, 16, 10, tzinfo=UTC))  # both runs in the same month
def test_the_same_seed_redeems_the_same_vouchers(db: peewee.Database, tmp_path: Path) -> None:
    generate_demo_shop(N, seed=9)
    add_demo_vouchers(N, seed=9)
    first = _redeemed(db)
    close()
    other = open_database(str(tmp_path / "again.sqlite3"))
    generate_demo_shop(N, seed=9)
    add_demo_vouchers(N, seed=9)
    assert _redeemed(other) == first
    assert any(row[2] for row in first) and not all(row[2] for row in first)
