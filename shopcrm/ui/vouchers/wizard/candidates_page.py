"""The second page of a voucher run: the customers the rule picked, each with a tick.

Picking them reads a month of visits (hundreds of thousands of rows in a big shop), so it runs
as a read op (:mod:`shopcrm.ui.ops`): the page says it is looking, Next stays off, and Stop
leaves the wizard as usable as before. Each load is numbered; a result (or refusal) that
arrives after a newer load was asked for, or after Stop, is dropped, so only the latest rule's
customers ever land in the list and in the run's state.

When a run for the same month and rule was issued already, the page says so in words at the
top and this run goes only to the customers who did not get one (``again``): the ones who did
are listed greyed, so nothing is ever duplicated silently. The ticks go into the run's
:class:`~shopcrm.ui.vouchers.wizard.state.RunDraft` as they change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from shopcrm.core import settings
from shopcrm.core.errors import ShopError
from shopcrm.core.progress import stop_if_cancelled
from shopcrm.core.vouchers import (
    BatchSummary,
    RuleSpec,
    Selection,
    find_duplicate,
    live_voucher_holders,
    select_customers,
    served_customers,
)
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.vouchers.wizard.candidates_model import CandidatesModel, Column
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.palette_colors import alert_colors
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.shop_money import ShopMoney


@dataclass(frozen=True)
class Found:
    """What one load read, on the worker: the selection, an earlier run of the same month and
    rule, and the customers that run reached already."""

    selection: Selection
    money: ShopMoney
    duplicate: BatchSummary | None = None
    served: frozenset[int] = field(default_factory=frozenset)
    holders: frozenset[int] = field(default_factory=frozenset)  # a live voucher this month


def find(spec: RuleSpec, task: Task) -> Found:
    """The page's read, on a worker thread (stops between its steps once Stop is pressed)."""
    money = ShopMoney.from_settings(settings.load())
    selection = select_customers(spec)
    stop_if_cancelled(task.cancelled)
    duplicate = find_duplicate(spec)
    served = frozenset(served_customers(spec)) if duplicate else frozenset()
    return Found(selection, money, duplicate, served, live_voucher_holders())


def number(count: int) -> str:
    """A count the shop locale's way (``5,001``)."""
    return shop_formats().number(count)


class CandidatesPage(QWizardPage):
    """The list; complete once at least one customer is ticked."""

    def __init__(self, state: RunDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("The customers"))
        self.setSubTitle(
            self.tr(
                "Untick anyone who should not get a voucher this time (Space unticks the "
                "selected rows)."
            )
        )
        self.spec: RuleSpec | None = None
        self.left_out = 0  # asked not to be contacted (or erased)
        self.money = ShopMoney()
        self.loading: Op | None = None  # the latest load, while it runs
        self.ready = False  # the list holds the customers of ``spec``
        self.stopped = False  # the owner pressed Stop before they came
        self._request = 0  # the number of the latest load: an older one's end is dropped
        self._kept: frozenset[int] = frozenset()  # the owner's unticks for ``spec``

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning.setMargin(8)
        self.warning.setAutoFillBackground(True)
        palette = self.warning.palette()
        palette.setColor(QPalette.ColorRole.Window, alert_colors(palette)[0])
        self.warning.setPalette(palette)
        self.warning.setVisible(False)

        self.model = CandidatesModel(self)
        self.model.ticks_changed.connect(self._ticks_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.VISITS, 70), (Column.SPENT, 110), (Column.LAST_VISIT, 150)):
            header.resizeSection(column, width)

        # Space ticks or unticks every selected row, wherever the current cell is.
        self.toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, self.toggle_selected)
        self.toggle.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.count = QLabel()
        self.count.setWordWrap(True)
        self.error = error_label()
        self.all_button = QPushButton(self.tr("Select &all"))
        self.all_button.clicked.connect(lambda: self.model.tick_all(True))
        self.none_button = QPushButton(self.tr("Select n&one"))
        self.none_button.clicked.connect(lambda: self.model.tick_all(False))
        self.stop_button = QPushButton(self.tr("&Stop"))
        self.stop_button.setToolTip(self.tr("Stop looking for the customers"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setVisible(False)
        self.again_button = QPushButton(self.tr("&Find them again"))
        self.again_button.clicked.connect(self.reload)
        self.again_button.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    @property
    def duplicate(self) -> BatchSummary | None:
        return self.state.duplicate

    @property
    def again(self) -> bool:
        """Issue as a second run for the month and rule (only to those without a voucher)."""
        return self.state.again

    def initializePage(self) -> None:
        assert self.state.spec is not None, "the rule page sets it on Next"
        self.load(self.state.spec)

    def cleanupPage(self) -> None:
        """Back to the rule: a load still under way is for a rule that may change."""
        self.stop()

    def load(self, spec: RuleSpec) -> None:
        """Pick the customers for ``spec`` off the GUI thread; the owner's unticks are kept if
        it is unchanged. Until they come the list is empty and Next is off."""
        if spec != self.spec:
            self._kept = frozenset()
        self.spec = spec
        self._request += 1
        request = self._request
        if self.loading is not None:
            self.loading.cancel()  # stops between its steps; its end is dropped anyway
        self.loading = run_op(
            self,
            lambda task: find(spec, task),
            lambda found: self._found(request, found),
            on_failure=lambda exc: self._refused(request, exc),
        )
        self._show_loading(True)  # its end comes through the event loop, never before this

    def reload(self) -> None:
        if self.spec is not None:
            self.load(self.spec)

    def stop(self) -> None:
        """Stop looking: the page is usable at once (Back, Find them again), and whatever the
        load still brings is dropped."""
        if self.loading is None:
            return
        self.loading.cancel()
        self.loading = None
        self._request += 1
        self.stopped = True
        self._show_loading(False)

    def _show_loading(self, loading: bool) -> None:
        """The list while the customers are being looked for: empty, greyed, a busy cursor."""
        self.ready = False
        self.stopped = self.stopped and not loading
        self.state.duplicate = None
        self.left_out = 0
        self.model.set_candidates([], self.money)
        self.warning.setVisible(False)
        show_error(self.error, "")
        self.table.setEnabled(not loading)
        if loading:
            self.table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.table.viewport().unsetCursor()
        self.all_button.setEnabled(not loading)
        self.none_button.setEnabled(not loading)
        self.stop_button.setVisible(loading)
        self.again_button.setVisible(self.stopped)
        self.count.setText(self.count_text())

    def _current(self, request: int) -> bool:
        """Whether this load is still the latest one asked for (if so, it is over now)."""
        if request != self._request:
            return False
        self.loading = None
        self._show_loading(False)
        return True

    def _found(self, request: int, found: Found) -> None:
        if not self._current(request):
            return
        self.money = found.money
        self.state.duplicate = found.duplicate
        self.left_out = found.selection.left_out
        self.ready = True
        self.model.set_candidates(
            found.selection.candidates,
            self.money,
            excluded=self._kept,
            served=found.served,
            holders=found.holders,
        )
        self._show_duplicate()
        self._arrive()

    def _arrive(self) -> None:
        """The first row current and selected, the keys on the list: Space ticks it at once."""
        self.table.scrollToTop()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, request: int, exc: ShopError) -> None:
        if self._current(request):
            show_error(self.error, str(exc))

    def _show_duplicate(self) -> None:
        duplicate = self.duplicate
        if duplicate is None:
            self.warning.setVisible(False)
            return
        issued = plural_tr("CandidatesPage", "%n customer(s)", duplicate.issued)
        text = (
            self.tr("“%1” was issued on %2 to %3.")
            .replace("%1", duplicate.name)
            .replace("%2", format_date(duplicate.issued_at))
            .replace("%3", issued)
        )
        more = self.model.ticked_count()
        text += " " + (
            plural_tr(
                "CandidatesPage",
                "This run goes only to the customers who did not get one: %n more.",
                more,
            )
            if more
            else self.tr("Everyone the rule picks has a voucher from it already.")
        )
        self.warning.setText(text)
        self.warning.setVisible(True)

    def toggle_selected(self) -> None:
        """Untick the selected customers, or tick them again if they all were unticked."""
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if rows:
            ticked = not any(self.model.is_ticked(row) for row in rows)
            self.model.set_rows_ticked(rows, ticked)

    def _ticks_changed(self) -> None:
        model = self.model
        if self.ready:
            self._kept = model.excluded()
        self.state.excluded = model.excluded()
        self.state.ticked = model.ticked_count()
        self.state.first_ticked = model.first_ticked()
        self.state.holders = model.ticked_holders()
        self.count.setText(self.count_text())
        self.completeChanged.emit()

    def count_text(self) -> str:
        """The line under the list: 212 customers, 3 left out; 4 more asked not to be contacted."""
        model = self.model
        if self.loading is not None:
            return self.tr("Finding the customers…")
        if self.stopped:
            return self.tr(
                "Stopped before the customers were found: go back to choose another "
                "rule, or find them again."
            )
        if not self.ready:
            return ""
        ticked = model.ticked_count()
        unticked = len(model.excluded())
        text = plural_tr("CandidatesPage", "%n customer(s)", ticked)
        if unticked:
            text += self.tr(", %1 left out").replace("%1", number(unticked))
        if model.served_count():
            text += plural_tr("CandidatesPage", "; %n already had one", model.served_count())
        if model.ticked_holders():
            text += plural_tr(
                "CandidatesPage",
                "; %n holding a live voucher from this month",
                model.ticked_holders(),
            )
        if self.left_out:
            text += self.tr("; %1 more asked not to be contacted").replace(
                "%1", number(self.left_out)
            )
        if model.rowCount() == 0:
            text = self.tr("Nobody matches this rule for the month: go back and choose another.")
            if self.left_out:
                text += " " + self.tr("(%1 asked not to be contacted.)").replace(
                    "%1", number(self.left_out)
                )
        return text

    def isComplete(self) -> bool:
        return self.model.ticked_count() > 0
