"""The counter flow: type, arrow down, Enter opens the card, Esc goes back to the search."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopcrm.ui.search_results_model import CUSTOMER_ID_ROLE, Column


def test_search_box_has_focus_at_start(window, qtbot):
    qtbot.waitUntil(window.search.search_box.hasFocus)


def test_type_down_enter_opens_card_and_esc_returns(window, qtbot, add_customer):
    add_customer("María", "González", phone="+44 7911 123456", tags=["regular"])
    add_customer("Mario", "Gonzales", phone="+44 7912 900123")
    box = window.search.search_box
    model = window.search.model

    qtbot.keyClicks(box, "gonz")
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert window.search.selected_row() == 0

    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert window.search.selected_row() == 1
    second_id = model.customer_id(1)
    qtbot.keyClick(box, Qt.Key.Key_Return)

    assert window.right.currentWidget() is window.card
    assert window.card.customer_id == second_id
    assert window.card.name.text() == model.summary(1).full_name
    qtbot.waitUntil(lambda: not box.hasFocus())

    qtbot.keyClick(window.card, Qt.Key.Key_Escape)
    qtbot.waitUntil(box.hasFocus)
    assert box.selectedText() == "gonz"


def test_enter_without_moving_opens_first_result(window, qtbot, add_customer):
    first = add_customer("José", "Martínez")
    qtbot.keyClicks(window.search.search_box, "jose")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    qtbot.keyClick(window.search.search_box, Qt.Key.Key_Enter)
    assert window.card.customer_id == first.id


def test_up_stops_at_the_first_row(window, qtbot, add_customer):
    add_customer("Anna", "Smith")
    add_customer("Anna", "Smyth")
    qtbot.keyClicks(window.search.search_box, "anna")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 2)
    qtbot.keyClick(window.search.search_box, Qt.Key.Key_Up)
    assert window.search.selected_row() == 0
    for _ in range(5):
        qtbot.keyClick(window.search.search_box, Qt.Key.Key_Down)
    assert window.search.selected_row() == 1


def test_esc_from_the_note_line_returns_to_search(window, qtbot, add_customer):
    customer = add_customer("Olga")
    window.open_customer(customer.id)
    window.card.start_note()
    qtbot.waitUntil(window.card.note_editor.text.hasFocus)
    qtbot.keyClick(window.card.note_editor.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.search.search_box.hasFocus)


def test_ctrl_f_focuses_search(window, qtbot, add_customer):
    window.open_customer(add_customer("Olga").id)
    qtbot.waitUntil(lambda: not window.search.search_box.hasFocus())
    qtbot.keyClick(window.card, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search.search_box.hasFocus)


def test_result_rows_tell_look_alikes_apart(window, qtbot, add_customer):
    add_customer("Maria", "Gomez", phone="+44 7911 123456", tags=["regular"])
    add_customer("Maria", "Gomez", phone="+44 7911 123999")
    qtbot.keyClicks(window.search.search_box, "maria gomez")
    model = window.search.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    phones = {model.index(row, Column.PHONE).data() for row in range(2)}
    assert len(phones) == 2
    tags = {model.index(row, Column.TAGS).data() for row in range(2)}
    assert tags == {"regular", ""}
    assert window.result_label.text() == "2 customer(s) found"


def test_clearing_the_box_clears_the_results(window, qtbot, add_customer):
    add_customer("Olga")
    qtbot.keyClicks(window.search.search_box, "olg")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    window.search.search_box.clear()
    assert window.search.model.rowCount() == 0


def test_no_match_says_so(window, qtbot, add_customer):
    add_customer("Olga")
    qtbot.keyClicks(window.search.search_box, "zzzzqqq")
    assert window.search.model.rowCount() == 0
    assert "zzzzqqq" in window.result_label.text()


def test_results_model_passes_modeltester(qtmodeltester, shop, add_customer):
    from shopcrm.core import customers
    from shopcrm.ui.search_results_model import SearchResultsModel

    for first in ("Ann", "Anna", "Annette"):
        add_customer(first, "Baker", phone="+44 7911 123456", email=f"{first}@example.com")
    model = SearchResultsModel()
    model.set_results(customers.search_customers("ann", limit=50), "GB")
    assert model.rowCount() == 3
    assert model.index(0, 0).data(CUSTOMER_ID_ROLE) == model.customer_id(0)
    assert "example.com" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(Column.LAST_VISIT, Qt.Orientation.Horizontal) == "Last visit"
    qtmodeltester.check(model)


def test_status_bar_shows_the_database(window, db_path):
    assert window.location_label.text() == str(db_path)
