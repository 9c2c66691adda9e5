"""Where backups go: the backups folder (``backups/`` in shopcrm's data folder unless the
settings name another), an optional second one (a USB stick), or a folder given once."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from shopcrm.config import data_dir
from shopcrm.core.errors import ShopError
from shopcrm.core.settings import ShopSettings
from shopcrm.core.validation import quoted
from shopcrm.db.private_files import make_private_folder


class BackupFolderError(ShopError):
    """The folder cannot take a backup (not a folder, not writable); nothing was written."""


def main_folder(shop: ShopSettings) -> Path:
    return Path(shop.backup_folder) if shop.backup_folder else data_dir() / "backups"


def second_folder(shop: ShopSettings) -> Path | None:
    return Path(shop.backup_second_folder) if shop.backup_second_folder else None


def ready_folder(folder: Path, *, create: bool) -> Path:
    """``folder``, made (owner-only) when ``create`` and missing; refused when it is not a
    folder shopcrm can write in."""
    shown = quoted(str(folder), 120)
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        if not create:
            raise BackupFolderError(f"there is no folder {shown}") from None
        try:
            make_private_folder(folder)  # and every missing parent, owner-only
        except OSError as exc:
            raise BackupFolderError(f"cannot make the folder {shown}: {exc.strerror}") from None
        return folder
    except (OSError, ValueError) as exc:
        raise BackupFolderError(f"cannot use {shown}: {exc}") from None
    if not stat.S_ISDIR(mode):
        raise BackupFolderError(f"{shown} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupFolderError(f"cannot write in the folder {shown}")
    return folder
