"""The settings' "Database" choice: which database this computer opens, a file or a server.

It belongs to this computer, not to the shop's data, so it is kept in the per-computer
settings file (:func:`shopcrm.config.choose_database`), never in the shop's database; and it
takes effect at the next start, since the open database cannot change under the windows. A
PostgreSQL URL holding a password is refused with what to do instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from shopcrm.config import choose_database, chosen_database, database_refusal, default_database
from shopcrm.core.errors import ShopError
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error


class DatabaseChoice(QGroupBox):
    """A SQLite file or a PostgreSQL URL, with the reason under it when it is refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Database (this computer)"))
        current = chosen_database() or default_database()
        self.original = current
        is_server = current.lower().startswith(("postgresql://", "postgres://"))
        self.file_button = QRadioButton(self.tr("A file on this computer"))
        self.server_button = QRadioButton(self.tr("A PostgreSQL server"))
        group = QButtonGroup(self)
        group.addButton(self.file_button)
        group.addButton(self.server_button)
        self.file = QLineEdit("" if is_server else current)
        self.file.setAccessibleName(self.tr("Database file"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._browse)
        self.url = QLineEdit(current if is_server else "")
        self.url.setPlaceholderText("postgresql://till@shop-server/shop")
        self.url.setAccessibleName(self.tr("Server URL"))
        (self.server_button if is_server else self.file_button).setChecked(True)
        self.error = error_label()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(self.file_button)
        form.addRow(file_row)
        form.addRow(self.server_button)
        form.addRow(self.url)
        form.addRow(
            caption_label(
                self.tr(
                    "Used from the next start. A password goes in .pgpass or PGPASSWORD,"
                    " never in the URL."
                )
            )
        )
        form.addRow(self.error)
        self.file.textEdited.connect(lambda: self.file_button.setChecked(True))
        self.url.textEdited.connect(lambda: self.server_button.setChecked(True))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Database file"),
            self.file.text(),
            self.tr("shopcrm databases (*.sqlite3);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.file.setText(path)
            self.file_button.setChecked(True)

    def text(self) -> str:
        return (self.url if self.server_button.isChecked() else self.file).text().strip()

    def is_changed(self) -> bool:
        return self.text() != self.original.strip()

    def check(self) -> bool:
        """Whether the choice can be kept; when not, the reason is shown under it."""
        reason = (database_refusal(self.text()) or "") if self.is_changed() else ""
        show_error(self.error, reason)
        return not reason

    def save(self) -> bool:
        """Remember the choice when it changed; False (and the reason shown) when refused."""
        if not self.check():
            return False
        if self.is_changed():
            try:
                choose_database(self.text())
            except (ShopError, OSError) as exc:
                show_error(self.error, str(exc))
                return False
            self.original = self.text()
        return True
