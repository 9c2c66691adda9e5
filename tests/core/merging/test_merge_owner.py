"""A merge and its undo are owner-only (both engines), and two tills merging the same pair at
once end with one merge (PostgreSQL runs them side by side; SQLite one after the other)."""

from __future__ import annotations

import multiprocessing

import peewee
import pytest

from shopcrm.core import staff
from shopcrm.core.merging import merge_customers, unmerge
from shopcrm.core.owner import OwnerRequired, prove_owner, set_pin
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import Customer
from tests.core.merging.merge_shop import dump, make_pair

PIN = "4821"


@pytest.fixture
def pair(db: peewee.Database) -> dict[str, int]:
    return make_pair()


def _customers(db: peewee.Database) -> dict[str, object]:
    """The dump without the PIN's count of wrong tries (which the wrong PIN moves)."""
    return {table: rows for table, rows in dump(db).items() if table != "staff_pin"}


def test_a_cashier_can_neither_merge_nor_undo(db: peewee.Database, pair: dict[str, int]) -> None:
    owner = staff.default_staff()
    assert owner is not None
    cashier = staff.add_staff("Jo Baker", "cashier").id
    set_pin(owner.id, PIN)
    before = _customers(db)
    with pytest.raises(OwnerRequired, match="merge customers: an owner must give their PIN"):
        merge_customers(pair["keep"], pair["other"])
    with pytest.raises(OwnerRequired, match="Jo Baker is a cashier"):
        merge_customers(pair["keep"], pair["other"], owner=prove_owner(cashier, PIN))
    with pytest.raises(OwnerRequired, match="wrong PIN"):
        merge_customers(pair["keep"], pair["other"], owner=prove_owner(owner.id, "0000"))
    assert _customers(db) == before
    proof = prove_owner(owner.id, PIN)
    merge = merge_customers(pair["keep"], pair["other"], owner=proof)
    assert CustomerMerge.get_by_id(merge.id).staff_id == owner.id
    with pytest.raises(OwnerRequired):
        unmerge(merge.id)
    assert Customer.get_by_id(pair["other"]).merged_into == pair["keep"]
    unmerge(merge.id, owner=proof)
    assert Customer.get_by_id(pair["other"]).merged_into is None


def _till(location: str, keep: int, other: int, start, results) -> None:  # type: ignore[no-untyped-def]
    from shopcrm.core.merging import MergeRefused, merge_customers
    from shopcrm.db import close, open_database

    open_database(location)
    start.wait()
    try:
        merge_customers(keep, other)
        results.put("merged")
    except MergeRefused as exc:
        results.put(f"refused: {exc}")
    except Exception as exc:  # anything else is the failure
        results.put(f"{type(exc).__name__}: {exc}")
    close()


@pytest.mark.parametrize("pairs", ["same pair twice", "each into the other"])
def test_two_tills_merging_the_same_pair_at_once_make_one_merge(
    db: peewee.Database, shop_location: str, pair: dict[str, int], pairs: str
) -> None:
    keep, other = pair["keep"], pair["other"]
    asked = [(keep, other), (keep, other) if pairs == "same pair twice" else (other, keep)]
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    tills = [
        context.Process(target=_till, args=(shop_location, k, o, start, results)) for k, o in asked
    ]
    for process in tills:
        process.start()
    outcomes = sorted(results.get(timeout=120) for _ in tills)
    for process in tills:
        process.join(timeout=60)
    assert outcomes[0] == "merged", outcomes
    assert outcomes[1].startswith("refused: customer ") and "merged into" in outcomes[1]
    assert CustomerMerge.select().count() == 1
    merged = [c.id for c in Customer.select().where(Customer.merged_into.is_null(False))]
    assert len(merged) == 1
