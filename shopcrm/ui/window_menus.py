"""The main window's menu bar: which action sits in which menu, in what order.

Features add their entries here (their actions are built by their own modules), so the
window itself stays about layout and the counter flow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopcrm.ui.card.merge_actions import CardMerging
from shopcrm.ui.importing.action import import_action
from shopcrm.ui.privacy.menu_actions import export_actions

if TYPE_CHECKING:
    from shopcrm.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    file_menu = window.menuBar().addMenu(window.tr("&File"))
    file_menu.addAction(window.new_customer_action)
    file_menu.addAction(import_action(window))
    file_menu.addSeparator()
    file_menu.addActions(export_actions(window))
    file_menu.addSeparator()
    file_menu.addAction(window.switch_staff_action)
    file_menu.addAction(window.manage_staff_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = window.menuBar().addMenu(window.tr("&Edit"))
    edit_menu.addAction(window.find_action)
    edit_menu.addAction(window.today.action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.edit_customer_action)
    edit_menu.addAction(window.add_note_action)
    edit_menu.addAction(window.pin_note_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.settings_action)
    customer_menu = window.menuBar().addMenu(window.tr("&Customer"))
    customer_menu.addAction(window.log_visit_action)
    customer_menu.addAction(window.void_visit_action)
    customer_menu.addAction(window.redeem_action)
    customer_menu.addAction(window.give_voucher_action)
    customer_menu.addSeparator()
    customer_menu.addActions(window.followup_actions.actions())
    customer_menu.addSeparator()
    merging = CardMerging(window)
    customer_menu.addActions(merging.actions())
    customer_menu.aboutToShow.connect(merging.update)
    voucher_menu = window.menuBar().addMenu(window.tr("&Vouchers"))
    voucher_menu.addAction(window.redeem_voucher_action)
    voucher_menu.addSeparator()
    voucher_menu.addAction(window.voucher_run_action)
    voucher_menu.addAction(window.voucher_batches_action)
    tools_menu = window.menuBar().addMenu(window.tr("&Tools"))
    tools_menu.addActions([*window.maintenance.actions(), window.backups.page_action])
    tools_menu.addAction(window.today.segments_action)
    # Alt+H is the card's History tab, which a cashier needs far more often.
    help_menu = window.menuBar().addMenu(window.tr("Hel&p"))
    help_menu.addAction(window.shortcuts_action)
    help_menu.addAction(window.about_action)
