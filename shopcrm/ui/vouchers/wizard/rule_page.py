"""The first page of a voucher run: which month it is about and which rule picks the customers.

Each rule is a choice with its own few numbers beside it, enabled only while it is chosen, so
the page reads like the sentence the batch list will show ("Regulars: 4+ visits in November").
On Next the rule goes into the run's :class:`~shopcrm.ui.vouchers.wizard.state.RunDraft`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers import (
    BIRTHDAYS,
    DAYS_90,
    HAND_PICKED,
    LAPSED,
    MONTH,
    REGULARS,
    RULES,
    TOP_SPENDERS,
    RuleSpec,
    next_month,
)
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.formatting import (
    shop_formats,
    show_days_the_shop_way,
    speak_shop_locale,
)
from shopcrm.ui.widgets.plural import plural_tr

#: Until this day of the month the run is about the month before (still being completed).
LATE_IN_MONTH = 20


def default_month(today: date | None = None) -> date:
    """The month a run is usually about: this one once it is nearly over, else the last one."""
    today = today or date.today()
    if today.day > LATE_IN_MONTH:
        return today.replace(day=1)
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    speak_shop_locale(spin)
    return spin


class RulePage(QWizardPage):
    """Month and rule; :meth:`spec` is what the rest of the wizard works from."""

    def __init__(self, state: RunDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.hand_picked = state.hand_picked
        self.setTitle(self.tr("Who gets a voucher"))
        self.setSubTitle(
            self.tr("Choose the month the run thanks customers for, and the rule that picks them.")
        )
        today = QDate.currentDate()
        first = default_month()
        self.month = QDateEdit(QDate(first.year, first.month, 1))
        show_days_the_shop_way(self.month, "LLLL y")
        self.month.setCurrentSection(QDateEdit.Section.MonthSection)
        self.month.setMinimumDate(QDate(2000, 1, 1))
        self.month.setMaximumDate(QDate(today.year(), today.month(), 1))
        self.month.setAccessibleName(self.tr("Month"))
        self.month.dateChanged.connect(self._month_changed)
        self._month_chosen = False  # by the owner; until then birthdays look at next month

        self.rules = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.regular_visits = _spin(1, 1000, 4)
        self.visit_window = QComboBox()
        self.visit_window.addItem(self.tr("in the month"), MONTH)
        self.visit_window.addItem(self.tr("in the 90 days to its end"), DAYS_90)
        self.top = _spin(1, 100_000, 20)
        self.lapsed_visits = _spin(1, 1000, 4)
        self.lapsed_days = _spin(1, 3650, 60)
        self.birthday_month = QLabel()
        self.errors = {key: error_label() for key in ("rule", "window", "top", "customers")}
        self.errors["min_visits"] = error_label()
        self.errors["lapsed_days"] = error_label()
        self._lay_out()
        self.buttons[REGULARS].setChecked(True)
        self._rule_changed()
        self._month_changed()
        self.month.editingFinished.connect(self._owner_chose_month)
        self.rules.idToggled.connect(self._rule_toggled)
        state.errors_found.connect(self.show_errors)

    def _lay_out(self) -> None:
        month_row = QHBoxLayout()
        month_label = QLabel(self.tr("&Month:"))
        month_label.setBuddy(self.month)
        month_row.addWidget(month_label)
        month_row.addWidget(self.month)
        month_row.addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(10)
        picked = len(self.hand_picked)
        rows: list[tuple[str, str, list[QWidget]]] = [
            (
                REGULARS,
                self.tr("&Regulars: at least"),
                [self.regular_visits, QLabel(self.tr("visits")), self.visit_window],
            ),
            (TOP_SPENDERS, self.tr("&Top"), [self.top, QLabel(self.tr("spenders of the month"))]),
            (BIRTHDAYS, self.tr("&Birthdays in"), [self.birthday_month]),
            (
                LAPSED,
                self.tr("&Lapsed regulars: at least"),
                [
                    self.lapsed_visits,
                    QLabel(self.tr("visits, none in the last")),
                    self.lapsed_days,
                    QLabel(self.tr("days")),
                ],
            ),
            (
                HAND_PICKED,
                self.tr("&Hand-picked:"),
                [QLabel(self._picked_text(picked))],
            ),
        ]
        for row, (rule, text, widgets) in enumerate(rows):
            button = QRadioButton(text)
            self.rules.addButton(button, RULES.index(rule))
            self.buttons[rule] = button
            grid.addWidget(button, row, 0)
            line = QHBoxLayout()
            for widget in widgets:
                line.addWidget(widget)
            line.addStretch(1)
            grid.addLayout(line, row, 1)
        grid.setColumnStretch(1, 1)
        if not self.hand_picked:
            self.buttons[HAND_PICKED].setEnabled(False)
            self.buttons[HAND_PICKED].setToolTip(
                self.tr("Search for customers first: the ones found can be sent a voucher")
            )

        layout = QVBoxLayout(self)
        layout.addLayout(month_row)
        layout.addSpacing(8)
        layout.addLayout(grid)
        for label in self.errors.values():
            layout.addWidget(label)
        layout.addSpacing(8)
        layout.addWidget(
            caption_label(
                self.tr(
                    "Customers who asked not to be contacted are always left out. You see "
                    "the list and can leave anyone else out on the next page."
                )
            )
        )
        layout.addStretch(1)

    def _picked_text(self, picked: int) -> str:
        if not picked:
            return self.tr("the customers a search finds (search for them first)")
        return plural_tr("RulePage", "the %n customer(s) found by the search", picked)

    def rule(self) -> str:
        return RULES[max(self.rules.checkedId(), 0)]

    def set_rule(self, rule: str) -> None:
        self.buttons[rule].setChecked(True)

    def month_first(self) -> date:
        chosen = self.month.date()
        return date(chosen.year(), chosen.month(), 1)

    def spec(self) -> RuleSpec:
        rule = self.rule()
        return RuleSpec(
            rule,
            self.month_first(),
            min_visits=(self.lapsed_visits if rule == LAPSED else self.regular_visits).value(),
            window=str(self.visit_window.currentData()),
            top=self.top.value(),
            lapsed_days=self.lapsed_days.value(),
            customer_ids=self.hand_picked if rule == HAND_PICKED else (),
        )

    def _owner_chose_month(self) -> None:
        self._month_chosen = True

    def _rule_toggled(self, _id: int, on: bool) -> None:
        if on:  # the button switched off toggles too
            self._rule_changed()

    def _rule_changed(self) -> None:
        rule = self.rule()
        if not self._month_chosen:
            # Birthdays are thanked ahead (next month's); the other rules look back.
            first = date.today().replace(day=1) if rule == BIRTHDAYS else default_month()
            self.month.setDate(QDate(first.year, first.month, 1))
        for widget, owner in (
            (self.regular_visits, REGULARS),
            (self.visit_window, REGULARS),
            (self.top, TOP_SPENDERS),
            (self.lapsed_visits, LAPSED),
            (self.lapsed_days, LAPSED),
        ):
            widget.setEnabled(rule == owner)
        self.show_errors({})

    def _month_changed(self) -> None:
        after = next_month(self.month_first())
        self.birthday_month.setText(shop_formats().month(after))

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            show_error(label, errors.get(key, ""))

    def validatePage(self) -> bool:
        spec = self.spec()
        try:
            spec.check()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        self.state.spec = spec
        return True
