"""Where an export is written: checked first, written into a folder of its own, kept only whole.

``--to DIR`` names a folder that exists (a typo must not scatter the shop into a new folder
somewhere). Every export goes
into a new subfolder ``shopcrm-export-<UTC time>``, so an earlier export is never overwritten
or mixed with a newer one, and is written under a hidden temporary name renamed into place at
the end: a failed, cancelled or interrupted export leaves nothing that looks finished. The
folder and its files are owner-only (they hold every customer). A single file (the mailing
list) is written beside itself and renamed over its name the same way.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from shopcrm.core.errors import ValidationError
from shopcrm.core.validation import quoted
from shopcrm.db.private_files import create_private_file

STAMP = "%Y%m%dT%H%M%SZ"
PREFIX = "shopcrm-export-"


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


def _expanded(raw: str, field: str) -> Path:
    try:
        return Path(raw).expanduser()
    except RuntimeError:  # ~someone who has no account here
        _refuse(field, f"there is no folder {quoted(raw, 120)}")


def checked_folder(text: str | os.PathLike[str]) -> Path:
    """The folder to export into: one that exists and this user may write in."""
    raw = str(text)
    if not raw.strip() or "\0" in raw:
        _refuse("to", "say which folder to export into")
    folder = _expanded(raw, "to")
    shown = quoted(str(folder), 120)
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        _refuse("to", f"there is no folder {shown}")
    except (OSError, ValueError) as exc:
        _refuse("to", f"cannot use {shown}: {exc}")
    if not stat.S_ISDIR(mode):
        _refuse("to", f"{shown} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        _refuse("to", f"cannot write in the folder {shown}")
    return folder


@contextmanager
def fresh_subfolder(folder: Path, now: datetime) -> Iterator[Path]:
    """A hidden, owner-only temporary folder in ``folder`` to write into (then
    :func:`finish`); removed with what is in it when the block ends in an error."""
    stamp = now.strftime(STAMP)
    work = folder / f".{PREFIX}{stamp}.part"
    shutil.rmtree(work, ignore_errors=True)
    os.mkdir(work, 0o700)
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def finish(work: Path, now: datetime) -> Path:
    """Rename the finished ``work`` folder to a name no earlier export has."""
    stamp = now.strftime(STAMP)
    for n in range(1, 1000):
        final = work.parent / (f"{PREFIX}{stamp}" + (f"-{n}" if n > 1 else ""))
        if not final.exists():
            try:
                os.rename(work, final)
                return final
            except OSError:
                continue
    shutil.rmtree(work, ignore_errors=True)
    _refuse("to", "could not name the export's folder")


def private_file(path: Path) -> Path:
    create_private_file(path, must_be_new=True)
    return path


def checked_file(text: str | os.PathLike[str], *, replace: bool) -> Path:
    """A file to write: a new one in a folder that exists, or an ordinary file to replace
    when ``replace``; never a folder, device, pipe or link."""
    raw = str(text)
    if not raw.strip() or "\0" in raw:
        _refuse("out", "say which file to write")
    path = _expanded(raw, "out")
    shown = quoted(str(path), 120)
    try:
        if not path.parent.is_dir():
            _refuse("out", f"there is no folder {quoted(str(path.parent), 120)}")
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    except (OSError, ValueError) as exc:
        _refuse("out", f"cannot use {shown}: {exc}")
    if stat.S_ISLNK(mode):
        _refuse("out", f"{shown} is a link: name the file itself")
    if stat.S_ISDIR(mode):
        _refuse("out", f"{shown} is a folder: name a file in it")
    if not stat.S_ISREG(mode):
        _refuse("out", f"{shown} is not an ordinary file (a device or a pipe?)")
    if not replace:
        _refuse("out", f"{shown} exists already: replace it, or name another file")
    return path
