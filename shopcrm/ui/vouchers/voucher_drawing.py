"""Drawing vouchers into a PDF off the GUI thread: the step printing, saving and the preview share.

One op (:mod:`shopcrm.ui.ops`) reads the vouchers (:func:`~shopcrm.core.vouchers.prepare`, a
reprint says COPY), draws the PDF and, when printing, paints its pages onto the printer; the
progress dialog counts the pages and offers Cancel, and a cancelled or failed drawing leaves no
file where one was asked for. Nothing here records a print: that is the caller's, once it is
sure the print happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from shopcrm.core.errors import ShopError
from shopcrm.core.progress import WorkCancelled
from shopcrm.core.vouchers import PrintJob, prepare
from shopcrm.pdf import RenderCancelled
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.widgets.pdf_onto_printer import paint_pdf


class DrawingFailed(ShopError):
    """The PDF could not be written or printed (a full disk, a folder that is not writable, a
    printer that refused): the environment's fault, said in words, never a crash."""


@dataclass(frozen=True)
class Vouchers:
    """Which vouchers to draw: a batch (its valid and expired ones) or the ones named."""

    batch_id: int | None = None
    voucher_ids: tuple[int, ...] = ()

    def prepare(self) -> PrintJob:
        if self.voucher_ids:
            return prepare(voucher_ids=self.voucher_ids)
        return prepare(batch_id=self.batch_id)


@dataclass(frozen=True)
class Drawing:
    """A finished drawing: the vouchers on it, the file and its number of pages."""

    job: PrintJob
    path: str
    pages: int


def draw_vouchers(
    parent: QWidget | None,
    vouchers: Vouchers | PrintJob,
    path: str,
    layout: str,
    on_drawn: Callable[[Drawing], None],
    *,
    on_failure: Callable[[ShopError], None] | None = None,
    printer: QPrinter | None = None,
    label: str = "",
    title: str = "",
    start: bool = True,
) -> Op:
    """Draw ``vouchers`` (or an already prepared job) into ``path`` in ``layout``, then onto
    ``printer`` if one is given; ``on_drawn`` gets the :class:`Drawing` on the GUI thread."""

    def work(task: Task) -> Drawing:
        job = vouchers.prepare() if isinstance(vouchers, Vouchers) else vouchers
        try:
            pages = job.render(path, layout, task.progress, task.cancelled)
            if printer is not None:
                paint_pdf(path, printer, task.progress, task.cancelled)
        except RenderCancelled as exc:  # the renderer knows no core: its stop, in core words
            raise WorkCancelled from exc
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            raise DrawingFailed(
                QCoreApplication.translate("VoucherPrinting", "%1: %2")
                .replace("%1", path)
                .replace("%2", reason)
            ) from exc
        return Drawing(job, path, pages)

    return run_op(
        parent,
        work,
        on_drawn,
        on_failure=on_failure,
        label=label or QCoreApplication.translate("VoucherPrinting", "Drawing the vouchers…"),
        title=title,
        start=start,
    )
