"""The people who work the till: add someone, or deactivate someone who left.

Nobody is ever deleted: old visits and notes keep saying who served, so leaving only takes a
person off the till's list (and reactivating puts them back). The form hands everything to
``core.staff`` and shows its refusals in red under the field, like the customer form.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import staff
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.owner import OwnerProof
from shopcrm.core.staff import StaffMember
from shopcrm.ui.shop.pin_dialog import SetPinDialog
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.palette_colors import muted_text

NAME, ROLE, STATUS = range(3)


class StaffDialog(QDialog):
    """The staff list; ``changed`` is True once anyone was added or (de)activated."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changed = False
        self._members: list[StaffMember] = []
        self.setWindowTitle(self.tr("Staff"))
        self.setMinimumSize(480, 380)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_toggle)
        self.toggle_button = QPushButton(self.tr("&Deactivate"))
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.list_error = error_label()

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("First name, or how the team calls them"))
        self.role = QComboBox()
        self.role.addItem(self.tr("Cashier"), "cashier")
        self.role.addItem(self.tr("Owner"), "owner")
        self.pin_button = QPushButton(self.tr("Owner &PIN…"))
        self.pin_button.setToolTip(self.tr("Set or change an owner's PIN"))
        self.pin_button.clicked.connect(lambda: SetPinDialog.ask(self, self._owner()))
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.clicked.connect(self.add)
        # Enter in the form presses Add, once (Add as the default button, and no second
        # handler on the name's returnPressed that would add and then find the name empty).
        self.add_button.setDefault(True)
        self.name_error = error_label()
        self.role_error = error_label()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.reload()
        self.name.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        """Show the staff list modally (owners only, see :meth:`Till.requires_owner`);
        True when anything changed, so the till can read its list again."""
        till = Till.of(parent)
        action = QCoreApplication.translate("StaffDialog", "manage staff")
        if till is not None and not till.requires_owner(action):
            return False
        dialog = cls(parent)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.deleteLater()

    def _lay_out(self) -> None:
        intro = caption_label(
            self.tr("Everyone who serves at the till. Visits, notes and changes say who did them.")
        )

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.list_error, 1)
        list_buttons.addStretch(0)
        list_buttons.addWidget(self.pin_button, 0, Qt.AlignmentFlag.AlignTop)
        list_buttons.addWidget(self.toggle_button, 0, Qt.AlignmentFlag.AlignTop)

        add_box = QGroupBox(self.tr("Add a person"))
        grid = QGridLayout(add_box)
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.name)
        role_label = QLabel(self.tr("&Role:"))
        role_label.setBuddy(self.role)
        grid.addWidget(name_label, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(role_label, 0, 2)
        grid.addWidget(self.role, 0, 3)
        grid.addWidget(self.add_button, 0, 4)
        grid.addWidget(self.name_error, 1, 1)
        grid.addWidget(self.role_error, 1, 3, 1, 2)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_buttons)
        layout.addWidget(add_box)
        layout.addWidget(self.buttons)

    def reload(self, select_id: int | None = None) -> None:
        """Show everyone, active first (the till's list), then those who left."""
        self._members = sorted(
            staff.list_staff(include_inactive=True), key=lambda m: (not m.active, m.name.lower())
        )
        self.table.setRowCount(len(self._members))
        for row, member in enumerate(self._members):
            role = self.tr("Owner") if member.role == "owner" else self.tr("Cashier")
            status = self.tr("Active") if member.active else self.tr("Left")
            for column, text in ((NAME, member.name), (ROLE, role), (STATUS, status)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member.id)
                if not member.active:
                    item.setForeground(muted_text(self.table.palette()))
                self.table.setItem(row, column, item)
        ids = [m.id for m in self._members]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        self._update_toggle()

    def member_at(self, row: int) -> StaffMember | None:
        return self._members[row] if 0 <= row < len(self._members) else None

    def selected_member(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows()
        return self.member_at(rows[0].row()) if rows else None

    def _update_toggle(self) -> None:
        member = self.selected_member()
        self.toggle_button.setEnabled(member is not None)
        active = member is None or member.active
        self.toggle_button.setText(self.tr("&Deactivate") if active else self.tr("&Reactivate"))
        self.toggle_button.setToolTip(
            self.tr("Take them off the till's list; their past work keeps their name")
            if active
            else self.tr("Put them back on the till's list")
        )

    def add(self) -> StaffMember | None:
        """Add the person typed in; on refusal say why under the field and keep the text."""
        try:
            member = staff.add_staff(
                self.name.text(), self.role.currentData(), owner=self._owner(), staff_id=self._by()
            )
        except ValidationError as exc:
            show_error(self.name_error, exc.errors.get("name", ""))
            show_error(self.role_error, exc.errors.get("role", ""))
            self.name.setFocus()
            return None
        except ShopError as exc:  # owner mode ended meanwhile
            show_error(self.name_error, str(exc))
            return None
        show_error(self.name_error, "")
        show_error(self.role_error, "")
        self.name.clear()
        self.changed = True
        self.reload(select_id=member.id)
        self.name.setFocus()
        return member

    def _by(self) -> int | None:
        """Who is at the till (the audit log's "who" in a shop without a PIN)."""
        till = Till.of(self.parent())
        return till.staff_id if till else None

    def _owner(self) -> OwnerProof | None:
        """The owner proof, the PIN asked again if owner mode ended since the list opened."""
        till = Till.of(self.parent())
        if till is None:
            return None
        till.requires_owner(self.tr("manage staff"))
        return till.owner

    def toggle_selected(self) -> StaffMember | None:
        """Deactivate the selected person, or reactivate someone who had left."""
        member = self.selected_member()
        if member is None:
            return None
        try:
            updated = staff.set_active(
                member.id, not member.active, owner=self._owner(), by=self._by()
            )
        except ShopError as exc:
            show_error(self.list_error, str(exc))
            return None
        show_error(self.list_error, "")
        self.changed = True
        self.reload(select_id=updated.id)
        return updated
