"""The wizard's second page: what kind of file it is, and which column is which field.

Every column is listed with its first value and the field it will fill, as proposed by the
preset, the header's name (English, German, Spanish, French) and what was chosen for the
same kind of file last time; any of them can be changed, or set to "(not imported)"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.importing import FIELDS, PRESETS, preview_file
from shopcrm.ui.importing.state import ImportDraft
from shopcrm.ui.widgets.form_errors import error_label, show_error

#: Fields of which one must be chosen: without them no row is a customer.
IDENTIFYING = {"first_name", "last_name", "name", "company", "nickname", "email", "phone"}


class MappingPage(QWizardPage):
    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(
            self.tr("Check which field each column of the file fills. Columns set to"
                    " \u201c(not imported)\u201d are left out.")
        )  # fmt: skip
        self.preset = QComboBox()
        names = {"square": self.tr("Square customer export"),
                 "shopify": self.tr("Shopify customers export"),
                 "generic": self.tr("Spreadsheet or other system")}  # fmt: skip
        for key in PRESETS:
            self.preset.addItem(names.get(key, key), key)
        self.preset.activated.connect(self._preset_chosen)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("First value"), self.tr("Imported as")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.error = error_label()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("&Kind of file:"), self.preset)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.preset.setCurrentIndex(max(0, self.preset.findData(self.draft.preset)))
        self._fill()

    def _preset_chosen(self) -> None:
        """Propose the columns again for the kind of file chosen."""
        draft = self.draft
        if draft.path is None:
            return
        try:
            preview = preview_file(
                draft.path, self.preset.currentData(), draft.encoding, draft.delimiter
            )
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        draft.preview, draft.preset, draft.fields = preview, preview.preset, list(preview.fields)
        self._fill()

    def _fill(self) -> None:
        preview = self.draft.preview
        if preview is None:
            return
        self.table.setRowCount(len(preview.header))
        first = preview.sample[0] if preview.sample else []
        for row, header in enumerate(preview.header):
            value = first[row] if row < len(first) else ""
            for column, text in enumerate((header, value)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            choice = QComboBox()
            for name, title in FIELDS.items():
                choice.addItem(self.tr(title), name)
            choice.setCurrentIndex(max(0, choice.findData(self.draft.fields[row])))
            choice.activated.connect(lambda _=0, r=row, c=choice: self._field_chosen(r, c))
            self.table.setCellWidget(row, 2, choice)
        self.completeChanged.emit()

    def field_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, 2)
        assert isinstance(box, QComboBox)
        return box

    def _field_chosen(self, row: int, box: QComboBox) -> None:
        name = box.currentData()
        if name != "ignore":  # one column per field: another column with it lets go
            for other, chosen in enumerate(self.draft.fields):
                if chosen == name and other != row:
                    self.draft.fields[other] = "ignore"
                    self.field_box(other).setCurrentIndex(self.field_box(other).findData("ignore"))
        self.draft.fields[row] = name
        self.draft.checked = None
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        complete = bool(IDENTIFYING & set(self.draft.fields))
        show_error(
            self.error,
            "" if complete or self.draft.preview is None
            else self.tr("Choose the column with the name, the email or the phone."),
        )  # fmt: skip
        return complete
