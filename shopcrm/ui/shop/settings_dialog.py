"""The shop's settings, one row per setting, built from :data:`shopcrm.core.settings.SETTINGS`.

Nothing here knows what a setting means: titles, help, the choices and the rules come from the
declaration, and ``core.settings.set_many`` judges the text, so a setting declared in core shows up
here by itself and the command line answers exactly as the dialog does. The editor follows the
declared parser: currencies, locales and phone regions are picked from searchable lists of names
(``settings_lists``), rewards and tiers are tables (``named_numbers_table``), the logo is
picked from a file with a preview (``logo_picker``). Only changed settings are sent; a refusal
shows under its field and nothing is saved.
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
from shopcrm.core.owner import OwnerRequired
from shopcrm.core.settings import SETTINGS, Context, SettingSpec, ShopSettings
from shopcrm.core.settings.parsers import format_named_numbers, parse_logo
from shopcrm.ui.shop.database_choice import DatabaseChoice
from shopcrm.ui.shop.logo_picker import LogoPicker
from shopcrm.ui.shop.named_numbers_table import NUMBER, NamedNumbersTable
from shopcrm.ui.shop.settings_lists import LISTS, SearchableList
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error

SHOP_KEYS = ("shop_name", "shop_logo", "currency", "locale", "phone_region")
TIER_KEYS = ("tier_basis", "tiers")
#: The words for the answers of settings declared with a fixed set (shown as a list).
CHOICE_WORDS = {
    "visits": lambda: QCoreApplication.translate("SettingsDialog", "Visits"),
    "spend": lambda: QCoreApplication.translate("SettingsDialog", "Spend"),
}
#: The column titles of the settings edited as tables (see ``named_numbers_table``).
TABLE_TITLES = {
    "rewards": lambda: (_tr("Reward"), _tr("Points")),
    "tiers": lambda: (_tr("Tier"), _tr("Visits")),
}
#: The tiers' number column as the tier basis names it.
TIER_NUMBER_TITLES = {
    "visits": lambda: _tr("Visits"),
    "spend": lambda: _tr("Spent (whole units)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def _choice_words(value: str) -> str:
    words = CHOICE_WORDS.get(value)
    return words() if words else value.capitalize()


Editor = QLineEdit | QComboBox | SearchableList | NamedNumbersTable | LogoPicker


class SettingEditor(QWidget):
    """One setting: its editor, its help in grey and, after a refusal, the reason in red.

    The editor follows the declaration: a fixed set of answers is a list, a currency, locale
    or phone region is chosen from a searchable list of names, rewards and tiers are tables,
    the logo is picked from a file; anything else is typed."""

    def __init__(
        self,
        key: str,
        spec: SettingSpec[Any],
        text: str,
        context: Context,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.original = text
        self.editor: Editor = self._editor(key, spec, text, context)
        self.editor.setToolTip(self.tr(spec.help) if spec.help else "")
        self.editor.setAccessibleName(self.tr(spec.title))
        self.error = error_label()
        if isinstance(self.editor, LogoPicker):  # a refused file is explained at once
            self.editor.problem_changed.connect(lambda reason: show_error(self.error, reason))
        elif isinstance(self.editor, NamedNumbersTable):  # a half-typed row is not an error
            self.editor.problem_changed.connect(self._follow_problem)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editor)
        if spec.help and not isinstance(self.editor, NamedNumbersTable | LogoPicker):
            column.addWidget(caption_label(self.tr(spec.help)))  # (a table shows it: titles)
        column.addWidget(self.error)

    @staticmethod
    def _editor(key: str, spec: SettingSpec[Any], text: str, context: Context) -> Editor:
        if spec.choices:
            combo = QComboBox()
            for value in spec.choices:
                combo.addItem(_choice_words(value), value)
            combo.setCurrentIndex(max(combo.findData(text), 0))
            return combo
        listed = LISTS.get(spec.parse)
        if listed is not None:
            return SearchableList(listed(context.locale), text)
        if spec.format is format_named_numbers:
            titles = TABLE_TITLES.get(key, lambda: (_tr("Name"), _tr("Number")))()
            return NamedNumbersTable(lambda typed: spec.parse(typed, context), text, titles)
        if spec.parse is parse_logo:
            return LogoPicker(text, lambda path: _refusal(spec, path, context))
        line = QLineEdit(text)
        line.setPlaceholderText(spec.help or spec.title)
        return line

    def focus_widget(self) -> QWidget:
        """Where the keyboard goes for this setting (its label's buddy)."""
        if isinstance(self.editor, NamedNumbersTable):
            return self.editor.table
        if isinstance(self.editor, LogoPicker):
            return self.editor.browse_button
        return self.editor

    def text(self) -> str:
        if isinstance(self.editor, SearchableList):
            return self.editor.code()
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData())
        return self.editor.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, SearchableList):
            self.editor.set_code(text)
        elif isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(text), 0))
        elif isinstance(self.editor, QLineEdit):
            self.editor.setText(text)
        else:
            self.editor.set_text(text)

    def _follow_problem(self, reason: str) -> None:
        """A refusal already shown follows the edits (and goes once put right)."""
        if not self.error.isHidden():
            show_error(self.error, reason)

    def problem(self) -> str:
        """What the editor itself can tell is wrong before saving ("" when nothing); the
        first bad cell of a table becomes its current cell."""
        if isinstance(self.editor, NamedNumbersTable):
            return self.editor.problem(go_to_it=True)
        return ""

    def is_changed(self) -> bool:
        return self.text().strip() != self.original.strip()


def _refusal(spec: SettingSpec[Any], text: str, context: Context) -> str:
    """The core's reason for refusing ``text`` for this setting, "" when it takes it."""
    try:
        spec.parse(text, context)
    except ValueError as exc:
        return str(exc)
    return ""


class SettingsDialog(QDialog):
    """Every shop setting; ``saved`` holds the new values after a successful Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: ShopSettings | None = None
        self.setWindowTitle(self.tr("Settings"))
        shop = settings.load()
        current = settings.as_text(shop)
        context = Context(shop.currency, shop.locale)
        self.editors = {
            key: SettingEditor(key, spec, current[key], context) for key, spec in SETTINGS.items()
        }
        self.database = DatabaseChoice()  # this computer's, not the shop's (machine.ini)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._follow_tier_basis()
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # titles above: narrow
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(4)
        for key in keys:
            editor = self.editors[key]
            label = QLabel(self.tr(editor.spec.title) + ":")
            label.setBuddy(editor.focus_widget())
            form.addRow(label, editor)
        box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        return box

    def _lay_out(self) -> None:
        """Three columns (the shop, stamps and points, tiers), so the dialog is wider than it
        is tall and fits a 1366×768 screen."""
        columns = QHBoxLayout()
        columns.setSpacing(12)
        tiers = [key for key in SETTINGS if key in TIER_KEYS]
        for title, keys in (
            (self.tr("Shop"), [key for key in SETTINGS if key in SHOP_KEYS]),
            (
                self.tr("Stamps and points"),
                [key for key in SETTINGS if key not in SHOP_KEYS and key not in TIER_KEYS],
            ),
            (self.tr("Tiers"), tiers),
        ):
            column = QVBoxLayout()
            column.addWidget(self._group(title, keys))
            if title == self.tr("Tiers"):
                column.addWidget(self.database)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

    def _follow_tier_basis(self) -> None:
        """The tiers' number column says what it counts: visits, or whole units spent."""
        basis = self.editors.get("tier_basis")
        tiers = self.editors.get("tiers")
        if basis is None or tiers is None or not isinstance(tiers.editor, NamedNumbersTable):
            return
        table = tiers.editor

        def follow() -> None:
            title = TIER_NUMBER_TITLES.get(basis.text())
            header = table.table.horizontalHeaderItem(NUMBER)
            if title is not None and header is not None:
                header.setText(title())

        if isinstance(basis.editor, QComboBox):
            basis.editor.currentIndexChanged.connect(lambda _index: follow())
        follow()

    def changes(self) -> dict[str, str]:
        """The settings whose text was changed, as typed."""
        return {key: editor.text() for key, editor in self.editors.items() if editor.is_changed()}

    def save(self) -> bool:
        """Save the changed settings; on refusal show every reason and keep the dialog open
        (nothing is saved while any setting is refused)."""
        problems = {key: editor.problem() for key, editor in self.editors.items()}
        problems = {key: reason for key, reason in problems.items() if reason}
        if problems:
            self.show_errors(problems)
            return False
        if not self.database.check():
            return False
        till = Till.of(self.parent())  # owner mode may have ended since the dialog opened
        if till is not None and not till.requires_owner(self.tr("change the shop's settings")):
            return False
        try:
            self.saved = settings.set_many(
                self.changes(),
                owner=till.owner if till else None,
                by=till.staff_id if till else None,
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except OwnerRequired as exc:
            self.show_errors(dict.fromkeys(list(self.changes())[:1], str(exc)))
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
            first.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()  # wrapped reasons need height; the form does not ask for it itself
