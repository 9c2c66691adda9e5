"""The command line's text speaks the shop's locale; its ``--json`` stays machine format
(ISO times, minor units) whatever the locale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from shopcrm.cli import main
from tests.cli.conftest import local_zone

NNBSP, NBSP = "\u202f", "\u00a0"
Y = date.today().year + 1


@pytest.fixture(
    params=[
        {
            "locale": "en_US",
            "currency": "USD",
            "typed": "1,234.50",
            "spent": "$1,234.50",
            "day": "March 14, 2024",
            "medium": "Mar 14, 2024",
            "moment": f"Mar 14, 2024, 10:30{NNBSP}PM",
            "points": "1,234 points",
            "until": f"until December 31, {Y}",
            "value": "10% off",
        },
        {
            "locale": "de_DE",
            "currency": "EUR",
            "typed": "1.234,50",
            "spent": f"1.234,50{NBSP}€",
            "day": "14. März 2024",
            "medium": "14.03.2024",
            "moment": "14.03.2024, 22:30",
            "points": "1.234 points",
            "until": f"until 31. Dezember {Y}",
            "value": f"10{NBSP}% off",
        },
    ],
    ids=lambda shop: shop["locale"],
)
def shop(request, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[dict]:
    """A shop in the chosen locale, its till in New York, and ``run`` for the command line."""
    db = str(tmp_path / "cli.sqlite3")
    chosen = dict(request.param)

    def run(*args: str) -> str:
        capsys.readouterr()
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("settings", "set", "locale", chosen["locale"])
    run("settings", "set", "currency", chosen["currency"])
    run("settings", "set", "points_expiry_months", "0")
    chosen["run"] = run
    with local_zone("America/New_York"):
        yield chosen


def _customer_with_a_visit(shop: dict) -> int:
    run = shop["run"]
    cid = json.loads(run("customers", "add", "--first-name", "Ann", "--json"))["id"]
    # 22:30 in New York on 14 March: already the 15th in UTC.
    logged = run("visits", "log", str(cid), "--amount", shop["typed"], "--at", "2024-03-14T22:30")
    assert logged.startswith("Logged visit ") and f"({shop['spent']})" in logged
    assert "+1 stamp;" not in logged and "+1 stamp," in logged  # one stamp, said so
    assert f"+{shop['points']}" in logged
    return cid


def test_a_card_and_a_search_in_the_shops_locale(shop):
    cid = _customer_with_a_visit(shop)
    card = shop["run"]("customers", "show", str(cid))
    assert f"visits: 1, spent {shop['spent']}, last visit {shop['day']}" in card
    assert f"{shop['points']}," in card
    found = shop["run"]("customers", "search", "ann")
    assert shop["medium"] in found


def test_the_ledger_in_the_shops_locale(shop):
    cid = _customer_with_a_visit(shop)
    (line,) = shop["run"]("loyalty", "ledger", str(cid)).splitlines()
    assert line.startswith(shop["moment"] + "  earn")
    assert f"+1 stamp +{shop['points']} -> 1 stamp, {shop['points']}" in line


def test_a_voucher_batch_in_the_shops_locale(shop, tmp_path: Path):
    cid = _customer_with_a_visit(shop)
    run = shop["run"]
    issued = run(
        "vouchers", "issue", "--month", "2024-03", "--rule", "hand-picked",
        "--customers", str(cid), "--percent", "10", "--expires", f"{Y}-12-31",
    )  # fmt: skip
    assert "1 voucher (batch" in issued
    listed = run("vouchers", "list")
    assert f"{shop['value']}; {shop['until']})" in listed
    assert "issued 1, redeemed 0 (0" in listed


def test_json_stays_machine_format_in_every_locale(shop):
    cid = _customer_with_a_visit(shop)
    card = json.loads(shop["run"]("customers", "show", str(cid), "--json"))
    assert card["last_visit"] == "2024-03-15T02:30:00+00:00"
    assert card["total_spent_minor"] == 123450
