"""``shopcrm export`` and ``customers consent|export|erase`` (both engines): owner commands
exit 3 without the owner's PIN and write nothing; erasing asks for --yes; the JSON outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.cli.output import EXIT_OWNER, EXIT_USAGE

PIN = "73195"


def _run(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shop(shop_location: str, capsys, monkeypatch) -> str:
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    for argv in (
        ("customers", "add", "--first-name", "Ann", "--email", "ann@example.org"),
        ("customers", "add", "--first-name", "Bo", "--phone", "+442079460958"),
    ):
        code, _, err = _run(capsys, shop_location, *argv)
        assert code == 0, err
    return shop_location


def test_consent_on_the_command_line(shop, capsys) -> None:
    argv = ("customers", "consent", "1", "--channel", "email", "--granted")
    code, out, err = _run(capsys, shop, *argv, "--source", "paper form", "--json")
    assert code == 0, err
    assert json.loads(out) == {"email": True, "sms": None, "post": None, "vouchers": None}
    code, out, err = _run(capsys, shop, *argv[:-1], "--withdrawn", "--source", "phone call")
    assert (code, out) == (0, "email: withdrawn, sms: never asked, post: never asked,"
                              " vouchers: never asked\n")  # fmt: skip
    code, _, err = _run(capsys, shop, *argv)  # no --source
    assert code == EXIT_USAGE and "--source" in err


def test_owner_commands_exit_3_without_the_pin(shop, capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHOPCRM_NEW_PIN", PIN)
    assert _run(capsys, shop, "staff", "set-pin", "Owner")[0] == 0
    monkeypatch.delenv("SHOPCRM_NEW_PIN")
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    commands = (
        ("export", "--to", str(out_dir)),
        ("export", "--mailing-list", str(out_dir / "list.csv")),
        ("customers", "export", "1", "--json"),
        ("customers", "erase", "2", "--yes"),
    )
    for argv in commands:
        code, out, err = _run(capsys, shop, *argv)
        assert (code, out) == (EXIT_OWNER, ""), argv
        assert err.startswith("error: owner PIN required"), err
    assert list(out_dir.iterdir()) == []
    code, out, _ = _run(capsys, shop, "customers", "show", "2", "--json")
    assert json.loads(out)["first_name"] == "Bo"
    monkeypatch.setenv("SHOPCRM_PIN", PIN)
    for argv in commands:
        code, out, err = _run(capsys, shop, *argv, "--staff", "Owner")
        assert code == 0, (argv, err)
        assert PIN not in out + err
    code, out, _ = _run(capsys, shop, "customers", "show", "2", "--json")
    assert json.loads(out)["first_name"] == "Erased customer"
    assert len(list(out_dir.iterdir())) == 2  # the export folder and the mailing list


def test_erasing_asks_for_yes_and_the_exports_json(shop, capsys, tmp_path: Path) -> None:
    code, out, err = _run(capsys, shop, "customers", "erase", "2")
    assert (code, out) == (EXIT_USAGE, "")
    assert err == "error: erasing cannot be undone: add --yes to erase this customer\n"
    code, out, err = _run(capsys, shop, "customers", "export", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["customer"]["first_name"] == "Ann" and data["customer"]["id"] == 1
    assert set(data) >= {"tags", "notes", "visits", "loyalty", "vouchers", "consent_history",
                         "audit"}  # fmt: skip
    assert [entry["action"] for entry in data["audit"]] == ["customer.add"]
    code, out, err = _run(capsys, shop, "customers", "erase", "2", "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["already_erased"] is False
    code, out, err = _run(
        capsys, shop, "export", "--to", str(tmp_path), "--format", "json", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["format"] == "json" and result["rows"]["customers.json"] == 2
