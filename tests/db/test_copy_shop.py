"""``shopcrm migrate-to``: a demo shop (visits, loyalty, vouchers) copied from its SQLite file
into an empty PostgreSQL database, verified, and then used as a shop; the file untouched; a
second copy into the now full database refused. (From SQLite to PostgreSQL by nature: the
source is a file, the target a server of the run.)"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.core import visits, vouchers
from shopcrm.core.check import check_database
from shopcrm.core.customers import search_customers
from shopcrm.db import close, open_database
from shopcrm.db.models import Visit, Voucher
from shopcrm.db.table_checksum import Checksum, normaliser

QUERIES = ("mar", "smith", "jo", "07")


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    from shopcrm.demo.shop import generate_demo_shop
    from shopcrm.demo.vouchers import add_demo_vouchers

    path = tmp_path / "shop" / "demo.sqlite3"
    path.parent.mkdir()
    open_database(str(path))
    add_demo_vouchers(generate_demo_shop(300, seed=7), seed=7)
    close()
    return path


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _sqlite_counts(path: Path) -> dict[str, int]:
    shop = sqlite3.connect(path)
    names = [
        r[0]
        for r in shop.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] != "schema_migration" and not r[0].startswith(("search_", "sqlite_"))
    ]
    counts = {n: shop.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    counts["search_doc"] = shop.execute("SELECT count(*) FROM search_doc").fetchone()[0]
    shop.close()
    return counts


def _searches() -> dict[str, list[int]]:
    return {q: [hit.id for hit in search_customers(q)] for q in QUERIES}


def test_a_demo_shop_is_copied_verified_and_works_there(
    demo_file: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(str(demo_file))
    found_on_sqlite = _searches()
    open_vouchers = [
        v.code
        for v in Voucher.select().where(Voucher.redeemed_at.is_null() & Voucher.voided_at.is_null())
    ]
    close()
    before = _fingerprint(demo_file.parent)
    counts = _sqlite_counts(demo_file)
    assert counts["visit"] > 1_000 and counts["loyalty_entry"] > 0 and counts["voucher"] > 0

    assert main(["--db", str(demo_file), "migrate-to", postgres_url, "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["verified"] is True
    assert {name: t["rows"] for name, t in result["tables"].items()} == counts
    assert result["rows"] == sum(counts.values())
    assert err == ""
    assert _fingerprint(demo_file.parent) == before  # not a byte changed, no -wal or -shm

    open_database(postgres_url)
    assert check_database().ok
    assert _searches() == found_on_sqlite
    customer_id = found_on_sqlite["mar"][0]
    logged = visits.log_visit(customer_id, amount_minor=1500)
    assert logged.id > max(counts["visit"], 0)  # the sequence moved past the copied ids
    assert Visit.select().count() == counts["visit"] + 1
    code = next(
        c for c in open_vouchers if Voucher.get(Voucher.code == c).batch.expires_on >= date.today()
    )
    redeemed = vouchers.redeem(code, till="till 2")
    assert redeemed.voucher.status == "redeemed"
    close()

    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "is not empty (its table" in err and "copies a shop only into an empty database" in err
    assert _fingerprint(demo_file.parent) == before


def test_the_text_result_and_the_refusals(
    demo_file: Path, postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite3"
    assert main(["--db", str(demo_file), "migrate-to", str(other)]) == 1
    assert "give a postgresql:// URL" in capsys.readouterr().err
    assert not other.exists()

    assert main(["--db", postgres_url, "migrate-to", postgres_url]) == 1
    assert "migrate-to copies a SQLite shop" in capsys.readouterr().err

    wal = Path(f"{demo_file}-wal")
    wal.write_bytes(b"in use")
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 1
    assert "is in use" in capsys.readouterr().err
    wal.unlink()

    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Copied {sum(_sqlite_counts(demo_file).values()):,} rows of")
    assert "verified: the row count and checksum of each of its" in err


def test_the_checksum_reads_both_engines_alike_and_sees_a_changed_value() -> None:
    from datetime import UTC, datetime

    kinds = ["integer", "timestamp without time zone", "boolean", "text", "date"]
    sqlite_rows = [(1, "2024-03-01 10:00:00", 1, "Ada", "2024-03-31"), (2, None, 0, "", None)]
    postgres_rows = [
        (1, datetime(2024, 3, 1, 10, tzinfo=UTC), True, "Ada", date(2024, 3, 31)),
        (2, None, False, "", None),
    ]
    digests = []
    for rows in (sqlite_rows, postgres_rows, [sqlite_rows[0], (2, None, 0, "None", None)]):
        checksum = Checksum([normaliser(k) for k in kinds])
        checksum.add(rows)
        digests.append(checksum.hexdigest())
    assert digests[0] == digests[1] != digests[2]


def test_a_row_that_does_not_fit_stops_the_copy_and_keeps_nothing(
    demo_file: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = sqlite3.connect(demo_file)  # SQLite lets a column hold what PostgreSQL refuses
    shop.execute("UPDATE visit SET amount_minor = 'twelve' WHERE id = 7")
    shop.commit()
    shop.close()  # closed: its write-ahead log goes back into the file
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: the SQLite shop's table visit holds a value that does not fit")
    assert count_rows(postgres_url) == 0

    shop = sqlite3.connect(demo_file)
    shop.execute("UPDATE visit SET amount_minor = 1200 WHERE id = 7")
    shop.execute("UPDATE customer SET first_name = ? WHERE id = 3", ("N" * 101,))
    shop.commit()
    shop.close()
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: the copy failed, nothing was kept: value too long for type")
    assert count_rows(postgres_url) == 0


def count_rows(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return sum(
            conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if t not in ("schema_migration", "staff", "shop_secret")  # an opened shop's own
        )
