"""Tools → Backups…: the shop's backups (failed ones too), where they go, and "Back up now".

The list is the core's (:func:`shopcrm.core.backup.list_backups`: the JSON records in the
backups folders, a few small files, read when the page opens); the backup itself runs off the
GUI thread through :func:`shopcrm.ui.ops.run_op`, its progress in the page, and the list is
read again when it has ended. The folders are settings (Settings → Backups folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.backup import BackupResult, list_backups, main_folder, make_backup, second_folder
from shopcrm.core.errors import ShopError
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.widgets.formatting import shop_formats


def _shown(path: Path) -> str:
    """A path as the computer writes paths (backslashes on Windows)."""
    return QDir.toNativeSeparators(os.fspath(path))


class BackupsPage(QDialog):
    """The backups, newest first; ``op`` is the backup under way (if any)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.op: Op | None = None
        self.folders = QLabel()
        self.folders.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Taken"), self.tr("Kept as"), self.tr("Size"), self.tr("State")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.kind_names = {
            "daily": self.tr("daily"),
            "weekly": self.tr("weekly"),
            "monthly": self.tr("monthly"),
            "manual": self.tr("kept by hand"),
            "before-restore": self.tr("before a restore"),
        }
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.back_up_button = QPushButton(self.tr("&Back up now"))
        self.back_up_button.clicked.connect(self.back_up)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.folders, self.table, self.message, buttons):
            layout.addWidget(widget)
        self.resize(720, 420)
        self.reload()

    def reload(self) -> None:
        """Read the folders and the list of backups again."""
        shop = settings.load()
        extra = second_folder(shop)
        text = self.tr("Backups go to %1.").replace("%1", _shown(main_folder(shop)))
        if extra is not None:
            state = self.tr("there") if extra.is_dir() else self.tr("not there now")
            text += " " + self.tr("A copy goes to %1 (%2).").replace("%1", _shown(extra))
            text = text.replace("%2", state)
        self.folders.setText(text)
        entries = list_backups()
        shown = shop_formats()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            state = self.tr("verified") if entry.verified else self.tr("FAILED: %1")
            cells = (
                shown.date_time(entry.time),
                self.kind_names.get(entry.kind, entry.kind),
                shown.megabytes(entry.bytes),
                state.replace("%1", entry.error),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(_shown(entry.path))
                self.table.setItem(row, column, item)

    def back_up(self) -> Op | None:
        """Back up now (even when nothing changed: the owner asked)."""
        if self.op is not None:
            return None
        self.back_up_button.setEnabled(False)
        self.message.setText(self.tr("Backing up…"))

        def work(_: Task) -> BackupResult:
            return make_backup()

        self.op = run_op(self, work, self._done, on_failure=self._failed)
        return self.op

    def _done(self, result: BackupResult) -> None:
        self._ended()
        said = self.tr("Backed up to %1 and verified.").replace("%1", _shown(result.record.path))
        self.message.setText(" ".join([said, *result.warnings]))

    def _failed(self, exc: ShopError) -> None:
        self._ended()
        self.message.setText(self.tr("The backup failed: %1").replace("%1", str(exc)))

    def _ended(self) -> None:
        self.op = None
        self.back_up_button.setEnabled(True)
        self.reload()
