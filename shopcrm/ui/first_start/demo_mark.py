"""The demo's mark on the main window: besides the title ("shopcrm — DEMO shop"), a label at
the start of the status bar in the alert colours, so nobody takes made-up customers for the
shop's own (a window title is easy to miss, and some desktops hide it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMainWindow

from shopcrm.ui.widgets.palette_colors import alert_colors


def mark_demo(window: QMainWindow) -> QLabel:
    label = QLabel(
        QCoreApplication.translate("DemoMark", "DEMO shop: made-up customers, not your shop")
    )
    label.setObjectName("demoMark")
    label.setToolTip(
        QCoreApplication.translate(
            "DemoMark",
            "Kept in a file of its own. To set up your real shop, close shopcrm and start it"
            " again: it asks how to begin until a shop is set up.",
        )
    )
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, alert_colors(palette)[0])
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setContentsMargins(8, 2, 8, 2)
    window.statusBar().insertPermanentWidget(0, label)
    return label
