"""``shopcrm customers duplicates|merge|unmerge`` (both engines): the JSON the commands print,
owner-only with exit 3 and nothing changed without the PIN, and clear refusals."""

from __future__ import annotations

import json

import pytest

from shopcrm.cli import main
from shopcrm.cli.output import EXIT_ERROR, EXIT_OWNER

PIN = "73195"


def _run(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shop(shop_location: str, capsys, monkeypatch) -> str:
    """Ann Smith (1, a phone) and Anne Smith (2, the same phone, an email, a visit)."""
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    monkeypatch.delenv("SHOPCRM_NEW_PIN", raising=False)
    for argv in (
        ("customers", "add", "--first-name", "Ann", "--last-name", "Smith",
         "--phone", "+442079460958"),
        ("customers", "add", "--first-name", "Anne", "--last-name", "Smith",
         "--phone", "+442079460958", "--email", "anne@example.com"),
        ("visits", "log", "2", "--amount", "12.50"),
    ):  # fmt: skip
        code, _, err = _run(capsys, shop_location, *argv)
        assert code == 0, (argv, err)
    return shop_location


def test_duplicates_merge_and_unmerge_print_json(shop: str, capsys) -> None:
    code, out, err = _run(capsys, shop, "customers", "duplicates", "2", "--json")
    assert code == 0, err
    assert [(d["id"], d["reason"]) for d in json.loads(out)] == [(1, "same phone")]

    code, out, err = _run(capsys, shop, "customers", "merge", "1", "2", "--json")
    assert code == 0, err
    merge = json.loads(out)
    assert (merge["keep_id"], merge["other_id"], merge["filled"]) == (1, 2, ["email"])
    assert merge["moved"] == {"visit": 1, "note": 0, "loyalty_entry": 1, "voucher": 0,
                              "followup": 0, "consent_change": 0, "imported_history": 0,
                              "customer_tag": 0}  # fmt: skip
    code, out, _ = _run(capsys, shop, "customers", "show", "1", "--json")
    assert json.loads(out)["visits"] == 1
    code, out, _ = _run(capsys, shop, "customers", "search", "Anne", "--json")
    assert 2 not in [c["id"] for c in json.loads(out)]

    code, out, err = _run(capsys, shop, "customers", "unmerge", str(merge["id"]), "--json")
    assert code == 0, err
    assert json.loads(out)["undone_at"] is not None
    code, out, _ = _run(capsys, shop, "customers", "show", "2", "--json")
    assert json.loads(out)["visits"] == 1


def test_refusals_are_one_line(shop: str, capsys) -> None:
    code, _, err = _run(capsys, shop, "customers", "merge", "1", "1")
    assert (code, err) == (EXIT_ERROR, "error: a customer cannot be merged with themselves\n")
    code, _, err = _run(capsys, shop, "customers", "merge", "1", "99")
    assert code != 0 and err.count("\n") == 1 and "no customer with id 99" in err
    code, _, err = _run(capsys, shop, "customers", "unmerge", "7")
    assert code != 0 and err == "error: no merge with id 7\n"


def test_without_the_owner_pin_exit_3_and_nothing_changes(shop: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SHOPCRM_NEW_PIN", PIN)
    code, _, err = _run(capsys, shop, "staff", "set-pin", "Owner")
    assert code == 0, err
    code, _, err = _run(capsys, shop, "customers", "merge", "1", "2")
    assert code == EXIT_OWNER and err.startswith("error: owner PIN required (")
    monkeypatch.setenv("SHOPCRM_PIN", "00000")
    code, _, err = _run(capsys, shop, "customers", "merge", "1", "2", "--staff", "Owner")
    assert code == EXIT_OWNER and "wrong PIN" in err
    code, out, _ = _run(capsys, shop, "customers", "show", "2", "--json")
    assert json.loads(out)["visits"] == 1

    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, out, err = _run(
        capsys, shop, "customers", "merge", "1", "2", "--staff", "Owner", "--json"
    )
    assert code == 0, err
    merge_id = str(json.loads(out)["id"])
    monkeypatch.delenv("SHOPCRM_PIN")
    code, _, err = _run(capsys, shop, "customers", "unmerge", merge_id, "--staff", "Owner")
    assert code == EXIT_OWNER
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    code, out, err = _run(capsys, shop, "customers", "unmerge", merge_id, "--staff", "Owner")
    assert code == 0 and "is back" in out, err
