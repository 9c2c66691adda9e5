"""The card's one history: visits, notes and loyalty events merged, paged in lazily."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from shopcrm.core import loyalty, notes, settings, visits
from shopcrm.core.timeline import LOYALTY, NOTE, VISIT
from shopcrm.ui.card.timeline_delegate import TimelineDelegate
from shopcrm.ui.widgets.timeline_model import ITEM_ROLE, KIND_ROLE, TimelineModel


def _past(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def test_timeline_fetches_lazily_by_position(qtbot, shop, add_customer, caplog):
    customer = add_customer("Regular")
    for n in range(120):
        visits.log_visit(customer.id, amount_minor=100 + n, at=_past(200 - n))
    model = TimelineModel(page_size=50)
    model.set_customer(customer.id)
    root = QModelIndex()
    assert model.rowCount() == 0

    seen = []
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        while model.canFetchMore(root):
            model.fetchMore(root)
            seen.append(model.rowCount())
    assert seen == [50, 100, 120]
    assert not any("OFFSET" in r.getMessage().upper() for r in caplog.records)
    items = [model.index(row).data(ITEM_ROLE) for row in range(120)]
    assert items[0].amount_minor == 219  # newest first
    assert [item.at for item in items] == sorted((item.at for item in items), reverse=True)
    assert len({item.id for item in items}) == 120


def test_timeline_merges_visits_notes_and_loyalty_events(qtbot, shop, add_customer):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    customer = add_customer("Olga")
    visits.log_visit(customer.id, amount_minor=1250, at=_past(3), note="the usual")
    notes.add_note(customer.id, "nut allergy", pinned=True)
    loyalty.adjust_points(customer.id, 5, "birthday")
    model = TimelineModel()
    model.set_customer(customer.id)
    model.fetch_first_page()

    kinds = [model.index(row).data(KIND_ROLE) for row in range(model.rowCount())]
    assert kinds == [LOYALTY, NOTE, VISIT]
    texts = [model.index(row).data() for row in range(3)]
    assert "Points adjusted — birthday" in texts[0] and "+5 pts" in texts[0]
    assert "Pinned" in texts[1] and "nut allergy" in texts[1]
    assert "£12.50" in texts[2] and "+1 stamp +12 pts" in texts[2] and "the usual" in texts[2]
    assert model.index(1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(2).data(Qt.ItemDataRole.FontRole) is None


def test_delegate_sizes_each_kind(qtbot, shop, add_customer):
    customer = add_customer("Olga")
    visit = visits.log_visit(customer.id, amount_minor=900, note="x " * 200, at=_past(1))
    visits.void_visit(visit.id, "logged twice")
    notes.add_note(customer.id, "short")
    view = QListView()
    qtbot.addWidget(view)
    model = TimelineModel(view)
    model.set_customer(customer.id)
    model.fetch_first_page()
    view.setModel(model)
    delegate = TimelineDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(400, 600)
    view.show()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.viewport().rect()
    heights = {
        model.index(row).data(KIND_ROLE): delegate.sizeHint(option, model.index(row)).height()
        for row in range(model.rowCount())
    }
    assert heights[VISIT] > 2 * heights[NOTE]  # the long note wraps
    assert not view.grab().isNull()  # paints every kind without error


def test_timeline_model_passes_modeltester(qtmodeltester, shop, add_customer):
    customer = add_customer("Olga")
    for n in range(7):
        visits.log_visit(customer.id, amount_minor=200, at=_past(10 - n))
        notes.add_note(customer.id, f"note {n}", pinned=n == 3)
    model = TimelineModel(page_size=5)
    model.set_customer(customer.id)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    assert model.rowCount() == 14  # the tester fetched the rest through canFetchMore/fetchMore


def test_customer_without_history(qtmodeltester, shop, add_customer):
    customer = add_customer("New")
    model = TimelineModel()
    model.set_customer(customer.id)
    model.fetch_first_page()
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
