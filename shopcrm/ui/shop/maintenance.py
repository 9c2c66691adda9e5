"""Looking after the shop's database from the window: the health check, the search ranks, and
the audit log (Tools → Audit log…, owners only: :mod:`.audit_view`).

Both take long on a big shop (a check reads every page of the file, the full one every
ledger too; ranks are brought up to date a batch of customers at a time), so both run
through :mod:`shopcrm.ui.ops` with their progress and a Cancel button in the status bar: the
counter goes on serving meanwhile, and search keeps answering while the ranks are written.
The quick check is the everyday one; the full one is there for when something looks wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.widgets.formatting import shop_formats
from shopcrm.ui.widgets.plural import plural_tr

if TYPE_CHECKING:
    from shopcrm.core.check import CheckReport
    from shopcrm.ui.shop.audit_view import AuditView

T = TypeVar("T")

#: The problems a check shows in its message; the rest are counted.
SHOWN_PROBLEMS = 20


class ShopMaintenance(QObject):
    """The Tools menu's actions for ``window``; ``op`` is the one under way (if any)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.op: Op | None = None
        self.check_action = QAction(self.tr("&Check the database…"), window)
        self.check_action.triggered.connect(lambda: self.check())
        self.full_check_action = QAction(self.tr("Check the database in &full (slow)…"), window)
        self.full_check_action.triggered.connect(lambda: self.check(full=True))
        self.ranks_action = QAction(self.tr("Bring search &ranks up to date"), window)
        self.ranks_action.triggered.connect(self.refresh_ranks)
        self.audit_action = QAction(self.tr("&Audit log…"), window)
        self.audit_action.triggered.connect(self.show_audit)
        self.last_message: QMessageBox | None = None

    def actions(self) -> list[QAction]:
        """The Tools menu's entries from here."""
        return [*self._op_actions(), self.audit_action]

    def _op_actions(self) -> list[QAction]:
        """The entries that start an op: off while one runs (the audit log stays on)."""
        return [self.check_action, self.full_check_action, self.ranks_action]

    def show_audit(self) -> AuditView | None:
        """Tools → Audit log… (its code loaded when first opened, not at the start)."""
        from shopcrm.ui.shop.audit_view import AuditView

        return AuditView.ask(self.window)

    def check(self, *, full: bool = False) -> Op | None:
        """Check the database, quickly or in full, and say what was found."""

        from shopcrm.core.check import check_database  # loaded when first used

        def work(task: Task) -> CheckReport:
            return check_database(progress=task.progress, cancelled=task.cancelled, full=full)

        label = (
            self.tr("Checking the database in full…") if full else self.tr("Checking the database…")
        )
        return self._run(work, self._checked, label, writes=False)

    def refresh_ranks(self) -> Op | None:
        """Move customers whose visits have aged out of the year to their new search rank."""

        from shopcrm.core.ranking import refresh_stale_ranks  # loaded when first used

        def work(task: Task) -> int:
            return refresh_stale_ranks(progress=task.progress, cancelled=task.cancelled)

        return self._run(work, self._ranked, self.tr("Bringing search ranks up to date…"))

    def _run(
        self,
        work: Callable[[Task], T],
        then: Callable[[T], None],
        label: str,
        *,
        writes: bool = True,
    ) -> Op | None:
        if self.op is not None:
            return None
        for action in self._op_actions():
            action.setEnabled(False)
        self.op = run_op(
            self.window,
            work,
            then,
            writes=writes,
            label=label,
            title=self.tr("shopcrm"),
            status_bar=self.window.statusBar(),
            on_cancelled=lambda: self.window.statusBar().showMessage(self.tr("Stopped."), 5000),
        )
        self.op.ended.connect(self._ended)
        return self.op

    def _ended(self) -> None:
        self.op = None
        for action in self._op_actions():
            action.setEnabled(True)

    def _checked(self, report: CheckReport) -> None:
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Database check"))
        customers = plural_tr("ShopMaintenance", "%n customer(s)", report.customers)
        if report.ok:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(
                self.tr("The database is in good order: schema version %1, %2.")
                .replace("%1", shop_formats().number(report.schema_version))
                .replace("%2", customers)
            )
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(
                plural_tr("ShopMaintenance", "The check found %n problem(s).", len(report.problems))
            )
            shown = report.problems[:SHOWN_PROBLEMS]
            more = len(report.problems) - len(shown)
            box.setInformativeText(
                "\n".join(shown) + (f"\n… (+{shop_formats().number(more)})" if more else "")
            )
        box.open()  # does not block: the till goes on
        self.last_message = box

    def _ranked(self, moved: int) -> None:
        self.window.statusBar().showMessage(
            plural_tr(
                "ShopMaintenance", "Search ranks brought up to date: %n customer(s) moved.", moved
            ),
            10_000,
        )
