"""The item flags of the read-only lists (search results, timeline, ledger)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

#: Selectable, never editable, never a tree: computed once, asked for every painted cell.
READ_ONLY = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def read_only_flags(index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
    return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags
