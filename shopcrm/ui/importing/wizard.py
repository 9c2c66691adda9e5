"""File → Import customers…: file, columns, check, import, done.

Nothing is written before the Import button on the check page; the check is a dry run of the
very import that follows (same file, same columns), and the import is one transaction on a
worker thread (:mod:`shopcrm.ui.ops`) with a progress dialog whose Cancel rolls it all back.
The pages share one :class:`~.state.ImportDraft`."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget, QWizard, QWizardPage

from shopcrm.ui.importing.check_page import CheckPage
from shopcrm.ui.importing.duplicate_review import DuplicateReview
from shopcrm.ui.importing.file_page import FilePage
from shopcrm.ui.importing.mapping_page import MappingPage
from shopcrm.ui.importing.report_text import counts_text, report_lines
from shopcrm.ui.importing.state import ImportDraft


class DonePage(QWizardPage):
    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft
        self.setTitle(self.tr("Imported"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lines = QListWidget()
        self.review = DuplicateReview()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.review, 1)

    def initializePage(self) -> None:
        report = self.draft.imported
        if report is None:
            return
        self.summary.setText(
            self.tr("Imported: %1. The customers can be found at the counter now.").replace(
                "%1", counts_text(report)
            )
        )
        self.lines.clear()
        self.lines.addItems(report_lines(report))
        self.review.show_report(report)


class ImportWizard(QWizard):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import customers"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.draft = ImportDraft()
        self.file_page = FilePage(self.draft)
        self.mapping_page = MappingPage(self.draft)
        self.check_page = CheckPage(self.draft)
        self.done_page = DonePage(self.draft)
        for page in (self.file_page, self.mapping_page, self.check_page, self.done_page):
            self.addPage(page)
        self.resize(820, 600)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        """Run the wizard modally; True when customers were imported."""
        wizard = cls(parent)
        try:
            wizard.exec()
            return wizard.draft.imported is not None and wizard.draft.imported.imported
        finally:
            wizard.deleteLater()
