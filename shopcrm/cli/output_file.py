"""Files the command line writes (the vouchers' PDF): checked first, then written whole.

``--out`` must name a new ordinary file in a folder that exists, or an ordinary file to replace
when ``--force`` says so: never a folder, a device (``/dev/full`` run as root would otherwise be
replaced by a PDF) or a pipe, and never through a link. The file is written to a temporary file
beside it and renamed over it at the end, so a failed or interrupted run leaves what was there.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _refuse(message: str) -> None:
    from shopcrm.core.errors import ValidationError

    raise ValidationError({"out": message})


def _shown(path: Path | str) -> str:
    from shopcrm.core.validation import quoted

    return quoted(str(path), 120)


def checked_output(text: str, *, force: bool) -> Path:
    """The file ``--out`` names, once it is safe to write; :class:`ValidationError` otherwise."""
    if not text.strip():
        _refuse("say which file to write, e.g. --out vouchers.pdf")
    path = Path(text).expanduser()
    folder = path.parent
    if not folder.is_dir():
        _refuse(f"there is no folder {_shown(folder)}")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(mode):
        _refuse(f"{_shown(path)} is a link: name the file itself")
    elif stat.S_ISDIR(mode):
        _refuse(f"{_shown(path)} is a folder: name a file in it")
    elif not stat.S_ISREG(mode):
        _refuse(f"{_shown(path)} is not an ordinary file (a device or a pipe?)")
    elif not force:
        _refuse(f"{_shown(path)} exists already: add --force to replace it")
    return path


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; renamed over ``path`` when the block
    ends without an error, removed otherwise."""
    from shopcrm.core.errors import ShopError

    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ShopError(f"cannot write in {_shown(path.parent)}: {exc.strerror}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(_mode_for(path))
        os.replace(temporary, path)
    except OSError as exc:
        raise ShopError(f"could not write {_shown(path)}: {exc.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets (mkstemp makes it private)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
