"""File → Export shop data… and File → Export mailing list…: the shop's data taken out.

Both are owner-only (the till's PIN gate first; core checks the proof again) and run off the
GUI thread (:mod:`shopcrm.ui.ops`): a shop export shows its progress with Cancel, and a
cancelled one leaves nothing behind. The export goes into a new folder inside the folder
chosen (see :mod:`shopcrm.core.export.target`); the window says where when it is done.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.ui.ops import Task, run_op

if TYPE_CHECKING:
    from shopcrm.core.export import ExportResult, MailingListResult
    from shopcrm.ui.main_window import MainWindow


class ExportDialog(QDialog):
    """Where to export into, and as what."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export shop data"))
        self.folder = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.format = QComboBox()
        self.format.addItem(self.tr("CSV (spreadsheets)"), "csv")
        self.format.addItem(self.tr("JSON (other programs)"), "json")
        form = QFormLayout()
        form.addRow(self.tr("Into the folder"), row)
        form.addRow(self.tr("As"), self.format)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Export into"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        """The folder and the format, or None when cancelled (tests replace it)."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.folder.text(), str(dialog.format.currentData())


def ask_mailing_list_file(parent: QWidget) -> str:
    """Where to save the mailing list ('' when cancelled; tests replace it). The file dialog
    has asked before replacing a file."""
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Export mailing list"), "mailing-list.csv", "CSV (*.csv)"
    )
    return path


def export_shop_data(window: MainWindow) -> None:
    if not window.till.requires_owner(window.tr("export the shop's data")):
        return
    given = ExportDialog.ask(window)
    if given is None:
        return
    folder, fmt = given
    owner, staff_id = window.till.owner, window.till.staff_id

    def work(task: Task) -> ExportResult:
        from shopcrm.core.export import export_shop

        return export_shop(
            folder,
            fmt,
            owner=owner,
            staff_id=staff_id,
            progress=task.progress,
            cancelled=task.cancelled,
        )

    def done(result: ExportResult) -> None:
        where = os.fspath(result.folder)
        window.statusBar().showMessage(window.tr("Exported into %1.").replace("%1", where), 10000)

    run_op(
        window,
        work,
        done,
        on_cancelled=lambda: window.statusBar().showMessage(window.tr("Export cancelled."), 5000),
        label=window.tr("Exporting the shop's data…"),
        title=window.tr("Export"),
    )


def export_mailing_list(window: MainWindow) -> None:
    if not window.till.requires_owner(window.tr("export the mailing list")):
        return
    path = ask_mailing_list_file(window)
    if not path:
        return
    owner, staff_id = window.till.owner, window.till.staff_id

    def work(_: Task) -> MailingListResult:
        from shopcrm.core.export import export_mailing_list as export

        return export(path, replace=True, owner=owner, staff_id=staff_id)

    def done(result: MailingListResult) -> None:
        QMessageBox.information(
            window,
            window.tr("Mailing list"),
            window.tr("Saved the customers who said yes to email in %1.").replace(
                "%1", os.fspath(result.file)
            ),
        )

    run_op(window, work, done, label=window.tr("Exporting the mailing list…"))
