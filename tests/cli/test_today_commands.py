"""``shopcrm today``, ``segments`` and ``segment export|tag`` from the command line."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peewee
import pytest

from shopcrm.cli import main
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.visits import log_visit


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_today_json_has_every_list_and_the_late_regular(
    db: peewee.Database, shop_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = add_customer(CustomerInput("Rita", birthday_month=1, birthday_day=2)).id
    last = datetime.now(UTC) - timedelta(days=300)
    for i in range(5):
        log_visit(cid, at=last - timedelta(days=10 * (4 - i)))
    day = (last + timedelta(days=21)).date()
    code, out, _ = run(capsys, "--db", shop_location, "today", "--date", day.isoformat(), "--json")
    assert code == 0
    page = json.loads(out)
    assert list(page) == [
        "date", "birthdays", "followups_due", "late_regulars", "vouchers_expiring",
        "complaints_overdue",
    ]  # fmt: skip
    (late,) = page["late_regulars"]
    assert late["customer_id"] == cid and late["days_away"] == 21 and late["reason"]
    code, out, _ = run(capsys, "--db", shop_location, "today", "--date", "2026-12-30", "--json")
    assert [b["customer_id"] for b in json.loads(out)["birthdays"]] == [cid]
    code, _, err = run(capsys, "--db", shop_location, "today", "--date", "2026-02-30")
    assert code == 2 and "2026-02-30" in err


def test_segments_sizes_and_bulk(
    db: peewee.Database, shop_location: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from shopcrm.core.privacy.consent import set_consent

    a = add_customer(CustomerInput("Ann", email="ann@example.com")).id
    b = add_customer(CustomerInput("Bo", email="bo@example.com", do_not_contact=True)).id
    set_consent(a, {"email": True}, source="paper form")
    log_visit(a)
    log_visit(b)
    code, out, _ = run(capsys, "--db", shop_location, "segments", "--json")
    assert code == 0 and json.loads(out)["new"] == 2
    code, out, _ = run(capsys, "--db", shop_location, "customers", "show", str(a), "--json")
    assert json.loads(out)["segment"] == "new"
    target = tmp_path / "mail.csv"
    code, out, _ = run(
        capsys, "--db", shop_location, "segment", "export", "new", "--out", str(target), "--json"
    )
    assert code == 0 and json.loads(out)["left_out_do_not_contact"] == 1
    assert [r[0] for r in csv.reader(target.open(encoding="utf-8"))] == ["email", "ann@example.com"]
    code, _, err = run(
        capsys, "--db", shop_location, "segment", "export", "new", "--out", str(target)
    )
    assert code != 0 and "--force" in err
    code, out, _ = run(capsys, "--db", shop_location, "segment", "tag", "new", "Dec", "--json")
    assert json.loads(out)["tagged"] == 2
    code, _, err = run(capsys, "--db", shop_location, "segment", "tag", "nobody", "x")
    assert code == 2 and "a segment is one of" in err
