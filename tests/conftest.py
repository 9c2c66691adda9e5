"""Fixtures shared by every test: a fresh SQLite database file per test, data folder in tmp.

The offscreen Qt platform is chosen here, before any QApplication exists, so GUI tests run on
machines with no display and nobody has to set it by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from tests.postgres_server import PostgresServer, PostgresUnavailable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user data folder, settings or database."""
    monkeypatch.setenv("SHOPCRM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SHOPCRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("SHOPCRM_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[peewee.Database]:
    """A freshly migrated shop database (a real SQLite file), bound to the models."""
    from shopcrm.db import close, open_database

    database = open_database(str(db_path))
    yield database
    close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The test run's PostgreSQL server (see :mod:`tests.postgres_server`), started on first use.
    Missing binaries skip the PostgreSQL tests locally and fail them under ``CI=true``."""
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)
