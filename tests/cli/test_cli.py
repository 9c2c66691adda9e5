"""The command line, run in-process through ``shopcrm.cli.main`` (and twice as a real process
for the exit codes): ``--json`` is the only thing on stdout, errors go to stderr, exit non-zero."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from shopcrm.cli import main
from tests.cli.conftest import local_zone

Run = tuple[int, str, str]


@pytest.fixture
def cli(shop_location: str, capsys: pytest.CaptureFixture[str]):
    db = shop_location

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("settings", "set", "currency", "GBP")[0] == 0
    assert run("settings", "set", "locale", "en_GB")[0] == 0
    assert run("settings", "set", "phone_region", "GB")[0] == 0
    run.db = db  # type: ignore[attr-defined]
    return run


def ok_json(result: Run) -> object:
    code, out, err = result
    assert code == 0, err
    return json.loads(out)  # stdout is the JSON and nothing else


def failed(result: Run) -> str:
    code, out, err = result
    assert code != 0
    assert out == ""
    assert err.startswith("error:")
    return err


@pytest.fixture
def new_york() -> Iterator[None]:
    with local_zone("America/New_York"):
        yield


def add(cli, first: str, last: str = "", *extra: str) -> int:
    args = ["customers", "add", "--first-name", first, "--json", *extra]
    if last:
        args += ["--last-name", last]
    data = ok_json(cli(*args))
    assert isinstance(data, dict)
    assert isinstance(data["id"], int)
    return data["id"]


def test_customers_add_and_search(cli) -> None:
    ann = add(cli, "Ann", "Baker", "--phone", "020 7946 0958", "--email", "ann@example.com")
    regular = add(cli, "Ann", "Baker")
    for _ in range(2):
        assert cli("visits", "log", str(regular), "--json")[0] == 0
    results = ok_json(cli("customers", "search", "ann baker", "--json"))
    assert isinstance(results, list)
    assert [r["id"] for r in results] == [regular, ann]  # the regular first
    first = results[1]
    assert (first["first_name"], first["last_name"], first["email"]) == (
        "Ann",
        "Baker",
        "ann@example.com",
    )
    assert first["phone"] == "+442079460958"
    assert ok_json(cli("customers", "search", "nobody-like-this", "--json")) == []
    code, out, _ = cli("customers", "search", "ann")
    assert code == 0 and "Ann Baker" in out


def test_customer_add_refused(cli) -> None:
    err = failed(cli("customers", "add", "--first-name", "  ", "--json"))
    assert "first name" in err


def test_visits_log_and_show(cli) -> None:
    cid = add(cli, "Vic")
    visit = ok_json(cli("visits", "log", str(cid), "--amount", "12.50", "--json"))
    assert isinstance(visit, dict)
    assert isinstance(visit["id"], int)
    assert (visit["customer_id"], visit["amount_minor"]) == (cid, 1250)
    assert (visit["stamps_earned"], visit["points_earned"]) == (1, 12)
    assert visit["staff"] == "Owner"
    ok_json(cli("visits", "log", str(cid), "--amount", "7,50", "--note", "tea", "--json"))
    card = ok_json(cli("customers", "show", str(cid), "--json"))
    assert isinstance(card, dict)
    assert card["visits"] == 2
    assert card["total_spent_minor"] == 2000
    assert datetime.fromisoformat(card["last_visit"]).tzinfo is not None
    assert (card["stamps"], card["points"], card["tier"]) == (2, 19, None)
    assert card["rewards_available"] == []
    assert card["last_note"] == "tea"
    code, out, _ = cli("customers", "show", str(cid))
    assert code == 0 and "£20.00" in out


def test_visit_at_without_a_zone_is_local_time(cli, new_york) -> None:
    cid = add(cli, "Tess")
    visit = ok_json(cli("visits", "log", str(cid), "--at", "2025-03-01T09:30", "--json"))
    assert isinstance(visit, dict)
    assert datetime.fromisoformat(visit["visited_at"]) == datetime(2025, 3, 1, 14, 30, tzinfo=UTC)
    visit = ok_json(cli("visits", "log", str(cid), "--at", "2025-07-01T09:30+02:00", "--json"))
    assert isinstance(visit, dict)
    assert datetime.fromisoformat(visit["visited_at"]) == datetime(2025, 7, 1, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "args",
    [
        ["--amount", "-5"],
        ["--amount", "12.345"],
        ["--amount", "lots"],
        ["--at", "yesterday"],
        ["--at", "2999-01-01T10:00"],
    ],
)
def test_visit_log_refused(cli, args: list[str]) -> None:
    cid = add(cli, "Ref")
    failed(cli("visits", "log", str(cid), *args, "--json"))
    card = ok_json(cli("customers", "show", str(cid), "--json"))
    assert isinstance(card, dict) and card["visits"] == 0 and card["stamps"] == 0


def test_visits_void(cli) -> None:
    cid = add(cli, "Val")
    visit = ok_json(cli("visits", "log", str(cid), "--amount", "30", "--json"))
    assert isinstance(visit, dict)
    voided = ok_json(cli("visits", "void", str(visit["id"]), "--reason", "typo", "--json"))
    assert isinstance(voided, dict)
    assert voided["voided"] is True and voided["void_reason"] == "typo"
    card = ok_json(cli("customers", "show", str(cid), "--json"))
    assert isinstance(card, dict)
    assert (card["visits"], card["stamps"], card["points"]) == (0, 0, 0)
    err = failed(cli("visits", "void", str(visit["id"]), "--reason", "again"))
    assert "already voided" in err
    code, out, err = cli("visits", "void", str(visit["id"] + 50), "--reason", "x")
    assert code != 0 and out == "" and "no visit" in err


def test_loyalty_redeem_and_adjust(cli) -> None:
    cid = add(cli, "Lou")
    for _ in range(10):
        ok_json(cli("visits", "log", str(cid), "--amount", "30", "--json"))
    card = ok_json(cli("customers", "show", str(cid), "--json"))
    assert isinstance(card, dict)
    assert (card["stamps"], card["points"], card["tier"]) == (10, 300, "Silver")
    assert "Free coffee (stamp card)" in card["rewards_available"]
    line = ok_json(cli("loyalty", "redeem", str(cid), "--stamp-card", "--json"))
    assert isinstance(line, dict) and (line["stamps"], line["stamps_after"]) == (-10, 0)
    failed(cli("loyalty", "redeem", str(cid), "--stamp-card", "--json"))
    line = ok_json(cli("loyalty", "redeem", str(cid), "--reward", "slice of cake", "--json"))
    assert isinstance(line, dict) and (line["points"], line["points_after"]) == (-250, 50)
    line = ok_json(cli("loyalty", "redeem", str(cid), "--points", "20", "--json"))
    assert isinstance(line, dict) and line["points_after"] == 30
    assert "only 30 points" in failed(cli("loyalty", "redeem", str(cid), "--points", "31"))
    assert "Pony" in failed(cli("loyalty", "redeem", str(cid), "--reward", "Pony", "--json"))
    line = ok_json(cli("loyalty", "adjust", str(cid), "-20", "--reason", "broken cup", "--json"))
    assert isinstance(line, dict)
    assert (line["kind"], line["points"], line["points_after"]) == ("adjust", -20, 10)
    assert line["reason"] == "broken cup"
    failed(cli("loyalty", "adjust", str(cid), "-11", "--reason", "too many"))
    code, out, err = cli("loyalty", "redeem", str(cid))
    assert code != 0 and out == "" and "--stamp-card" in err
    ledger = ok_json(cli("loyalty", "ledger", str(cid), "--json"))
    assert isinstance(ledger, list)
    assert ledger[0]["points_after"] == 10 and ledger[0]["kind"] == "adjust"
    assert len(ledger) == 14


def test_settings_show_and_set(cli) -> None:
    shown = ok_json(cli("settings", "show", "--json"))
    assert isinstance(shown, dict)
    assert shown["currency"] == "GBP" and shown["stamps_per_card"] == 10
    assert shown["tiers"] == [["Silver", 10], ["Gold", 25]]
    code, out, err = cli("settings", "set", "tiers", "Gold=30; Silver=12")
    assert code == 0 and "Silver=12; Gold=30" in err
    shown = ok_json(cli("settings", "show", "--json"))
    assert isinstance(shown, dict) and shown["tiers"] == [["Silver", 12], ["Gold", 30]]
    code, out, err = cli("settings", "set", "stamps_per_card", "500")
    assert code != 0 and out == ""
    assert "stamps per card" in err and "between 0 and 100" in err
    code, out, err = cli("settings", "set", "no_such_key", "1")
    assert code != 0 and out == "" and "no such setting" in err
    shown = ok_json(cli("settings", "show", "--json"))
    assert isinstance(shown, dict) and shown["stamps_per_card"] == 10


def test_unknown_customer_is_an_error_on_stderr(cli) -> None:
    assert "no customer" in failed(cli("customers", "show", "999", "--json"))
    assert "no customer" in failed(cli("visits", "log", "999", "--json"))
    assert "no customer" in failed(cli("loyalty", "ledger", "999", "--json"))


def test_a_real_process_exits_with_the_right_code(shop_location: str) -> None:
    db = shop_location
    command = [sys.executable, "-m", "shopcrm", "--db", db]
    done = subprocess.run(
        [*command, "customers", "add", "--first-name", "Proc", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["first_name"] == "Proc"
    done = subprocess.run(
        [*command, "customers", "show", "4242", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no customer" in done.stderr
