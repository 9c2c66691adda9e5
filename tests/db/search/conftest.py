"""Every search test here runs on both engines: the ``db`` fixture is parametrised.

On SQLite it is the suite's freshly migrated shop file. On PostgreSQL it is a new empty
database holding the ``customer`` table (and ``staff``, which it refers to) plus the search
schema, made here until the migrations run on PostgreSQL too; then this fixture gives way to
the suite's own parametrised one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import peewee
import pytest

from shopcrm.db import close, open_database
from shopcrm.db.connection import database
from shopcrm.db.models import Customer, Staff
from shopcrm.db.search.postgres_schema import create_postgres_search_schema


def postgres_database(url: str) -> peewee.PostgresqlDatabase:
    parts = urlsplit(url)
    return peewee.PostgresqlDatabase(
        unquote(parts.path.lstrip("/")),
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname,
        port=parts.port,
        prefer_psycopg3=True,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[peewee.Database]:
    if request.param == "sqlite":
        yield open_database(str(db_path))
        close()
        return
    pg = postgres_database(request.getfixturevalue("postgres_url"))
    pg.connect()
    database.initialize(pg)
    with pg.atomic():
        pg.create_tables([Staff, Customer])
        create_postgres_search_schema(pg)
    yield pg
    close()
