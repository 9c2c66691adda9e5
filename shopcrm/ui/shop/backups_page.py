"""Tools → Backups…: the shop's backups (failed ones too), where they go, and "Back up now".

The list is the core's (:func:`shopcrm.core.backup.list_backups`: the JSON records in the
backups folders, a few small files, read when the page opens); the backup itself runs off the
GUI thread through :func:`shopcrm.ui.ops.run_op`, its progress in the page, and the list is
read again when it has ended. The folders are settings, chosen here too (owner only, like
every setting). Restore puts the chosen backup (or any backup file) back after the owner has
confirmed it: see :mod:`shopcrm.ui.restore_flow` for how the window lets go of the shop meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDir, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.backup import (
    BackupEntry,
    BackupResult,
    list_backups,
    main_folder,
    make_backup,
    second_folder,
)
from shopcrm.core.errors import ShopError
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.widgets.formatting import shop_formats


def _shown(path: Path) -> str:
    """A path as the computer writes paths (backslashes on Windows)."""
    return QDir.toNativeSeparators(os.fspath(path))


class BackupsPage(QDialog):
    """The backups, newest first; ``op`` is the backup under way (if any). ``restore_ended``
    comes after each restore asked for here: restored or not, and the words shown."""

    restore_requested = Signal(object)  # the backup file (a Path), confirmed by the owner
    restore_ended = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.op: Op | None = None
        self.entries: list[BackupEntry] = []
        self.restoring = False
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
        self.folder_button = QPushButton(self.tr("F&older…"))
        self.folder_button.clicked.connect(lambda: self.choose_folder("backup_folder"))
        self.second_button = QPushButton(self.tr("&Second folder…"))
        self.second_button.clicked.connect(lambda: self.choose_folder("backup_second_folder"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folders, 1)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.second_button)
        self.back_up_button = QPushButton(self.tr("&Back up now"))
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Restore from a &file…"))
        self.restore_file_button.clicked.connect(self.restore_file)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.back_up_button, self.restore_button, self.restore_file_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        for widget in (self.table, self.message, buttons):
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
        entries = self.entries = list_backups()
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
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.op is not None or self.restoring
        selected = self.selected_entry()
        self.restore_button.setEnabled(not busy and selected is not None and selected.verified)
        for button in (self.back_up_button, self.restore_file_button):
            button.setEnabled(not busy)
        for button in (self.folder_button, self.second_button):
            button.setEnabled(not busy)

    def selected_entry(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def back_up(self) -> Op | None:
        """Back up now (even when nothing changed: the owner asked)."""
        if self.op is not None:
            return None
        self.message.setText(self.tr("Backing up…"))

        def work(_: Task) -> BackupResult:
            return make_backup()

        self.op = run_op(self, work, self._done, on_failure=self._failed)
        self._update_buttons()
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
        self.reload()

    def choose_folder(self, key: str) -> None:
        """Where backups go (or their copy), chosen in the computer's folder dialog; owner only
        like every setting, and checked by the setting itself (an existing, writable folder)."""
        from shopcrm.ui.shop.till import Till

        till = Till.of(self.parentWidget())
        if till is not None and not till.requires_owner(self.tr("change where backups go")):
            return
        shop = settings.load()
        now = main_folder(shop) if key == "backup_folder" else second_folder(shop)
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Backups folder"), os.fspath(now) if now else QDir.homePath()
        )
        if not chosen:
            return
        try:
            settings.set_value(
                key,
                chosen,
                owner=till.owner if till else None,
                by=till.staff_id if till else None,
            )
        except ShopError as exc:
            self.message.setText(self.tr("Not changed: %1").replace("%1", str(exc)))
            return
        self.message.setText(self.tr("Backups folder changed."))
        self.reload()

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.verified:
            taken = shop_formats().date_time(entry.time)
            self.restore(entry.path, self.tr("the backup taken %1").replace("%1", taken))

    def restore_file(self) -> None:
        """Any backup file (from a USB stick, another computer); core checks it first."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from a file"),
            os.fspath(main_folder(settings.load())),
            self.tr("Shop backups (*.sqlite3 *.db);;All files (*)"),
        )
        if name:
            self.restore(Path(name), _shown(Path(name)))

    def confirm_restore(self, what: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Restore a backup"),
            self.tr("Put back %1?").replace("%1", what),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            self.tr(
                "Everything recorded since then is replaced by the backup. The shop as it is"
                " now is backed up first, so this can be undone by restoring that backup."
            )
        )
        restore = box.addButton(self.tr("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore

    def restore(self, file: Path, what: str) -> None:
        """Put ``file`` back as the shop, once the owner confirmed: asked of the window, which
        lets go of the shop and opens it again (:mod:`shopcrm.ui.restore_flow`); its end comes
        back through :meth:`restore_done`."""
        if self.op is not None or self.restoring:
            return
        if not self.confirm_restore(what):
            return
        self.restoring = True
        self._update_buttons()
        self.message.setText(self.tr("Restoring…"))
        self.restore_requested.emit(file)

    def restore_done(self, restored: bool, said: str) -> None:
        self.restoring = False
        if not restored and said:
            said = self.tr("Not restored: %1").replace("%1", said)
        self.message.setText(said)
        self.reload()
        self.restore_ended.emit(restored, said)
