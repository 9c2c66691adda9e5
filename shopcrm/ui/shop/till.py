"""Who is working this till right now: chosen once, remembered per till, read by every action.

Every use case that records who did something (visits, notes, customer changes, loyalty)
takes ``till.staff_id`` from here; widgets never ask the person again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from shopcrm.core.staff import StaffMember, default_staff, list_staff
from shopcrm.ui.shop.owner_mode import OwnerMode
from shopcrm.ui.widgets.window_state import window_settings

if TYPE_CHECKING:  # the PIN code loads when first used, not at start
    from shopcrm.core.owner import OwnerProof

_KEY = "till/staff_id"


class Till(QObject):
    """The person at the till. ``changed`` carries the new staff id (or None)."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._staff: StaffMember | None = None
        self.owner_mode = OwnerMode(self)

    @property
    def staff_id(self) -> int | None:
        return self._staff.id if self._staff else None

    @property
    def staff(self) -> StaffMember | None:
        return self._staff

    def load(self) -> None:
        """Pick up the person remembered for this till (or the first owner) from the database.

        Also the way to catch up after staff changes: someone deactivated is replaced by the
        default person, and a till with nobody picks up the first person added.
        """
        remembered = window_settings().value(_KEY)
        members = {m.id: m for m in list_staff()}
        try:
            wanted = int(remembered) if remembered is not None else None
        except (TypeError, ValueError):
            wanted = None
        self.set_staff(members.get(wanted) if wanted in members else default_staff())

    def set_staff(self, member: StaffMember | None) -> None:
        if member == self._staff:
            return
        self._staff = member
        window_settings().setValue(_KEY, member.id if member else None)
        self.changed.emit(self.staff_id)

    @property
    def owner(self) -> OwnerProof | None:
        """The proof to pass to core's owner-only use cases (None outside owner mode)."""
        return self.owner_mode.proof()

    def requires_owner(self, action: str) -> bool:
        """May the person at the till do this owner-only ``action`` (settings, staff, ...)?

        The one gate every owner action goes through: yes in a shop without a PIN and in owner
        mode; otherwise the PIN dialog asks (``action`` in its words), and a right PIN enters
        owner mode. False when it was cancelled. Core checks again (:attr:`owner`).
        """
        from shopcrm.core.owner import shop_has_pin  # loaded when first asked, not at start

        if self.owner_mode.proof() is not None or not shop_has_pin():
            return True
        parent = QApplication.activeWindow()
        from shopcrm.ui.shop.pin_dialog import PinDialog

        given = PinDialog.ask(parent, action)
        if given is None:
            return False
        self.owner_mode.enter(*given)
        return True

    @staticmethod
    def of(obj: QObject | None) -> Till | None:
        """The till of the window ``obj`` lives in: the first parent with a ``till``.

        Lets dialogs opened from anywhere (the card, the main window) record who made the
        change without every caller passing the till along.
        """
        while obj is not None:
            till = getattr(obj, "till", None)
            if isinstance(till, Till):
                return till
            obj = obj.parent()
        return None
