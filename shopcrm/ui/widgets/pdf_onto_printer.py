"""A finished PDF onto a real printer: each page drawn as an image by Qt's PDF module.

Qt cannot send a PDF file to a printer as it is, so every page is rasterised at the printer's
resolution (at most :data:`MAX_DPI`, which keeps an A4 page near 35 MB) and painted onto the
page at its true size, shrunk only when the paper is smaller. Safe in a worker thread: Qt
allows painting onto a QPrinter and making QImages outside the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from shopcrm.core.progress import WorkCancelled

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument  # in PySide6-Addons: imported only when printing

MAX_DPI = 300
_POINTS_PER_INCH = 72.0
_MM_PER_POINT = 25.4 / 72
_RECEIPT_MAX_MM = 90
_LETTER_POINTS = (612, 792)


class PrintStopped(WorkCancelled):
    """Cancelled between pages: the print run was aborted."""


def printer_layout(printer: QPrinter, fallback: str) -> str:
    """The voucher layout that suits the printer's paper: receipt rolls, Letter or A4."""
    paper = printer.pageLayout().fullRectPoints()
    width, height = sorted((paper.width(), paper.height()))
    if width * _MM_PER_POINT <= _RECEIPT_MAX_MM:
        return "receipt"
    if abs(width - _LETTER_POINTS[0]) < 6 and abs(height - _LETTER_POINTS[1]) < 6:
        return "letter"
    if abs(width - 595) < 6 and abs(height - 842) < 6:
        return "a4"
    return fallback


def paint_pdf(
    path: str,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print every page of the PDF at ``path``; returns the number of pages printed."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    error = document.load(path)
    if error != QPdfDocument.Error.None_:
        raise OSError(f"the PDF could not be read back ({error.name})")
    pages = document.pageCount()
    printer.setFullPage(True)  # the PDF has its own margins (and cut marks)
    first = document.pagePointSize(0)
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if first.width() > first.height()
        else QPageLayout.Orientation.Portrait
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        dpi = printer.resolution()
        paper = QRectF(printer.pageLayout().fullRectPixels(dpi))
        for number in range(pages):
            if cancelled is not None and cancelled():
                printer.abort()
                raise PrintStopped
            if number:
                printer.newPage()
            _paint_page(painter, document, number, paper, dpi)
            if progress is not None:
                progress(number + 1, pages)
    finally:
        painter.end()
        document.close()
    return pages


def _paint_page(
    painter: QPainter, document: QPdfDocument, number: int, paper: QRectF, dpi: int
) -> None:
    points = document.pagePointSize(number)
    target = QSizeF(
        points.width() * dpi / _POINTS_PER_INCH, points.height() * dpi / _POINTS_PER_INCH
    )
    scale = min(1.0, paper.width() / target.width(), paper.height() / target.height())
    target *= scale
    raster = min(dpi, MAX_DPI) / _POINTS_PER_INCH * scale
    image = document.render(
        number, QSize(round(points.width() * raster), round(points.height() * raster))
    )
    x = paper.left() + (paper.width() - target.width()) / 2 if scale < 1 else paper.left()
    painter.drawImage(QRectF(x, paper.top(), target.width(), target.height()), image)
