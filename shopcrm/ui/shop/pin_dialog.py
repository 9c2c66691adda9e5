"""The owner PIN dialogs: proving an owner (:class:`PinDialog`) and setting a PIN
(:class:`SetPinDialog`). The PIN lives in a password field and is gone with the dialog; what
the window keeps is core's proof (see :mod:`.owner_mode`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from shopcrm.core import owner
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.owner import OwnerProof, OwnerRequired
from shopcrm.core.staff import StaffMember, list_staff
from shopcrm.ui.widgets.form_errors import show_error


def _owners() -> list[StaffMember]:
    return [m for m in list_staff() if m.role == "owner"]


def _pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(12)
    return field


def _lay_out(dialog: QDialog, title: str) -> tuple[QComboBox, QLabel, QFormLayout]:
    """The owner list, the error line and the form both dialogs start from."""
    dialog.setWindowTitle(title)
    owner_list = QComboBox()
    for member in _owners():
        owner_list.addItem(member.name, member.id)
    error = QLabel()
    error.setWordWrap(True)
    error.hide()
    return owner_list, error, QFormLayout(dialog)


def _finish(dialog: QDialog, form: QFormLayout, error: QLabel, accept: Callable[[], None]) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(error)
    form.addRow(buttons)


class PinDialog(QDialog):
    """Which owner, and their PIN; ``proof`` once the PIN was right. Esc cancels."""

    def __init__(self, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner, self.error, self.form = _lay_out(self, self.tr("Owner PIN"))
        self.proof: OwnerProof | None = None
        why = self.tr("Only an owner may %1. An owner's PIN, please.").replace("%1", action)
        self.form.addRow(QLabel(why))
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.pin = _pin_field()
        self.form.addRow(self.tr("&PIN:"), self.pin)
        _finish(self, self.form, self.error, self.try_accept)
        self.pin.setFocus()

    def try_accept(self) -> None:
        staff_id = self.owner.currentData()
        if staff_id is None:
            show_error(self.error, self.tr("there is no owner to give a PIN"))
            return
        try:
            self.proof = owner.prove_owner(int(staff_id), self.pin.text())
        except OwnerRequired as exc:
            self.pin.clear()
            show_error(self.error, exc.why)
            return
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, action: str) -> tuple[OwnerProof, str] | None:
        """The proof and the owner's name, or None when cancelled (tests replace this)."""
        dialog = cls(action, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.proof is not None:
                return dialog.proof, dialog.owner.currentText()
            return None
        finally:
            dialog.deleteLater()


class SetPinDialog(QDialog):
    """Set an owner's PIN: the new one twice, and the old one when they have one."""

    def __init__(self, parent: QWidget | None = None, proof: OwnerProof | None = None) -> None:
        super().__init__(parent)
        self.owner, self.error, self.form = _lay_out(self, self.tr("Set the owner PIN"))
        self.proof = proof
        self.done_for = ""
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.old, self.new, self.again = _pin_field(), _pin_field(), _pin_field()
        self.form.addRow(self.tr("&Current PIN:"), self.old)
        self.form.addRow(self.tr("&New PIN (4 to 12 digits):"), self.new)
        self.form.addRow(self.tr("New PIN &again:"), self.again)
        _finish(self, self.form, self.error, self.try_accept)
        self.owner.currentIndexChanged.connect(self._owner_chosen)
        self._owner_chosen()

    def _owner_chosen(self) -> None:
        staff_id = self.owner.currentData()
        self.old.setEnabled(staff_id is not None and owner.has_pin(int(staff_id)))

    def try_accept(self) -> None:
        staff_id = self.owner.currentData()
        if staff_id is None:
            return
        if self.new.text() != self.again.text():
            show_error(self.error, self.tr("the two new PINs differ"))
            return
        old = self.old.text() if self.old.isEnabled() else None
        try:
            owner.set_pin(int(staff_id), self.new.text(), old_pin=old, owner=self.proof)
        except ValidationError as exc:
            show_error(self.error, exc.errors.get("pin", str(exc)))
            return
        except OwnerRequired as exc:
            show_error(self.error, exc.why)
            return
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.done_for = self.owner.currentText()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, proof: OwnerProof | None = None) -> bool:
        dialog = cls(parent, proof)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
