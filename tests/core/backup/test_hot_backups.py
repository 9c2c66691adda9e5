"""Backups taken while another process writes (DESIGN.md §5, both engines): each of 20 backups
verifies, and restores into a database that passes the check and holds every customer the
writer had reported committed before the backup began."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from shopcrm.core.backup import make_backup, restore_backup
from shopcrm.core.check import check_database
from shopcrm.db import close, open_database, parse_location
from shopcrm.db.models import Customer

_WRITER = """
import sys
from shopcrm.db import open_database
from shopcrm.core.customers import CustomerInput, add_customer
open_database(sys.argv[1])
for i in range(1_000_000):
    card = add_customer(CustomerInput(first_name=f"Hot{i}", last_name="Writer"))
    print(card.id, flush=True)
"""
BACKUPS = 20


class Writer:
    """The other process, and the ids it has reported committed."""

    def __init__(self, location: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, location],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.ids: list[int] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.ids.append(int(line))

    def acknowledged(self) -> set[int]:
        with self.lock:
            return set(self.ids)

    def wait_for(self, count: int) -> None:
        while len(self.acknowledged()) < count:
            assert self.process.poll() is None, "the writer stopped"
            threading.Event().wait(0.01)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.reader.join(5)


def _restored_location(
    backend: str, tmp_path: Path, number: int, request: pytest.FixtureRequest
) -> str:
    if backend == "sqlite":
        return str(tmp_path / f"restored-{number}.sqlite3")
    url = str(request.getfixturevalue("postgres_server").create_database())
    open_database(url)  # a new shop there, which the restore replaces
    close()
    return url


def test_backups_during_writes_restore_every_acknowledged_row(
    shop_location: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    open_database(shop_location)
    close()
    writer = Writer(shop_location)
    taken: list[tuple[Path, set[int]]] = []
    folder = tmp_path / "hot"
    folder.mkdir()
    try:
        open_database(shop_location)
        for number in range(BACKUPS):
            writer.wait_for(5 * (number + 1))
            before = writer.acknowledged()
            result = make_backup(folder)
            assert result.record.verified
            taken.append((result.record.path, before))
        close()
    finally:
        writer.stop()
    assert len({len(ids) for _, ids in taken}) > BACKUPS // 2, "the writer did not keep up"
    for number, (backup, acknowledged) in enumerate(taken):
        target = _restored_location(backend, tmp_path, number, request)
        restore_backup(backup, parse_location(target))
        open_database(target)
        try:
            assert check_database().ok
            present = {c.id for c in Customer.select(Customer.id)}
            assert acknowledged <= present, f"backup {number} lost committed customers"
        finally:
            close()
            if backend == "postgresql":
                request.getfixturevalue("postgres_server").drop_database(target)
