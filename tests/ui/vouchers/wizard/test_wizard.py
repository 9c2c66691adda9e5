"""The voucher run wizard, driven as the owner would: rule, list, voucher, Issue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWizard

from shopcrm.core import settings, visits
from shopcrm.core.vouchers import (
    HAND_PICKED,
    REGULARS,
    BatchDraft,
    RuleSpec,
    VoucherValue,
    batch_vouchers,
    get_batch,
    issue_batch,
    list_batches,
)
from shopcrm.ui.vouchers.wizard.candidates_model import Column
from shopcrm.ui.vouchers.wizard.rule_page import default_month
from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard
from tests.other_till import OtherTill

WAIT_MS = 20_000
LAST_MONTH = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def regulars(shop, add_customer) -> dict[str, int]:
    """A UK shop whose regulars came last month: Cid 6 visits, Bob 5, Ann 4, Dee only once,
    and Eve 5 times but she asked not to be contacted."""
    settings.set_value("shop_name", "Corner Shop")
    settings.set_value("currency", "GBP")
    settings.set_value("locale", "en_GB")
    ids = {}
    middle = datetime(LAST_MONTH.year, LAST_MONTH.month, 12, 12, tzinfo=UTC)
    for name, count, quiet in (
        ("Ann", 4, False),
        ("Bob", 5, False),
        ("Cid", 6, False),
        ("Dee", 1, False),
        ("Eve", 5, True),
    ):
        card = add_customer(name, "Regular", do_not_contact=quiet)
        ids[name] = card.id
        for visit in range(count):
            at = middle + timedelta(hours=visit)
            visits.log_visit(card.id, amount_minor=1000 + visit, at=at)
    return ids


def _wizard(qtbot, hand_picked=()) -> VoucherWizard:
    wizard = VoucherWizard(hand_picked=hand_picked)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_list(qtbot, wizard: VoucherWizard, rule: str = REGULARS) -> None:
    """On to the list, and wait for its customers (they are picked on a worker thread)."""
    page = wizard.rule_page
    page.month.setDate(QDate(LAST_MONTH.year, LAST_MONTH.month, 1))
    page.set_rule(rule)
    page.regular_visits.setValue(4)
    wizard.next()
    assert wizard.currentPage() is wizard.list_page
    qtbot.waitUntil(lambda: wizard.list_page.ready, timeout=WAIT_MS)


def _row_of(wizard: VoucherWizard, first_name: str) -> int:
    model = wizard.list_page.model
    return next(
        row for row in range(model.rowCount()) if model.candidate(row).first_name == first_name
    )


def _fill_voucher(wizard: VoucherWizard, message: str = "Hi {first_name}: {value}") -> None:
    page = wizard.value_page
    page.value.amount.setText("5")
    page.message.setPlainText(message)


def _issue(qtbot, wizard: VoucherWizard) -> None:
    """Press Issue: the batch is written off the GUI thread; wait for its answer."""
    with qtbot.waitSignal(wizard.issue_ended, timeout=20_000):
        wizard.next()


def test_default_month_is_this_one_late_in_the_month_else_the_last():
    assert default_month(date(2026, 11, 21)) == date(2026, 11, 1)
    assert default_month(date(2026, 11, 20)) == date(2026, 10, 1)
    assert default_month(date(2026, 1, 5)) == date(2025, 12, 1)


def test_a_run_from_rule_to_issue(qtbot, regulars, qtmodeltester):
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)

    model = wizard.list_page.model
    qtmodeltester.check(model)
    names = [model.candidate(row).first_name for row in range(model.rowCount())]
    assert names == ["Cid", "Bob", "Ann"]  # most visits first; Dee too few, Eve asked not
    assert model.index(0, Column.SPENT).data() == "£60.15"
    assert wizard.list_page.count.text() == "3 customers; 1 more asked not to be contacted"
    assert not wizard.list_page.warning.isVisible()

    ann = model.index(_row_of(wizard, "Ann"), Column.NAME)
    assert model.setData(ann, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert wizard.list_page.count.text() == (
        "2 customers, 1 left out; 1 more asked not to be contacted"
    )
    wizard.list_page.table.selectRow(_row_of(wizard, "Bob"))
    qtbot.keyClick(wizard.list_page.table, Qt.Key.Key_Space)  # untick the selected row
    assert wizard.list_page.count.text().startswith("1 customer, 2 left out")
    qtbot.keyClick(wizard.list_page.table, Qt.Key.Key_Space)  # and tick it again
    assert wizard.list_page.count.text().startswith("2 customers, 1 left out")
    wizard.next()
    assert wizard.currentPage() is wizard.value_page

    page = wizard.value_page
    assert page.name.text() == f"{LAST_MONTH:%B %Y} thank-you"
    page.value.amount.setText("£5")
    page.message.setPlainText("Hi {first_name}, {visits} visits at {shop}: {value}")
    expiry = date.today() + timedelta(days=40)
    page.expires.setDate(QDate(expiry.year, expiry.month, expiry.day))
    page.name.setText("Thank you, regulars")
    assert page.preview.message_text() == "Hi Cid, 6 visits at Corner Shop: £5.00 off"
    assert page.preview.value.text() == "£5.00 off"
    page.message.moveCursor(QTextCursor.MoveOperation.End)
    page.fields.setCurrentRow(0)
    page.insert_button.click()  # {first_name}, where the cursor is
    assert page.preview.message_text().endswith("£5.00 offCid")
    page.message.setPlainText("Hi {first_name}, {visits} visits at {shop}: {value}")
    wizard.next()

    assert wizard.currentPage() is wizard.summary_page
    assert wizard.buttonText(QWizard.WizardButton.CommitButton) == "&Issue 2 vouchers"
    assert "1 left out" in wizard.summary_page.rows["customers"].text()
    _issue(qtbot, wizard)

    assert wizard.currentPage() is wizard.done_page
    assert wizard.batch_id is not None
    issued = batch_vouchers(wizard.batch_id)
    assert {v.customer_id for v in issued} == {regulars["Cid"], regulars["Bob"]}
    assert issued[0].message == "Hi Cid, 6 visits at Corner Shop: £5.00 off"
    assert all(v.expires_on == expiry and v.value_text == "£5.00 off" for v in issued)
    assert get_batch(wizard.batch_id).name == "Thank you, regulars"
    assert "2 vouchers issued" in wizard.done_page.result_text.text()


def test_a_second_run_for_the_month_warns_and_reaches_only_the_others(qtbot, regulars):
    spec = RuleSpec(REGULARS, LAST_MONTH, min_visits=4)
    first = issue_batch(
        BatchDraft(
            spec,
            VoucherValue.amount(500),
            date.today() + timedelta(days=30),
            name="November thanks",
            excluded=frozenset({regulars["Ann"]}),
        )
    )
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)

    page = wizard.list_page
    assert page.warning.isVisible()
    assert "“November thanks” was issued on" in page.warning.text()
    assert "to 2 customers" in page.warning.text()
    assert "only to the customers who did not get one: 1 more" in page.warning.text()
    assert page.model.served_count() == 2
    assert page.model.ticked_count() == 1
    assert page.model.first_ticked().first_name == "Ann"
    assert not page.model.set_ticked(_row_of(wizard, "Cid"), True)  # served: cannot be ticked
    assert page.count.text() == "1 customer; 2 already had one; 1 more asked not to be contacted"

    wizard.next()
    _fill_voucher(wizard)
    assert wizard.value_page.preview.message_text() == "Hi Ann: £5.00 off"
    wizard.next()
    assert "only those without a voucher" in wizard.summary_page.rows["customers"].text()
    _issue(qtbot, wizard)

    assert wizard.batch_id not in (None, first.batch_id)
    assert [v.customer_id for v in batch_vouchers(wizard.batch_id)] == [regulars["Ann"]]
    assert len(list_batches()) == 2


def test_when_everyone_has_one_the_list_cannot_go_on(qtbot, regulars):
    spec = RuleSpec(REGULARS, LAST_MONTH, min_visits=4)
    issue_batch(BatchDraft(spec, VoucherValue.amount(500), date.today() + timedelta(days=30)))
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    assert "Everyone the rule picks has a voucher" in wizard.list_page.warning.text()
    assert not wizard.list_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_bad_template_is_explained_and_nothing_is_issued(qtbot, regulars):
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    wizard.next()
    page = wizard.value_page
    _fill_voucher(wizard, "Dear {frist_name}, thanks")

    assert page.preview.problem.isVisible()
    assert "There is no field {frist_name}" in page.preview.message_text()
    wizard.next()
    assert wizard.currentPage() is page  # refused: the run cannot reach Issue
    assert page.errors["message"].isVisible()
    assert "{first_name}" in page.errors["message"].text()  # the fields that exist

    page.message.setPlainText("Dear {first_name, thanks")
    assert "brace is not closed" in page.preview.message_text()

    page.message.setPlainText("Dear {first_name}, thanks")
    assert page.preview.message_text() == "Dear Cid, thanks"
    assert not page.preview.problem.isVisible()
    assert list_batches() == []


def test_an_amount_that_cannot_be_read_is_explained_as_it_is_typed(qtbot, regulars):
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    wizard.next()
    editor = wizard.value_page.value
    editor.amount.setText("five")
    assert editor.error.isVisible()
    assert "Not an amount" in editor.error.text()
    wizard.next()
    assert wizard.currentPage() is wizard.value_page

    editor.amount.setText("")
    wizard.next()
    assert editor.error.text() == "The amount must be more than zero"
    assert wizard.currentPage() is wizard.value_page
    assert list_batches() == []


def test_a_run_issued_meanwhile_is_refused_in_words(qtbot, regulars):
    """Another till issues the same run while this wizard stands on its Issue page."""
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    wizard.next()
    _fill_voucher(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    spec = RuleSpec(REGULARS, LAST_MONTH, min_visits=4)
    issue_batch(BatchDraft(spec, VoucherValue.amount(500), date.today() + timedelta(days=9)))

    _issue(qtbot, wizard)
    assert wizard.currentPage() is wizard.summary_page
    assert wizard.batch_id is None
    text = wizard.summary_page.error.text()
    assert "was issued for this month and rule on" in text
    assert "to 3 customers" in text
    assert len(list_batches()) == 1


def test_hand_picked_customers_come_from_the_wizard_caller(qtbot, regulars):
    wizard = _wizard(qtbot, hand_picked=[regulars["Dee"], regulars["Eve"], regulars["Ann"]])
    assert wizard.rule_page.buttons[HAND_PICKED].isEnabled()
    _to_list(qtbot, wizard, HAND_PICKED)
    model = wizard.list_page.model
    assert [model.candidate(r).first_name for r in range(model.rowCount())] == ["Dee", "Ann"]
    assert wizard.list_page.count.text() == "2 customers; 1 more asked not to be contacted"


def test_without_hand_picked_customers_that_rule_is_off(qtbot, regulars):
    wizard = _wizard(qtbot)
    assert not wizard.rule_page.buttons[HAND_PICKED].isEnabled()


def test_the_vouchers_menu(window, qtbot, regulars, monkeypatch):
    """New run gets the search's customers; Ctrl+Shift+R opens the redeem dialog."""
    asked: list[tuple[int, ...]] = []
    monkeypatch.setattr(
        VoucherWizard,
        "ask",
        classmethod(lambda cls, parent, hand_picked=(): asked.append(tuple(hand_picked))),
    )
    qtbot.keyClicks(window.search.search_box, "Regular")
    window.voucher_run_action.trigger()
    assert sorted(asked[0]) == sorted(regulars.values())

    import shopcrm.ui.vouchers.redeem_dialog as redeem_dialog

    opened: list[object] = []
    monkeypatch.setattr(redeem_dialog, "open_redeem", lambda parent, code="": opened.append(parent))
    assert window.redeem_voucher_action.shortcut().toString() == "Ctrl+Shift+R"
    window.redeem_voucher_action.trigger()
    assert opened == [window]
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&Vouchers" in menus


def test_cancel_while_issuing_issues_nothing(qtbot, regulars, shop_location):
    """Another till holds the write lock, so the issue waits on its worker thread; the owner
    presses Cancel meanwhile. The issue then stops before its commit: no batch, no voucher."""
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    wizard.next()
    _fill_voucher(wizard)
    wizard.next()
    other_till = OtherTill(shop_location)
    other_till.hold_writes()
    try:
        with qtbot.waitSignal(wizard.issue_ended, timeout=20_000):
            wizard.next()
            assert wizard.issuing is not None and wizard.issuing.running()
            wizard.reject()  # closing while it writes: stops the writing, the wizard stays
            assert wizard.isVisible()
            other_till.release()
    finally:
        other_till.close()
    assert wizard.currentPage() is wizard.summary_page
    assert wizard.batch_id is None
    assert list_batches() == []

    _issue(qtbot, wizard)  # nothing half-written stands in the way of issuing it now
    assert wizard.currentPage() is wizard.done_page
    assert len(batch_vouchers(wizard.batch_id)) == 3


def test_the_progress_dialog_cancels_the_issue(qtbot, regulars, shop_location):
    wizard = _wizard(qtbot)
    _to_list(qtbot, wizard)
    wizard.next()
    _fill_voucher(wizard)
    wizard.next()
    other_till = OtherTill(shop_location)
    other_till.hold_writes()
    try:
        with qtbot.waitSignal(wizard.issue_ended, timeout=20_000):
            wizard.next()
            progress = wizard.findChild(QProgressDialog)
            assert progress.labelText() == "Issuing the vouchers…"
            progress.findChild(QPushButton).click()  # its Cancel button
            other_till.release()
    finally:
        other_till.close()
    assert wizard.batch_id is None
    assert list_batches() == []
    assert wizard.summary_page.error.text() == ""  # cancelled is not a refusal
