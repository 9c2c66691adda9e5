"""The voucher batches dialog: how each batch did, its vouchers, reprints and voiding."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from shopcrm.core import settings, staff
from shopcrm.core.vouchers import (
    HAND_PICKED,
    BatchDraft,
    IssuedBatch,
    RuleSpec,
    VoucherValue,
    batch_vouchers,
    get_batch,
    issue_batch,
    redemption,
)
from shopcrm.ui.ops import Op, run_op
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers import batch_voiding, batches_dialog
from shopcrm.ui.vouchers.batch_tables import BATCH_COLUMNS
from shopcrm.ui.vouchers.batch_vouchers_model import VOUCHER_COLUMNS
from shopcrm.ui.vouchers.batches_dialog import VoucherBatchesDialog
from shopcrm.ui.vouchers.void_dialog import VoucherVoidDialog


class Counter(QWidget):
    """A window with a till, as the main window is, so the dialog knows who voids."""

    def __init__(self) -> None:
        super().__init__()
        self.till = Till(self)
        self.till.load()


def _issue(customer_ids: tuple[int, ...], name: str) -> IssuedBatch:
    spec = RuleSpec(HAND_PICKED, date.today().replace(day=1), customer_ids=customer_ids)
    expires = date.today() + timedelta(days=30)
    return issue_batch(BatchDraft(spec, VoucherValue.amount(500), expires, name=name))


@pytest.fixture
def batches(shop, add_customer) -> dict[str, IssuedBatch]:
    """Two batches: "Spring" (4 vouchers, one redeemed) and the newer "Summer" (2)."""
    settings.set_value("currency", "GBP")
    settings.set_value("locale", "en_GB")
    ids = tuple(add_customer(name, "Test").id for name in ("Ann", "Bob", "Cid", "Dee"))
    spring = _issue(ids, "Spring")
    summer = _issue(ids[:2], "Summer")
    redemption.redeem(spring.vouchers[0].code, log_visit=True)
    return {"spring": spring, "summer": summer}


@pytest.fixture
def counter(qtbot, shop) -> Counter:
    window = Counter()
    qtbot.addWidget(window)
    return window


WAIT_MS = 20_000


def _read(qtbot, dialog: VoucherBatchesDialog) -> None:
    """Wait for both tables: they are read off the GUI thread."""
    qtbot.waitUntil(
        lambda: not dialog.batch_reads.loading and not dialog.voucher_reads.loading,
        timeout=WAIT_MS,
    )


@pytest.fixture
def dialog(qtbot, batches, counter) -> VoucherBatchesDialog:
    dlg = VoucherBatchesDialog(counter)
    dlg.show()
    _read(qtbot, dlg)
    return dlg


def _batch_rows(dialog: VoucherBatchesDialog) -> list[dict[str, str]]:
    table = dialog.batches
    return [
        {name: table.item(row, column).text() for column, name in enumerate(BATCH_COLUMNS)}
        for row in range(table.rowCount())
    ]


def _voucher_rows(dialog: VoucherBatchesDialog) -> list[dict[str, str]]:
    model = dialog.vouchers.model()
    return [
        {name: model.index(row, column).data() for column, name in enumerate(VOUCHER_COLUMNS)}
        for row in range(model.rowCount())
    ]


def _void(qtbot, dialog: VoucherBatchesDialog) -> int:
    """Void the selected vouchers as the button does and wait for the op: how many were."""
    ended: list[int] = []
    dialog.vouchers_voided.connect(ended.append)
    op = dialog.void_selected_vouchers()
    if op is None:
        assert not ended
        return 0
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    assert not op.running()
    return ended[0]


def _select_batch(qtbot, dialog: VoucherBatchesDialog, name: str) -> None:
    row = next(r for r, cells in enumerate(_batch_rows(dialog)) if cells["name"] == name)
    dialog.batches.selectRow(row)
    _read(qtbot, dialog)


def _answer_void(monkeypatch, reason: str | None) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def ask(cls, parent, title="", description="", act=""):
        asked.append((description, act))
        return reason

    monkeypatch.setattr(VoucherVoidDialog, "ask", classmethod(ask))
    return asked


def test_each_batch_with_its_counts(dialog):
    rows = _batch_rows(dialog)
    assert [r["name"] for r in rows] == ["Summer", "Spring"]  # newest first
    spring = rows[1]
    assert spring["issued"] == "4"
    assert spring["redeemed"] == "1"
    assert spring["rate"] == "25%"  # CLDR's English percent (French writes "25 %")
    assert spring["value"] == "£5.00 off"
    assert spring["rule"] == "Hand-picked (4)"
    assert spring["state"] == "Live"
    assert dialog.selected_batch().name == "Summer"  # the newest is selected at first


def test_the_vouchers_of_the_selected_batch(qtbot, dialog, batches):
    _select_batch(qtbot, dialog, "Spring")
    rows = _voucher_rows(dialog)
    assert [r["customer"] for r in rows] == ["Ann Test", "Bob Test", "Cid Test", "Dee Test"]
    assert rows[0]["code"] == batches["spring"].vouchers[0].to_json()["code"]
    assert [r["status"] for r in rows] == ["Redeemed", "Valid", "Valid", "Valid"]
    assert rows[0]["redeemed_at"]
    assert dialog.vouchers_title.text() == "“Spring”: 4 vouchers"

    dialog.vouchers.selectRow(0)
    assert not dialog.void_voucher_button.isEnabled()  # redeemed: cannot be voided
    dialog.vouchers.selectRow(1)
    assert dialog.void_voucher_button.isEnabled()


def test_voiding_a_voucher(qtbot, dialog, batches, monkeypatch):
    asked = _answer_void(monkeypatch, "Customer lost it")
    _select_batch(qtbot, dialog, "Spring")
    dialog.vouchers.selectRow(1)
    assert _void(qtbot, dialog) == 1
    _read(qtbot, dialog)

    assert "Bob Test's voucher" in asked[0][0]
    assert asked[0][1] == "Void 1 voucher"
    view = batch_vouchers(batches["spring"].batch_id)[1]
    assert view.status == "voided"
    assert view.void_reason == "Customer lost it"
    assert _voucher_rows(dialog)[1]["status"] == "Voided"
    assert dialog.selected_batch().name == "Spring"  # still shown after the refresh
    assert get_batch(batches["spring"].batch_id).voided == 1


def test_a_void_without_a_reason_changes_nothing(qtbot, dialog, batches, monkeypatch):
    _answer_void(monkeypatch, None)  # cancelled
    _select_batch(qtbot, dialog, "Spring")
    dialog.vouchers.selectRow(1)
    assert _void(qtbot, dialog) == 0
    assert get_batch(batches["spring"].batch_id).voided == 0


def test_only_an_owner_may_void(qtbot, dialog, batches, monkeypatch):
    _answer_void(monkeypatch, "Offer withdrawn")
    refused: list[str] = []
    monkeypatch.setattr(Till, "requires_owner", lambda self, words: refused.append(words) or False)
    _select_batch(qtbot, dialog, "Spring")
    assert not dialog.void_selected_batch()
    assert refused == ["void a voucher batch"]
    assert not get_batch(batches["spring"].batch_id).batch_voided


def test_voiding_a_batch(qtbot, dialog, batches, monkeypatch):
    asked = _answer_void(monkeypatch, "Offer withdrawn")
    owner = staff.list_staff()[0]
    _select_batch(qtbot, dialog, "Spring")
    assert dialog.void_selected_batch()
    _read(qtbot, dialog)

    assert "3 vouchers not redeemed yet" in asked[0][0]
    summary = get_batch(batches["spring"].batch_id)
    assert summary.batch_voided
    spring = next(r for r in _batch_rows(dialog) if r["name"] == "Spring")
    assert spring["state"] == "Voided"
    assert [r["status"] for r in _voucher_rows(dialog)] == ["Redeemed", *["Voided"] * 3]
    assert not dialog.void_batch_button.isEnabled()
    assert summary.id == batches["spring"].batch_id
    assert dialog.parent().till.staff_id == owner.id


def test_a_refused_void_is_explained(qtbot, dialog, batches, monkeypatch):
    from shopcrm.core.vouchers import void_voucher

    _answer_void(monkeypatch, "Printed wrongly")
    _select_batch(qtbot, dialog, "Summer")
    dialog.vouchers.selectRow(0)
    void_voucher(batches["summer"].vouchers[0].id, "meanwhile, at the other till")
    assert _void(qtbot, dialog) == 0  # the dialog still thought it valid
    assert "It is voided already" in dialog.error.text()


def test_reprinting_is_marked_copy(qtbot, dialog, batches, monkeypatch, tmp_path):
    targets = iter([tmp_path / "first.pdf", tmp_path / "again.pdf", tmp_path / "bob.pdf"])
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args: (str(next(targets)), args[-1])),
    )
    _select_batch(qtbot, dialog, "Summer")
    summer = batches["summer"].batch_id

    for expected in ([1, 1], [2, 2]):
        output = dialog._batch_output()
        with qtbot.waitSignal(output.done, timeout=30_000):
            output.save_pdf()
        qtbot.waitUntil(lambda out=output: not out.busy())
        _read(qtbot, dialog)
        assert [v.printed for v in batch_vouchers(summer)] == expected
    assert [r["printed"] for r in _voucher_rows(dialog)] == ["2", "2"]

    dialog.vouchers.selectRow(1)
    output = dialog._voucher_output()
    with qtbot.waitSignal(output.done, timeout=30_000):
        output.save_pdf()
    _read(qtbot, dialog)
    assert [v.printed for v in batch_vouchers(summer)] == [2, 3]
    assert (tmp_path / "bob.pdf").exists()
    assert [v.customer_name for v in dialog.selected_vouchers()] == ["Bob Test"]


def test_with_no_batch_yet(qtbot, shop):
    dlg = VoucherBatchesDialog()
    qtbot.addWidget(dlg)
    _read(qtbot, dlg)
    assert dlg.batches.rowCount() == 0
    assert "No voucher batch yet" in dlg.vouchers_title.text()
    assert not dlg.print_batch_button.isEnabled()
    assert not dlg.void_batch_button.isEnabled()


class Gate:
    """Holds the first call of a core read on its worker thread until opened; notes the
    thread and the arguments of every call (the keyword ones apart, in ``keywords``)."""

    def __init__(self, function) -> None:
        self.function = function
        self.entered, self.opened = threading.Event(), threading.Event()
        self.calls: list[tuple[threading.Thread, tuple]] = []
        self.keywords: list[dict] = []

    def __call__(self, *args, **kwargs):
        self.calls.append((threading.current_thread(), args))
        self.keywords.append(kwargs)
        if len(self.calls) == 1:
            self.entered.set()
            assert self.opened.wait(WAIT_MS / 1000), "the test never opened the gate"
        return self.function(*args, **kwargs)


@pytest.fixture
def gate(monkeypatch):
    gates: list[Gate] = []

    def make(name: str, module=batches_dialog) -> Gate:
        made = Gate(getattr(module, name))
        monkeypatch.setattr(module, name, made)
        gates.append(made)
        return made

    yield make
    for made in gates:
        made.opened.set()


def test_the_batches_are_read_on_a_worker_while_the_window_says_so(qtbot, batches, gate):
    held = gate("list_batches")
    dlg = VoucherBatchesDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    assert held.entered.wait(WAIT_MS / 1000)

    assert dlg.batch_reads.loading
    assert not dlg.batches.isEnabled()
    assert dlg.batches.rowCount() == 0
    assert dlg.vouchers_title.text() == "Reading the voucher batches…"
    assert not dlg.print_batch_button.isEnabled()
    assert not dlg.void_batch_button.isEnabled()

    held.opened.set()
    _read(qtbot, dlg)
    assert held.calls[0][0] is not threading.main_thread()
    assert [r["name"] for r in _batch_rows(dlg)] == ["Summer", "Spring"]
    assert dlg.batches.isEnabled()
    assert dlg.vouchers_title.text() == "“Summer”: 2 vouchers"
    assert dlg.print_batch_button.isEnabled()


def test_the_batch_clicked_last_wins_over_a_slower_read(qtbot, batches, counter, gate, monkeypatch):
    """Summer's vouchers are held on their worker; the owner clicks on to Spring, whose
    vouchers come first. Summer's, once read, are dropped."""
    started: list[Op] = []

    def run_op_noted(*args, **kwargs) -> Op:
        started.append(run_op(*args, **kwargs))  # the real helper; the test only notes its ops
        return started[-1]

    monkeypatch.setattr(batches_dialog, "run_op", run_op_noted)
    held = gate("batch_vouchers")
    dlg = VoucherBatchesDialog(counter)
    dlg.show()
    qtbot.waitUntil(held.entered.is_set, timeout=WAIT_MS)  # once the batches are there
    assert dlg.vouchers_title.text() == "“Summer”: reading the vouchers…"
    assert not dlg.vouchers.isEnabled()
    summer_read = started[-1]

    _select_batch(qtbot, dlg, "Spring")
    assert len(_voucher_rows(dlg)) == 4

    with qtbot.waitSignal(summer_read.ended, timeout=WAIT_MS):
        held.opened.set()
    assert [args for _thread, args in held.calls] == [
        (batches["summer"].batch_id,),
        (batches["spring"].batch_id,),
    ]
    assert dlg.selected_batch().name == "Spring"
    assert [r["customer"] for r in _voucher_rows(dlg)] == [
        "Ann Test",
        "Bob Test",
        "Cid Test",
        "Dee Test",
    ]
    assert dlg.vouchers_title.text() == "“Spring”: 4 vouchers"
    assert dlg.vouchers.isEnabled()


def _select_vouchers(dialog: VoucherBatchesDialog, rows: list[int]) -> list[int]:
    ids = [dialog.vouchers.model().voucher(row).id for row in rows]
    dialog.vouchers.clearSelection()
    dialog.select_vouchers(ids)
    return ids


def test_voiding_several_is_one_write_op_off_the_gui_thread(
    qtbot, dialog, batches, monkeypatch, gate
):
    asked = _answer_void(monkeypatch, "Offer withdrawn")
    held = gate("void_vouchers", batch_voiding)
    _select_batch(qtbot, dialog, "Spring")
    ids = _select_vouchers(dialog, [1, 2, 3])
    assert [v.customer_name for v in dialog.selected_vouchers()] == [
        "Bob Test",
        "Cid Test",
        "Dee Test",
    ]
    ended: list[int] = []
    dialog.vouchers_voided.connect(ended.append)
    op = dialog.void_selected_vouchers()
    assert op is not None and op.writes
    assert held.entered.wait(WAIT_MS / 1000)

    assert asked == [("Void 3 vouchers?", "Void 3 vouchers")]
    assert held.calls[0][0] is not threading.main_thread()
    assert held.calls[0][1] == (ids, "Offer withdrawn")
    assert held.keywords[0]["staff_id"] == dialog.parent().till.staff_id
    assert op.running() and not dialog.void_voucher_button.isEnabled()
    assert dialog.void_selected_vouchers() is None  # one void at a time
    held.opened.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    _read(qtbot, dialog)

    assert ended == [3] and len(held.calls) == 1
    assert [r["status"] for r in _voucher_rows(dialog)] == ["Redeemed", *["Voided"] * 3]
    assert get_batch(batches["spring"].batch_id).voided == 3
    assert dialog.error.text() == ""


def test_a_void_of_several_with_one_redeemed_meanwhile_voids_none(
    qtbot, dialog, batches, monkeypatch
):
    _answer_void(monkeypatch, "Offer withdrawn")
    _select_batch(qtbot, dialog, "Spring")
    _select_vouchers(dialog, [1, 2, 3])
    cid = batches["spring"].vouchers[2]
    redemption.redeem(cid.code, till="the other till")
    assert _void(qtbot, dialog) == 0
    _read(qtbot, dialog)

    message = dialog.error.text()
    assert "1 of the 3 chosen cannot be voided, so none was" in message
    assert cid.to_json()["code"] in message
    assert get_batch(batches["spring"].batch_id).voided == 0
    assert [r["status"] for r in _voucher_rows(dialog)] == [
        "Redeemed",
        "Valid",
        "Redeemed",
        "Valid",
    ]


def test_a_void_cancelled_before_its_commit_voids_none(qtbot, dialog, batches, monkeypatch, gate):
    _answer_void(monkeypatch, "Offer withdrawn")
    held = gate("void_vouchers", batch_voiding)
    _select_batch(qtbot, dialog, "Spring")
    ids = _select_vouchers(dialog, [1, 3])  # two ranges of the selection
    ended: list[int] = []
    dialog.vouchers_voided.connect(ended.append)
    op = dialog.void_selected_vouchers()
    assert held.entered.wait(WAIT_MS / 1000)
    assert held.calls[0][1] == (ids, "Offer withdrawn")
    op.cancel()  # as the progress dialog's Cancel does
    held.opened.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)

    assert ended == [0]
    assert get_batch(batches["spring"].batch_id).voided == 0
    assert dialog.error.text() == ""
    assert dialog.void_voucher_button.isEnabled()


def test_the_vouchers_model(qtbot, qtmodeltester, dialog, batches):
    """Qt's own checks of the model, and what a row shows besides its text."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontDatabase

    from shopcrm.core.vouchers import void_voucher

    void_voucher(batches["spring"].vouchers[3].id, "Moved away")
    _select_batch(qtbot, dialog, "Spring")
    model = dialog.vouchers.model()
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)

    voided, valid = model.index(3, VOUCHER_COLUMNS.index("status")), model.index(1, 2)
    assert voided.data(Qt.ItemDataRole.ToolTipRole) == "Voided: Moved away"
    assert valid.data(Qt.ItemDataRole.ToolTipRole) is None
    assert voided.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert valid.data(Qt.ItemDataRole.ForegroundRole) is None
    code = model.index(0, VOUCHER_COLUMNS.index("code"))
    assert code.data(Qt.ItemDataRole.FontRole) == QFontDatabase.systemFont(
        QFontDatabase.SystemFont.FixedFont
    )
    assert code.data(Qt.ItemDataRole.UserRole) == batches["spring"].vouchers[0].id
    printed = model.index(0, VOUCHER_COLUMNS.index("printed"))
    assert printed.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
