"""The counter window at its default size and on the commonest shop screen (1366×768): the
results fit without a sideways scrollbar and nothing on a long-named regular's card is cut off.

"Cut off" is measured, not eyeballed: a named widget, scrolled into view, must be visible over
its whole rectangle (``visibleRegion``: what its parents do not clip) and at least as large as
it asks to be (``sizeHint``, or the height a wrapped label needs at its width). The same checks
run with a larger system font and, in a second process, with ``QT_SCALE_FACTOR=1.5``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from shopcrm.core import settings, visits
from shopcrm.core.vouchers.batches import default_expiry, issue_single
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.ui.search.columns import NAME_LEAST_CHARS
from shopcrm.ui.search.results_model import Column

DEFAULT = None  # the window as it opens the first time
SCREENS = [DEFAULT, (1366, 768)]
LONG_NAME = ("Maria-Fernanda", "Rodríguez de la Fuente Santos")


@pytest.fixture
def regular(add_customer) -> int:
    """A long-named regular with full stamp cards, points, a tier and two vouchers."""
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    customer = add_customer(
        *LONG_NAME,
        phone="+44 7911 123456",
        email="maria.fernanda.rodriguez.de.la.fuente@example.com",
        tags=["gluten free", "wholesale account", "prefers email"],
    )
    for _ in range(32):
        visits.log_visit(customer.id, amount_minor=123_456)
    issue_single(
        customer.id,
        VoucherValue.free_item("A slice of chocolate and hazelnut cake"),
        default_expiry(),
        "Thank you, {first_name}!",
    )
    return customer.id


def _size(window, size: tuple[int, int] | None, qtbot) -> None:
    if size is not None:
        window.resize(*size)
        qtbot.waitUntil(lambda: window.size() == QSize(*size))
    assert window.devicePixelRatio() == float(os.environ.get("QT_SCALE_FACTOR", "1"))


def _find(qtbot, window) -> None:
    qtbot.keyClicks(window.search.search_box, "maria rodr")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)


def _assert_results_fit(window) -> None:
    table = window.search.results
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()
    name = header.sectionSize(Column.NAME)
    assert name >= table.fontMetrics().averageCharWidth() * NAME_LEAST_CHARS
    for column in Column:  # every column is shown, none squeezed to nothing
        assert header.sectionSize(column) >= header.minimumSectionSize()


def _assert_whole(widget: QWidget) -> None:
    """``widget`` shown over its whole rectangle, and as large as it asks to be."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    name = widget.objectName() or type(widget).__name__
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    what = f"{name} {text!r}"
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()
        # A page wider than its view is cut at the right (there is no sideways scrollbar),
        # or shifted left to show this widget, cutting the page's left edge instead.
        assert parent.horizontalScrollBar().maximum() == 0, f"{what}: the page is too wide"
    assert widget.isVisible(), what
    assert widget.visibleRegion().boundingRect() == widget.rect(), f"{what} is clipped"
    if isinstance(widget, QLabel) and widget.wordWrap():
        assert widget.width() >= widget.minimumSizeHint().width(), what
        assert widget.height() >= widget.heightForWidth(widget.width()), what
    else:
        hint = widget.sizeHint()
        assert widget.width() >= hint.width(), f"{what} is narrower than it needs"
        assert widget.height() >= hint.height(), f"{what} is shorter than it needs"


def _card_widgets(card) -> list[QWidget]:
    loyalty, vouchers = card.loyalty, card.vouchers
    return [
        card.name,
        card.edit_button,
        card.visit_panel.log_button,
        card.visit_panel.more_button,
        loyalty.stamps,
        loyalty.stamp_count,
        loyalty.redeem_card_button,
        loyalty.points,
        loyalty.points_button,
        loyalty.expiry,
        loyalty.rewards,
        loyalty.why_button,
        *vouchers.row_buttons,
        vouchers.scan_button,
        vouchers.give_button,
        card.memory.values["spent"],
        card.memory.values["lifetime"],
        card.memory.values["last"],
    ]


def _check_window(qtbot, window, size) -> None:
    _size(window, size, qtbot)
    _find(qtbot, window)
    _assert_results_fit(window)

    qtbot.keyClick(window.search.search_box, Qt.Key.Key_Return)
    card = window.card
    qtbot.waitUntil(lambda: card.loyalty.status is not None)
    qtbot.waitUntil(lambda: bool(card.memory.text("lifetime")))
    assert card.loyalty.stamp_count.text() == "3 full cards + 2"
    assert len(card.vouchers.row_buttons) == 1
    _assert_results_fit(window)  # the card took its room from the list: still no scrollbar
    for widget in _card_widgets(card):
        _assert_whole(widget)


@pytest.mark.parametrize("size", SCREENS, ids=["default", "1366x768"])
def test_the_window_shows_a_long_named_regular_whole(qtbot, window, regular, size):
    _check_window(qtbot, window, size)


@pytest.fixture
def larger_system_font(qapp):
    """The system's font a third larger than the test platform's, as set by an owner with
    weak eyes; the app's own fonts (the name, the search box) follow it."""
    before = QFont(qapp.font())
    larger = QFont(before)
    larger.setPointSizeF(before.pointSizeF() * 4 / 3)
    qapp.setFont(larger)
    yield larger
    qapp.setFont(before)


def test_a_larger_system_font_still_fits_1366x768(qtbot, larger_system_font, window, regular):
    _check_window(qtbot, window, (1366, 768))
    size = larger_system_font.pointSizeF()
    assert window.search.results.font().pointSizeF() == pytest.approx(size)
    assert window.search.search_box.font().pointSizeF() == pytest.approx(size * 1.25)
    assert window.card.name.font().pointSizeF() == pytest.approx(size * 1.7)


@pytest.mark.skipif(os.environ.get("QT_SCALE_FACTOR") is not None, reason="already scaled")
def test_the_same_checks_pass_scaled_by_one_and_a_half(tmp_path):
    """High DPI: Qt scales everything by 1.5 (fonts, widgets, the pictures they draw); the
    checks above run in a fresh process, where the scale factor can still be chosen (on SQLite
    only there: the layout does not depend on the engine, which the checks above cover)."""
    env = {
        **os.environ,
        "QT_SCALE_FACTOR": "1.5",
        "QT_QPA_PLATFORM": "offscreen",
        "SHOPCRM_TEST_BACKENDS": "sqlite",
    }
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 passed, 1 skipped" in done.stdout
