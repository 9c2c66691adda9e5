"""``shopcrm audit`` (both engines): the log newest first as text in the shop's locale or a
stable JSON list; ``--since``, ``--action`` and ``--limit`` filter it; owner-only, so a shop
with an owner PIN refuses it (exit 3, one line) without ``SHOPCRM_PIN``."""

from __future__ import annotations

import json

import pytest

from shopcrm.cli import main
from shopcrm.cli.output import EXIT_OWNER, EXIT_USAGE

PIN = "73195"
KEYS = {"at", "till", "staff", "staff_id", "action", "subject", "changes"}


def _run(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(shop_location: str, capsys, monkeypatch) -> str:
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    monkeypatch.delenv("SHOPCRM_NEW_PIN", raising=False)
    for argv in (
        ("customers", "add", "--first-name", "Ann"),
        ("staff", "add", "Jo Baker"),
        ("visits", "log", "1", "--amount", "1234.50", "--staff", "Jo Baker"),
        ("settings", "set", "shop_name", "Corner", "--staff", "Jo Baker"),
    ):
        code, _, err = _run(capsys, shop_location, *argv)
        assert code == 0, (argv, err)
    return shop_location


def test_json_is_a_list_of_rows_newest_first(capsys, db) -> None:
    code, out, err = _run(capsys, db, "audit", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["action"] for r in rows] == [
        "settings.change",
        "visit.log",
        "staff.add",
        "customer.add",
    ]
    assert all(set(r) == KEYS for r in rows)
    visit = rows[1]
    assert (visit["staff"], visit["subject"]) == ("Jo Baker", "1")
    assert visit["changes"]["amount_minor"] == 123450
    assert rows[0]["changes"]["shop_name"]["after"] == "Corner"
    # no PIN set: the person named with --staff (else the till's default) is recorded
    assert rows[0]["staff"] == "Jo Baker" and rows[0]["till"] != ""
    assert rows[2]["staff"] == "Owner"  # staff add without --staff: the default, the owner


def test_filters_by_action_family_since_and_limit(capsys, db) -> None:
    def actions(*argv: str) -> list[str]:
        code, out, err = _run(capsys, db, "audit", "--json", *argv)
        assert code == 0, err
        return [r["action"] for r in json.loads(out)]

    assert actions("--action", "visit.log") == ["visit.log"]
    assert actions("--action", "staff.") == ["staff.add"]
    assert actions("--since", "2999-01-01") == []
    assert len(actions("--since", "2000-01-01")) == 4
    assert actions("--limit", "1") == ["settings.change"]
    code, _, err = _run(capsys, db, "audit", "--action", "visit.nope")
    assert code == EXIT_USAGE and err.count("\n") == 1 and "visit.log" in err


def test_text_is_in_the_shops_locale(capsys, db) -> None:
    code, out, err = _run(capsys, db, "audit", "--action", "visit.log")
    assert code == 0, err
    assert "1,234.50" in out and "Jo Baker" in out and "visit.log" in out
    _run(capsys, db, "settings", "set", "locale", "de_DE")
    code, out, err = _run(capsys, db, "audit", "--action", "visit.log")
    assert code == 0, err
    assert "1.234,50" in out


def test_without_the_pin_it_exits_3_and_with_it_shows_the_log(capsys, db, monkeypatch) -> None:
    monkeypatch.setenv("SHOPCRM_NEW_PIN", PIN)
    code, _, err = _run(capsys, db, "staff", "set-pin", "Owner")
    assert code == 0, err
    monkeypatch.delenv("SHOPCRM_NEW_PIN")
    code, out, err = _run(capsys, db, "audit", "--json")
    assert code == EXIT_OWNER
    assert out == "" and err.startswith("error: owner PIN required (") and err.count("\n") == 1
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, out, err = _run(capsys, db, "audit", "--json")
    assert code == 0, err
    newest = json.loads(out)[0]
    assert newest["action"] == "staff.pin" and PIN not in out
    _run(capsys, db, "settings", "set", "shop_name", "Proved")
    code, out, err = _run(capsys, db, "audit", "--json", "--action", "settings.change")
    assert [r["staff"] for r in json.loads(out)] == ["Owner", "Jo Baker"]  # who proved, who named
