"""The first start's "Set up my shop" form: the answers :class:`ShopSetup` needs.

Currency, language and formats and the phone region are the settings dialog's lists, searched
by any part of their name (:mod:`shopcrm.ui.shop.settings_lists`), starting from what the
computer's locale suggests. A line under them shows an amount and today's date as the shop
will write them, so "German (Switzerland)" is seen to mean ``CHF 1’234.50``. The owner's PIN
is optional and typed twice; each refusal is shown under its field, and nothing is written
while one is there.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from shopcrm.config import currency_for_region, locale_from_system, region_from_locale
from shopcrm.core.first_start import DEFAULT_PRESET, PRESETS, ShopSetup
from shopcrm.core.validation import MAX_STAFF_NAME
from shopcrm.ui.shop.settings_lists import (
    SearchableList,
    currency_choices,
    locale_choices,
    region_choices,
)
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error

#: The amount the format preview writes, in minor units.
PREVIEW_AMOUNT = 123450


class SetupForm(QWidget):
    """The form; :meth:`setup` reads it, :meth:`show_errors` puts refusals under fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        language = locale_from_system()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Corner Café"))
        self.name.setMaxLength(200)
        self.currency = SearchableList(currency_choices(language), currency_for_region())
        self.formats_list = SearchableList(locale_choices(language), language)
        self.region = SearchableList(region_choices(language), region_from_locale())
        self.preview = caption_label("")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(self.tr("Your name, as the till will show it"))
        self.owner.setMaxLength(MAX_STAFF_NAME)
        self.pin = _pin_field(self.tr("Optional: 4 to 12 digits"))
        self.pin_again = _pin_field(self.tr("The same PIN again"))
        self.loyalty = QComboBox()
        for preset in PRESETS.values():
            self.loyalty.addItem(self.tr(preset.title), preset.key)
        self.loyalty.setCurrentIndex(max(self.loyalty.findData(DEFAULT_PRESET), 0))
        self.loyalty_help = caption_label("")
        self.errors = {
            key: error_label()
            for key in ("name", "currency", "locale", "region", "owner", "pin", "loyalty")
        }
        self._lay_out()
        for box in (self.currency, self.formats_list):
            box.currentIndexChanged.connect(self._show_preview)
        self.loyalty.currentIndexChanged.connect(self._show_loyalty_help)
        self._show_preview()
        self._show_loyalty_help()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rows: tuple[tuple[str, QWidget, str, QWidget | None], ...] = (
            (self.tr("Shop &name:"), self.name, "name", None),
            (self.tr("&Currency:"), self.currency, "currency", None),
            (self.tr("&Language and formats:"), self.formats_list, "locale", self.preview),
            (self.tr("&Phone region:"), self.region, "region", None),
            (self.tr("&Owner's name:"), self.owner, "owner", None),
            (self.tr("Owner P&IN:"), self.pin, "pin", None),
            (self.tr("PIN a&gain:"), self.pin_again, "", None),
            (self.tr("Lo&yalty scheme:"), self.loyalty, "loyalty", self.loyalty_help),
        )
        for text, field, error, caption in rows:
            form.addRow(buddy_label(text, field), field)
            if caption is not None:
                form.addRow("", caption)
            if error:
                form.addRow("", self.errors[error])
        pin_help = caption_label(
            self.tr(
                "The owner's PIN guards the settings, staff and voucher runs. Without one,"
                " everyone at the till may change them; you can set it later too."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(pin_help)
        layout.addStretch(1)
        self.setTabOrder(self.name, self.currency)
        for first, second in (
            (self.currency, self.formats_list),
            (self.formats_list, self.region),
            (self.region, self.owner),
            (self.owner, self.pin),
            (self.pin, self.pin_again),
            (self.pin_again, self.loyalty),
        ):
            self.setTabOrder(first, second)

    def _show_preview(self) -> None:
        from shopcrm.core.formats import formats
        from shopcrm.core.settings import Context
        from shopcrm.core.settings.parsers import parse_currency, parse_locale

        try:
            context = Context("", "en")
            currency = parse_currency(self.currency.code(), context)
            locale = parse_locale(self.formats_list.code(), context)
            shop = formats(locale, currency)
            text = self.tr("Amounts and dates will look like: %1  ·  %2")
            shown = text.replace("%1", shop.money(PREVIEW_AMOUNT)).replace(
                "%2", shop.date(date.today())
            )
        except ValueError:
            shown = ""
        self.preview.setText(shown)

    def _show_loyalty_help(self) -> None:
        preset = PRESETS.get(str(self.loyalty.currentData()))
        self.loyalty_help.setText(self.tr(preset.help) if preset else "")

    def setup(self) -> ShopSetup | None:
        """The answers; None (with the reason under the field) when the PINs differ."""
        pin = self.pin.text()
        if pin != self.pin_again.text():
            self.show_errors({"pin": self.tr("the two PINs typed differ")})
            return None
        return ShopSetup(
            name=self.name.text(),
            currency=self.currency.code(),
            locale=self.formats_list.code(),
            region=self.region.code(),
            owner=self.owner.text(),
            pin=pin,
            loyalty=str(self.loyalty.currentData()),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each refusal under its field (others cleared); the first bad field gets the focus."""
        fields: dict[str, QWidget] = {
            "name": self.name,
            "currency": self.currency,
            "locale": self.formats_list,
            "region": self.region,
            "owner": self.owner,
            "pin": self.pin,
            "loyalty": self.loyalty,
        }
        for key, label in self.errors.items():
            show_error(label, errors.get(key, ""))
        first = next((fields[key] for key in fields if key in errors), None)
        if first is not None:
            first.setFocus()


def _pin_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(12)
    field.setPlaceholderText(placeholder)
    field.setValidator(QRegularExpressionValidator(r"[0-9]{0,12}", field))
    return field
