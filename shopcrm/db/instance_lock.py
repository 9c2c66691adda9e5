"""One app per SQLite shop: the window holds a lock on ``<database>.lock`` while it is open.

Two copies of the app on one file would each keep their own caches, ranks and background
checkpoints and answer the cashier from stale screens; a restore under a running app would
pull the file out from under it. So the GUI holds an operating-system lock for the window's
lifetime (``flock`` on POSIX, ``msvcrt.locking`` on Windows), and a second app, or ``shopcrm
restore``, is told who holds it. The kernel drops such a lock when its process ends, however
it ends, so a crashed or killed app never blocks the next start (a PID file would need
guessing whether an old PID is still ours).

The lock file is owner-only (0600) beside the database. Its holder writes a newline and then
one JSON line with its process id, computer name and start time; the newline is the byte the
Windows lock covers (a locked range cannot be read by others there), so another process can
still read the line after it.

Why not the :mod:`filelock` package, made for this: measured on this machine, importing
filelock 4.3.2 after the app's own imports costs 11-25 ms of every cold start (its 60 modules),
on a start held to 2x a bare window that stands at 1.88x; and its
releases before 3.30 truncate the lock file on every losing attempt, so a second app would
erase the very words it is to show (3.29.0: the file was empty after one refused try). The
two system calls it wraps fit in this module.

PostgreSQL shops are not locked: several tills on one server is the point. Command-line
commands take no lock either (a cashier's app and an owner's script may share the file; SQLite
itself keeps their writes apart); :func:`holder` lets a command that must not run beside an
app (restore) ask first.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from shopcrm.db.private_files import FILE_MODE, tighten
from shopcrm.db.storage_errors import StorageError, StorageKind

__all__ = ["AlreadyOpenError", "InstanceLock", "holder", "lock_path"]

log = logging.getLogger("shopcrm.lock")

LOCK_SUFFIX = ".lock"
_MAX_RECORD = 4096


class AlreadyOpenError(StorageError):
    """Another shopcrm app holds this SQLite shop; the message names its process and computer."""

    def __init__(self, message: str) -> None:
        super().__init__(StorageKind.LOCKED, message)


def lock_path(database_path: Path | str) -> Path:
    """The lock file of a SQLite shop: ``shop.sqlite3.lock`` beside the real file (symlinks
    resolved, so two names for one file share one lock)."""
    real = Path(os.path.abspath(database_path)).resolve()
    return real.with_name(real.name + LOCK_SUFFIX)


_BUSY = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK})

if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Lock byte 0 (``LockFileEx`` through the C runtime); False when another has it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """``flock`` the whole file, not waiting; False when another open file has it. flock
        (unlike ``fcntl``'s record locks, which SQLite uses on the database itself) belongs to
        the open file, so a second open in this very process is refused too."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open(path: Path, create: bool) -> int:
    flags = os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags | (os.O_CREAT if create else 0), FILE_MODE)


def _write_record(fd: int) -> None:
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    os.ftruncate(fd, 1)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, b"\n" + json.dumps(record).encode("utf-8") + b"\n")


def _read_record(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            file.seek(1)  # past the byte a Windows lock covers
            raw = file.read(_MAX_RECORD)
        found = json.loads(raw.decode("utf-8", errors="replace") or "{}")
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _describe(record: dict[str, object]) -> str:
    pid, host = record.get("pid"), record.get("host")
    if isinstance(pid, int) and isinstance(host, str) and host:
        return f"shopcrm is already open on this database (process {pid} on {host[:64]})"
    return "shopcrm is already open on this database"


def holder(database_path: Path | str) -> str | None:
    """Who holds the SQLite shop at ``database_path`` open, in one line (``"shopcrm is already
    open on this database (process 1234 on till-2)"``), or None when no app does.

    Usable without Qt, from any process, this one included (a lock held by this process
    through :class:`InstanceLock` counts as held). A lock left by a killed app is not held:
    the kernel released it. Answers None when the lock file cannot be read at all."""
    path = lock_path(database_path)
    try:
        fd = _open(path, create=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot test the lock %s: %s", path.name, exc.strerror)
        return None
    try:
        if not _try_lock(fd):
            return _describe(_read_record(path))
        _unlock(fd)
        return None
    except OSError as exc:
        log.warning("cannot test the lock %s: %s", path.name, exc.strerror)
        return None
    finally:
        os.close(fd)


class InstanceLock:
    """Hold the SQLite shop at ``database_path`` for this app's lifetime.

    ``with InstanceLock(path):`` (or :meth:`acquire`/:meth:`release`) raises
    :class:`AlreadyOpenError`, naming the holder, when another app has it. A lock file that
    cannot be made at all (a read-only folder) is logged and the app goes on unlocked: opening
    the database there says what is wrong in its own words."""

    def __init__(self, database_path: Path | str) -> None:
        self.database_path = Path(database_path)
        self.path = lock_path(database_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = _open(self.path, create=True)
        except OSError as exc:
            log.warning("no lock file %s: %s", self.path.name, exc.strerror)
            return
        try:
            locked = _try_lock(fd)
            if locked:
                tighten(self.path)  # a lock file left 0644 by hand
                _write_record(fd)
        except OSError as exc:
            os.close(fd)
            log.warning("cannot lock %s: %s", self.path.name, exc.strerror)
            return
        if not locked:
            os.close(fd)
            raise AlreadyOpenError(
                f"{_describe(_read_record(self.path))}: {self.database_path}; switch to that"
                " window, or close it and start again (one app at a time on a shop file;"
                " several tills share a PostgreSQL server)"
            )
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock; the file stays (removing it could let a third app lock a new
        file while a second one waits on the old one)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
