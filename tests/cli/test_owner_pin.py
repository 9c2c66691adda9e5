"""Owner commands on the command line (both engines): in a shop with an owner PIN they exit 3
with one line, ``owner PIN required (why)``, and change nothing, unless ``--staff`` is an owner
and ``SHOPCRM_PIN`` their PIN; ``staff set-pin`` sets the first PIN freely and a changed one
only with the old one. The PIN is never printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.cli.output import EXIT_OWNER

PIN = "73195"


def _run(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(capsys: pytest.CaptureFixture[str], db: str) -> str:
    parts = []
    for argv in (
        ("settings", "show", "--json"),
        ("staff", "list", "--json"),
        ("vouchers", "list", "--json"),
        ("loyalty", "ledger", "1", "--json"),
    ):
        code, out, err = _run(capsys, db, *argv)
        assert code == 0, err
        parts.append(out)
    return "".join(parts)


@pytest.fixture
def shop(shop_location: str, capsys, monkeypatch) -> dict[str, str]:
    """A shop with a customer (id 1), a voucher batch (id 1), a cashier; the owner's PIN set."""
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    monkeypatch.delenv("SHOPCRM_NEW_PIN", raising=False)
    db = shop_location
    for argv in (
        ("customers", "add", "--first-name", "Ann"),
        ("staff", "add", "Jo Baker"),
        ("loyalty", "adjust", "1", "40", "--reason", "welcome"),
        (
            *("vouchers", "issue", "--month", "2026-11", "--rule", "hand-picked"),
            *("--customers", "1", "--value", "5", "--expires", "2027-06-30", "--json"),
        ),
    ):
        code, _, err = _run(capsys, db, *argv)
        assert code == 0, (argv, err)
    code, out, err = _run(capsys, db, "vouchers", "list", "--batch", "1", "--json")
    assert code == 0, err
    voucher = json.loads(out)[0]["code"]
    monkeypatch.setenv("SHOPCRM_NEW_PIN", PIN)
    code, out, err = _run(capsys, db, "staff", "set-pin", "Owner", "--json")
    assert code == 0, err
    assert json.loads(out) == {"id": 1, "name": "Owner", "pin_set": True}
    assert PIN not in out + err
    monkeypatch.delenv("SHOPCRM_NEW_PIN")
    return {"db": db, "voucher": voucher}


def _owner_commands(voucher: str) -> dict[str, tuple[str, ...]]:
    return {
        "settings set": ("settings", "set", "shop_name", "Taken"),
        "staff add": ("staff", "add", "Mallory", "--role", "owner"),
        "loyalty adjust": ("loyalty", "adjust", "1", "500", "--reason", "gift"),
        "vouchers issue": (
            *("vouchers", "issue", "--month", "2026-11", "--rule", "hand-picked"),
            *("--customers", "1", "--value", "5", "--expires", "2027-06-30", "--again"),
        ),
        "vouchers void": ("vouchers", "void", voucher, "--reason", "lost"),
        "vouchers void-batch": ("vouchers", "void-batch", "1", "--reason", "misprint"),
    }


COMMANDS = list(_owner_commands(""))


@pytest.mark.parametrize("name", COMMANDS)
def test_owner_commands_need_an_owner_and_the_right_pin(shop, capsys, monkeypatch, name) -> None:
    db, argv = shop["db"], _owner_commands(shop["voucher"])[name]
    before = _snapshot(capsys, db)
    refusals = [
        (None, (), "owner PIN required (no PIN given: set SHOPCRM_PIN or run it in a terminal)"),
        ("11111", (), "owner PIN required (wrong PIN)"),
        (PIN, ("--staff", "Jo Baker"), "owner PIN required (Jo Baker is a cashier)"),
    ]
    for pin, staff, line in refusals:
        if pin is None:
            monkeypatch.delenv("SHOPCRM_PIN", raising=False)
        else:
            monkeypatch.setenv("SHOPCRM_PIN", pin)
        code, out, err = _run(capsys, db, *argv, *staff)
        assert (code, out, err) == (EXIT_OWNER, "", f"error: {line}\n")
        assert _snapshot(capsys, db) == before
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, out, err = _run(capsys, db, *argv, "--staff", "Owner")
    assert code == 0, err
    assert PIN not in out + err
    assert _snapshot(capsys, db) != before


def test_restore_needs_the_owner_pin(shop, capsys, monkeypatch, tmp_path: Path) -> None:
    db = shop["db"]
    (tmp_path / "mine").mkdir()
    code, out, err = _run(capsys, db, "backup", "--to", str(tmp_path / "mine"), "--json")
    assert code == 0, err
    backup = json.loads(out)["path"]
    _run(capsys, db, "customers", "add", "--first-name", "Later")
    monkeypatch.setenv("SHOPCRM_PIN", "00000")
    code, out, err = _run(capsys, db, "restore", backup, "--yes")
    assert (code, err) == (EXIT_OWNER, "error: owner PIN required (wrong PIN)\n")
    code, out, err = _run(capsys, db, "customers", "search", "later", "--json")
    assert len(json.loads(out)) == 1
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, out, err = _run(capsys, db, "restore", backup, "--yes", "--staff", "Owner")
    assert code == 0, err
    code, out, err = _run(capsys, db, "customers", "search", "later", "--json")
    assert json.loads(out) == []


def test_a_shop_without_a_pin_needs_none(shop_location: str, capsys, monkeypatch) -> None:
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    code, _, err = _run(capsys, shop_location, "settings", "set", "shop_name", "Free")
    assert code == 0, err
    code, _, err = _run(capsys, shop_location, "staff", "add", "Robin", "--staff", "Owner")
    assert code == 0, err


def test_set_pin_rules(shop, capsys, monkeypatch) -> None:
    db = shop["db"]
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "8642")
    code, _, err = _run(capsys, db, "staff", "set-pin", "Owner")  # no old PIN
    assert (code, err) == (
        EXIT_OWNER,
        "error: owner PIN required (changing a PIN needs the old one: set SHOPCRM_PIN)\n",
    )
    monkeypatch.setenv("SHOPCRM_PIN", "1111")
    code, _, err = _run(capsys, db, "staff", "set-pin", "Owner")
    assert (code, err) == (EXIT_OWNER, "error: owner PIN required (wrong PIN)\n")
    code, _, err = _run(capsys, db, "staff", "set-pin", "Jo Baker")
    assert (code, err) == (EXIT_OWNER, "error: owner PIN required (Jo Baker is a cashier)\n")
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "12ab")
    code, out, err = _run(capsys, db, "staff", "set-pin", "Owner")
    assert (code, out, err) == (1, "", "error: pin: a PIN is 4 to 12 digits (0-9)\n")
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "8642")
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, _, err = _run(capsys, db, "staff", "set-pin", "Owner")
    assert (code, err) == (0, "Owner's owner PIN is set.\n")
    code, _, err = _run(capsys, db, "settings", "set", "shop_name", "Old PIN")
    assert (code, err) == (EXIT_OWNER, "error: owner PIN required (wrong PIN)\n")
    monkeypatch.setenv("SHOPCRM_PIN", "8642")
    code, _, err = _run(capsys, db, "settings", "set", "shop_name", "New PIN")
    assert code == 0, err


def test_without_a_terminal_nothing_is_asked(shop, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = _run(capsys, shop["db"], "staff", "set-pin", "Owner")
    assert (code, err) == (
        2,
        "error: no new PIN given: set SHOPCRM_NEW_PIN or run it in a terminal\n",
    )


HOSTILE_PINS = (
    "",
    "123",
    "1" * 13,
    "١٢٣٤",
    "１２３４",
    "\x1b[31m1234",
    " 1234",
    "9" * 1_000_000,
    "\udcff",
)


@pytest.mark.parametrize("pin", HOSTILE_PINS, ids=range(len(HOSTILE_PINS)))
def test_hostile_pins_are_refused_in_one_line(shop, capsys, monkeypatch, pin: str) -> None:
    db = shop["db"]
    before = _snapshot(capsys, db)
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    monkeypatch.setenv("SHOPCRM_NEW_PIN", pin)
    code, out, err = _run(capsys, db, "staff", "set-pin", "Owner")
    assert (code, out, err) == (1, "", "error: pin: a PIN is 4 to 12 digits (0-9)\n")
    monkeypatch.setenv("SHOPCRM_PIN", pin)
    code, out, err = _run(capsys, db, "settings", "set", "shop_name", "Taken")
    assert (code, out, err) == (EXIT_OWNER, "", "error: owner PIN required (wrong PIN)\n")
    assert _snapshot(capsys, db) == before
