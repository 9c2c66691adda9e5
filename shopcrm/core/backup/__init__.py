"""Backups the shop can trust: rolling, verified, pruned, listed, and restorable.

- :func:`make_backup` — one backup of the open shop, written under a temporary name, read
  back and only then renamed into place (:mod:`.making`); "only when data changed" by the
  shop's change marker;
- :func:`list_backups` — every backup in the backups folders, failed ones too (:mod:`.listing`);
- :func:`restore_backup` — a backup checked, then put back by one rename, the database as
  it was backed up first (:mod:`.restoring`);
- :mod:`.retention` — which rolling backups are kept (12 daily, 10 weekly, 9 monthly);
- :mod:`.records` — what is known of each backup, in a JSON file beside it.

A PostgreSQL shop is backed up into the same kind of file, a SQLite shop, from one
REPEATABLE READ snapshot; that file restores into PostgreSQL and also opens as a SQLite shop.
"""

from shopcrm.core.backup.folders import BackupFolderError, main_folder, second_folder
from shopcrm.core.backup.listing import BackupEntry, list_backups
from shopcrm.core.backup.making import BackupFailed, BackupResult, make_backup, prune
from shopcrm.core.backup.records import BEFORE_RESTORE, MANUAL, ROLLING, BackupRecord
from shopcrm.core.backup.restoring import (
    RestoreRefused,
    RestoreResult,
    app_holding,
    check_backup_file,
    restore_backup,
)
from shopcrm.core.backup.retention import Retention

__all__ = [
    "BEFORE_RESTORE",
    "MANUAL",
    "ROLLING",
    "BackupEntry",
    "BackupFailed",
    "BackupFolderError",
    "BackupRecord",
    "BackupResult",
    "RestoreRefused",
    "RestoreResult",
    "Retention",
    "app_holding",
    "check_backup_file",
    "list_backups",
    "main_folder",
    "make_backup",
    "prune",
    "restore_backup",
    "second_folder",
]
