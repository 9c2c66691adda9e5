"""Storage: peewee models over SQLite (default) or PostgreSQL, migrations and the search index.

Nothing here imports Qt; ``core`` is the only caller.
"""

from __future__ import annotations

import peewee

from shopcrm.db.connection import (
    DatabaseLocation,
    DatabaseLocationError,
    close,
    connect,
    database,
    is_sqlite,
    parse_location,
    placeholders,
    read_snapshot,
    start_background_checkpoints,
    write_transaction,
)
from shopcrm.db.migrations import SchemaTooNewError, migrate
from shopcrm.db.storage_errors import StorageError, StorageKind

__all__ = [
    "DatabaseLocation",
    "DatabaseLocationError",
    "SchemaTooNewError",
    "StorageError",
    "StorageKind",
    "close",
    "database",
    "is_sqlite",
    "open_database",
    "parse_location",
    "placeholders",
    "read_snapshot",
    "start_background_checkpoints",
    "write_transaction",
]


def open_database(location: DatabaseLocation | str) -> peewee.Database:
    """Open the shop's database, bind the models to it and apply pending migrations.

    ``location`` is a SQLite file or a ``postgresql://`` URL. Refuses unusable places (and
    another program's database) with :class:`DatabaseLocationError`; a damaged, locked or
    unreadable file, or a server that cannot be reached, gives :class:`StorageError`; both
    are :class:`~shopcrm.errors.ShopError` and print on one line."""
    if isinstance(location, str):
        location = parse_location(location)
    db = connect(location)
    try:
        migrate(db)
    except BaseException:
        if not db.is_closed():
            db.close()
        raise
    return db
