"""Help → Keyboard shortcuts: every shortcut of the counter window, read from the window itself.

The list is built from the window's ``QAction``s (their menu and text) and its ``QShortcut``s
(their "what's this" text says what they do), at the moment it is opened: a shortcut added,
changed or removed anywhere shows here without anyone keeping a second list. Shortcuts that
share a description (Ctrl+Return and the keypad's Ctrl+Enter) share a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as the platform writes them, several joined by ", "
    does: str
    where: str  # the menu it is in, or "" for a key that works without one


def _plain(text: str) -> str:
    """An action's text without its mnemonic marks, the ellipsis or a tab-separated hint."""
    text = text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...")


def _menu_of(action: QAction) -> str:
    menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
    return _plain(menus[0].title()) if menus else ""


def window_shortcuts(window: QWidget) -> list[Shortcut]:
    """Every action with a shortcut and every shortcut of ``window``, in menu order."""
    found: dict[tuple[str, str], list[str]] = {}
    for action in window.findChildren(QAction):
        keys = [key.toString(NATIVE) for key in action.shortcuts() if not key.isEmpty()]
        if keys:
            found.setdefault((_plain(action.text()), _menu_of(action)), []).extend(keys)
    for shortcut in window.findChildren(QShortcut):
        key = shortcut.key()
        if not key.isEmpty() and shortcut.isEnabled():
            does = shortcut.whatsThis() or key.toString(NATIVE)
            found.setdefault((does, ""), []).append(key.toString(NATIVE))
    rows = [
        Shortcut(", ".join(dict.fromkeys(keys)), does, where)
        for (does, where), keys in found.items()
    ]
    return sorted(rows, key=lambda row: (row.where == "", row.where, row.does.lower()))


class ShortcutsDialog(QDialog):
    """The list, three columns: keys, what they do, which menu has them."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.rows = window_shortcuts(window)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does"), self.tr("Menu")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        for row, shortcut in enumerate(self.rows):
            for column, text in enumerate((shortcut.keys, shortcut.does, shortcut.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 480)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def texts(self) -> list[list[str]]:
        """The rows as shown: keys, what they do, the menu."""
        rows = []
        for row in range(self.table.rowCount()):
            items = (self.table.item(row, column) for column in range(3))
            rows.append([item.text() if item is not None else "" for item in items])
        return rows


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    """Open the list (one per window; a second F1 brings it forward, read afresh)."""
    for old in window.findChildren(ShortcutsDialog):
        old.close()
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
