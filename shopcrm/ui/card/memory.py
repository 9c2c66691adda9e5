"""The card's memory of a customer's habits: how often they come, what they spend, and the
last thing noted at a visit — so the cashier can say "the usual?" without asking.

Figures come from ``core.visit_stats.VisitSummary``; money in the shop's currency and locale,
dates in the local calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from shopcrm.core.imported_history import ImportedHistoryView
from shopcrm.core.visit_stats import VisitSummary
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.segment_badge import segment_name
from shopcrm.ui.widgets.shop_money import ShopMoney

KEYS = ("visits", "spent", "first", "last", "gap", "lifetime", "last_note")


def _tr(text: str, n: int | None = None) -> str:
    if n is not None:
        return plural_tr("CardMemory", text, n)
    return QCoreApplication.translate("CardMemory", text)


def days_ago(moment: datetime, now: datetime) -> str:
    shop = shop_formats()  # days on the till's calendar, not UTC's
    days = (shop.day_of(now) - shop.day_of(moment)).days
    if days <= 0:
        return _tr("today")
    if days == 1:
        return _tr("yesterday")
    return _tr("%n day(s) ago", days)


def usual_gap(days: float | None) -> str:
    """ "every 7 days" (median gap), rounded the way people say it."""
    if days is None:
        return ""
    if days < 1:
        return _tr("several times a day")
    if days < 45:
        return _tr("every %n day(s)", round(days))
    return _tr("every %n month(s)", round(days / 30.4))


def memory_texts(
    summary: VisitSummary, money: ShopMoney, now: datetime | None = None
) -> dict[str, str]:
    """What each line of the memory says (empty strings where there is nothing to say)."""
    now = now or datetime.now(UTC)
    texts = dict.fromkeys(KEYS, "")
    texts["visits"] = _tr("%n visit(s)", summary.visits)
    if summary.visits == 0:
        texts["visits"] = _tr("no visits yet")
        return texts
    if summary.average_spend_minor is not None:
        texts["spent"] = (
            _tr("%1 in total · %2 on average")
            .replace("%1", money.format(summary.total_spent_minor))
            .replace("%2", money.format(summary.average_spend_minor))
        )
    if summary.first_visit:
        texts["first"] = format_date(summary.first_visit)
    if summary.last_visit:
        texts["last"] = f"{format_date(summary.last_visit)} ({days_ago(summary.last_visit, now)})"
    texts["gap"] = usual_gap(summary.usual_gap_days)
    texts["lifetime"] = (
        _tr("%1 (%2 in the last 12 months)")
        .replace("%1", money.format(summary.lifetime_value_minor))
        .replace("%2", money.format(summary.last_12_months_minor))
    )
    texts["last_note"] = summary.last_note
    return texts


def imported_text(histories: Sequence[ImportedHistoryView], money: ShopMoney) -> str:
    """What another system knew (``core.importing``), one line per source: never counted
    among the visits above, which are the ones logged here."""
    sources = {"square": "Square", "shopify": "Shopify", "generic": _tr("a spreadsheet")}
    lines = []
    for history in histories:
        parts = []
        if history.visits is not None:
            parts.append(_tr("%n visit(s)", history.visits))
        if history.spent_minor is not None:
            parts.append(_tr("%1 spent").replace("%1", money.format(history.spent_minor)))
        if history.first_visit and history.last_visit:
            parts.append(
                _tr("%1 to %2")
                .replace("%1", format_date(history.first_visit))
                .replace("%2", format_date(history.last_visit))
            )
        elif history.last_visit:
            parts.append(_tr("last %1").replace("%1", format_date(history.last_visit)))
        source = sources.get(history.source, history.source)
        lines.append(_tr("%1: %2").replace("%1", source).replace("%2", ", ".join(parts)))
    return "\n".join(lines)


class CardMemory(QWidget):
    """Caption/value rows; rows with nothing to say are hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(4)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        for key, caption in zip(
            (*KEYS, "segment"),
            (
                self.tr("Visits"),
                self.tr("Spent"),
                self.tr("First visit"),
                self.tr("Last visit"),
                self.tr("Usually comes"),
                self.tr("Lifetime value"),
                self.tr("Last visit's note"),
                self.tr("Segment"),
            ),
            strict=True,
        ):
            label = QLabel(caption)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(label, value)
        self.imported = QLabel()
        self.imported.setWordWrap(True)
        self.imported.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title = QLabel(self.tr("Imported history"))
        title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.form.addRow(title, self.imported)
        self.form.setRowVisible(self.imported, False)

    def text(self, key: str) -> str:
        return self.values[key].text()

    def set_imported(self, histories: Sequence[ImportedHistoryView], money: ShopMoney) -> None:
        self.imported.setText(imported_text(histories, money))
        self.form.setRowVisible(self.imported, bool(histories))

    def set_summary(
        self, summary: VisitSummary, money: ShopMoney, segment: str | None = None
    ) -> None:
        """The summary's lines, and the segment (see :mod:`shopcrm.core.segments`) on a line
        of its own, hidden for a customer with no visit."""
        texts = {**memory_texts(summary, money), "segment": segment_name(segment)}
        for key, text in texts.items():
            self.values[key].setText(text)
            self.form.setRowVisible(self.values[key], bool(text))
