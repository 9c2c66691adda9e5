"""Opening a shop on a PostgreSQL server: credentials through libpq's own means, a password
never written anywhere, clear one-line errors, a new database set up, another program's refused.

PostgreSQL-only by nature (libpq, a server's logins): the tests here need the run's server.
A login with a password is added to it for them (every other login of the test server is
trusted), so ``PGPASSWORD``, ``.pgpass`` and a service file are really asked for one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from shopcrm.db import DatabaseLocationError, StorageError, StorageKind, close, open_database
from shopcrm.db.migrations import LATEST, current_version
from tests.postgres_server import PostgresServer

PASSWORD = "s3cret-Pa55"
SHOPCRM = (sys.executable, "-m", "shopcrm")


@dataclass(frozen=True)
class Login:
    user: str
    host: str
    port: int
    database: str

    @property
    def url(self) -> str:
        """The URL with no password in it."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"


@pytest.fixture(scope="module")
def login(postgres_server: PostgresServer) -> Iterator[Login]:
    """A user who needs a password, owning a fresh database."""
    user = f"till_{os.getpid()}"
    postgres_server.add_password_user(user, PASSWORD)
    parts = urlsplit(postgres_server.admin_url)
    name = f"pw_{os.getpid()}"
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER {user}")
    found = Login(user, parts.hostname or "127.0.0.1", parts.port or 5432, name)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the server reads its new login rules after a signal
        try:
            psycopg.connect(found.url, connect_timeout=2).close()
        except psycopg.OperationalError:
            break
        time.sleep(0.05)
    yield found
    close()
    postgres_server.drop_database(postgres_server.url_for(name))


@pytest.fixture
def no_libpq_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGPASSWORD", "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no.pgpass"))


def _opens(url: str) -> int:
    db = open_database(url)
    try:
        return current_version(db)
    finally:
        close()


def test_the_password_comes_from_pgpassword(
    login: Login, no_libpq_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert _opens(login.url) == LATEST


def test_the_password_comes_from_a_pgpass_file(
    login: Login, no_libpq_settings: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{login.host}:{login.port}:*:{login.user}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert _opens(login.url) == LATEST


@pytest.mark.parametrize("how", ["url", "environment"])
def test_a_service_file_names_the_server(
    login: Login,
    no_libpq_settings: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    how: str,
) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[shop]\nhost={login.host}\nport={login.port}\nuser={login.user}\n"
        f"dbname={login.database}\npassword={PASSWORD}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    if how == "environment":
        monkeypatch.setenv("PGSERVICE", "shop")
    assert _opens("postgresql:///?service=shop" if how == "url" else "postgresql://") == LATEST


def test_a_wrong_password_is_one_clear_line(
    login: Login, no_libpq_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(StorageError) as refused:
        open_database(login.url)
    assert refused.value.kind is StorageKind.UNREACHABLE
    assert "refused the login" in str(refused.value) and ".pgpass" in str(refused.value)
    assert "\n" not in str(refused.value) and "wrong" not in str(refused.value)


def test_sslmode_in_the_url_reaches_libpq(login: Login, no_libpq_settings: None) -> None:
    """The test server has no TLS: ``sslmode=require`` must fail, ``disable`` must not."""
    with_password = login.url.replace(f"{login.user}@", f"{login.user}:{PASSWORD}@")
    assert _opens(with_password + "?sslmode=disable") == LATEST
    with pytest.raises(StorageError) as refused:
        open_database(with_password + "?sslmode=require")
    assert refused.value.kind is StorageKind.UNREACHABLE
    message = str(refused.value)
    assert "\n" not in message and PASSWORD not in message
    assert "SSL" in refused.value.detail and PASSWORD not in refused.value.detail


def test_a_server_that_cannot_be_reached_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as refused:
        open_database(f"postgresql://till:{PASSWORD}@127.0.0.1:1/shop")
    message = str(refused.value)
    assert refused.value.kind is StorageKind.UNREACHABLE
    assert message.startswith("cannot reach the database server postgresql://127.0.0.1:1/shop")
    assert "\n" not in message and PASSWORD not in message


def test_the_cli_says_so_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SHOPCRM, "--db", f"postgresql://u:{PASSWORD}@127.0.0.1:1/x", "customers", "search", "a"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "cannot reach" in done.stderr
    assert "Traceback" not in done.stderr and PASSWORD not in done.stderr


def test_a_database_that_is_not_there_is_named(postgres_server: PostgresServer) -> None:
    with pytest.raises(StorageError, match="no such database") as refused:
        open_database(postgres_server.url_for("no_such_shop"))
    assert "\n" not in str(refused.value)


def test_an_empty_database_gets_the_schema(postgres_url: str) -> None:
    assert _opens(postgres_url) == LATEST
    assert _opens(postgres_url) == LATEST  # and opens again as it is


def test_another_programs_database_is_refused_and_left_alone(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT)")
        conn.execute("INSERT INTO recipe VALUES ('bread')")
    with pytest.raises(DatabaseLocationError, match="another program") as refused:
        open_database(postgres_url)
    assert "recipe" in str(refused.value) and "\n" not in str(refused.value)
    with psycopg.connect(postgres_url) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        assert tables == ["recipe"]


def test_a_password_in_the_url_is_written_nowhere(
    login: Login, no_libpq_settings: None, tmp_path: Path
) -> None:
    """The app started on a URL with a password (logs on), then the CLI: neither the log
    folder, the settings folder nor the shop's database holds the password afterwards."""
    with_password = login.url.replace(f"{login.user}@", f"{login.user}:{PASSWORD}@")
    env = dict(os.environ, SHOPCRM_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    code = "import sys; from shopcrm.ui.app import run; sys.exit(run(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, with_password], env=env, timeout=120, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert PASSWORD.encode() not in done.stderr + done.stdout
    cli = subprocess.run(
        [*SHOPCRM, "--db", with_password, "customers", "add", "--first-name", "Ann"],
        env=env,
        timeout=60,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    written = [p for folder in ("data", "config") for p in (tmp_path / folder).rglob("*")]
    assert any(p.suffix == ".log" for p in written)  # the app did write its log
    for path in written:
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    with psycopg.connect(with_password) as conn:
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')"
        ).fetchall():
            hits = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE %s', (f"%{PASSWORD}%",)
            ).fetchone()
            assert hits == (0,), (table, column)
