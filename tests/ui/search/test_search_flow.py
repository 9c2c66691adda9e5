"""The counter flow: type, arrow down, Enter opens the card, Esc goes back to the search."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from shopcrm.core import settings
from shopcrm.db import parse_location
from shopcrm.ui.search.results_model import CUSTOMER_ID_ROLE, Column


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
    assert window.result_label.text() == "2 customers found"


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
    from shopcrm.ui.search.results_model import SearchResultsModel

    for first in ("Ann", "Anna", "Annette"):
        add_customer(first, "Baker", phone="+44 7911 123456", email=f"{first}@example.com")
    model = SearchResultsModel()
    model.set_results(customers.search_customers("ann", limit=50), "GB")
    assert model.rowCount() == 3
    assert model.index(0, 0).data(CUSTOMER_ID_ROLE) == model.customer_id(0)
    assert "example.com" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(Column.LAST_VISIT, Qt.Orientation.Horizontal) == "Last visit"
    qtmodeltester.check(model)


def test_status_bar_shows_the_database(window, shop_location):
    shown = window.location_label.text()
    assert shown == parse_location(shop_location).describe()
    assert shown == shop_location or shown.startswith("postgresql://127.0.0.1:")


def test_rows_show_last_visit_and_loyalty_logged_through_the_core(
    qtmodeltester, shop, add_customer
):
    from datetime import UTC, datetime, timedelta

    from shopcrm.core import customers, visits
    from shopcrm.ui.search.results_model import SearchResultsModel

    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    regular = add_customer("Ann", "Baker")
    newcomer = add_customer("Anna", "Baker")
    now = datetime.now(UTC)
    for days_ago in (40, 20, 3):
        visits.log_visit(regular.id, amount_minor=1250, at=now - timedelta(days=days_ago))

    model = SearchResultsModel()
    model.set_results(customers.search_customers("ann baker", limit=50), "GB")
    ids = [model.customer_id(row) for row in range(model.rowCount())]
    assert ids == [regular.id, newcomer.id]  # the core's order, regulars first, untouched
    assert model.index(0, Column.LAST_VISIT).data() == "3 days ago"
    tooltip = model.index(0, Column.LAST_VISIT).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Last visit: ") and str(now.year) in tooltip
    assert model.index(0, Column.LOYALTY).data() == "3/10 · 36 pts"
    assert model.index(1, Column.LAST_VISIT).data() == ""
    assert model.index(1, Column.LOYALTY).data() == ""
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 3, 14), "today"),
        (date(2026, 3, 13), "yesterday"),
        (date(2026, 3, 11), "3 days ago"),
        (date(2026, 3, 2), "2 Mar"),
        (date(2025, 10, 1), "1 Oct"),
        (date(2024, 3, 12), "Mar 2024"),
    ],
)
def test_last_visit_reads_like_speech(day, text):
    from shopcrm.core.formats import formats
    from shopcrm.ui.search.results_model import friendly_day

    assert friendly_day(day, date(2026, 3, 14), formats("en_GB")) == text


def test_month_first_locales_put_the_month_first():
    from shopcrm.core.formats import formats
    from shopcrm.ui.search.results_model import friendly_day

    american = formats("en_US", "USD", "US")
    assert friendly_day(date(2026, 3, 2), date(2026, 3, 14), american) == "Mar 2"


def test_a_visit_logged_elsewhere_shows_after_the_card_reports_a_change(
    window, qtbot, add_customer
):
    from shopcrm.core import visits

    customer = add_customer("Olga")
    qtbot.keyClicks(window.search.search_box, "olga")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    assert window.search.model.index(0, Column.LAST_VISIT).data() == ""
    window.open_customer(customer.id)

    visits.log_visit(customer.id, amount_minor=300)
    window.card.customer_changed.emit(customer.id)  # what the card says after a visit
    assert window.search.model.index(0, Column.LAST_VISIT).data() == "today"
    assert window.search.model.index(0, Column.LOYALTY).data().startswith("1/10")


def test_the_results_are_never_sorted_by_the_view(window):
    assert not window.search.results.isSortingEnabled()


def test_customer_menu_actions_follow_the_card(window, qtbot, add_customer):
    for action in (window.log_visit_action, window.void_visit_action, window.redeem_action):
        assert not action.isEnabled()
    assert "Ctrl+Enter" in window.log_visit_action.text()
    assert window.log_visit_action.shortcut().isEmpty()  # the card owns Ctrl+Enter
    window.open_customer(add_customer("Olga").id)
    card = window.card
    for action, method in (
        (window.log_visit_action, "start_visit"),
        (window.void_visit_action, "void_selected_visit"),
        (window.redeem_action, "redeem_stamp_card"),
    ):
        assert action.isEnabled() == hasattr(card, method)
    window.log_visit_action.trigger()
    qtbot.waitUntil(card.visit_panel.amount.hasFocus)


def test_rows_below_the_fold_get_their_loyalty_right_after_the_paint(
    window, qtbot, qtmodeltester, add_customer
):
    from datetime import UTC, datetime, timedelta

    from shopcrm.core import customers, visits

    now = datetime.now(UTC)
    people = [add_customer("Rowan", f"Walker{n:02d}") for n in range(30)]
    for number, person in enumerate(people):
        visits.log_visit(person.id, amount_minor=100 * (number + 1), at=now - timedelta(days=1))
    panel = window.search
    panel.resize(panel.width(), 300)  # a short list: most rows start below the fold
    qtbot.waitUntil(lambda: panel.rows_on_screen() < 30)
    on_screen = panel.rows_on_screen()

    # the core fills in only the rows asked for
    rows = customers.search_customers("rowan", limit=50, glance_rows=on_screen)
    assert [row.loyalty is not None for row in rows] == [True] * on_screen + [False] * (
        30 - on_screen
    )

    qtbot.keyClicks(panel.search_box, "rowan")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 30)
    expected = {row.id: row.loyalty for row in customers.search_customers("rowan", limit=50)}
    qtbot.waitUntil(
        lambda: all(
            panel.model.index(row, Column.LOYALTY).data() == expected[panel.model.customer_id(row)]
            for row in range(30)
        )
    )
    assert all(expected.values())
    qtmodeltester.check(panel.model)

    # the next query before the rest came in: its rows are its own
    panel.search_box.setText("rowan")
    panel.search_box.setText("zzzz")
    assert panel.model.rowCount() == 0
    qtbot.wait(20)
    assert panel.model.rowCount() == 0


def test_a_full_list_says_there_may_be_more(window, qtbot, add_customer):
    from shopcrm.ui.search.panel import SEARCH_LIMIT

    for number in range(SEARCH_LIMIT + 5):
        add_customer("Quinn", f"Many{number:03d}")
    qtbot.keyClicks(window.search.search_box, "quinn")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == SEARCH_LIMIT)
    assert window.result_label.text() == (
        f"First {SEARCH_LIMIT} customers shown: type more to narrow it down"
    )
    qtbot.keyClicks(window.search.search_box, " many042")
    qtbot.waitUntil(lambda: 0 < window.search.model.rowCount() < SEARCH_LIMIT)
    count = window.search.model.rowCount()
    assert window.result_label.text() == f"{count} customer{'' if count == 1 else 's'} found"


def test_the_warm_up_reads_no_table_and_the_first_search_works_after_it(
    window, qtbot, add_customer
):
    """The warm-up runs on a timer, so it must not meet a database that went away: it loads
    code only (here: with the database closed, nothing is read and nothing raises)."""
    add_customer("Wilma", "Warm")
    from shopcrm.db import close, database, open_database

    location = window.location
    close()
    window.search.warm_up()  # would raise on a closed database if it read a table
    assert database.is_closed()
    open_database(location)
    qtbot.keyClicks(window.search.search_box, "wilma")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
