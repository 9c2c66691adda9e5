"""No two controls that can be on screen together share an Alt letter.

Every window, dialog and wizard page of the app is built over a real shop and walked: buttons,
check boxes, labels with a buddy, group boxes, tabs and the menu bar give their mnemonics (as
Qt reads them, ``QKeySequence.mnemonic``), and so does each menu among its own items. Controls
on different pages of a tab or stack, or on different wizard pages, are never on screen
together; a control hidden by its window's current state is not counted (each window is
visited in the states a user sees). The classes are found by walking ``shopcrm.ui``, so a new
dialog without a way to build it here fails the test rather than escaping it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTabBar,
    QWidget,
    QWizard,
    QWizardPage,
)

import shopcrm.ui
from shopcrm.core import loyalty, visits
from shopcrm.core.vouchers import HAND_PICKED, BatchDraft, RuleSpec, VoucherValue, issue_batch

Page = tuple[int, int]  # (id of a stack, which page of it)


def _page_path(widget: QWidget, window: QWidget) -> frozenset[Page] | None:
    """The stack pages ``widget`` sits on (every tab is walked at once), or None when it or a
    parent is hidden: it is not on screen in this state (a wizard's other pages, say)."""
    path: set[Page] = set()
    current = widget
    while current is not None and current is not window:
        parent = current.parentWidget()
        if isinstance(parent, QStackedWidget):
            path.add((id(parent), parent.indexOf(current)))
        elif current.isHidden():
            return None
        current = parent
    return frozenset(path)


def _texts(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, QAbstractButton) or (
        isinstance(widget, QLabel) and widget.buddy() is not None
    ):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QTabBar):
        yield from (widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i))
    elif isinstance(widget, QMenuBar):
        yield from (action.text() for action in widget.actions() if action.isVisible())


def _letter(text: str) -> str:
    return QKeySequence.mnemonic(text).toString().removeprefix("Alt+")


def clashes(window: QWidget) -> list[str]:
    """Each Alt letter two controls of ``window`` share while on screen together."""
    found: list[tuple[str, str, frozenset[Page]]] = []
    for widget in (window, *window.findChildren(QWidget)):
        if widget.window() is not window:
            continue  # a dialog of its own: walked as such
        path = _page_path(widget, window)
        if path is None:
            continue
        for text in _texts(widget):
            if letter := _letter(text):
                found.append((letter, f"{type(widget).__name__} {text!r}", path))
    problems = []
    for n, (letter, what, path) in enumerate(found):
        for other_letter, other, other_path in found[n + 1 :]:
            stacks = {stack for stack, _ in path} & {stack for stack, _ in other_path}
            apart = any(
                dict(path)[stack] != dict(other_path)[stack] for stack in stacks
            )  # on different pages of one stack
            if letter == other_letter and not apart:
                problems.append(f"Alt+{letter}: {what} and {other}")
    for menu in window.findChildren(QMenu):
        letters: dict[str, str] = {}
        for action in menu.actions():
            if letter := _letter(action.text()):
                if letter in letters:
                    both = f"{letters[letter]!r}, {action.text()!r}"
                    problems.append(f"menu {menu.title()!r} Alt+{letter}: {both}")
                letters[letter] = action.text()
    return problems


def test_the_checker_sees_a_clash_and_tells_pages_apart(qtbot):
    """The checker itself: a clash on one page is found, the same letters on two tabs are not."""
    from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout

    window = QDialog()
    qtbot.addWidget(window)
    tabs = QTabWidget()
    first, second = QWidget(), QWidget()
    QVBoxLayout(first).addWidget(QPushButton("&Save"))
    QVBoxLayout(second).addWidget(QPushButton("&Send"))
    tabs.addTab(first, "&One")
    tabs.addTab(second, "&Two")
    column = QVBoxLayout(window)
    column.addWidget(tabs)
    assert clashes(window) == []
    column.addWidget(QPushButton("&Open"))
    assert clashes(window) == ["Alt+O: QTabBar '&One' and QPushButton '&Open'"]
    hidden = QPushButton("&Two")
    column.addWidget(hidden)
    hidden.setVisible(False)
    assert len(clashes(window)) == 1  # not on screen: not counted


# -- every window of the app, in the states a user sees ----------------------------------------


@pytest.fixture
def regular(shop, add_customer):
    """A customer with visits, points, a note and a voucher: every part of the card shows."""
    from shopcrm.core import notes, settings

    settings.set_many({"currency": "GBP", "locale": "en_GB", "stamps_per_card": "2"})
    card = add_customer("Anna", "Baker", phone="+44 7911 123456", email="anna@example.com")
    for day in (3, 2, 1):
        visits.log_visit(card.id, amount_minor=25_000, at=datetime.now(UTC) - timedelta(days=day))
    notes.add_note(card.id, "nut allergy", pinned=True)
    today = date.today()
    issue_batch(
        BatchDraft(
            RuleSpec(HAND_PICKED, today.replace(day=1), customer_ids=(card.id,)),
            VoucherValue.amount(500),
            today + timedelta(days=30),
        )
    )
    assert loyalty.status(card.id).points > 0
    return card


def _main_window(qtbot, window, regular) -> list[QWidget]:
    window.open_customer(regular.id)
    qtbot.waitUntil(lambda: window.card.loyalty.status is not None)
    return [window]


def _wizard_pages(qtbot, window, regular) -> list[QWidget]:
    """The run wizard at each of its pages (hand-picked: the search's customers)."""
    from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard

    wizard = VoucherWizard(window, hand_picked=[regular.id])
    qtbot.addWidget(wizard)
    wizard.show()
    seen = []
    wizard.rule_page.set_rule(HAND_PICKED)
    seen.append(_snapshot(wizard))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.list_page.ready, timeout=20_000)
    seen.append(_snapshot(wizard))
    wizard.next()
    wizard.value_page.value.amount.setText("5")
    seen.append(_snapshot(wizard))
    wizard.next()
    assert wizard.summary_page.leave_out.isVisible()  # Anna holds this month's voucher
    seen.append(_snapshot(wizard))
    wizard.summary_page.leave_out.setChecked(False)  # a second one for her, this time
    with qtbot.waitSignal(wizard.issue_ended, timeout=20_000):
        wizard.next()
    assert wizard.currentPage() is wizard.done_page
    seen.append(_snapshot(wizard))
    return seen


def _import_pages(qtbot, window, tmp_path: Path) -> list[list[str]]:
    """The import wizard at each of its pages, a bad row making every control show."""
    from shopcrm.ui.importing.wizard import ImportWizard

    path = tmp_path / "customers.csv"
    path.write_text("Name,Email\nAnn Lee,ann@example.com\nBo,not-an-email\n")
    wizard = ImportWizard(window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    seen = [_snapshot(wizard)]
    wizard.next()
    seen.append(_snapshot(wizard))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.draft.checked is not None, timeout=20_000)
    assert wizard.check_page.skip_bad.isVisible()
    seen.append(_snapshot(wizard))
    wizard.check_page.skip_bad.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20_000)
    seen.append(_snapshot(wizard))
    return seen


def _snapshot(wizard: QWizard) -> list[str]:
    return [f"page {wizard.currentPage().title()!r}: {clash}" for clash in clashes(wizard)]


def _dialogs(window, regular, tmp_path: Path) -> dict[str, Callable[[], QWidget]]:
    """A way to build each dialog class of the app, by class name."""
    from shopcrm.core import customers, followups
    from shopcrm.core.privacy.consent import ConsentState
    from shopcrm.core.vouchers import customer_vouchers
    from shopcrm.db import parse_location
    from shopcrm.ui.card.customer_dialog import CustomerDialog
    from shopcrm.ui.card.merge_dialog import MergeDialog
    from shopcrm.ui.card.undo_merge_dialog import UndoMergeDialog
    from shopcrm.ui.crash.dialog import CrashDialog
    from shopcrm.ui.first_start.dialog import FirstStartDialog
    from shopcrm.ui.followups.capture_dialog import CaptureDialog
    from shopcrm.ui.followups.close_dialog import CloseDialog, DropDialog
    from shopcrm.ui.followups.feedback_window import FeedbackWindow
    from shopcrm.ui.followups.list_window import FollowupsWindow
    from shopcrm.ui.help.shortcuts_dialog import ShortcutsDialog
    from shopcrm.ui.loyalty.ledger_dialog import LedgerDialog
    from shopcrm.ui.loyalty.points_dialog import PointsDialog
    from shopcrm.ui.opening import ShopOpener
    from shopcrm.ui.privacy.consent_dialog import ConsentDialog
    from shopcrm.ui.privacy.export_flow import ExportDialog
    from shopcrm.ui.segments.list_dialog import SegmentsDialog
    from shopcrm.ui.shop.audit_view import AuditView
    from shopcrm.ui.shop.backups_page import BackupsPage
    from shopcrm.ui.shop.pin_dialog import PinDialog, SetPinDialog
    from shopcrm.ui.shop.settings_dialog import SettingsDialog
    from shopcrm.ui.shop.staff_dialog import StaffDialog
    from shopcrm.ui.vouchers.batches_dialog import VoucherBatchesDialog
    from shopcrm.ui.vouchers.pdf_preview import VoucherPdfPreview
    from shopcrm.ui.vouchers.redeem_dialog import RedeemDialog
    from shopcrm.ui.vouchers.single_voucher_dialog import SingleVoucherDialog
    from shopcrm.ui.vouchers.void_dialog import VoucherVoidDialog
    from shopcrm.ui.vouchers.voucher_drawing import Vouchers
    from shopcrm.ui.widgets.reason_dialog import VoidDialog
    from shopcrm.ui.widgets.shop_money import ShopMoney

    card = customers.get_card(regular.id)
    voucher = customer_vouchers(regular.id, only_valid=True)[-1]
    complaint = followups.add_followup(regular.id, "complaint", "Cold coffee")

    def closing() -> QWidget:
        dialog = CloseDialog(window, complaint, ShopMoney(), None)
        dialog.give.setChecked(True)  # the voucher's fields in view
        return dialog

    def new_customer() -> QWidget:
        """The new customer form with its possible duplicates on screen."""
        dialog = CustomerDialog(window)
        dialog.first_name.setText(card.first_name)
        dialog.last_name.setText(card.last_name)
        lookup = dialog.check_duplicates()
        assert lookup is not None
        while lookup.running():
            QCoreApplication.processEvents()
        return dialog

    def redeem() -> QWidget:
        dialog = RedeemDialog(window)
        dialog.start(voucher.code)
        return dialog

    def first_start() -> QWidget:
        opener = ShopOpener()  # nothing locked or opened: the pages are only looked at
        opener.location = opener.shop = parse_location(str(tmp_path / "new-shop.sqlite3"))
        return FirstStartDialog(opener, window)

    return {
        "CustomerDialog": lambda: CustomerDialog(window, card),
        "NewCustomerDialog": new_customer,
        "MergeDialog": lambda: MergeDialog(card, window),
        "UndoMergeDialog": lambda: UndoMergeDialog(card, window),
        "FirstStartDialog": first_start,
        "CrashDialog": lambda: CrashDialog(window, tmp_path / "crash.log", "details"),
        "ShortcutsDialog": lambda: ShortcutsDialog(window),
        "LedgerDialog": lambda: LedgerDialog(loyalty.ledger(regular.id), "Anna", window),
        "PointsDialog": lambda: PointsDialog(window, 100, adjust=True),
        "SettingsDialog": lambda: SettingsDialog(window),
        "StaffDialog": lambda: StaffDialog(window),
        "BackupsPage": lambda: BackupsPage(window),
        "AuditView": lambda: AuditView(window),
        "SegmentsDialog": lambda: SegmentsDialog(window),
        "VoucherBatchesDialog": lambda: VoucherBatchesDialog(window),
        "VoucherPdfPreview": lambda: VoucherPdfPreview(
            Vouchers(voucher.batch_id, ()), "a4", "Vouchers", window
        ),
        "RedeemDialog": redeem,
        "SingleVoucherDialog": lambda: SingleVoucherDialog(window, card, ShopMoney()),
        "VoucherVoidDialog": lambda: VoucherVoidDialog(window, "Void", "a voucher", "Void"),
        "ReasonDialog": lambda: VoidDialog(window, "a visit"),  # its one screen
        "VoidDialog": lambda: VoidDialog(window, "a visit"),
        "PinDialog": lambda: PinDialog("change the shop's settings", window),
        "SetPinDialog": lambda: SetPinDialog(window),
        "CaptureDialog": lambda: CaptureDialog(window, regular.id, "Anna", None),
        "CloseDialog": closing,
        "DropDialog": lambda: DropDialog(window, "a follow-up"),
        "FollowupsWindow": lambda: FollowupsWindow(window, None),
        "FeedbackWindow": lambda: FeedbackWindow(window),
        "ConsentDialog": lambda: ConsentDialog(ConsentState(), "Anna", window),
        "ExportDialog": lambda: ExportDialog(window),
    }


def _no_op_running() -> bool:
    """No read or drawing of a dialog still on a worker (its end would land in a later test,
    after its window is gone)."""
    from shopcrm.ui import ops

    return not any(op.running() for op in ops._RUNNING.values())


def _window_classes() -> set[str]:
    """Every dialog, main window and wizard page class defined in ``shopcrm.ui``."""
    names = set()
    for info in pkgutil.walk_packages(shopcrm.ui.__path__, "shopcrm.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and issubclass(value, QDialog | QMainWindow | QWizardPage)
            ):
                names.add(name)
    return names


WALKED_ELSEWHERE = {"MainWindow", "VoucherWizard", "ImportWizard"} | {
    "FilePage",
    "MappingPage",
    "CheckPage",
    "RulePage",
    "CandidatesPage",
    "ValuePage",
    "SummaryPage",
    "DonePage",
}


def test_no_two_controls_in_one_window_share_an_alt_letter(qtbot, window, regular, tmp_path):
    problems = [
        f"main window: {clash}" for clash in clashes(_main_window(qtbot, window, regular)[0])
    ]
    window.card.tabs.setCurrentIndex(1)  # the History tab's controls, on screen now
    problems += [f"main window, History: {clash}" for clash in clashes(window)]
    for page in _wizard_pages(qtbot, window, regular):
        problems += [f"voucher run, {clash}" for clash in page]
    for page in _import_pages(qtbot, window, tmp_path):
        problems += [f"import, {clash}" for clash in page]
    builders = _dialogs(window, regular, tmp_path)
    missing = _window_classes() - set(builders) - WALKED_ELSEWHERE
    assert not missing, f"no way to build these windows here: {sorted(missing)}"
    for name, build in builders.items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{name}: {clash}" for clash in clashes(dialog)]
        qtbot.waitUntil(_no_op_running, timeout=30_000)  # reads and drawings it started
        dialog.close()
    assert problems == [], "\n".join(problems)
