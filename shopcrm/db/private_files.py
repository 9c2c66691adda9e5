"""The shop's files are the owner's alone: files 0600, folders 0700 on POSIX.

A shop's database holds its customers' names, phone numbers and visits. Left to the umask, a
new file is 0644 in a 0755 folder (measured on this tree before this module: any account on
the till could copy the shop). SQLite gives a database's ``-wal`` and ``-shm`` the database
file's own mode (``robust_open`` with the main file's ``st_mode``), so making the database file
owner-only before SQLite opens it is enough for all three; the same holds for a backup file made
with ``sqlite3.Connection.backup`` into a file created here first.

Tightening touches only what this user owns and only bits that let others in; it never makes
a file less readable to its owner. On Windows ``os.chmod`` only sets the read-only flag and a
file's privacy is its folder's ACL, so nothing here changes a mode there and nothing fails.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
#: The files SQLite keeps beside a database while it is open.
SIDECARS = ("-wal", "-shm", "-journal")

_POSIX = os.name == "posix"


def create_private_file(path: Path | str, *, must_be_new: bool = False) -> bool:
    """Create ``path`` empty and owner-only if it does not exist; True when it was made here.

    ``O_EXCL`` makes the creation and the mode one step, so no other account can open the
    file between its creation and a later chmod. An existing file is left as it is (see
    :func:`tighten`), or, with ``must_be_new`` (a copy in the making, which must never reuse
    a file another account may have planted), is a :class:`FileExistsError`. For a backup:
    ``create_private_file(target, must_be_new=True)`` then ``sqlite3.connect(target)`` and
    ``source.backup(that)``; SQLite keeps the file's mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        if must_be_new:
            raise
        return False
    os.close(fd)
    return True


def tighten(path: Path | str) -> bool:
    """Take group and world access off ``path`` when this user owns it; True when it changed.

    A missing file, another user's file, or a file already owner-only is left alone; so is
    everything on Windows."""
    if not _POSIX:
        return False
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    if info.st_uid != os.geteuid() or not info.st_mode & 0o077:
        return False
    private = stat.S_IMODE(info.st_mode) & ~0o077
    os.chmod(path, private)
    return True


def tighten_database(path: Path | str) -> None:
    """Tighten a shop's database file and the ``-wal``/``-shm``/``-journal`` beside it (an
    upgraded install's file was made 0644 by the umask)."""
    for name in (str(path), *(f"{path}{suffix}" for suffix in SIDECARS)):
        with suppress(PermissionError):  # on a file we may read but not chmod: keep working
            tighten(name)


def private_database_file(path: Path | str) -> None:
    """Before SQLite opens ``path``: create it owner-only when new, else tighten it and its
    sidecars, so the ``-wal`` and ``-shm`` SQLite makes next are owner-only too."""
    if not create_private_file(path):
        tighten_database(path)


def make_private_folder(folder: Path | str) -> None:
    """Create ``folder`` (and any missing parents) 0700; each folder made here is owner-only,
    whatever the umask. An existing folder is left as it is: it may be the user's own."""
    folder = Path(folder)
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if _POSIX:
        for made in missing:  # mkdir's parents get the umask's mode, not ``mode``
            with suppress(OSError):
                tighten(made)
