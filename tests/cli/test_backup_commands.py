"""``shopcrm backup``, ``backups list`` and ``restore`` (both engines): their ``--json`` is a
contract (the keys and their types, pinned here: paths and sizes differ from run to run),
and a restore needs ``--yes`` when there is no terminal to ask on."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.core.formats import ShopFormats

BACKUP_KEYS = {"path": str, "bytes": int, "verified": bool, "warnings": list}
LIST_KEYS = {
    "path": str,
    "time": str,
    "bytes": int,
    "verified": bool,
    "kind": str,
    "error": type(None),
}
RESTORE_KEYS = {"restored": str, "database": str, "kept": str, "rows": int, "erased_again": int}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def _shape(value: object, keys: dict[str, type]) -> None:
    assert isinstance(value, dict)
    assert list(value) == list(keys)
    for key, kind in keys.items():
        assert isinstance(value[key], kind), (key, value[key])


def test_json_of_backup_list_and_restore(
    shop_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", shop_location]
    assert main([*db, "customers", "add", "--first-name", "Ann"]) == 0
    made = _json(capsys, *db, "backup", "--json")
    _shape(made, BACKUP_KEYS)
    assert made["verified"] is True and Path(made["path"]).stat().st_size == made["bytes"]  # type: ignore[index]
    listed = _json(capsys, *db, "backups", "list", "--json")
    assert isinstance(listed, list) and len(listed) == 1
    _shape(listed[0], LIST_KEYS)
    assert listed[0]["path"] == made["path"] and listed[0]["kind"] == "monthly"  # type: ignore[index]
    restored = _json(capsys, *db, "restore", made["path"], "--yes", "--json")  # type: ignore[index]
    _shape(restored, RESTORE_KEYS)
    kinds = [e["kind"] for e in _json(capsys, *db, "backups", "list", "--json")]  # type: ignore[union-attr]
    assert sorted(kinds) == ["before-restore", "monthly"]


def test_restore_without_yes_and_without_a_terminal_is_refused(
    shop_location: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ["--db", shop_location]
    made = _json(capsys, *db, "backup", "--json")
    assert main([*db, "customers", "add", "--first-name", "After"]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    capsys.readouterr()
    assert main([*db, "restore", made["path"]]) == 1  # type: ignore[index]
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--yes" in err
    found = _json(capsys, *db, "customers", "search", "after", "--json")
    assert isinstance(found, list) and len(found) == 1  # nothing was restored
    assert [e["kind"] for e in _json(capsys, *db, "backups", "list", "--json")] == ["monthly"]  # type: ignore[union-attr]


def test_a_failed_backup_is_listed_as_failed(
    shop_location: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A backup whose file went missing after it was made shows as failed, not as kept."""
    db = ["--db", shop_location]
    made = _json(capsys, *db, "backup", "--json")
    Path(made["path"]).unlink()  # type: ignore[index]
    (entry,) = _json(capsys, *db, "backups", "list", "--json")  # type: ignore[misc]
    assert entry["verified"] is False and "missing" in entry["error"]


def test_backups_list_speaks_the_shops_locale(
    shop_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text output goes through the shop's locale: a German shop reads ``07.12.2026, 13:19``
    and ``8,1 MB``, never the computer's formats."""
    db = ["--db", shop_location]
    assert main([*db, "settings", "set", "locale", "de_DE"]) == 0
    made = _json(capsys, *db, "backup", "--json")
    assert main([*db, "backups", "list"]) == 0
    line = capsys.readouterr().out.strip()
    german = ShopFormats(locale="de_DE", currency="EUR")
    taken = _json(capsys, *db, "backups", "list", "--json")[0]["time"]  # type: ignore[index]
    assert german.date_time(datetime.fromisoformat(taken)) in line
    assert german.megabytes(made["bytes"]) in line  # type: ignore[index]
    assert "," in german.megabytes(made["bytes"])  # type: ignore[index]
