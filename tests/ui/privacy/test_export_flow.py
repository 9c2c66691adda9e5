"""File → Export shop data… and Export mailing list… (both engines): off the GUI thread, into
a new folder, the window saying where; owner only once the shop has a PIN."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from shopcrm.core.owner import set_pin
from shopcrm.core.privacy.consent import set_consent
from shopcrm.core.staff import default_staff
from shopcrm.ui.privacy import export_flow
from shopcrm.ui.privacy.export_flow import ExportDialog

WAIT_MS = 60_000


def _menu_action(window, text: str):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


def test_the_shop_is_exported_from_the_file_menu(
    window, qtbot, add_customer, monkeypatch, tmp_path: Path
) -> None:
    add_customer("Ann", "Lee", email="ann@example.org")
    out = tmp_path / "exports"
    out.mkdir()
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent: (str(out), "json")))
    _menu_action(window, "Export shop data…").trigger()
    qtbot.waitUntil(lambda: "Exported into" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    [folder] = list(out.iterdir())
    assert str(folder) in window.statusBar().currentMessage()
    assert (folder / "customers.json").exists() and (folder / "manifest.json").exists()


def test_the_mailing_list_from_the_file_menu(
    window, qtbot, add_customer, monkeypatch, tmp_path: Path
) -> None:
    ann = add_customer("Ann", "Lee", email="ann@example.org").id
    add_customer("Bo", "Quiet", email="bo@example.org")
    set_consent(ann, {"email": True}, source="paper form")
    target = tmp_path / "list.csv"
    monkeypatch.setattr(export_flow, "ask_mailing_list_file", lambda parent: str(target))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    _menu_action(window, "Export mailing list…").trigger()
    qtbot.waitUntil(lambda: shown != [], timeout=WAIT_MS)
    assert target.read_text(encoding="utf-8-sig").splitlines() == [
        "Email,First name,Last name",
        "ann@example.org,Ann,Lee",
    ]


def test_exporting_asks_for_the_owners_pin(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    owner = default_staff()
    assert owner is not None
    set_pin(owner.id, "4821")
    window.load_till()
    asked: list[str] = []
    monkeypatch.setattr(window.till, "requires_owner", lambda action: asked.append(action) or False)
    monkeypatch.setattr(
        ExportDialog, "ask", classmethod(lambda cls, parent: (str(tmp_path), "csv"))
    )
    _menu_action(window, "Export shop data…").trigger()
    assert asked == ["export the shop's data"]
    assert not any(p.name.startswith("shopcrm-export-") for p in tmp_path.iterdir())
