"""The transaction helper: a deadlock between two tills is run again, never shown; a conflict
that keeps coming back is, after a few tries, one clear StorageError; a use case inside
another's transaction leaves the retry to the outer one. Row locks make the second till wait
(on PostgreSQL; SQLite's BEGIN IMMEDIATE has already made it wait)."""

from __future__ import annotations

import threading
import time

import peewee
import pytest

from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.db import write_transaction
from shopcrm.db.conflicts import TransientConflict
from shopcrm.db.storage_errors import StorageError, StorageKind
from shopcrm.db.transactions import ATTEMPTS, lock_customers, serialise, transactional
from tests.backends import postgresql_only


def test_a_conflict_is_run_again_until_it_goes_away(db: peewee.Database) -> None:
    calls: list[int] = []

    @transactional
    def use_case(fail_times: int) -> str:
        with write_transaction():
            calls.append(1)
            if len(calls) <= fail_times:
                raise TransientConflict("deadlock detected")
            return "done"

    assert use_case(ATTEMPTS - 1) == "done"
    assert len(calls) == ATTEMPTS


def test_a_conflict_that_stays_is_one_clear_storage_error(db: peewee.Database) -> None:
    calls: list[int] = []

    @transactional
    def use_case() -> None:
        with write_transaction():
            calls.append(1)
            raise TransientConflict("could not serialize access")

    with pytest.raises(StorageError) as caught:
        use_case()
    assert len(calls) == ATTEMPTS
    assert caught.value.kind is StorageKind.LOCKED
    assert str(caught.value) == (
        "another till was changing the same data at the same moment; try again"
    )


def test_inside_another_transaction_only_the_outer_use_case_retries(db: peewee.Database) -> None:
    inner_calls: list[int] = []
    outer_calls: list[int] = []

    @transactional
    def inner() -> None:
        with write_transaction():
            inner_calls.append(1)
            if len(inner_calls) == 1:
                raise TransientConflict()

    @transactional
    def outer() -> None:
        with write_transaction():
            outer_calls.append(1)
            inner()

    outer()
    assert (len(outer_calls), len(inner_calls)) == (2, 2)


def test_other_errors_are_not_retried(db: peewee.Database) -> None:
    calls: list[int] = []

    @transactional
    def use_case() -> None:
        calls.append(1)
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        use_case()
    assert calls == [1]


def test_lock_customers_says_who_exists(db: peewee.Database) -> None:
    ada = add_customer(CustomerInput("Ada")).id
    with write_transaction():
        assert lock_customers([ada, ada + 1, -5, 2**70]) == {ada}
        serialise("anything")  # takes a lock on PostgreSQL, nothing to do on SQLite


@postgresql_only
def test_a_real_deadlock_between_two_tills_is_retried(db: peewee.Database) -> None:
    """Two tills lock the same two customers in opposite orders (each alone would be
    fine): PostgreSQL breaks the deadlock by failing one, and that one runs again. Each
    thread has a connection of its own (peewee keeps one per thread)."""
    from shopcrm.db import database

    first, second = (add_customer(CustomerInput(n)).id for n in ("Ada", "Bob"))
    both_hold_one = threading.Barrier(2, timeout=30)
    tries: list[str] = []
    failures: list[BaseException] = []

    def till(name: str, order: tuple[int, int]) -> None:
        @transactional
        def use_case() -> None:
            with write_transaction():
                tries.append(name)
                lock_customers([order[0]])
                if tries.count(name) == 1:
                    both_hold_one.wait()
                lock_customers([order[1]])
                time.sleep(0.05)

        try:
            use_case()
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            database.close()  # this thread's own connection

    tills = [
        threading.Thread(target=till, args=("one", (first, second))),
        threading.Thread(target=till, args=("two", (second, first))),
    ]
    for thread in tills:
        thread.start()
    for thread in tills:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(tries) in (["one", "one", "two"], ["one", "two", "two"])  # one ran again
