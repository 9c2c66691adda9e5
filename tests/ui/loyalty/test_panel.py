"""Loyalty on the card: the stamp row, redeeming a full card or points, the ledger behind it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from shopcrm.core import loyalty, visits
from shopcrm.core.timeline import LOYALTY
from shopcrm.ui.loyalty.ledger_dialog import LedgerModel
from shopcrm.ui.loyalty.points_dialog import PointsDialog
from shopcrm.ui.loyalty.stamp_row import StampRow
from shopcrm.ui.widgets.timeline_model import ITEM_ROLE


def test_stamps_fill_the_row_and_a_full_card_offers_the_reward(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    for _ in range(9):
        visits.log_visit(customer.id, amount_minor=300)
    view = open_card(customer.id)
    assert (view.loyalty.stamps.filled, view.loyalty.stamps.per_card) == (9, 10)
    assert view.loyalty.redeem_card_button.isHidden()

    view.visit_panel.submit()  # the tenth visit
    assert view.loyalty.stamps.filled == 10
    assert not view.loyalty.redeem_card_button.isHidden()
    assert view.loyalty.redeem_card_button.text() == "Redeem Free coffee"
    assert "Free coffee" in view.loyalty.rewards.text()


def test_redeem_a_full_stamp_card(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    for _ in range(10):
        visits.log_visit(customer.id, amount_minor=300)
    view = open_card(customer.id)
    changed = []
    view.customer_changed.connect(changed.append)

    view.redeem_stamp_card()

    assert loyalty.status(customer.id).stamps == 0
    assert view.loyalty.stamps.filled == 0
    assert view.loyalty.redeem_card_button.isHidden()
    assert changed == [customer.id]
    line = loyalty.ledger(customer.id)[0]
    assert (line.kind, line.stamps, line.reason, line.staff) == (
        "redeem",
        -10,
        "Free coffee",
        "Owner",
    )
    first = view.timeline_model.index(0).data(ITEM_ROLE)
    assert (first.kind, first.loyalty_kind, first.stamps) == (LOYALTY, "redeem", -10)
    assert "Redeemed" in view.loyalty.message.text()


def test_redeeming_a_card_that_is_not_full_says_why(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    visits.log_visit(customer.id)
    view = open_card(customer.id)
    view.redeem_stamp_card()
    assert "not full" in view.loyalty.message.text()
    assert loyalty.status(customer.id).stamps == 1


def test_tier_progress_and_points(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    for _ in range(7):
        visits.log_visit(customer.id, amount_minor=2000)
    view = open_card(customer.id)
    assert view.loyalty.points.text() == "140 pts"
    assert view.loyalty.tier.text() == "No tier yet"
    assert view.loyalty.to_next.text() == "3 visits to Silver"
    assert view.loyalty.tier_progress.value() == 7
    assert view.loyalty.tier_progress.maximum() == 10


def test_redeem_points_for_a_reward_and_partly(qtbot, open_card, add_customer, monkeypatch):
    customer = add_customer("Olga")
    visits.log_visit(customer.id, amount_minor=26000)  # 260 points
    view = open_card(customer.id)
    actions = {a.text(): a for a in view.loyalty.points_menu.actions() if a.text()}
    assert actions["Slice of cake (250 pts)"].isEnabled()
    actions["Slice of cake (250 pts)"].trigger()
    assert loyalty.status(customer.id).points == 10
    assert view.loyalty.points.text() == "10 pts"
    actions = {a.text(): a for a in view.loyalty.points_menu.actions() if a.text()}
    assert not actions["Free coffee (100 pts)"].isEnabled()

    monkeypatch.setattr(PointsDialog, "ask_redeem", classmethod(lambda cls, parent, have: 4))
    actions["Redeem some points…"].trigger()
    assert loyalty.status(customer.id).points == 6
    assert [line.points for line in loyalty.ledger(customer.id)[:2]] == [-4, -250]


def test_adjust_points_with_a_reason(qtbot, open_card, add_customer, monkeypatch):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    monkeypatch.setattr(
        PointsDialog,
        "ask_adjust",
        classmethod(lambda cls, parent, have: (30, "sorry for the wait")),
    )
    view.loyalty.adjust_points()
    line = loyalty.ledger(customer.id)[0]
    assert (line.kind, line.points, line.reason, line.staff) == (
        "adjust",
        30,
        "sorry for the wait",
        "Owner",
    )
    assert view.loyalty.points.text() == "30 pts"


def test_why_this_balance_lists_the_ledger(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    for _ in range(10):
        visits.log_visit(customer.id, amount_minor=500)
    loyalty.redeem_stamp_card(customer.id)
    view = open_card(customer.id)
    qtbot.mouseClick(view.loyalty.why_button, Qt.MouseButton.LeftButton)
    dialog = view.loyalty.ledger_dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    assert model.rowCount() == 11
    newest = [model.index(0, column).data() for column in range(model.columnCount())]
    assert newest[1:6] == ["Redeemed", "−10", "", "Free coffee", ""]
    assert newest[6] == "0 stamps · 50 pts"
    assert model.index(1, 1).data() == "Earned"
    assert model.index(1, 3).data() == "+5"

    view.show_customer(customer.id)  # another card (or this one again) closes the old list
    assert view.loyalty.ledger_dialog is None


def test_ledger_model_passes_modeltester(qtmodeltester, shop, add_customer):
    customer = add_customer("Olga")
    for _ in range(3):
        visits.log_visit(customer.id, amount_minor=500)
    model = LedgerModel(loyalty.ledger(customer.id))
    qtmodeltester.check(model)
    assert model.rowCount(QModelIndex()) == 3


def test_stamp_row_paints_and_sizes(qtbot):
    row = StampRow()
    qtbot.addWidget(row)
    row.set_stamps(12, 10)
    assert row.filled == 10
    assert row.sizeHint().width() > 10 * row.sizeHint().height()
    assert not row.grab().isNull()
