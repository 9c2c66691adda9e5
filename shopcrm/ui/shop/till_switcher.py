"""The person at the till, in the status bar: a combo of the active staff.

Switching person is a single choice (Ctrl+Shift+S, arrows, Enter), so a busy counter actually
does it and every visit and note says who served. The last entry opens the staff list, which
is where a new shop adds its first person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from shopcrm.core.staff import StaffMember, list_staff
from shopcrm.ui.shop.till import Till

_MANAGE = "manage"
_NOBODY = -1  # item data, not None: QComboBox.findData cannot look up an empty value


class TillSwitcher(QComboBox):
    """Shows and sets ``till``'s person; ``manage_requested`` for the "Manage staff…" entry."""

    manage_requested = Signal()

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self._members: list[StaffMember] = []
        self.setObjectName("tillSwitcher")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("Who is serving at this till (Ctrl+Shift+S)"))
        self.setAccessibleName(self.tr("Person at the till"))
        self._fill()  # no query: the list is read by reload(), after the window shows
        self.activated.connect(self._chosen)
        till.changed.connect(lambda _id: self._select_current())

    def reload(self) -> None:
        """Read the active staff again (after start-up and after the staff list changed)."""
        self._members = list_staff()
        self._fill()

    def members(self) -> list[StaffMember]:
        return list(self._members)

    def _fill(self) -> None:
        self.blockSignals(True)
        self.clear()
        current = self.till.staff
        shown = list(self._members)
        if current is None:
            self.addItem(self.tr("Nobody at the till"), _NOBODY)
        elif current.id not in {m.id for m in shown}:
            shown.insert(0, current)  # the truth, until the till catches up with the list
        for member in shown:
            self.addItem(self._label(member), member.id)
        if self.count():
            self.insertSeparator(self.count())
        self.addItem(self.tr("Manage staff…"), _MANAGE)
        self.blockSignals(False)
        self._select_current()

    def _label(self, member: StaffMember) -> str:
        if member.role == "owner" and member.name.casefold() != "owner":
            return self.tr("%1 (owner)").replace("%1", member.name)
        return member.name

    def _select_current(self) -> None:
        staff_id = self.till.staff_id
        index = self.findData(_NOBODY if staff_id is None else staff_id)
        if index < 0:
            self._fill()  # the till changed to someone not listed: _fill always lists them
            return
        self.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down on the closed list step between people only: holding Down never lands on
        "Manage staff…" and opens a dialog by surprise (the open list still offers it)."""
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & Qt.KeyboardModifier.AltModifier:
            super().keyPressEvent(event)
            return
        people = [i for i in range(self.count()) if isinstance(self.itemData(i), int)]
        if self.currentIndex() in people:
            position = people.index(self.currentIndex()) + step
            if 0 <= position < len(people) and people[position] != self.currentIndex():
                self.setCurrentIndex(people[position])
                self._chosen(people[position])
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scrolling over the status bar must not change who is serving."""
        event.ignore()

    def _chosen(self, index: int) -> None:
        data = self.itemData(index)
        if data == _MANAGE:
            self._select_current()  # the combo keeps showing the person, not the command
            self.manage_requested.emit()
            return
        member = next((m for m in self._members if m.id == data), None)
        if member is not None:
            self.till.set_staff(member)
