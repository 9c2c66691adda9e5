"""The card's "Consent and privacy" box: each channel's answer, and the customer's requests.

- "Consent…" records what the customer said, per channel, with where it was said;
- "Export data…" writes everything the shop holds about them into a JSON file (owner only);
- "Erase…" forgets them for good, after the owner confirms (owner only).

The export and the erasure run off the GUI thread (:mod:`shopcrm.ui.ops`); the card follows
once they are done (``changed``). An erased customer's box says so and offers nothing more.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.privacy.consent import CHANNELS, ConsentState, consent_state, set_consent
from shopcrm.core.privacy.erasure import is_erased
from shopcrm.ui.ops import Task, run_op
from shopcrm.ui.privacy.consent_dialog import ConsentDialog
from shopcrm.ui.shop.till import Till


def ask_save_path(parent: QWidget, title: str, suggested: str) -> str:
    """Where to save a customer's data ('' when cancelled; tests replace it)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "JSON (*.json)")
    return path


def confirm_erasure(parent: QWidget, name: str) -> bool:
    """The owner's yes to erasing ``name`` (tests replace it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(parent.tr("Erase customer"))
    box.setText(parent.tr("Erase %1 for good?").replace("%1", name))
    box.setInformativeText(
        parent.tr(
            "Their name, phone, email, birthday, tags and notes are removed and cannot be"
            " brought back. Their visits, points and vouchers stay, without a name, so the"
            " shop's figures do not change."
        )
    )
    erase = box.addButton(parent.tr("Erase"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is erase


class PrivacyPanel(QWidget):
    """``set_customer(id)``; ``changed`` after consent was recorded or the customer erased."""

    changed = Signal(int)  # the customer's id

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.customer_id: int | None = None
        self.name = ""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.consent_button = QPushButton(self.tr("Consent…"))
        self.consent_button.clicked.connect(self.change_consent)
        self.export_button = QPushButton(self.tr("Export this customer's data…"))
        self.export_button.clicked.connect(self.export_data)
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.erase_button.setToolTip(self.tr("Forget this customer for good (owner only)"))
        self.erase_button.clicked.connect(self.erase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.consent_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        self.customer_id, self.name = customer_id, name
        erased = False
        if customer_id is not None:
            erased = is_erased(customer_id)
            self._show_state(consent_state(customer_id), erased)
        for button in (self.consent_button, self.export_button, self.erase_button):
            button.setEnabled(customer_id is not None and not erased)
        self.export_button.setEnabled(customer_id is not None)

    def _show_state(self, state: ConsentState, erased: bool) -> None:
        if erased:
            self.summary.setText(self.tr("This customer was erased; their visits stay, unnamed."))
            return
        titles = {
            "email": self.tr("Email"),
            "sms": self.tr("Text messages"),
            "post": self.tr("Post"),
            "vouchers": self.tr("Printed vouchers"),
        }
        words = {True: self.tr("yes"), False: self.tr("no"), None: self.tr("not asked")}
        parts = [f"{titles[c]}: {words[state.of(c)]}" for c in CHANNELS]
        text = " · ".join(parts)
        if state.do_not_contact:
            text += "\n" + self.tr("Does not want to be contacted at all.")
        self.summary.setText(text)

    def change_consent(self) -> None:
        if self.customer_id is None:
            return
        given = ConsentDialog.ask(consent_state(self.customer_id), self.name, self)
        if given is None or not given[0]:
            return
        answers, source = given
        try:
            set_consent(self.customer_id, answers, source=source, staff_id=self.till.staff_id)
        except ShopError as exc:
            QMessageBox.warning(self, self.tr("Consent not saved"), str(exc))
            return
        self.set_customer(self.customer_id, self.name)
        self.changed.emit(self.customer_id)

    def export_data(self) -> None:
        customer_id = self.customer_id
        if customer_id is None or not self.till.requires_owner(self.tr("export a customer's data")):
            return
        path = ask_save_path(
            self, self.tr("Export this customer's data"), f"customer-{customer_id}.json"
        )
        if not path:
            return
        owner, staff_id = self.till.owner, self.till.staff_id

        def work(_: Task) -> Path:
            from shopcrm.core.privacy.person_export import save_person

            return save_person(customer_id, path, owner=owner, staff_id=staff_id)

        run_op(
            self, work, self._exported, writes=True, label=self.tr("Exporting the customer's data…")
        )

    def _exported(self, path: Path) -> None:
        said = self.tr("Saved the customer's data in %1.").replace("%1", os.fspath(path))
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(said, 8000)

    def erase(self) -> None:
        customer_id = self.customer_id
        if customer_id is None or not self.till.requires_owner(self.tr("erase a customer")):
            return
        if not confirm_erasure(self, self.name):
            return
        owner, staff_id = self.till.owner, self.till.staff_id

        def work(_: Task) -> object:
            from shopcrm.core.privacy.erasure import erase_customer

            return erase_customer(customer_id, owner=owner, staff_id=staff_id)

        run_op(self, work, self._erased, writes=True, label=self.tr("Erasing the customer…"))

    def _erased(self, done: object) -> None:
        problem = getattr(done, "journal_problem", "")
        if problem:
            QMessageBox.warning(self, self.tr("Erased, with a warning"), problem)
        self.set_customer(self.customer_id, self.name)
        self.changed.emit(self.customer_id)
