"""File → Export shop data… and Export mailing list…: the menu entries only. The flows
(:mod:`.export_flow`, with their dialogs) load when chosen, so the window's cold start does
not grow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from shopcrm.ui.main_window import MainWindow


def export_actions(window: MainWindow) -> list[QAction]:
    """The File menu's export entries."""
    shop = QAction(window.tr("E&xport shop data…"), window)
    mailing = QAction(window.tr("Export &mailing list…"), window)

    def export_shop() -> None:
        from shopcrm.ui.privacy.export_flow import export_shop_data

        export_shop_data(window)

    def export_mailing() -> None:
        from shopcrm.ui.privacy.export_flow import export_mailing_list

        export_mailing_list(window)

    shop.triggered.connect(export_shop)
    mailing.triggered.connect(export_mailing)
    return [shop, mailing]
