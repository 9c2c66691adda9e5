"""The shop export (both engines): every table read back from CSV and JSON as it is in the
database; text cells a spreadsheet would run as formulas neutralised, numbers never; a new
owner-only folder per export, nothing left by a cancelled one; owner only; memory bounded."""

from __future__ import annotations

import csv
import json
import stat
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import peewee
import pytest

from shopcrm.core import loyalty, notes, settings, staff, visits
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import ValidationError
from shopcrm.core.export import export_shop, neutralised
from shopcrm.core.owner import OwnerRequired, prove_owner, set_pin
from shopcrm.core.privacy.consent import set_consent
from shopcrm.core.progress import WorkCancelled
from shopcrm.db.models import Customer


def _shop() -> dict[str, int]:
    settings.set_many({"currency": "EUR"})
    ann = add_customer(
        CustomerInput("Ann", "Müller", phone="+442079460958", email="ann@example.org",
                      birthday_month=4, birthday_day=17, tags=["vip", "oat milk"])
    ).id  # fmt: skip
    bad = add_customer(CustomerInput("=HYPERLINK(\"http://x\")", "@SUM(A1)", birthday_month=2,
                                     birthday_day=29, birthday_year=1992)).id  # fmt: skip
    visits.log_visit(ann, amount_minor=1250, note="-2+3", feedback="@lovely")
    loyalty.adjust_points(ann, -5, "+correction")
    notes.add_note(bad, "=1+1", pinned=True)
    set_consent(ann, {"email": True, "sms": False}, source="paper form")
    return {"ann": ann, "bad": bad}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own to export into (the SQLite shop lives in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_csv_export_reads_back_as_the_shop_with_formulas_neutralised(
    db: peewee.Database, out: Path
) -> None:
    ids = _shop()
    result = export_shop(out)
    assert result.folder.parent == out and result.folder.name.startswith("shopcrm-export-")
    assert set(result.rows) == {f"{n}.csv" for n in ("customers", "visits", "loyalty",
                                                       "vouchers", "notes", "consent")}  # fmt: skip
    customers = {int(r["Customer ID"]): r for r in _csv(result.folder / "customers.csv")}
    ann, bad = customers[ids["ann"]], customers[ids["bad"]]
    assert (ann["First name"], ann["Last name"], ann["Email"]) == (
        "Ann",
        "Müller",
        "ann@example.org",
    )
    assert ann["Phone"] == "'+442079460958"  # a leading + is a formula to a spreadsheet
    assert (ann["Birthday"], ann["Tags"]) == ("04-17", "oat milk, vip")
    assert (ann["Email consent"], ann["SMS consent"], ann["Post consent"]) == ("yes", "no", "")
    assert (ann["Visits"], ann["Total spent"]) == ("1", "12.50")
    assert (bad["First name"], bad["Last name"]) == ('\'=HYPERLINK("http://x")', "'@SUM(A1)")
    assert bad["Birthday"] == "1992-02-29"
    [visit] = _csv(result.folder / "visits.csv")
    assert (visit["Amount"], visit["Note"], visit["Feedback"]) == ("12.50", "'-2+3", "'@lovely")
    lines = _csv(result.folder / "loyalty.csv")
    adjust = next(line for line in lines if line["Kind"] == "adjust")
    assert (adjust["Points"], adjust["Reason"]) == ("-5", "'+correction")  # a number stays one
    [note] = _csv(result.folder / "notes.csv")
    assert (note["Text"], note["Pinned"]) == ("'=1+1", "yes")
    assert [r["Channel"] for r in _csv(result.folder / "consent.csv")] == ["email", "sms"]
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["files"] == result.rows and manifest["currency"] == "EUR"


def test_a_json_export_has_typed_values_and_nothing_neutralised(
    db: peewee.Database, out: Path
) -> None:
    ids = _shop()
    result = export_shop(out, "json")
    customers = json.loads((result.folder / "customers.json").read_text(encoding="utf-8"))
    assert len(customers) == Customer.select().count()
    ann = next(c for c in customers if c["id"] == ids["ann"])
    assert ann["phone"] == "+442079460958" and ann["consent_email"] is True
    assert ann["consent_post"] is None and ann["do_not_contact"] is False
    assert datetime.fromisoformat(ann["created_at"]) <= datetime.now(UTC)
    lines = json.loads((result.folder / "loyalty.json").read_text(encoding="utf-8"))
    assert -5 in [line["points"] for line in lines]
    empty = json.loads((result.folder / "vouchers.json").read_text(encoding="utf-8"))
    assert empty == []


def test_every_export_gets_a_new_private_folder_and_a_cancelled_one_leaves_nothing(
    db: peewee.Database, out: Path
) -> None:
    _shop()
    (out / "mine.txt").write_text("the owner's own file")
    first = export_shop(out, now=datetime(2026, 12, 7, 10, 0, tzinfo=UTC)).folder
    second = export_shop(out, now=datetime(2026, 12, 7, 10, 0, tzinfo=UTC)).folder
    assert first != second and first.exists() and second.name.endswith("-2")
    assert stat.S_IMODE(first.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in first.iterdir())
    with pytest.raises(WorkCancelled):
        export_shop(out, cancelled=lambda: True)
    assert sorted(p.name for p in out.iterdir()) == sorted(["mine.txt", first.name, second.name])
    for refused in (out / "missing", out / "mine.txt", ""):
        with pytest.raises(ValidationError):
            export_shop(refused)
    with pytest.raises(ValidationError):
        export_shop(out, "xlsx")


def test_exporting_is_owner_only_once_the_shop_has_a_pin(db: peewee.Database, out: Path) -> None:
    owner = staff.default_staff()
    assert owner is not None
    set_pin(owner.id, "4821")
    with pytest.raises(OwnerRequired):
        export_shop(out)
    assert list(out.iterdir()) == []
    assert export_shop(out, owner=prove_owner(owner.id, "4821")).rows["customers.csv"] == 0


def test_memory_stays_bounded_at_many_customers(db: peewee.Database, out: Path) -> None:
    """20,000 customers (four pages): the peak is a few pages' worth, not the table's."""
    p = db.param
    rows = [
        (f"First{n}", f"Last{n}", f"+4420794{n:05d}", f"c{n}@example.org") for n in range(20_000)
    ]
    with db.atomic():
        db.cursor().executemany(
            "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at,"
            f" do_not_contact) VALUES ({p}, {p}, {p}, {p}, '2026-01-01 00:00:00',"
            f" '2026-01-01 00:00:00', {'FALSE' if p == '%s' else '0'})",
            rows,
        )
    tracemalloc.start()
    try:
        result = export_shop(out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.rows["customers.csv"] == 20_000
    print(f"export of 20,000 customers: peak {peak / 2**20:.1f} MiB traced")
    assert peak < 20 * 2**20


def test_neutralised() -> None:
    for text in ("=1", "+1", "-1", "@a", "\tx", "\rx"):
        assert neutralised(text) == "'" + text
    for text in ("", "Ann", "1-2", "a=b", "'=x"):
        assert neutralised(text) == text
