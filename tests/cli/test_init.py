"""``shopcrm init``: a new shop set up from the command line, on both engines; refused, one
line per problem and nothing made or changed, for bad answers and for a shop in use. And a
script's ``--db`` file that does not exist yet still becomes a shop with default settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shopcrm.cli import main
from tests.cli.hostile import CONTROL, MEGA, NOT_UTF8

Run = tuple[int, str, str]
ZURICH = ("--name", "Café Zoë", "--currency", "chf", "--locale", "de_CH", "--region", "CH")


@pytest.fixture
def cli(shop_location: str, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.delenv("SHOPCRM_NEW_PIN", raising=False)

    def run(*args: str, db: str = shop_location) -> Run:
        capsys.readouterr()
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _json(result: Run) -> dict[str, object]:
    code, out, err = result
    assert code == 0, err
    value = json.loads(out)
    assert isinstance(value, dict)
    return value


def _refused(result: Run, code: int = 1) -> list[str]:
    got, out, err = result
    assert got == code, err
    assert out == ""
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") and len(line) <= 300 for line in lines)
    assert "Traceback" not in err
    return lines


def test_init_sets_up_the_shop_and_its_owner(cli, shop_location: str) -> None:
    done = _json(cli("init", *ZURICH, "--owner", "Zoë Müller", "--loyalty", "points", "--json"))
    assert done == {
        "database": done["database"],
        "shop_name": "Café Zoë",
        "currency": "CHF",
        "locale": "de_CH",
        "phone_region": "CH",
        "loyalty": "points",
        "owner": {"id": done["owner"]["id"], "name": "Zoë Müller", "role": "owner", "active": True},  # type: ignore[index]
        "pin_set": False,
    }
    shown = _json(cli("settings", "show", "--json"))
    assert (shown["shop_name"], shown["currency"], shown["stamps_per_card"]) == (
        "Café Zoë",
        "CHF",
        0,
    )
    staff = json.loads(cli("staff", "list", "--json")[1])
    assert [(m["name"], m["role"]) for m in staff] == [("Zoë Müller", "owner")]


def test_init_sets_the_owner_pin_from_the_environment(cli, monkeypatch) -> None:
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "482916")
    done = _json(cli("init", *ZURICH, "--owner", "Zoë", "--pin", "--json"))
    assert done["pin_set"] is True
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)
    assert _refused(cli("settings", "set", "shop_name", "Other", "--staff", "Zoë"), 3)
    monkeypatch.setenv("SHOPCRM_PIN", "482916")
    assert cli("settings", "set", "shop_name", "Other", "--staff", "Zoë")[0] == 0


def test_a_pin_needs_an_owner_named(cli, monkeypatch) -> None:
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "482916")
    assert "--owner" in _refused(cli("init", *ZURICH, "--pin"), 2)[0]


def test_a_shop_in_use_is_refused_and_kept(cli) -> None:
    assert cli("customers", "add", "--first-name", "Ann")[0] == 0
    before = cli("settings", "show", "--json")[1]
    lines = _refused(cli("init", *ZURICH, "--owner", "Zoë", "--json"))
    assert lines == [
        "error: this shop is already set up (1 customer); nothing was changed: change its"
        " settings with `shopcrm settings set` or in the app's settings"
    ]
    assert cli("settings", "show", "--json")[1] == before
    assert "Zoë" not in cli("staff", "list", "--json")[1]


def test_init_twice_is_refused_the_second_time(cli) -> None:
    assert cli("init", *ZURICH)[0] == 0
    assert "already set up" in _refused(cli("init", "--name", "Again"))[0]
    assert _json(cli("settings", "show", "--json"))["shop_name"] == "Café Zoë"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--name", ""), "name"),
        (("--name", MEGA), "name"),
        *((("--name", text), "name") for text in CONTROL),
        (("--currency", "EURO"), "currency"),
        (("--currency", "€"), "currency"),
        (("--currency", NOT_UTF8), "currency"),
        (("--locale", "xx_YY"), "locale"),
        (("--locale", "../../etc/passwd"), "locale"),
        (("--locale", MEGA), "locale"),
        (("--region", "UK"), "region"),
        (("--region", "\x00"), "region"),
        (("--owner", "\u202eevil"), "owner"),
        (("--owner", MEGA), "owner"),
        (("--loyalty", "everything"), "loyalty"),
    ],
)
def test_a_bad_answer_is_one_line_and_makes_nothing(
    cli, shop_location: str, backend: str, args: tuple[str, ...], field: str
) -> None:
    setup = dict(zip(ZURICH[::2], ZURICH[1::2], strict=True))
    setup.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [item for pair in setup.items() for item in pair]
    code, out, err = cli("init", *argv, "--json")
    if NOT_UTF8 in args:  # refused as a command line before anything reads it
        assert code == 2 and out == "" and err.startswith("error: ")
    else:
        lines = _refused((code, out, err))
        assert any(line.startswith(f"error: {field}: ") for line in lines), lines
    if backend == "sqlite":
        assert not Path(shop_location).exists()  # no empty shop left behind
    else:
        assert cli("settings", "show", "--json")[0] == 0
        assert _json(cli("settings", "show", "--json"))["shop_name"] == "My Shop"


@pytest.mark.parametrize("where", ["folder", "device", "missing folder"])
def test_a_place_that_is_no_database_is_refused(cli, tmp_path: Path, where: str) -> None:
    db = {
        "folder": str(tmp_path),
        "device": "/dev/null",
        "missing folder": str(tmp_path / "nowhere" / "shop.sqlite3"),
    }[where]
    assert len(_refused(cli("init", *ZURICH, db=db))) == 1
    assert not (tmp_path / "nowhere").exists()


def test_a_script_s_new_db_file_still_becomes_a_shop_with_defaults(tmp_path: Path) -> None:
    db = tmp_path / "script.sqlite3"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "shopcrm", "--db", str(db)),
            "customers",
            "add",
            "--first-name=Ann",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "shopcrm", "--db", str(db), "settings", "show", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(shown.stdout)["shop_name"] == "My Shop"
