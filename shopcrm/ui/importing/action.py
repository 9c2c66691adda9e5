"""The menu entry that opens the import wizard (the wizard itself loads when chosen: the
window's cold start does not grow)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


def import_action(window: QWidget) -> QAction:
    action = QAction(window.tr("&Import customers…"), window)
    action.setStatusTip(window.tr("Customers from Square, Shopify or a spreadsheet (CSV)"))

    def open_wizard() -> None:
        from shopcrm.ui.importing.wizard import ImportWizard

        ImportWizard.ask(window)

    action.triggered.connect(open_wizard)
    return action
