"""Vouchers on the card: the valid ones listed, redeemed from there, and given from there."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from shopcrm.core import settings, visit_stats, vouchers
from shopcrm.core.customers import CustomerCard
from shopcrm.core.timeline import VISIT
from shopcrm.core.vouchers import (
    HAND_PICKED,
    BatchDraft,
    RuleSpec,
    VoucherValue,
    default_expiry,
    grouped,
    issue_batch,
    issue_single,
    redemption,
)
from shopcrm.ui.vouchers import single_voucher_dialog
from shopcrm.ui.vouchers.display import day_text
from shopcrm.ui.vouchers.printing import VoucherOutput
from shopcrm.ui.vouchers.redeem_dialog import RedeemDialog
from shopcrm.ui.vouchers.single_voucher_dialog import SingleVoucherDialog, default_message
from shopcrm.ui.widgets.timeline_model import ITEM_ROLE


def _give(customer_id: int, value: VoucherValue, expires_on: date | None = None) -> str:
    issued = issue_single(customer_id, value, expires_on or default_expiry(), "For {first_name}")
    return issued.vouchers[0].code


def test_a_customer_without_vouchers_says_so(open_card, add_customer):
    view = open_card(add_customer("Olga").id)
    assert view.vouchers.vouchers == []
    assert view.vouchers.empty.isVisible() and view.vouchers.empty.text() == "No vouchers"
    assert not view.vouchers.rows.isVisible()


def test_the_card_lists_only_the_valid_vouchers(open_card, add_customer):
    olga = add_customer("Olga")
    five = _give(olga.id, VoucherValue.amount(500))
    coffee = _give(olga.id, VoucherValue.free_item("A free coffee"), date(2027, 2, 28))
    redeemed = _give(olga.id, VoucherValue.percent_off(10))
    redemption.redeem(redeemed)
    voided = _give(olga.id, VoucherValue.amount(300))
    vouchers.void_voucher(voided, "given twice")
    expired = issue_batch(
        BatchDraft(
            RuleSpec(HAND_PICKED, date(2024, 3, 1), customer_ids=(olga.id,)),
            VoucherValue.amount(700),
            date(2024, 4, 30),
        ),
        now=datetime(2024, 3, 5, 12, tzinfo=UTC),
    ).vouchers[0]
    assert vouchers.get_voucher(expired.code).status == "expired"

    view = open_card(olga.id)
    assert view.vouchers.texts() == [
        f"A free coffee {grouped(coffee)}",
        f"£5.00 off {grouped(five)}",
    ]
    assert not view.vouchers.empty.isVisible()
    assert len(view.vouchers.row_buttons) == 2
    labels = {label.text() for label in view.vouchers.rows.findChildren(QLabel)}
    assert "until " + day_text(date(2027, 2, 28)) in labels
    assert day_text(date(2027, 2, 28)) == "28 February 2027"


def test_redeem_from_the_card_logs_the_visit_and_refreshes_it(qtbot, open_card, add_customer):
    olga = add_customer("Olga")
    code = _give(olga.id, VoucherValue.amount(500))
    view = open_card(olga.id)
    changed = []
    view.customer_changed.connect(changed.append)

    qtbot.mouseClick(view.vouchers.row_buttons[0], Qt.MouseButton.LeftButton)
    dialog = view.findChild(RedeemDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.voucher is not None and dialog.voucher.code == code
    dialog.amount.setText("4,20")
    qtbot.mouseClick(dialog.redeem_button, Qt.MouseButton.LeftButton)

    stored = vouchers.get_voucher(code)
    assert stored.status == "redeemed" and stored.redeemed_by == "Owner"
    assert visit_stats.visit_summary(olga.id).visits == 1
    assert view.vouchers.vouchers == [] and view.vouchers.empty.isVisible()
    newest = view.timeline_model.index(0).data(ITEM_ROLE)
    assert (newest.kind, newest.amount_minor) == (VISIT, 420)
    assert changed == [olga.id]


def test_redeem_voucher_button_waits_for_a_scan(qtbot, open_card, add_customer):
    olga = add_customer("Olga")
    code = _give(olga.id, VoucherValue.amount(500))
    view = open_card(olga.id)
    qtbot.mouseClick(view.vouchers.scan_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(RedeemDialog)
    assert dialog.code.text() == "" and not dialog.panel.isVisible()
    qtbot.keyClicks(dialog.code, code.lower())
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)  # look up
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)  # redeem? first what they spent
    assert vouchers.get_voucher(code).status == "valid"
    assert dialog.amount_error.isVisible()
    qtbot.keyClicks(dialog.amount, "2")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # redeem, with a visit of £2.00
    assert vouchers.get_voucher(code).status == "redeemed"
    assert view.vouchers.vouchers == []


def test_one_dialog_and_one_refresh_however_often_it_is_opened(qtbot, open_card, add_customer):
    olga = add_customer("Olga")
    first = _give(olga.id, VoucherValue.amount(500))
    second = _give(olga.id, VoucherValue.amount(300))
    view = open_card(olga.id)
    changed = []
    view.customer_changed.connect(changed.append)
    view.redeem_voucher(first)
    view.redeem_voucher(second)  # the open dialog shows the second one instead
    (dialog,) = view.findChildren(RedeemDialog)
    assert dialog.voucher.code == second
    qtbot.keyClicks(dialog.amount, "3")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert changed == [olga.id]
    assert vouchers.get_voucher(first).status == "valid"
    assert [v.code for v in view.vouchers.vouchers] == [first]


def _fill_and_accept(dialog: SingleVoucherDialog, amount: str = "5") -> None:
    dialog.amount.setText(amount)
    dialog.accept()


def test_give_a_voucher_from_the_card(qtbot, open_card, add_customer, monkeypatch):
    olga = add_customer("Olga", "Petrova", birthday_month=date.today().month, birthday_day=1)
    view = open_card(olga.id)
    asked = []

    def ask(cls, parent, card, money):
        dialog = cls(parent, card, money)
        qtbot.addWidget(dialog)
        assert dialog.message.text() == "Happy birthday, {first_name}!"
        _fill_and_accept(dialog, "7.50")
        return dialog.issued

    monkeypatch.setattr(SingleVoucherDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        single_voucher_dialog, "ask_print", lambda parent, voucher: asked.append(voucher) or ""
    )
    qtbot.mouseClick(view.vouchers.give_button, Qt.MouseButton.LeftButton)

    (given,) = vouchers.customer_vouchers(olga.id)
    assert (given.value_text, given.message, given.status) == (
        "£7.50 off",
        "Happy birthday, Olga!",
        "valid",
    )
    assert given.expires_on == default_expiry()
    assert view.vouchers.texts() == [f"£7.50 off {given.grouped_code}"]
    assert [voucher.id for voucher in asked] == [given.id]
    assert given.printed == 0  # "not now"


def test_given_voucher_can_be_saved_as_a_pdf(qtbot, open_card, add_customer, monkeypatch, tmp_path):
    olga = add_customer("Olga")
    view = open_card(olga.id)
    out = tmp_path / "olga.pdf"
    monkeypatch.setattr(
        SingleVoucherDialog,
        "ask",
        classmethod(lambda cls, parent, card, money: _issued(cls, parent, card, money)),
    )
    monkeypatch.setattr(single_voucher_dialog, "ask_print", lambda parent, voucher: "pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    view.give_voucher()
    (given,) = vouchers.customer_vouchers(olga.id)
    qtbot.waitUntil(lambda: vouchers.get_voucher(given.id).printed == 1, timeout=20_000)
    assert out.read_bytes().startswith(b"%PDF")  # the next print says COPY


def test_a_given_voucher_saves_as_a_one_page_pdf(qtbot, open_card, add_customer, tmp_path):
    olga = add_customer("Olga")
    view = open_card(olga.id)
    issued = issue_single(olga.id, VoucherValue.amount(500), default_expiry(), "For you")
    out = tmp_path / "olga.pdf"
    output = VoucherOutput(view, voucher_ids=[issued.vouchers[0].id])
    with qtbot.waitSignal(output.done, timeout=20_000):
        output.save_to(str(out), "single")
    assert out.read_bytes().startswith(b"%PDF")
    assert vouchers.get_voucher(issued.vouchers[0].id).printed == 1


def _issued(cls, parent, card, money):
    dialog = cls(parent, card, money)
    _fill_and_accept(dialog)
    return dialog.issued


def test_the_give_dialog_explains_each_refusal_and_issues_nothing(qtbot, shop, add_customer):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    olga = add_customer("Olga")
    card = _card(olga.id)
    from shopcrm.ui.widgets.shop_money import ShopMoney

    dialog = SingleVoucherDialog(None, card, ShopMoney())
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_and_accept(dialog, "")
    assert dialog.errors["value"].isVisible()
    assert "more than zero" in dialog.errors["value"].text()
    dialog.message.setText("Hello {nickname}")
    _fill_and_accept(dialog, "five")  # both refusals at once, each under its field
    assert dialog.errors["value"].text().startswith("Not an amount")
    assert "no field {nickname}" in dialog.errors["message"].text()
    _fill_and_accept(dialog, "5")
    assert "no field {nickname}" in dialog.errors["message"].text()
    assert not dialog.errors["value"].isVisible()
    assert dialog.issued is None and vouchers.customer_vouchers(olga.id) == []

    dialog.kind.setCurrentIndex(2)  # a free item
    dialog.item.setText("A slice of cake")
    dialog.message.setText("For you, {first_name}")
    dialog.accept()
    (given,) = vouchers.customer_vouchers(olga.id)
    assert (given.value_text, given.message) == ("A slice of cake", "For you, Olga")


def test_a_voucher_handed_over_goes_to_someone_who_asked_not_to_be_mailed(
    qtbot, shop, add_customer
):
    """Asking not to be contacted keeps a customer out of voucher runs; a voucher given at
    the counter, face to face, is not contacting them."""
    from shopcrm.ui.widgets.shop_money import ShopMoney

    olga = add_customer("Olga", do_not_contact=True)
    dialog = SingleVoucherDialog(None, _card(olga.id), ShopMoney())
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_and_accept(dialog)
    assert dialog.errors["other"].text() == ""
    assert [v.customer_id for v in vouchers.customer_vouchers(olga.id)] == [olga.id]


def _card(customer_id: int) -> CustomerCard:
    from shopcrm.core.customers import get_card

    return get_card(customer_id)


def test_default_message_wishes_a_happy_birthday_only_near_it(shop, add_customer):
    def message(month: int | None, today: date) -> str:
        born = {"birthday_month": month, "birthday_day": 1} if month else {}
        return default_message(_card(add_customer("Olga", **born).id), today)

    november, december = date(2026, 11, 20), date(2026, 12, 5)
    assert "birthday" in message(11, november)
    assert "birthday" in message(12, november)
    assert "birthday" not in message(3, november)
    assert "birthday" not in message(None, november)
    assert "birthday" in message(1, december)


def test_the_customer_menu_gives_a_voucher_only_with_a_card_open(
    window, qtbot, add_customer, monkeypatch
):
    olga = add_customer("Olga", "Petrova")
    assert not window.give_voucher_action.isEnabled()
    window.open_customer(olga.id)
    assert window.give_voucher_action.isEnabled()
    given: list[int] = []
    monkeypatch.setattr(
        type(window.card), "give_voucher", lambda card: given.append(card.customer_id)
    )
    window.give_voucher_action.trigger()
    assert given == [olga.id]
