"""Reading an import's next chunks on a thread of their own (core/importing/read_ahead.py)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from shopcrm.core.importing import import_customers
from shopcrm.core.importing.read_ahead import SWITCH_S, ReadAhead
from shopcrm.core.importing.reader import FileProblem
from shopcrm.core.progress import WorkCancelled


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-read-ahead"]


def test_every_item_comes_in_order() -> None:
    with ReadAhead(iter(range(1000))) as items:
        assert list(items) == list(range(1000))
    assert not _workers()


def test_a_problem_of_the_worker_is_raised_where_reading_in_line_would_raise_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise FileProblem("a broken row", 90_000)

    got: list[int] = []
    with pytest.raises(FileProblem, match="line 90000: a broken row"), ReadAhead(items()) as ahead:
        for item in ahead:
            got.append(item)
    assert got == [1, 2]
    assert not _workers()


def test_stopping_early_stops_the_worker_and_reads_no_further() -> None:
    read: list[int] = []

    def items() -> Iterator[int]:
        for i in range(1_000_000):
            read.append(i)
            yield i

    with ReadAhead(items(), depth=2) as ahead:
        for item in ahead:
            if item == 3:
                break
    assert not _workers()
    # the item handed over, the two queued behind it, and one the worker held when told
    assert len(read) <= 3 + 2 + 1


def test_the_switch_interval_is_shortened_while_reading_and_given_back() -> None:
    before = sys.getswitchinterval()
    with ReadAhead(iter([1])) as ahead:
        assert sys.getswitchinterval() == min(before, SWITCH_S)
        list(ahead)
    assert sys.getswitchinterval() == before


HEADER = "First Name,Last Name,Email Address,Phone Number\n"


def test_an_import_leaves_no_worker_behind(db: peewee.Database, tmp_path: Path) -> None:
    from shopcrm.core.importing.run import chunk_rows

    rows = chunk_rows() + 10
    good = "".join(f"Ann{i},Lee,a{i}@example.com,\n" for i in range(rows))
    path = tmp_path / "good.csv"
    path.write_text(HEADER + good)
    assert import_customers(path).new == rows
    assert not _workers()

    broken = tmp_path / "broken.csv"  # a row the CSV reader rejects, in the second chunk
    broken.write_bytes((HEADER + good).encode() + b'Bo,"Lee\x00,b@example.com,\n')
    with pytest.raises(FileProblem):
        import_customers(broken)
    assert not _workers()

    with pytest.raises(WorkCancelled):
        import_customers(path, cancelled=lambda: True)
    assert not _workers()
