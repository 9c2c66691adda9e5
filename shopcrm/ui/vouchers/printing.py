"""Printing, saving and previewing vouchers without freezing the window.

The vouchers are read on the GUI thread (:func:`shopcrm.core.vouchers.printing.prepare`, the only
database step); the PDF is drawn by a :class:`PdfRender` thread while a progress dialog counts
the pages and offers Cancel; a cancelled or failed render leaves no file. Printing draws the same
PDF and then paints its pages onto the printer as images (Qt's PDF module), in the same thread.
Only a finished print or save is recorded with ``mark_printed`` (so the next print says COPY);
a preview is not a print.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from shopcrm.core import settings
from shopcrm.core.errors import ShopError
from shopcrm.core.vouchers import PrintJob, mark_printed, prepare
from shopcrm.ui.vouchers.words import LAYOUT_NAMES, refusal
from shopcrm.ui.widgets.pdf_onto_printer import PrintStopped, paint_pdf, printer_layout
from shopcrm.ui.widgets.plural import plural_tr

_LETTER_COUNTRIES = ("US", "CA")
_RUNNING: set[PdfRender] = set()  # kept alive until their thread ends, whatever the window


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherPrinting", text)


def default_layout(locale: str | None = None) -> str:
    """A4, or US Letter where the shop's locale is in the United States or Canada."""
    locale = locale if locale is not None else settings.load().locale
    country = re.split(r"[_\-.@]", locale + "__")[1].upper()
    return "letter" if country in _LETTER_COUNTRIES else "a4"


class PdfRender(QThread):
    """Draws ``job`` into ``path`` off the GUI thread, then onto ``printer`` if one is given.

    ``progress(done, total)`` counts pages; ``rendered(path, pages)``, ``failed(reason)`` or
    ``stopped()`` (cancelled: no file) is the last word. Nothing here touches the database."""

    progress = Signal(int, int)
    rendered = Signal(str, int)
    failed = Signal(str)
    stopped = Signal()

    def __init__(
        self, job: PrintJob, path: str, layout: str, printer: QPrinter | None = None
    ) -> None:
        super().__init__()
        self.job, self.path, self.layout, self.printer = job, path, layout, printer
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        """Start drawing; connect to the signals before (a small job ends at once)."""
        _RUNNING.add(self)
        # Connected last, so every other slot has run before the object goes: a deleteLater
        # that ran first would drop the queued calls still to come.
        self.finished.connect(self._forget)
        super().start(priority)

    def _forget(self) -> None:
        _RUNNING.discard(self)
        self.deleteLater()

    def run(self) -> None:
        from shopcrm.pdf import RenderCancelled

        try:
            pages = self.job.render(self.path, self.layout, self.progress.emit, self.cancelled)
            if self.printer is not None:
                paint_pdf(self.path, self.printer, self.progress.emit, self.cancelled)
        except (RenderCancelled, PrintStopped):
            self.stopped.emit()
        except Exception as exc:  # a worker must report, never die silently
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.rendered.emit(self.path, pages)


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


def scratch_pdf() -> str:
    """A new temporary file for a PDF that is only printed or looked at (the caller removes
    it)."""
    handle, path = tempfile.mkstemp(prefix="shopcrm-vouchers-", suffix=".pdf")
    os.close(handle)
    return path


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
        self.batch_id = batch_id
        self.voucher_ids = tuple(voucher_ids)
        self.title = title or _tr("Vouchers")
        self.render: PdfRender | None = None
        self.last_path = ""

    def busy(self) -> bool:
        return self.render is not None

    def prepare(self) -> PrintJob | None:
        """The vouchers as they are now (a reprint says COPY), or None after saying why."""
        try:
            if self.voucher_ids:
                return prepare(voucher_ids=self.voucher_ids)
            return prepare(batch_id=self.batch_id)
        except ShopError as exc:
            self._problem(_tr("Nothing to print"), refusal(exc))
            return None

    # -- the three ways out --------------------------------------------------------------------

    def print_(self, layout: str | None = None) -> None:
        """Choose a printer, then draw and print; the layout follows the paper unless given."""
        if self.busy():
            return
        try:
            import PySide6.QtPdf  # noqa: F401  (in PySide6-Addons)
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

    def print_onto(self, printer: QPrinter, layout: str | None = None) -> PdfRender | None:
        job = self.prepare()
        if job is None:
            return None
        path = scratch_pdf()
        layout = layout or printer_layout(printer, default_layout())

        def printed(_path: str, _pages: int) -> None:
            mark_printed(job.voucher_ids)
            self._done(
                plural_tr(
                    "VoucherPrinting", "%n voucher(s) sent to the printer.", len(job.voucher_ids)
                )
            )

        return self._start(
            job,
            path,
            layout,
            _tr("Printing vouchers…"),
            printed,
            printer,
            after=lambda: remove_file(path),  # drawn for the printer only, in any case
        )

    def save_pdf(self, layout: str | None = None) -> PdfRender | None:
        """Choose a file (and layout), draw the vouchers into it, then offer to open it."""
        if self.busy():
            return None
        path, layout = choose_pdf_file(
            self.window, file_name_for(self.title), layout or default_layout()
        )
        if not path:
            return None
        return self.save_to(path, layout)

    def save_to(self, path: str, layout: str) -> PdfRender | None:
        job = self.prepare()
        if job is None:
            return None

        def saved(saved_path: str, _pages: int) -> None:
            mark_printed(job.voucher_ids)
            self.last_path = saved_path
            text = plural_tr("VoucherPrinting", "%n voucher(s) saved to %1.", len(job.voucher_ids))
            self.done.emit(text.replace("%1", saved_path))
            self._offer_open(saved_path, text.replace("%1", Path(saved_path).name))

        return self._start(job, path, layout, _tr("Saving vouchers…"), saved)

    def preview(self) -> QDialog | None:
        """The vouchers on screen, in any layout; nothing is recorded as printed."""
        from shopcrm.ui.vouchers.pdf_preview import VoucherPdfPreview, pdf_view_missing

        missing = pdf_view_missing()
        if missing:
            self._problem(_tr("Cannot preview here"), missing)
            return None
        job = self.prepare()
        if job is None:
            return None
        dialog = VoucherPdfPreview(self, job, default_layout(), self.window)
        dialog.show()
        return dialog

    # -- running a render ----------------------------------------------------------------------

    def start_render(
        self,
        job: PrintJob,
        path: str,
        layout: str,
        label: str,
        then: Callable[[str, int], None],
        after: Callable[[], None],
    ) -> PdfRender:
        """Draw ``job`` into ``path`` with the progress dialog (the preview's use): ``then``
        when drawn, ``after`` once the drawing ended in any way."""
        return self._start(job, path, layout, label, then, after=after)

    def _start(
        self,
        job: PrintJob,
        path: str,
        layout: str,
        label: str,
        then: Callable[[str, int], None] | None,
        printer: QPrinter | None = None,
        after: Callable[[], None] | None = None,
    ) -> PdfRender:
        render = PdfRender(job, path, layout, printer)
        dialog = QProgressDialog(label, _tr("Cancel"), 0, 0, self.window)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(render.cancel)

        def step(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)

        render.progress.connect(step)
        if then is not None:
            render.rendered.connect(then)
        render.failed.connect(
            lambda reason: self._problem(_tr("The vouchers could not be drawn"), reason)
        )
        render.finished.connect(dialog.deleteLater)
        render.finished.connect(self._render_ended)
        if after is not None:
            render.finished.connect(after)
        self.render = render
        render.start()
        return render

    def _render_ended(self) -> None:
        self.render = None

    # -- telling -------------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.done.emit(text)
        message_box(self.window, self.title, text).open()

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


def remove_file(path: str) -> None:
    """Remove a scratch file if it is there."""
    with contextlib.suppress(OSError):
        os.unlink(path)
