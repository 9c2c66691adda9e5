"""What the person at the till sees when something goes wrong.

Two very different things: a :class:`~shopcrm.errors.ShopError` that no screen caught (the
disk is full, the database is held by another till) is the environment talking; it is shown
as a plain warning, in the shop's words, with no traceback. Anything else is a bug in
shopcrm: :class:`CrashDialog` says so in one sentence, shows where the crash log was saved and
offers its text for the clipboard, so the owner can send it on without finding the file.

Both are shown through a classmethod (:meth:`ErrorNotice.show`, :meth:`CrashDialog.report`)
that the tests replace to capture what would have been shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ErrorNotice:
    @classmethod
    def show(cls, parent: QWidget | None, message: str) -> None:
        """A ShopError's message as a plain warning (first letter up, as a sentence)."""
        text = message[:1].upper() + message[1:]
        QMessageBox.warning(parent, QApplication.translate("crash", "shopcrm"), text)


class CrashDialog(QDialog):
    """The friendly face of a crash: what happened, where the log is, Copy details, Close."""

    def __init__(self, parent: QWidget | None, log_path: Path | None, details: str) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(self.tr("shopcrm ran into a problem"))
        self.setMinimumWidth(460)
        summary = QLabel(
            self.tr(
                "Something went wrong inside shopcrm. What you were doing may not have been"
                " saved, but the app keeps running."
            )
        )
        summary.setWordWrap(True)
        if log_path is not None:
            where = self.tr("A report was saved to:\n{path}").format(path=log_path)
        else:
            where = self.tr("The report could not be saved; use Copy details to keep it.")
        self.where = QLabel(where)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("&Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.where)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))

    @classmethod
    def report(cls, parent: QWidget | None, log_path: Path | None, details: str) -> None:
        """Show the dialog modally until it is closed."""
        dialog = cls(parent, log_path, details)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
