"""Which database this computer opens: ``SHOPCRM_DB``, then the choice kept in the settings
file of this computer, then the data folder's file; a password is never kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrm import config
from shopcrm.db import DatabaseLocationError


def test_without_a_choice_the_data_folder_file_is_opened(tmp_path: Path) -> None:
    assert config.chosen_database() is None
    assert config.default_database() == str(tmp_path / "data" / "shopcrm.sqlite3")


def test_a_chosen_server_is_opened_and_shopcrm_db_still_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.choose_database("postgres://till@server/shop")
    assert config.default_database() == "postgres://till@server/shop"
    assert (tmp_path / "config" / "machine.ini").is_file()
    monkeypatch.setenv("SHOPCRM_DB", str(tmp_path / "env.sqlite3"))
    assert config.default_database() == str(tmp_path / "env.sqlite3")
    monkeypatch.delenv("SHOPCRM_DB")
    config.choose_database(None)
    assert config.default_database() == str(tmp_path / "data" / "shopcrm.sqlite3")


@pytest.mark.parametrize(
    "url",
    ["postgresql://till:hunter2@server/shop", "postgresql://till@server/shop?password=hunter2"],
)
def test_a_url_with_a_password_is_refused_and_nothing_is_written(tmp_path: Path, url: str) -> None:
    with pytest.raises(DatabaseLocationError, match=r"\.pgpass") as refused:
        config.choose_database(url)
    assert "hunter2" not in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "config" / "machine.ini").exists()


def test_a_place_that_cannot_hold_a_shop_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseLocationError):
        config.choose_database(str(tmp_path / "missing" / "shop.sqlite3"))
    assert config.chosen_database() is None


def test_the_cli_opens_the_chosen_database(tmp_path: Path, capsys) -> None:
    from shopcrm.cli import main

    chosen = tmp_path / "chosen.sqlite3"
    config.choose_database(str(chosen))
    assert main(["customers", "add", "--first-name", "Ann"]) == 0
    assert chosen.is_file()
