"""The shop's settings, one row per setting, built from :data:`shopcrm.core.settings.SETTINGS`.

Nothing here knows what a setting means: titles, help, the choices and the rules come from the
declaration, and ``core.settings.set_many`` judges the text, so a setting declared in core shows up
here by itself and the command line answers exactly as the dialog does. Only changed settings
are sent; a refusal shows under its field and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.settings import SETTINGS, SettingSpec, ShopSettings
from shopcrm.ui.shop.database_choice import DatabaseChoice
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error

SHOP_KEYS = ("shop_name", "currency", "locale", "phone_region")
#: The words for the answers of settings declared with a fixed set (shown as a list).
CHOICE_WORDS = {
    "visits": lambda: QCoreApplication.translate("SettingsDialog", "Visits"),
    "spend": lambda: QCoreApplication.translate("SettingsDialog", "Spend"),
}


def _choice_words(value: str) -> str:
    words = CHOICE_WORDS.get(value)
    return words() if words else value.capitalize()


class SettingEditor(QWidget):
    """One setting: its editor, its help in grey and, after a refusal, the reason in red."""

    def __init__(self, spec: SettingSpec[Any], text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.original = text
        self.editor: QLineEdit | QComboBox
        if spec.choices:
            combo = QComboBox()
            for value in spec.choices:
                combo.addItem(_choice_words(value), value)
            combo.setCurrentIndex(max(combo.findData(text), 0))
            self.editor = combo
        else:
            line = QLineEdit(text)
            line.setPlaceholderText(spec.help or spec.title)
            self.editor = line
        self.editor.setToolTip(self.tr(spec.help) if spec.help else "")
        self.editor.setAccessibleName(self.tr(spec.title))
        self.error = error_label()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editor)
        if spec.help:
            column.addWidget(caption_label(self.tr(spec.help)))
        column.addWidget(self.error)

    def text(self) -> str:
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData())
        return self.editor.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(text), 0))
        else:
            self.editor.setText(text)

    def is_changed(self) -> bool:
        return self.text().strip() != self.original.strip()


class SettingsDialog(QDialog):
    """Every shop setting; ``saved`` holds the new values after a successful Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: ShopSettings | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(920)  # room for "Free coffee=100; Slice of cake=250" and reasons
        current = settings.as_text()
        self.editors = {key: SettingEditor(spec, current[key]) for key, spec in SETTINGS.items()}
        self.database = DatabaseChoice()  # this computer's, not the shop's (machine.ini)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.editors["shop_name"].editor.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> ShopSettings | None:
        """Show the settings modally (owners only, see :meth:`Till.requires_owner`); the new
        values after Save, or None when cancelled."""
        till = Till.of(parent)
        action = QCoreApplication.translate("SettingsDialog", "change the shop's settings")
        if till is not None and not till.requires_owner(action):
            return None
        dialog = cls(parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def _group(self, title: str, keys: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(8)
        for key in keys:
            editor = self.editors[key]
            label = QLabel(self.tr(editor.spec.title) + ":")
            label.setBuddy(editor.editor)
            form.addRow(label, editor)
        return box

    def _lay_out(self) -> None:
        shop = [key for key in SETTINGS if key in SHOP_KEYS]
        loyalty = [key for key in SETTINGS if key not in SHOP_KEYS]
        columns = QHBoxLayout()
        columns.setSpacing(12)
        left = QVBoxLayout()
        left.addWidget(self._group(self.tr("Shop"), shop))
        left.addWidget(self.database)
        left.addStretch(1)
        columns.addLayout(left, 2)
        columns.addWidget(self._group(self.tr("Loyalty"), loyalty), 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

    def changes(self) -> dict[str, str]:
        """The settings whose text was changed, as typed."""
        return {key: editor.text() for key, editor in self.editors.items() if editor.is_changed()}

    def save(self) -> bool:
        """Save the changed settings; on refusal show every reason and keep the dialog open."""
        if not self.database.check():
            return False
        try:
            self.saved = settings.set_many(self.changes())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        if not self.database.save():
            return False
        self.accept()
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each reason under its setting; the first refused setting gets the focus."""
        first: SettingEditor | None = None
        for key, editor in self.editors.items():
            show_error(editor.error, errors.get(key, ""))
            if key in errors and first is None:
                first = editor
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()  # wrapped reasons need height; the form does not ask for it itself
