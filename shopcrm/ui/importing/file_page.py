"""The wizard's first page: which file, and (rarely needed) its encoding and delimiter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.importing import preview_file
from shopcrm.ui.importing.state import ImportDraft
from shopcrm.ui.widgets.form_errors import error_label, show_error

ENCODINGS = (None, "utf-8", "cp1252", "latin-1", "utf-16")
DELIMITERS = (None, ",", ";", "\t", "|")


class FilePage(QWizardPage):
    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(
            self.tr(
                "A customer export from Square or Shopify, or a spreadsheet saved as CSV."
                " Nothing is imported before you have seen the check."
            )
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("customers.csv"))
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.encoding = QComboBox()
        for value in ENCODINGS:
            self.encoding.addItem(value or self.tr("Detect"), value)
        self.delimiter = QComboBox()
        names = {None: self.tr("Detect"), ",": self.tr("Comma"), ";": self.tr("Semicolon"),
                 "\t": self.tr("Tab"), "|": self.tr("Vertical bar")}  # fmt: skip
        for value in DELIMITERS:
            self.delimiter.addItem(names[value], value)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("&File:"), row)
        form.addRow(self.tr("&Encoding:"), self.encoding)
        form.addRow(self.tr("&Delimiter:"), self.delimiter)
        form.addRow(self.error)

    def browse(self) -> None:
        kinds = self.tr("CSV files (*.csv *.txt);;All files (*)")
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import customers"), self.path.text(), kinds
        )
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        """Read the header and first rows; a file that cannot be read stays on this page."""
        path = Path(self.path.text().strip()).expanduser()
        encoding, delimiter = self.encoding.currentData(), self.delimiter.currentData()
        try:
            preview = preview_file(path, None, encoding, delimiter)
        except ShopError as exc:
            show_error(self.error, str(exc))
            return False
        show_error(self.error, "")
        self.draft.path, self.draft.encoding, self.draft.delimiter = path, encoding, delimiter
        self.draft.preview, self.draft.preset = preview, preview.preset
        self.draft.fields = list(preview.fields)
        self.draft.checked = None
        return True
