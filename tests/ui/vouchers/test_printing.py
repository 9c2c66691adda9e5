"""Printing vouchers from the window: drawn off the GUI thread, cancelled cleanly, recorded."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.vouchers import (
    HAND_PICKED,
    BatchDraft,
    IssuedBatch,
    RuleSpec,
    VoucherValue,
    batch_vouchers,
    issue_batch,
)
from shopcrm.ui.vouchers.printing import VoucherOutput, default_layout
from shopcrm.ui.vouchers.voucher_drawing import Vouchers, draw_vouchers
from shopcrm.ui.widgets.pdf_onto_printer import printer_layout

PAGE_OF_CARDS = 8  # the A4 sheet's vouchers per page


def _issue(add_customer, count: int) -> IssuedBatch:
    settings.set_value("shop_name", "Corner Shop")
    settings.set_value("currency", "GBP")
    settings.set_value("locale", "en_GB")
    ids = tuple(add_customer(f"Customer{n}", "Test").id for n in range(count))
    spec = RuleSpec(HAND_PICKED, date.today().replace(day=1), customer_ids=ids)
    expires = date.today() + timedelta(days=30)
    return issue_batch(BatchDraft(spec, VoucherValue.percent_off(10), expires, name="Test batch"))


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _printed(batch: IssuedBatch) -> list[int]:
    return [v.printed for v in batch_vouchers(batch.batch_id)]


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def test_the_default_layout_is_a4_except_in_the_us_and_canada():
    assert default_layout("en_GB") == "a4"
    assert default_layout("de_DE") == "a4"
    assert default_layout("en_US") == "letter"
    assert default_layout("fr_CA") == "letter"
    assert default_layout("") == "a4"


def test_the_layout_follows_the_printer_paper(qapp):
    printer = QPrinter()
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    assert printer_layout(printer, "letter") == "a4"
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    assert printer_layout(printer, "a4") == "letter"
    printer.setPageSize(QPageSize(QSizeF(80, 200), QPageSize.Unit.Millimeter))
    assert printer_layout(printer, "a4") == "receipt"


def test_save_pdf_draws_the_codes_off_the_gui_thread_and_records_the_print(
    qtbot, shop, add_customer, parent, tmp_path: Path, monkeypatch
):
    batch = _issue(add_customer, 3)
    target = tmp_path / "out" / "vouchers.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def save_dialog(_parent, _title, suggested, filters, chosen):
        asked.append(suggested)
        return str(target.with_suffix("")), chosen  # typed without ".pdf"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    output = VoucherOutput(parent, batch_id=batch.batch_id, title="Test batch")
    with qtbot.waitSignal(output.done, timeout=30_000) as done:
        render = output.save_pdf()
    assert render is not None
    assert Path(asked[0]).name == "Test batch.pdf"
    assert target.exists()
    assert str(target) in done.args[0]
    assert _printed(batch) == [1, 1, 1]  # the next print says COPY
    assert list(target.parent.iterdir()) == [target]  # no half file beside it

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    box = next(b for b in _boxes() if "saved to vouchers.pdf" in b.text())
    open_button = next(b for b in box.buttons() if b.text() == "&Open")
    open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler) is missing")
def test_the_saved_pdf_holds_every_code_and_name(qtbot, shop, add_customer, parent, tmp_path):
    batch = _issue(add_customer, PAGE_OF_CARDS + 2)
    target = tmp_path / "codes.pdf"
    output = VoucherOutput(parent, batch_id=batch.batch_id)
    with qtbot.waitSignal(output.done, timeout=60_000):
        output.save_to(str(target), "a4")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for voucher in batch_vouchers(batch.batch_id):
        assert voucher.grouped_code in text
        assert voucher.customer_name in text


def test_a_cancelled_render_leaves_no_file_and_records_nothing(
    qtbot, shop, add_customer, parent, tmp_path: Path
):
    batch = _issue(add_customer, 2)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "cancelled.pdf"
    drawn: list[object] = []
    render = draw_vouchers(
        parent, Vouchers(batch.batch_id), str(target), "a4", drawn.append, start=False
    )
    render.cancel()  # before the first page, as Cancel in the progress dialog would
    with qtbot.waitSignals([render.stopped, render.ended], timeout=30_000):
        render.start()
    assert drawn == []
    assert list(folder.iterdir()) == []
    assert _printed(batch) == [0, 0]


def test_cancel_in_the_progress_dialog_stops_the_save(
    qtbot, shop, add_customer, parent, tmp_path: Path
):
    batch = _issue(add_customer, 6 * PAGE_OF_CARDS)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "big.pdf"
    output = VoucherOutput(parent, batch_id=batch.batch_id)
    render = output.save_to(str(target), "a4")
    stopped: list[bool] = []
    render.stopped.connect(lambda: stopped.append(True))
    progress = parent.findChild(QProgressDialog)
    progress.findChild(QPushButton).click()  # its Cancel button
    qtbot.waitUntil(lambda: not output.busy(), timeout=30_000)
    assert stopped == [True]
    assert list(folder.iterdir()) == []
    assert set(_printed(batch)) == {0}


def test_printing_onto_a_pdf_printer(qtbot, shop, add_customer, parent, tmp_path, monkeypatch):
    """The whole Print… flow, the print dialog answered with a printer writing a PDF."""
    from PySide6.QtPdf import QPdfDocument

    batch = _issue(add_customer, PAGE_OF_CARDS + 1)
    target = tmp_path / "printer.pdf"

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        dialog.printer().setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    output = VoucherOutput(parent, batch_id=batch.batch_id, title="Test batch")
    with qtbot.waitSignal(output.done, timeout=60_000) as done:
        output.print_()
    assert done.args == ["9 vouchers sent to the printer."]
    document = QPdfDocument()
    assert document.load(str(target)) == QPdfDocument.Error.None_
    assert document.pageCount() == 2  # 8 on the first A4 sheet, 1 on the second
    size = document.pagePointSize(0)
    assert (round(size.width()), round(size.height())) == (595, 842)
    document.close()
    assert set(_printed(batch)) == {1}


def test_a_cancelled_print_dialog_prints_nothing(qtbot, shop, add_customer, parent, monkeypatch):
    batch = _issue(add_customer, 1)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected.value)
    output = VoucherOutput(parent, batch_id=batch.batch_id)
    output.print_()
    assert not output.busy()
    assert _printed(batch) == [0]


def test_the_preview_redraws_in_another_layout_and_is_not_a_print(
    qtbot, shop, add_customer, parent
):
    batch = _issue(add_customer, 3)
    output = VoucherOutput(parent, batch_id=batch.batch_id, title="Test batch")
    dialog = output.preview()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.document.pageCount() == 1, timeout=30_000)
    assert dialog.chosen_layout() == "a4"
    assert dialog.status.text() == "3 vouchers, 1 page"

    with qtbot.waitSignal(dialog.shown, timeout=30_000) as shown:
        dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("receipt"))
    assert shown.args == [3]  # one receipt each
    assert dialog.document.pageCount() == 3
    scratch = list(dialog._files)
    assert all(Path(path).exists() for path in scratch)
    dialog.close()
    assert not any(Path(path).exists() for path in scratch)
    assert _printed(batch) == [0, 0, 0]


def test_nothing_left_to_print_is_said_in_words(qtbot, shop, add_customer, parent):
    from shopcrm.core.vouchers import void_batch

    batch = _issue(add_customer, 1)
    void_batch(batch.batch_id, "withdrawn")
    output = VoucherOutput(parent, batch_id=batch.batch_id)
    with qtbot.waitSignal(output.problem) as problem:
        output.save_to("/nonexistent/never.pdf", "a4")  # read off the GUI thread: refused there
    assert problem.args == ["There is no voucher left to print"]
    assert not output.busy()
