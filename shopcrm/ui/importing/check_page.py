"""The wizard's third page: the check (a dry run over the whole file, nothing written), then
Import, which writes it all in one transaction, off the GUI thread with progress and Cancel.

Bad rows block the import unless "Leave out the bad rows" is ticked; possible duplicates are
listed and never block (they are imported as new customers, for a merge to settle)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QVBoxLayout, QWizard, QWizardPage

from shopcrm.core.errors import ShopError
from shopcrm.core.importing import ImportReport, import_customers
from shopcrm.ui.importing.report_text import counts_text, report_lines
from shopcrm.ui.importing.state import ImportDraft
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import error_label, show_error


class CheckPage(QWizardPage):
    """``checked`` once the dry run's report is shown; ``imported`` once the import is in."""

    checked = Signal()
    imported = Signal()

    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft
        self.op: Op | None = None
        self.setTitle(self.tr("Check"))
        self.setSubTitle(self.tr("What the import will do. Nothing has been written yet."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lines = QListWidget()
        self.skip_bad = QCheckBox(self.tr("&Leave out the bad rows"))
        self.skip_bad.toggled.connect(self._skip_toggled)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.skip_bad.setChecked(self.draft.skip_bad)
        self.skip_bad.setVisible(False)
        show_error(self.error, "")
        self.lines.clear()
        self.summary.setText(self.tr("Checking the file…"))
        self.draft.checked = None
        self.completeChanged.emit()
        path, options = self.draft.path, self.draft.options(dry_run=True)
        assert path is not None

        def work(task: Task) -> ImportReport:
            return import_customers(path, options, progress=task.progress, cancelled=task.cancelled)

        self.op = run_op(
            self,
            work,
            self._checked,
            on_failure=self._failed,
            on_cancelled=lambda: self.summary.setText(self.tr("Check cancelled.")),
            label=self.tr("Checking the file…"),
            title=self.tr("Import customers"),
        )
        self.op.ended.connect(self._ended)

    def _ended(self) -> None:
        self.op = None
        self.completeChanged.emit()

    def _checked(self, report: ImportReport) -> None:
        self.draft.checked = report
        self.summary.setText(self.tr("The file has %1.").replace("%1", counts_text(report)))
        self.lines.clear()
        self.lines.addItems(report_lines(report))
        self.skip_bad.setVisible(report.bad_count > 0)
        self.completeChanged.emit()
        self.checked.emit()

    def _failed(self, exc: ShopError) -> None:
        self.summary.setText("")
        show_error(self.error, str(exc))

    def _skip_toggled(self, on: bool) -> None:
        self.draft.skip_bad = on
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        report = self.draft.checked
        if self.op is not None or report is None:
            return False
        return report.rows > report.bad_count and (not report.bad_count or self.draft.skip_bad)

    def validatePage(self) -> bool:
        """Import (the wizard moves on when it is in); stays here while it runs."""
        if self.draft.imported is not None and self.draft.imported.imported:
            return True
        if self.op is not None or self.draft.path is None:
            return False
        till = Till.of(self)
        staff_id = till.staff_id if till else None
        path, options = self.draft.path, self.draft.options(dry_run=False)

        def work(task: Task) -> ImportReport:
            return import_customers(
                path, options, staff_id=staff_id, progress=task.progress, cancelled=task.cancelled
            )

        self.op = run_op(
            self,
            work,
            self._imported,
            on_failure=self._failed,
            on_cancelled=lambda: show_error(self.error, self.tr("Cancelled: nothing imported.")),
            writes=True,
            label=self.tr("Importing the customers…"),
            title=self.tr("Import customers"),
        )
        self.op.ended.connect(self._ended)
        self.completeChanged.emit()
        return False

    def _imported(self, report: ImportReport) -> None:
        self.draft.imported = report
        if report.imported:
            self.imported.emit()
            self.wizard().next()
        else:
            show_error(self.error, self.tr("Not imported: %1").replace("%1", counts_text(report)))
