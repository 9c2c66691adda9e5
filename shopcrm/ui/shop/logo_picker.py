"""The logo on the vouchers: chosen with Browse…, seen in a preview before it is saved.

A picked file is checked at once, so a mistake is explained while the file dialog is still
fresh in mind: the core's rule first (a regular PNG or JPEG file, by its first bytes, of at most
5 MB), then that Qt can really draw it and that it is not absurdly large in pixels (a small file
can unpack into gigabytes). A refused file leaves the previous logo in place.

The path is stored absolute. The settings are shared by every till of the shop, and a path
relative to wherever the app was started from means nothing to the next start; copying the file
into the data folder was weighed and left: that folder is just as local to one computer, and a
copy goes stale without a word when the owner updates their logo file in place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_SIDE = 10_000  # pixels: a logo this wide would print at 80 cm at 300 dpi


def absolute(text: str) -> str:
    """A typed or picked path made absolute ("" stays ""); ``~`` is the home folder."""
    text = text.strip()
    if not text:
        return ""
    path = Path(text)
    with contextlib.suppress(RuntimeError):  # no home folder to expand ~ into
        path = path.expanduser()
    return str(path.absolute())


def picture_problem(path: str, preview: QSize) -> tuple[str, QPixmap]:
    """Why Qt cannot show the picture at ``path`` ("" when it can), and its preview."""
    reader = QImageReader(path)
    size = reader.size()
    if not reader.canRead() or not size.isValid():
        return "this file cannot be read as a picture", QPixmap()
    if size.width() > MAX_SIDE or size.height() > MAX_SIDE:
        return (
            f"the picture is {size.width()}×{size.height()} pixels: "
            f"at most {MAX_SIDE} on a side, please"
        ), QPixmap()
    reader.setScaledSize(size.scaled(preview, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return f"this picture cannot be read: {reader.errorString()}", QPixmap()
    return "", QPixmap.fromImage(image)


class LogoPicker(QWidget):
    """``text()`` is the chosen logo's absolute path ("" for none). ``check(path)`` is the
    core's verdict on a path (its reason, or "" when it is fine); ``problem_changed`` says
    why a picked file was refused ("" once one is taken)."""

    problem_changed = Signal(str)

    def __init__(self, text: str, check: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.check = check
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("No logo"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose a PNG or JPEG picture"))
        self.browse_button.clicked.connect(self.browse)
        self.clear_button = QPushButton(self.tr("No logo"))
        self.clear_button.setToolTip(self.tr("Print the vouchers without a logo"))
        self.clear_button.clicked.connect(lambda: self.take(""))
        self.preview = QLabel()
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        line = self.fontMetrics().height()
        self.preview_size = QSize(line * 10, line * 4)
        self.preview.setFixedSize(self.preview_size + QSize(4, 4))
        buttons = QVBoxLayout()
        buttons.addWidget(self.browse_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.path)
        column.addLayout(row)
        self._show(text)

    def text(self) -> str:
        return self.path.text()

    def set_text(self, text: str) -> None:
        self._show(text)

    def browse(self) -> None:
        """Ask for a picture (starting where the current logo is) and take it if it fits."""
        chosen = self.ask_path()
        if chosen:
            self.take(chosen)

    def ask_path(self) -> str:
        """The file the person picked, or "" if they cancelled."""
        start = str(Path(self.text()).parent) if self.text() else str(Path.home())
        dialog = QFileDialog(self, self.tr("Choose the shop's logo"), start)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Pictures (*.png *.jpg *.jpeg)"), self.tr("All files (*)")])
        try:
            if dialog.exec() != QFileDialog.DialogCode.Accepted:
                return ""
            files = dialog.selectedFiles()
            return files[0] if files else ""
        finally:
            dialog.deleteLater()

    def take(self, path: str) -> bool:
        """Use ``path`` as the logo if it is a picture that can be printed; otherwise say
        why and keep the logo there was. "" means no logo."""
        path = absolute(path)
        reason, pixmap = self.problem_of(path)
        if reason:
            self.problem_changed.emit(reason)
            return False
        self._show_preview(path, "", pixmap)
        self.problem_changed.emit("")
        return True

    def problem_of(self, path: str) -> tuple[str, QPixmap]:
        if not path:
            return "", QPixmap()
        reason = self.check(path)
        if reason:
            return reason, QPixmap()
        return picture_problem(path, self.preview_size)

    def _show(self, path: str) -> None:
        """The stored logo and its preview, as they are (a broken one says so)."""
        self._show_preview(path, *self.problem_of(path))

    def _show_preview(self, path: str, reason: str, pixmap: QPixmap) -> None:
        self.path.setText(path)
        self.path.setToolTip(path)
        if path and not reason:
            self.preview.setPixmap(pixmap)  # (a label shows a picture or a text, not both)
        else:
            self.preview.setText(reason[:1].upper() + reason[1:] if path else self.tr("No logo"))
