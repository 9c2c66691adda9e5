"""Printing, saving and previewing vouchers without freezing the window.

Reading the vouchers and drawing the PDF run off the GUI thread
(:mod:`~shopcrm.ui.vouchers.voucher_drawing`, through :mod:`shopcrm.ui.ops`) while a progress
dialog counts the pages and offers Cancel; a cancelled or failed drawing leaves no file.
Printing draws the same PDF and paints its pages onto the printer in the same op. Only a
finished print or save is recorded with ``mark_printed`` (a write, in line with the other
writes), so the next print says COPY; a preview is not a print.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from shopcrm.core import settings
from shopcrm.core.errors import ShopError
from shopcrm.core.vouchers import mark_printed
from shopcrm.ui.ops import Op, run_op
from shopcrm.ui.vouchers.pdf_preview import VoucherPdfPreview, pdf_view_missing
from shopcrm.ui.vouchers.scratch_files import remove_file, scratch_pdf
from shopcrm.ui.vouchers.voucher_drawing import Drawing, DrawingFailed, Vouchers, draw_vouchers
from shopcrm.ui.vouchers.words import LAYOUT_NAMES, refusal
from shopcrm.ui.widgets.pdf_onto_printer import printer_layout
from shopcrm.ui.widgets.plural import plural_tr

_LETTER_COUNTRIES = ("US", "CA")


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherPrinting", text)


def default_layout(locale: str | None = None) -> str:
    """A4, or US Letter where the shop's locale is in the United States or Canada."""
    locale = locale if locale is not None else settings.load().locale
    country = re.split(r"[_\-.@]", locale + "__")[1].upper()
    return "letter" if country in _LETTER_COUNTRIES else "a4"


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The print dialog; the printer chosen, or None when cancelled (tests replace this)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print vouchers"))
    try:
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def choose_pdf_file(parent: QWidget | None, suggested: str, layout: str) -> tuple[str, str]:
    """The save dialog: the file and the layout (chosen with the file type), or ("", "")."""
    filters = {LAYOUT_NAMES[name]() + " (*.pdf)": name for name in LAYOUT_NAMES}
    chosen = next(text for text, name in filters.items() if name == layout)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, picked = QFileDialog.getSaveFileName(
        parent,
        _tr("Save vouchers as PDF"),
        str(Path(folder or Path.home()) / suggested),
        ";;".join(filters),
        chosen,
    )
    if not path:
        return "", ""
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path, filters.get(picked, layout)


def file_name_for(title: str) -> str:
    """A file name from a batch name: ``November 2026 thank-you.pdf``."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title)
    return (" ".join(cleaned.split()) or "vouchers")[:100] + ".pdf"


def message_box(
    parent: QWidget | None, title: str, text: str, *, problem: bool = False
) -> QMessageBox:
    """A message to show with ``open()``, which does not block (nor hang a test)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class VoucherOutput(QObject):
    """Print, save or preview the vouchers of a batch (or the ones named), for one window.

    ``done(message)`` after a finished print or save, ``problem(message)`` when it could not
    be done; the window shows them too, in a message that does not block."""

    done = Signal(str)
    problem = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        *,
        batch_id: int | None = None,
        voucher_ids: Sequence[int] = (),
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.vouchers = Vouchers(batch_id, tuple(voucher_ids))
        self.title = title or _tr("Vouchers")
        self.op: Op | None = None  # the drawing (or the recording) under way
        self.last_path = ""

    def busy(self) -> bool:
        return self.op is not None

    # -- the three ways out --------------------------------------------------------------------

    def print_(self, layout: str | None = None) -> None:
        """Choose a printer, then draw and print; the layout follows the paper unless given."""
        if self.busy():
            return
        try:
            import PySide6.QtPdf  # noqa: F401  (in PySide6-Addons, which may be missing)
        except ImportError:
            self._problem(
                _tr("Cannot print here"),
                _tr(
                    "Printing needs Qt's PDF module (PySide6-Addons), which is missing. Save "
                    "a PDF instead and print it from a PDF viewer."
                ),
            )
            return
        printer = choose_printer(self.window)
        if printer is None:
            return
        self.print_onto(printer, layout)

    def print_onto(self, printer: QPrinter, layout: str | None = None) -> Op:
        """Draw the vouchers for ``printer`` (into a scratch file, removed after) and print."""
        path = scratch_pdf()
        layout = layout or printer_layout(printer, default_layout())

        def printed(drawing: Drawing) -> None:
            count = len(drawing.job.voucher_ids)
            self._record(
                drawing,
                plural_tr("VoucherPrinting", "%n voucher(s) sent to the printer.", count),
                lambda text: self._done(text),
            )

        op = self._draw(path, layout, _tr("Printing vouchers…"), printed, printer)
        op.ended.connect(lambda: remove_file(path))  # drawn for the printer only, in any case
        return op

    def save_pdf(self, layout: str | None = None) -> Op | None:
        """Choose a file (and layout), draw the vouchers into it, then offer to open it."""
        if self.busy():
            return None
        path, layout = choose_pdf_file(
            self.window, file_name_for(self.title), layout or default_layout()
        )
        if not path:
            return None
        return self.save_to(path, layout)

    def save_to(self, path: str, layout: str) -> Op:
        def saved(drawing: Drawing) -> None:
            count = len(drawing.job.voucher_ids)
            text = plural_tr("VoucherPrinting", "%n voucher(s) saved to %1.", count)
            self._record(drawing, text.replace("%1", drawing.path), self._saved)

        return self._draw(path, layout, _tr("Saving vouchers…"), saved)

    def preview(self) -> QDialog | None:
        """The vouchers on screen, in any layout; nothing is recorded as printed."""
        missing = pdf_view_missing()
        if missing:
            self._problem(_tr("Cannot preview here"), missing)
            return None
        dialog = VoucherPdfPreview(self.vouchers, default_layout(), self.title, self.window)
        dialog.print_requested.connect(self.print_)
        dialog.save_requested.connect(self.save_pdf)
        dialog.failed.connect(lambda reason: self._problem(_tr("Nothing to print"), reason))
        dialog.show()
        return dialog

    # -- drawing and recording -----------------------------------------------------------------

    def _draw(
        self,
        path: str,
        layout: str,
        label: str,
        then: Callable[[Drawing], None],
        printer: QPrinter | None = None,
    ) -> Op:
        op = draw_vouchers(
            self.window,
            self.vouchers,
            path,
            layout,
            then,
            on_failure=self._refused,
            printer=printer,
            label=label,
            title=self.title,
            start=False,
        )
        op.ended.connect(self._op_ended)
        self.op = op
        return op.start()

    def _record(self, drawing: Drawing, text: str, then: Callable[[str], None]) -> None:
        """Record the print (so the next one says COPY), then tell: a write, off the GUI
        thread like the drawing; busy until it is recorded."""
        ids = drawing.job.voucher_ids
        self.last_path = drawing.path
        self.op = run_op(
            self.window, lambda _task: mark_printed(ids), lambda _none: then(text), writes=True
        )
        self.op.ended.connect(self._op_ended)

    def _op_ended(self) -> None:
        if self.op is not None and not self.op.running():
            self.op = None

    def _refused(self, exc: ShopError) -> None:
        if isinstance(exc, DrawingFailed):
            self._problem(_tr("The vouchers could not be drawn"), str(exc))
        else:
            self._problem(_tr("Nothing to print"), refusal(exc))

    # -- telling -------------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.done.emit(text)
        message_box(self.window, self.title, text).open()

    def _saved(self, text: str) -> None:
        self.done.emit(text)
        self._offer_open(self.last_path, text.replace(self.last_path, Path(self.last_path).name))

    def _problem(self, title: str, text: str) -> None:
        message = text[:1].upper() + text[1:]
        self.problem.emit(message)
        message_box(self.window, title, message, problem=True).open()

    def _offer_open(self, path: str, text: str) -> None:
        box = message_box(self.window, self.title, text)
        open_button = box.addButton(_tr("&Open"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_button)
        box.buttonClicked.connect(
            lambda button: (
                button is open_button and QDesktopServices.openUrl(QUrl.fromLocalFile(path))
            )
        )
        box.open()
