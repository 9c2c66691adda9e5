"""What a voucher is worth, as the owner types it: an amount off, a percentage off, a free item.

Three choices, each with its own field beside it; only the chosen one's field is enabled. The
amount is read the shop's way (``5``, ``5.00``, ``£5``), and a typo is explained under the
field as soon as it is typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers import AMOUNT, ITEM, KINDS, MAX_ITEM, PERCENT, VoucherValue
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import show_percent_the_shop_way
from shopcrm.ui.widgets.shop_money import ShopMoney


class ValueEditor(QWidget):
    """``changed`` on every edit; :meth:`value` raises :class:`ValidationError` (``value``)
    for an amount that cannot be read."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = ShopMoney()
        self.kinds = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 5.00"))
        self.amount.setAccessibleName(self.tr("Amount off"))
        self.percent = QSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(10)
        show_percent_the_shop_way(self.percent)
        self.percent.setAccessibleName(self.tr("Percentage off"))
        self.item = QLineEdit()
        self.item.setMaxLength(MAX_ITEM)
        self.item.setPlaceholderText(self.tr("e.g. A free coffee"))
        self.item.setAccessibleName(self.tr("Free item"))
        self.error = error_label()

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (kind, text, field) in enumerate(
            (
                (AMOUNT, self.tr("&Amount off:"), self.amount),
                (PERCENT, self.tr("&Percentage off:"), self.percent),
                (ITEM, self.tr("&Free item:"), self.item),
            )
        ):
            button = QRadioButton(text)
            self.kinds.addButton(button, KINDS.index(kind))
            self.buttons[kind] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(grid)
        layout.addWidget(self.error)

        self.buttons[AMOUNT].setChecked(True)
        self._kind_changed()
        self.kinds.idToggled.connect(self._kind_toggled)
        self.amount.textChanged.connect(self._edited)
        self.percent.valueChanged.connect(self._edited)
        self.item.textChanged.connect(self._edited)

    def set_money(self, money: ShopMoney) -> None:
        self.money = money
        self.amount.setPlaceholderText(self.tr("e.g. %1").replace("%1", money.format(500)))

    def kind(self) -> str:
        return KINDS[max(self.kinds.checkedId(), 0)]

    def set_kind(self, kind: str) -> None:
        self.buttons[kind].setChecked(True)

    def value(self) -> VoucherValue:
        kind = self.kind()
        if kind == PERCENT:
            return VoucherValue.percent_off(self.percent.value())
        if kind == ITEM:
            return VoucherValue.free_item(self.item.text())
        try:
            return VoucherValue.amount(self.money.parse(self.amount.text()))
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from None

    def _kind_toggled(self, _id: int, on: bool) -> None:
        if on:  # the button switched off toggles too
            self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        fields: dict[str, QWidget] = {AMOUNT: self.amount, PERCENT: self.percent, ITEM: self.item}
        for owner, field in fields.items():
            field.setEnabled(kind == owner)
        if self.isVisible():
            fields[kind].setFocus()
        self._edited()

    def _edited(self) -> None:
        """Explain an amount that cannot be read at once; the rest is judged on Next."""
        try:
            self.value()
        except ValidationError as exc:
            self.show_error(exc.errors["value"])
        else:
            self.show_error("")
        self.changed.emit()

    def show_error(self, message: str) -> None:
        show_error(self.error, message)
