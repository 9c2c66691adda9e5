"""The vouchers on screen before any paper is used, in the layout the owner picks.

The PDF is drawn off the GUI thread (:mod:`~shopcrm.ui.vouchers.voucher_drawing`, the same
drawing as a print) into a scratch file that goes when the dialog closes; changing the layout
draws it again. Looking is not printing: nothing is recorded, so the next real print of these
vouchers is still the first. Print… and Save PDF… are asked for with signals: whoever opened
the preview prints.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.vouchers import PrintJob
from shopcrm.ui.ops import Op
from shopcrm.ui.vouchers.scratch_files import remove_file, scratch_pdf
from shopcrm.ui.vouchers.voucher_drawing import Drawing, Vouchers, draw_vouchers
from shopcrm.ui.vouchers.words import LAYOUT_NAMES, refusal
from shopcrm.ui.widgets.plural import plural_tr

RECEIPT_ZOOM = 1.5


def pdf_view_missing() -> str:
    """Why the preview cannot be shown here ("" when Qt's PDF modules are installed)."""
    try:
        import PySide6.QtPdf
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        return QCoreApplication.translate(
            "VoucherPdfPreview",
            "The preview needs Qt's PDF modules (PySide6-Addons), which are missing. "
            "Save a PDF instead and open it in a PDF viewer.",
        )
    return ""


class VoucherPdfPreview(QDialog):
    """``shown(pages)`` each time a drawing of the vouchers is on screen; ``print_requested``
    and ``save_requested`` carry the layout chosen; ``failed(reason)`` when there is nothing
    to show (the dialog then closes)."""

    shown = Signal(int)
    print_requested = Signal(str)
    save_requested = Signal(str)
    failed = Signal(str)

    def __init__(
        self, vouchers: Vouchers, layout: str, title: str, parent: QWidget | None = None
    ) -> None:
        from PySide6.QtPdf import QPdfDocument  # in PySide6-Addons: see pdf_view_missing()
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.vouchers = vouchers
        self.job: PrintJob | None = None  # read once, by the first drawing
        self.drawing: Op | None = None
        self.setWindowTitle(self.tr("Preview: %1").replace("%1", title))
        self.resize(760, 820)
        self._files: list[str] = []
        self._wanted: str | None = None

        self.layout_choice = QComboBox()
        for name, words in LAYOUT_NAMES.items():
            self.layout_choice.addItem(words(), name)
        self.layout_choice.setCurrentIndex(max(self.layout_choice.findData(layout), 0))
        self.layout_choice.currentIndexChanged.connect(lambda _i: self.draw())
        self.status = QLabel()
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.chosen_layout()))
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.chosen_layout()))
        self.buttons.rejected.connect(self.reject)
        self.finished.connect(self._clean_up)

        top = QHBoxLayout()
        label = QLabel(self.tr("&Layout:"))
        label.setBuddy(self.layout_choice)
        top.addWidget(label)
        top.addWidget(self.layout_choice)
        top.addStretch(1)
        top.addWidget(self.status)
        layout_box = QVBoxLayout(self)
        layout_box.addLayout(top)
        layout_box.addWidget(self.view, 1)
        layout_box.addWidget(self.buttons)
        self.draw()

    def chosen_layout(self) -> str:
        return str(self.layout_choice.currentData())

    def draw(self) -> None:
        """Draw the vouchers in the chosen layout (after the drawing under way, if any)."""
        if self.drawing is not None:
            self._wanted = self.chosen_layout()
            return
        self._wanted = None
        path = scratch_pdf()
        self._files.append(path)
        self.status.setText(self.tr("Drawing…"))
        self.drawing = draw_vouchers(
            self,
            self.job or self.vouchers,
            path,
            self.chosen_layout(),
            self._drawn,
            on_failure=self._refused,
            label=self.tr("Drawing the preview…"),
            title=self.windowTitle(),
            start=False,
        )
        self.drawing.ended.connect(self._next)
        self.drawing.start()

    def _drawn(self, drawing: Drawing) -> None:
        self.job = drawing.job
        path, pages = drawing.path, drawing.pages
        if not self.isVisible():  # closed while drawing
            remove_file(path)
            return
        self.document.close()
        self.document.load(path)
        count = len(drawing.job.voucher_ids)
        self.status.setText(
            plural_tr("VoucherPdfPreview", "%n voucher(s)", count)
            + ", "
            + plural_tr("VoucherPdfPreview", "%n page(s)", pages)
        )
        for old in self._files[:-1]:
            remove_file(old)
        self._files = [path]
        if self.chosen_layout() == "receipt":  # a narrow roll: fitting its width is huge
            self.view.setZoomMode(self.view.ZoomMode.Custom)
            self.view.setZoomFactor(RECEIPT_ZOOM)
        else:
            self.view.setZoomMode(self.view.ZoomMode.FitToWidth)
        self.shown.emit(pages)

    def _refused(self, exc: ShopError) -> None:
        self.failed.emit(refusal(exc))
        self.reject()

    def _next(self) -> None:
        self.drawing = None
        if self._wanted is not None and self.isVisible():
            self.draw()

    def _clean_up(self) -> None:
        self.document.close()
        for path in self._files:
            remove_file(path)
        self._files = []
