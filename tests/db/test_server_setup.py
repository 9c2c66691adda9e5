"""What the README's "Two tills or more" tells a shop to do, done to a real server: a user with
a password checked by SCRAM (``scram-sha-256`` in pg_hba.conf), the password given through
``~/.pgpass`` or ``PGPASSWORD`` and never in the URL, and a backup by ``pg_dump`` put back by
``pg_restore`` into a shop that checks clean. (PostgreSQL only, on this run's restartable
server, whose login rules these tests change.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from shopcrm.core import visits
from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.errors import StorageError, StorageKind
from shopcrm.db import close, open_database
from tests.postgres_server import PostgresServer

USER, PASSWORD = "shop_till", "c0rrect horse:battery"


@pytest.fixture
def scram_url(restartable_server: PostgresServer) -> Iterator[str]:
    """An empty database owned by a user who logs in with a password over TCP (SCRAM)."""
    assert restartable_server.folder is not None
    admin = restartable_server.admin_url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
    url = restartable_server.create_database()
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} OWNER TO {USER}")
    hba = restartable_server.folder / "data" / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text(f"host {name} {USER} 127.0.0.1/32 scram-sha-256\n{before}")
    restartable_server.reload()
    parts = urlsplit(url)
    yield urlunsplit((parts.scheme, f"{USER}@{parts.hostname}:{parts.port}", parts.path, "", ""))
    close()
    hba.write_text(before)
    restartable_server.reload()
    restartable_server.drop_database(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP ROLE {USER}")


def test_the_password_comes_from_pgpass_or_pgpassword_never_the_url(
    scram_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "nowhere"))
    with pytest.raises(StorageError) as caught:
        open_database(scram_url)
    assert caught.value.kind is StorageKind.UNREACHABLE
    assert str(caught.value).startswith("the database server refused the login to postgresql://")
    assert PASSWORD not in str(caught.value)

    parts = urlsplit(scram_url)
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(
        f"{parts.hostname}:{parts.port}:{parts.path.lstrip('/')}:{USER}:"
        + PASSWORD.replace(":", "\\:")
        + "\n"
    )
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_database(scram_url)  # the empty database gets the schema on first open
    ada = add_customer(CustomerInput("Ada", "Lovelace")).id
    close()

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "nowhere"))
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    open_database(scram_url)
    assert [c.id for c in search_customers("ada")] == [ada]


def test_pg_dump_and_pg_restore_keep_the_shop(
    restartable_server: PostgresServer, tmp_path: Path
) -> None:
    url = restartable_server.create_database()
    copy_url = restartable_server.create_database()
    try:
        open_database(url)
        ada = add_customer(CustomerInput("Ada", "Lovelace")).id
        visits.log_visit(ada, amount_minor=1250)
        close()
        dump = tmp_path / "shopcrm.dump"
        run = restartable_server.tool
        run("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={url}")
        run("pg_restore", "--no-owner", f"--dbname={copy_url}", str(dump))

        open_database(copy_url)
        assert check_database().ok
        assert [c.id for c in search_customers("lovelace")] == [ada]
        assert visits.log_visit(ada, amount_minor=300).id == 2  # sequences came along
    finally:
        close()
        restartable_server.drop_database(url)
        restartable_server.drop_database(copy_url)
