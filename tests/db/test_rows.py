"""The typed row helpers give the same rows as peewee's own ``tuples()``, on a real database."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.db.models import Staff
from shopcrm.db.rows import pairs, row, tuples

NAMES = ("Ana", "Ben", "Chloé")
OURS = Staff.name.in_(NAMES)  # a new shop already has its owner on the staff


@pytest.fixture
def staff(db: peewee.Database) -> dict[str, int]:
    return {name: Staff.create(name=name, active=name != "Ben").id for name in NAMES}


def test_tuples_yields_the_selected_columns_in_order(staff: dict[str, int]) -> None:
    query = Staff.select(Staff.name, Staff.id, Staff.active).where(OURS).order_by(Staff.name.desc())
    rows = list(tuples(query))
    assert rows == [
        ("Chloé", staff["Chloé"], True),
        ("Ben", staff["Ben"], False),
        ("Ana", staff["Ana"], True),
    ]
    assert all(type(r) is tuple for r in rows)


def test_tuples_leaves_the_callers_query_as_it_was(staff: dict[str, int]) -> None:
    query = Staff.select(Staff.id).where(OURS).order_by(Staff.id)
    assert [cid for (cid,) in tuples(query)] == sorted(staff.values())
    assert [s.id for s in query] == sorted(staff.values())  # still yields models


def test_tuples_of_an_empty_query(staff: dict[str, int]) -> None:
    assert list(tuples(Staff.select(Staff.id).where(Staff.name == "nobody"))) == []


def test_pairs_maps_first_column_to_second(staff: dict[str, int]) -> None:
    active = pairs(Staff.select(Staff.id, Staff.name).where(OURS & Staff.active))
    assert active == {staff["Ana"]: "Ana", staff["Chloé"]: "Chloé"}


def test_pairs_keeps_the_last_row_of_a_repeated_key(staff: dict[str, int]) -> None:
    by_flag = pairs(Staff.select(Staff.active, Staff.name).where(OURS).order_by(Staff.name))
    assert by_flag == {True: "Chloé", False: "Ben"}


def test_row_gives_the_one_row_of_an_aggregate(staff: dict[str, int]) -> None:
    count, first, last = row(
        Staff.select(
            peewee.fn.COUNT(Staff.id), peewee.fn.MIN(Staff.id), peewee.fn.MAX(Staff.id)
        ).where(OURS)
    )
    assert (count, first, last) == (3, min(staff.values()), max(staff.values()))


def test_row_of_nothing_raises_does_not_exist(staff: dict[str, int]) -> None:
    with pytest.raises(peewee.DoesNotExist):
        row(Staff.select(Staff.id).where(Staff.name == "nobody"))
