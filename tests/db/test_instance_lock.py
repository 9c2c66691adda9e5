"""One app per SQLite shop: the lock beside the file, who holds it, and a killed holder.

SQLite-only: the lock is a file beside a SQLite shop (``db_path``); PostgreSQL shops are not
locked. The other holder is always a real second process, as another app would be.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopcrm.db import StorageError, StorageKind
from shopcrm.db.instance_lock import AlreadyOpenError, InstanceLock, holder, lock_path
from shopcrm.errors import ShopError

#: A second process that holds the shop's lock until it is killed or its stdin closes.
HOLD = """
import sys
from shopcrm.db.instance_lock import InstanceLock
with InstanceLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""

#: A second process that tries to take the lock once: prints what it was told.
TRY = """
import sys
from shopcrm.db.instance_lock import AlreadyOpenError, InstanceLock
try:
    InstanceLock(sys.argv[1]).acquire()
except AlreadyOpenError as exc:
    print(exc)
    sys.exit(1)
print("acquired")
"""


def _python(code: str, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    here = str(Path(__file__).resolve().parents[2])  # this tree's shopcrm, as the tests import
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-c", code, *args], env=env, text=True, **kwargs
    )


@pytest.fixture
def other_app(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the shop's lock, as a running app does."""
    process = _python(HOLD, str(db_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_the_lock_file_sits_beside_the_shop_and_is_owner_only(db_path: Path) -> None:
    with InstanceLock(db_path) as lock:
        assert lock.held
        assert lock.path == db_path.with_name("shop.sqlite3.lock")
        if os.name == "posix":
            assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
        record = json.loads(lock.path.read_bytes()[1:])
    assert record["pid"] == os.getpid()
    assert record["host"] == socket.gethostname()
    assert not lock.held
    assert lock.path.exists()  # kept: a waiting app and a new one must lock the same file


def test_nobody_holds_a_shop_no_app_has_opened(db_path: Path) -> None:
    assert holder(db_path) is None
    assert not lock_path(db_path).exists()  # asking makes no file
    with InstanceLock(db_path):
        pass
    assert holder(db_path) is None  # released: the words left in the file do not count


def test_holder_names_the_process_and_computer_that_hold_the_shop(
    db_path: Path, other_app: subprocess.Popen[str]
) -> None:
    expected = (
        f"shopcrm is already open on this database (process {other_app.pid}"
        f" on {socket.gethostname()})"
    )
    assert holder(db_path) == expected
    assert holder(str(db_path)) == expected  # the same through a text path
    assert holder(db_path) == expected  # asking again did not erase the holder's words


def test_a_second_app_is_refused_in_one_line_naming_the_first(
    db_path: Path, other_app: subprocess.Popen[str]
) -> None:
    with pytest.raises(AlreadyOpenError) as refused:
        InstanceLock(db_path).acquire()
    message = str(refused.value)
    assert message.startswith(f"shopcrm is already open on this database (process {other_app.pid}")
    assert str(db_path) in message
    assert "\n" not in message
    assert isinstance(refused.value, StorageError) and isinstance(refused.value, ShopError)
    assert refused.value.kind is StorageKind.LOCKED


def test_a_second_process_is_refused_while_this_one_holds_the_shop(db_path: Path) -> None:
    with InstanceLock(db_path):
        second = _python(TRY, str(db_path), stdout=subprocess.PIPE)
        out, _ = second.communicate(timeout=30)
        assert second.returncode == 1
        assert f"(process {os.getpid()} on {socket.gethostname()})" in out
        assert holder(db_path) is not None  # a lock this process holds counts as held
    done = _python(TRY, str(db_path), stdout=subprocess.PIPE)
    assert done.communicate(timeout=30)[0].strip() == "acquired"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_app_does_not_block_the_next_start(
    db_path: Path, other_app: subprocess.Popen[str]
) -> None:
    assert holder(db_path) is not None
    os.kill(other_app.pid, signal.SIGKILL)  # no cleanup of any kind runs
    other_app.wait(timeout=10)
    assert lock_path(db_path).exists()  # the dead app's file, and its words, are still there
    assert holder(db_path) is None
    with InstanceLock(db_path) as lock:
        assert lock.held
        assert json.loads(lock.path.read_bytes()[1:])["pid"] == os.getpid()


def test_a_lock_file_left_readable_is_made_owner_only(db_path: Path) -> None:
    path = lock_path(db_path)
    path.write_bytes(b"\nwhatever an old version left")
    os.chmod(path, 0o644)
    with InstanceLock(db_path):
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"whatever" not in path.read_bytes()


def test_a_holder_whose_words_cannot_be_read_is_still_reported(
    db_path: Path, other_app: subprocess.Popen[str]
) -> None:
    lock_path(db_path).write_bytes(b"\nnot json")
    assert holder(db_path) == "shopcrm is already open on this database"
