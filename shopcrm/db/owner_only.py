"""Files only the computer's owner account may read: a backup holds every customer's name,
phone and spending, so it is created ``0o600`` before anything is written into it.

The file is made with ``O_CREAT | O_EXCL`` (never through a link or over a file that is
there already, which another account may have planted) and closed again; SQLite then opens
the empty file and writes the database into it, keeping its mode.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY = 0o600


def create_owner_only(path: Path) -> None:
    """Make the new, empty file ``path`` readable and writable by its owner alone.
    :class:`FileExistsError` when something is there already; other :class:`OSError` as is."""
    handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY)
    os.close(handle)
