"""The third page of a voucher run: what it is worth, the message, the last day and the name,
with one voucher drawn beside them as it will read (for the first ticked customer). On Next the
whole draft goes into the run's :class:`~shopcrm.ui.vouchers.wizard.state.RunDraft`."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers import (
    DEFAULT_TEMPLATE,
    FIELDS,
    MAX_NAME,
    MAX_VALID_DAYS,
    BatchDraft,
    Candidate,
    RuleSpec,
    ShopContext,
    VoucherValue,
    default_expiry,
    default_name,
    expires_text,
    field_meanings,
    local_today,
    message_for,
)
from shopcrm.ui.vouchers.wizard.preview import VoucherPreview
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.vouchers.wizard.value_editor import ValueEditor
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats, show_days_the_shop_way
from shopcrm.ui.widgets.qt_dates import pydate, qdate
from shopcrm.ui.widgets.shop_money import ShopMoney

#: Written for in the preview when nobody is ticked (the page before prevents it anyway).
SAMPLE = Candidate(0, "Alex", "Sample", 5, 0)


class ValuePage(QWizardPage):
    """Value, message, expiry and name; :meth:`draft` puts them with the rule and the list."""

    def __init__(self, state: RunDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("The voucher"))
        self.setSubTitle(self.tr("What it is worth, what it says and until when it is valid."))
        self.shop = ShopContext("", "GBP", "en_GB")
        self.spec: RuleSpec | None = None
        self.candidate: Candidate = SAMPLE
        self._default_name = ""

        self.value = ValueEditor()
        self.message = QPlainTextEdit(DEFAULT_TEMPLATE)
        self.message.setTabChangesFocus(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.message.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines = self.message.fontMetrics().lineSpacing()
        self.message.setMinimumHeight(lines * 4 + 12)
        self.message.setMaximumHeight(lines * 8 + 12)
        self.fields = QListWidget()
        self.fields.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields.setTextElideMode(Qt.TextElideMode.ElideRight)
        shop = shop_formats()
        for name, meaning in field_meanings(shop.currency, shop.locale, local_today()).items():
            item = QListWidgetItem("{" + name + "}  " + self.tr(meaning))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(
                self.tr(meaning) + "\n" + self.tr("Double-click to put it in the message")
            )
            self.fields.addItem(item)
        self.fields.setCurrentRow(0)
        rows = self.fields.sizeHintForRow(0) * len(FIELDS) + 2 * self.fields.frameWidth() + 2
        self.fields.setFixedHeight(rows)
        self.fields.itemActivated.connect(self.insert_field)
        self.insert_button = QPushButton(self.tr("&Insert field"))
        self.insert_button.clicked.connect(lambda: self.insert_field(self.fields.currentItem()))
        self.default_button = QPushButton(self.tr("Default &text"))
        self.default_button.clicked.connect(lambda: self.message.setPlainText(DEFAULT_TEMPLATE))
        self.expires = QDateEdit()
        self.expires.setCalendarPopup(True)
        show_days_the_shop_way(self.expires)
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.preview = VoucherPreview()
        self.errors = {key: error_label() for key in ("message", "expires", "name")}
        self._lay_out()

        self.value.changed.connect(self.update_preview)
        self.message.textChanged.connect(self.update_preview)
        self.expires.dateChanged.connect(self.update_preview)
        state.errors_found.connect(self.show_errors)

    def _lay_out(self) -> None:
        value_box = QGroupBox(self.tr("Worth"))
        QVBoxLayout(value_box).addWidget(self.value)

        message_box = QGroupBox(self.tr("&Message"))
        field_buttons = QVBoxLayout()
        field_buttons.addWidget(self.insert_button)
        field_buttons.addWidget(self.default_button)
        field_buttons.addStretch(1)
        fields_row = QHBoxLayout()
        fields_row.addWidget(self.fields, 1, Qt.AlignmentFlag.AlignTop)
        fields_row.addLayout(field_buttons)
        message_layout = QVBoxLayout(message_box)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.errors["message"])
        message_layout.addWidget(
            caption_label(self.tr("Fields in braces are filled in for each customer:"))
        )
        message_layout.addLayout(fields_row)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget, key in (
            (self.tr("&Valid until:"), self.expires, "expires"),
            (self.tr("Batch nam&e:"), self.name, "name"),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors[key])
            form.addRow(label, column)

        left = QVBoxLayout()
        left.addWidget(value_box)
        left.addWidget(message_box, 1)
        left.addLayout(form)
        preview_box = QGroupBox(self.tr("Preview"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        preview_layout.addWidget(
            caption_label(self.tr("The first customer's voucher, as it will read."))
        )
        preview_layout.addStretch(1)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 3)
        columns.addWidget(preview_box, 2)

    def initializePage(self) -> None:
        assert self.state.spec is not None, "the rule page sets it on Next"
        self.state.shop = ShopContext.current()
        self.start(self.state.spec, self.state.first_ticked or SAMPLE, self.state.shop)

    def start(self, spec: RuleSpec, candidate: Candidate, shop: ShopContext) -> None:
        """Ready the page for ``spec``: defaults for a first visit, the owner's text kept."""
        self.spec, self.candidate, self.shop = spec, candidate, shop
        self.value.set_money(ShopMoney(shop.currency, shop.locale))
        today = local_today()
        self.expires.setMinimumDate(qdate(today))
        self.expires.setMaximumDate(qdate(today + timedelta(days=MAX_VALID_DAYS)))
        if not self._default_name:  # the first visit
            self.expires.setDate(qdate(default_expiry(today)))
        name = default_name(spec, shop.locale)
        if self.name.text().strip() in ("", self._default_name):
            self.name.setText(name)
        self._default_name = name
        self.name.setPlaceholderText(name)
        self.update_preview()

    def insert_field(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.message.insertPlainText("{" + str(item.data(Qt.ItemDataRole.UserRole)) + "}")
        self.message.setFocus(Qt.FocusReason.OtherFocusReason)

    def expires_on(self) -> date:
        chosen = self.expires.date()
        return pydate(chosen)

    def draft(self, excluded: frozenset[int] = frozenset()) -> BatchDraft:
        """The draft as typed; a value that cannot be read raises :class:`ValidationError`."""
        assert self.spec is not None, "start() first"
        return BatchDraft(
            self.spec,
            self.value.value(),
            self.expires_on(),
            self.message.toPlainText(),
            self.name.text(),
            excluded,
        )

    def update_preview(self) -> None:
        """Draw the first customer's voucher from what is typed now (or say what is wrong)."""
        if self.spec is None:
            return
        try:
            value = self.value.value()
            value.check()
        except ValidationError:
            value = VoucherValue.free_item("…")
        draft = BatchDraft(self.spec, value, self.expires_on(), self.message.toPlainText())
        shop = self.shop
        expires = self.tr("Valid until %1").replace(
            "%1", expires_text(draft.expires_on, shop.locale)
        )
        try:
            message, problem = message_for(draft, self.candidate, shop), ""
        except ValidationError as exc:
            message, problem = "", exc.errors.get("message", str(exc))
        self.preview.show_voucher(
            shop=shop.name,
            value=value.describe(shop.currency, shop.locale),
            customer=self.candidate.name,
            message=message,
            expires=expires,
        )
        if problem:
            self.preview.show_problem(problem)
        show_error(self.errors["message"], "")  # the preview says it while typing

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            show_error(label, errors.get(key, ""))
        self.value.show_error(errors.get("value", ""))

    def validatePage(self) -> bool:
        try:
            draft = self.draft(self.state.excluded)
            draft.checked(local_today())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        self.state.draft = draft
        return True
