"""The first-run page: "Set up my shop" makes the shop with the chosen settings and owner;
"Explore a demo shop" makes the demo in a file of its own and never touches the shop's
(on PostgreSQL: the server's shop stays new). Driven through the widgets, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopcrm.config import demo_database
from shopcrm.core import settings
from shopcrm.core.first_start import shop_is_new
from shopcrm.core.owner import prove_owner
from shopcrm.core.staff import list_staff
from shopcrm.db import parse_location
from shopcrm.db.models import Customer
from shopcrm.ui.first_start import demo_page
from shopcrm.ui.first_start.dialog import CHOICE, DEMO, SERVER, SETUP, FirstStartDialog
from shopcrm.ui.opening import ShopOpener

SMALL_DEMO = 300


@pytest.fixture
def opener(shop_location: str) -> Iterator[ShopOpener]:
    held = ShopOpener()
    held.take(parse_location(shop_location))
    yield held
    held.release()


@pytest.fixture
def dialog(qtbot, opener: ShopOpener, monkeypatch) -> FirstStartDialog:
    monkeypatch.setattr(demo_page, "DEMO_CUSTOMERS", SMALL_DEMO)
    assert opener.needs_setting_up()
    shown = FirstStartDialog(opener)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _real_shop_untouched(shop_location: str, backend: str) -> None:
    if backend == "sqlite":
        assert not Path(shop_location).exists()
    else:
        from shopcrm.db import close, open_database

        open_database(shop_location)
        try:
            assert shop_is_new()
        finally:
            close()


def test_set_up_my_shop_makes_it_with_the_chosen_settings_and_owner(
    qtbot, dialog: FirstStartDialog, opener: ShopOpener, shop_location: str
) -> None:
    assert dialog.pages.currentIndex() == CHOICE and dialog.set_up_button.hasFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == SETUP)  # an animated click
    assert dialog.form.name.hasFocus()
    form = dialog.form
    qtbot.keyClicks(form.name, "Cafe ")
    form.name.insert("Zoë")  # QTest types ASCII only
    form.currency.set_code("CHF")
    form.formats_list.lineEdit().clear()
    qtbot.keyClicks(form.formats_list.lineEdit(), "de_CH")  # typed, not picked: core parses it
    form.region.set_code("CH")
    form.owner.setText("Zoë Müller")
    qtbot.keyClicks(form.pin, "482916")
    qtbot.keyClicks(form.pin_again, "482916")
    form.loyalty.setCurrentIndex(form.loyalty.findData("stamp-card"))
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.keyClick(form.pin_again, Qt.Key.Key_Return)
    assert not dialog.demo
    assert opener.location == parse_location(shop_location) and opener.opened
    shop = settings.load()
    assert (shop.shop_name, shop.currency, shop.locale, shop.phone_region) == (
        "Cafe Zoë",
        "CHF",
        "de_CH",
        "CH",
    )
    assert (shop.stamps_per_card, shop.points_per_unit) == (10, 0)
    (owner,) = [m for m in list_staff() if m.role == "owner"]
    assert owner.name == "Zoë Müller"
    assert prove_owner(owner.id, "482916").staff_id == owner.id


def test_a_refused_answer_is_shown_under_its_field_and_nothing_is_made(
    qtbot, dialog: FirstStartDialog, shop_location: str, backend: str
) -> None:
    dialog.set_up_button.click()
    form = dialog.form
    form.region.setEditText("Atlantis")
    dialog.open_button.click()
    assert form.errors["name"].isVisible() and form.errors["name"].text()
    assert "Atlantis" in form.errors["region"].text()
    assert form.name.hasFocus()
    qtbot.keyClicks(form.name, "Shop")
    form.region.set_code("GB")
    qtbot.keyClicks(form.pin, "1234")
    qtbot.keyClicks(form.pin_again, "4321")
    dialog.open_button.click()
    assert "differ" in form.errors["pin"].text()
    assert not form.errors["name"].isVisible()
    assert dialog.result() == 0 and dialog.isVisible()
    dialog.opener.release()
    _real_shop_untouched(shop_location, backend)


def test_explore_a_demo_makes_a_separate_demo_and_never_the_shop(
    qtbot, dialog: FirstStartDialog, opener: ShopOpener, shop_location: str, backend: str
) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.demo
    demo = demo_database(parse_location(shop_location).target)
    assert opener.location == parse_location(demo) and opener.location.kind == "sqlite"
    assert Path(demo).name == "demo.sqlite3" and demo != shop_location
    assert Customer.select().count() == SMALL_DEMO
    opener.release()
    _real_shop_untouched(shop_location, backend)


def test_cancelling_the_demo_keeps_nothing_and_goes_back(
    qtbot, dialog: FirstStartDialog, opener: ShopOpener, shop_location: str, backend: str
) -> None:
    dialog.explore_demo()
    assert dialog.pages.currentIndex() == DEMO
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)  # Esc is Cancel here
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == CHOICE, timeout=30_000)
    assert dialog.isVisible() and not dialog.demo
    assert opener.location == parse_location(shop_location) and not opener.opened
    opener.release()
    _real_shop_untouched(shop_location, backend)


def test_esc_on_the_first_page_closes_it_without_making_a_shop(
    qtbot, dialog: FirstStartDialog, shop_location: str, backend: str
) -> None:
    dialog.set_up_button.click()
    qtbot.keyClick(dialog.form.name, Qt.Key.Key_Escape)  # back
    assert dialog.pages.currentIndex() == CHOICE and dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    dialog.opener.release()
    _real_shop_untouched(shop_location, backend)


@pytest.fixture
def file_shop_dialog(qtbot, tmp_path: Path) -> Iterator[FirstStartDialog]:
    """The page over a new shop file, for connecting to a server instead."""
    held = ShopOpener()
    held.take(parse_location(str(tmp_path / "shop.sqlite3")))
    shown = FirstStartDialog(held)
    qtbot.addWidget(shown)
    shown.show()
    shown.server_button.click()
    yield shown
    held.release()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_connecting_to_an_empty_server_sets_the_shop_up_there(
    qtbot, file_shop_dialog: FirstStartDialog, shop_location: str, tmp_path: Path
) -> None:
    from shopcrm.config import chosen_database

    dialog = file_shop_dialog
    assert dialog.pages.currentIndex() == SERVER and dialog.url.hasFocus()
    qtbot.keyClicks(dialog.url, shop_location)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)  # Connect is the page's default
    assert dialog.pages.currentIndex() == SETUP
    assert dialog.opener.location == parse_location(shop_location)
    assert chosen_database() == shop_location  # the next start opens the server
    qtbot.keyClicks(dialog.form.name, "Server Shop")
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.open_button.click()
    assert settings.load().shop_name == "Server Shop" and not dialog.demo
    assert not (tmp_path / "shop.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("", "type the server's address"),
        ("mysql://till@shop/shop", "unsupported database URL"),
        ("postgresql://till:secret@shop/shop", "password"),
        ("/tmp/shop.sqlite3", "postgresql://"),
        ("postgresql://till@127.0.0.1:1/shop", "127.0.0.1"),
    ],
)
def test_a_server_that_cannot_be_used_is_explained_and_the_shop_kept(
    qtbot, file_shop_dialog: FirstStartDialog, tmp_path: Path, url: str, said: str
) -> None:
    from shopcrm.config import chosen_database

    dialog = file_shop_dialog
    dialog.url.setText(url)
    dialog.connect_button.click()
    assert dialog.url_error.isVisible() and said.lower() in dialog.url_error.text().lower()
    assert "secret" not in dialog.url_error.text()
    assert dialog.pages.currentIndex() == SERVER and chosen_database() is None
    assert dialog.opener.location == parse_location(str(tmp_path / "shop.sqlite3"))
    assert not dialog.opener.opened and not (tmp_path / "shop.sqlite3").exists()


def test_closing_the_window_while_the_demo_is_made_stops_it_and_keeps_nothing(
    qtbot, dialog: FirstStartDialog, opener: ShopOpener, shop_location: str, backend: str
) -> None:
    dialog.set_up_button.click()
    dialog.close()  # the close button, from the form's page: closes, not back
    assert dialog.result() == 0 and not dialog.isVisible()
    dialog.show()
    dialog.show_page(CHOICE)
    dialog.explore_demo()
    with qtbot.waitSignal(dialog.rejected, timeout=30_000):
        dialog.close()  # while the demo is being made
    assert not dialog.demo_page.running() and not dialog.demo
    demo = demo_database(parse_location(shop_location).target)
    opener.release()
    from shopcrm.db import close, open_database

    open_database(demo)
    try:
        assert Customer.select().count() == 0  # cancelled: nothing of it kept
    finally:
        close()
    _real_shop_untouched(shop_location, backend)
