"""The server's environment errors told like SQLite's: one line, the kind, nothing written.

PostgreSQL-only: a read-only server (or database), a login without write rights, another till
holding a lock. (SQLite's file faults are in ``test_storage_errors.py``; a server restarted in
the middle of a session belongs to the reconnection tests.)
"""

from __future__ import annotations

import psycopg
import pytest

from shopcrm.cli import main
from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.db import StorageError, StorageKind, close, open_database
from tests.postgres_server import PostgresServer
from tests.storage_faults import another_till_writing

ADD = ("customers", "add", "--first-name", "Grace", "--json")


@pytest.fixture
def shop(postgres_url: str) -> str:
    open_database(postgres_url)
    customers.add_customer(CustomerInput("Ada", "Lovelace"))
    close()
    return postgres_url


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM customer").fetchone()
    assert row is not None
    return int(row[0])


def test_a_read_only_database_refuses_writes_in_one_line_and_still_reads(
    shop: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name = shop.rsplit("/", 1)[1]
    with psycopg.connect(shop, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    code, out, err = _run(capsys, shop, *ADD)
    assert code != 0 and out == ""
    assert err.startswith("error: the database server does not let shopcrm write to")
    assert err.count("\n") == 1 and "Traceback" not in err
    code, out, err = _run(capsys, shop, "customers", "show", "1", "--json")
    assert code == 0 and "Ada" in out, err
    assert _count(shop) == 1


def test_a_login_without_write_rights_is_read_only(
    shop: str, postgres_server: PostgresServer
) -> None:
    with psycopg.connect(shop, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute("CREATE ROLE reader LOGIN")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    url = shop.replace("postgres@", "reader@")
    open_database(url)
    try:
        assert customers.customer_count() == 1
        with pytest.raises(StorageError) as refused:
            customers.add_customer(CustomerInput("Grace"))
        assert refused.value.kind is StorageKind.READ_ONLY
        assert "\n" not in str(refused.value)
    finally:
        close()
        with psycopg.connect(shop, autocommit=True) as conn:
            conn.execute("DROP OWNED BY reader")
            conn.execute("DROP ROLE reader")
    assert _count(shop) == 1


def test_a_writer_waits_for_another_tills_lock_then_says_busy(
    shop: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.2")
    with another_till_writing(shop):
        code, out, err = _run(capsys, shop, *ADD)
    assert code != 0 and out == ""
    assert err == (
        "error: the database is busy: another till has held it for more than 0.2 seconds;"
        " try again in a moment\n"
    )
    assert _count(shop) == 1
