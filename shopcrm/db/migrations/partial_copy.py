"""The temporary file a pre-upgrade backup is made in, and the leftovers of killed attempts.

A copy in the making is ``<backup name>.<random>.partial``: nothing takes it for a backup, and
two attempts in the same second never share one. Its maker holds it open from its creation to
its rename, with an exclusive ``flock`` on POSIX systems, which the kernel lets go of when the
maker dies, however it dies. So the next upgrade can tell a killed attempt's copy (nobody
holds it) from another till's copy in the making (held, for minutes while a 3 GB copy is
verified) and removes the first kind at once, whatever it weighs, instead of leaving it until
the next version. On Windows a file held open cannot be removed at all, which gives the same
answer without a lock. A copy is also left alone for its first :data:`FRESH_S` seconds: the
moment between its creation and its lock.

``flock`` locks are apart from the POSIX record locks SQLite takes on the same file, and the
descriptor is closed only once SQLite has closed its own (closing a descriptor drops the
process's record locks on that file).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PARTIAL = ".partial"
#: A leftover younger than this is never removed: its maker may be about to lock it.
FRESH_S = 5.0
_SIDECARS = ("-journal", "-wal", "-shm")


def hold(path: Path) -> int:
    """Open ``path`` (just made owner-only by :mod:`shopcrm.db.private_files`) and lock it as
    a copy in the making; the descriptor to :func:`release` once the copy is renamed or
    removed."""
    fd = os.open(path, os.O_RDWR)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise
    return fd


def release(fd: int) -> None:
    os.close(fd)  # the lock goes with it


def remove(partial: Path) -> None:
    """Remove a copy in the making and whatever SQLite kept beside it, the copy last, so an
    attempt killed meanwhile leaves something the next one finds."""
    for suffix in (*_SIDECARS, ""):
        # Held open elsewhere (Windows): a later upgrade removes it.
        with contextlib.suppress(OSError):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def abandoned(partial: Path) -> bool:
    """Nobody holds ``partial``: its maker was killed (or failed to remove it)."""
    if fcntl is None:
        return True  # Windows: removing a copy still held open fails, which is the answer
    try:
        fd = os.open(partial, os.O_RDONLY)
    except OSError:
        return False  # gone meanwhile
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def remove_leftovers(database_file: Path, now: float | None = None) -> list[Path]:
    """Remove the copies in the making of ``database_file``'s backups that killed attempts
    left (see the module docstring), and any journal left beside no copy; the paths removed."""
    now = time.time() if now is None else now
    removed = []
    pattern = f"{database_file.stem}.v*-backup-*{PARTIAL}"
    for path in sorted(database_file.parent.glob(pattern + "*")):
        copy = Path(str(path)[: str(path).rindex(PARTIAL) + len(PARTIAL)])
        try:
            fresh = now - path.stat().st_mtime < FRESH_S
        except OSError:
            continue
        if fresh or (path == copy and not abandoned(copy)) or (path != copy and copy.exists()):
            continue  # a copy in the making, or a journal its copy's removal takes along
        remove(copy)
        if not path.exists():
            removed.append(path)
    return removed
