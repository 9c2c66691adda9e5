"""Fixtures shared by every test: a fresh shop database per test, data folder in tmp.

Every test that touches shop data runs twice, on SQLite and on PostgreSQL (test ids
``[sqlite]`` and ``[postgresql]``): ``db`` is the shop opened and bound to the models,
``shop_location`` where it lives (a file path or a URL), for tests that pass ``--db`` or open
the database themselves. On SQLite that is a new file in ``tmp_path``; on PostgreSQL the run's
one migrated shop, put back to a fresh shop after the test (see :mod:`tests.postgres_shop`).
Tests that are about SQLite files as such (paths, WAL, file crash-safety, file backups, file
faults) keep ``db_path`` and say so in their module docstring.

The offscreen Qt platform is chosen here, before any QApplication exists, so GUI tests run on
machines with no display and nobody has to set it by hand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from tests.postgres_server import PostgresServer, PostgresUnavailable
from tests.postgres_shop import PostgresShop

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


#: The engines every shop-data test runs on; ``SHOPCRM_TEST_BACKENDS=sqlite`` narrows a local
#: run to one (CI runs both).
BACKENDS = tuple(
    name
    for name in os.environ.get("SHOPCRM_TEST_BACKENDS", "sqlite,postgresql").split(",")
    if name in ("sqlite", "postgresql")
) or ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine this run of the test is on."""
    return str(request.param)


@pytest.fixture
def shop_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Where this test's fresh shop lives: a SQLite file (not made yet) or a PostgreSQL URL
    (migrated, and a fresh shop again after the test)."""
    if backend == "sqlite":
        yield str(tmp_path / "shop.sqlite3")
        return
    shop: PostgresShop = request.getfixturevalue("postgres_shop")
    try:
        yield shop.url
    finally:
        from shopcrm.db import close

        let_running_ops_end()
        close()
        shop.reset()


@pytest.fixture
def empty_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a new, empty database is, for tests of migrations and first opens: a SQLite file
    not made yet, or a new empty PostgreSQL database (``postgres_url``)."""
    if backend == "sqlite":
        return str(tmp_path / "empty.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(shop_location: str) -> Iterator[peewee.Database]:
    """A freshly migrated shop database (a real SQLite file or PostgreSQL database), bound
    to the models."""
    from shopcrm.db import close, open_database

    database = open_database(shop_location)
    yield database
    let_running_ops_end()
    close()


def let_running_ops_end(timeout_s: float = 60.0) -> None:
    """Slow work a window started (:mod:`shopcrm.ui.ops`) and its test did not wait for ends
    before the test's database goes: otherwise a worker still reading would meet the next
    test's database (once: "no such table: staff", a refresh of the voucher batches after a
    void, delivered during the next test's setup). Nothing to do when no window ran."""
    ops = sys.modules.get("shopcrm.ui.ops")
    if ops is not None:
        ops.let_running_end(timeout_s)


@pytest.fixture(scope="session")
def postgres_shop(postgres_server: PostgresServer) -> Iterator[PostgresShop]:
    """The run's one migrated PostgreSQL shop (see :mod:`tests.postgres_shop`)."""
    shop = PostgresShop.create(postgres_server)
    yield shop
    shop.close()


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


@pytest.fixture(scope="session")
def restartable_server() -> Iterator[PostgresServer]:
    """A second throwaway server, for the tests that restart or stop it: doing that to the
    run's server would cut every other test's connection, the shared shop's included.
    A commit here survives a crash of the server (not of the machine): those tests count
    what was committed before the restart."""
    try:
        server = PostgresServer.start("-c synchronous_commit=on")
    except PostgresUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(str(exc))
    if server.folder is None:
        pytest.skip("SHOPCRM_TEST_POSTGRES_URL names a server these tests cannot restart")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)
