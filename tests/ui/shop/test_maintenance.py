"""The Tools menu: the database check and the search ranks, run off the GUI thread while the
counter goes on serving."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import time_machine
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton

from shopcrm.core import visits
from shopcrm.core.check.meter import SCALE
from shopcrm.core.notes import add_note
from shopcrm.db import write_transaction
from shopcrm.db.migrations import LATEST
from shopcrm.db.models import CustomerStats
from shopcrm.db.search import DEFAULT_RANK
from shopcrm.ui.ops import Task, run_op
from tests.backends import sqlite_only
from tests.other_till import OtherTill
from tests.storage_faults import index_out_of_step

WAIT_MS = 20_000


def _tools(window) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    return [action.text() for action in menu.actions()]


def test_the_check_runs_off_the_gui_thread_and_says_what_it_found(window, qtbot, add_customer):
    add_customer("Olga")
    assert _tools(window) == [
        "&Check the database…",
        "Check the database in &full (slow)…",
        "Bring search &ranks up to date",
        "&Audit log…",
        "&Backups…",
        "&Segments…",
    ]
    with qtbot.waitSignal(window.maintenance.check_action.triggered):
        window.maintenance.check_action.trigger()
    op = window.maintenance.op
    assert op is not None and op.running()
    assert window.statusBar().findChild(QProgressBar) is not None  # progress, not a modal
    assert not window.maintenance.check_action.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    box = window.maintenance.last_message
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == f"The database is in good order: schema version {LATEST}, 1 customer."
    assert window.statusBar().findChild(QProgressBar) is None
    assert window.maintenance.check_action.isEnabled()
    box.close()


def test_a_damaged_search_index_is_reported(window, qtbot, add_customer, shop_location):
    add_customer("Olga")
    add_customer("Oleg")
    till = OtherTill(shop_location)
    till.connection.execute(
        "DELETE FROM search_doc WHERE customer_id = (SELECT min(customer_id) FROM search_doc)"
    )
    if not till.postgresql:
        till.connection.commit()
    till.close()
    window.maintenance.check(full=True)  # the index entry by entry: the full check's
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    box = window.maintenance.last_message
    damaged = (  # its words outlived their row
        [
            "search_term: the posting lists differ from the indexed documents",
            "search_vocab: name token counts differ from the indexed documents",
            "search_typo: typo variants differ from the name tokens",
        ]
        if till.postgresql
        else ["search_words: database disk image is malformed"]
    )
    assert box.text() == f"The check found {len(damaged) + 1} problems."
    assert box.informativeText().splitlines() == [
        *damaged,
        "search index holds 1 customers, the customer table 2",
    ]
    box.close()


def test_ranks_are_brought_up_to_date_a_year_on(window, qtbot, add_customer):
    olga = add_customer("Olga")
    visits.log_visit(olga.id, amount_minor=500)
    assert CustomerStats.get(CustomerStats.customer == olga.id).rank != DEFAULT_RANK
    with time_machine.travel(datetime.now(UTC) + timedelta(days=400)):
        window.maintenance.ranks_action.trigger()
        qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        "Search ranks brought up to date: 1 customer moved."
    )
    assert CustomerStats.get(CustomerStats.customer == olga.id).rank == DEFAULT_RANK


def test_typing_in_the_search_box_works_while_an_op_writes(window, qtbot, add_customer):
    """A write op holds the write lock; the cashier searches meanwhile and gets answers."""
    add_customer("Olga", "Petrova")
    holding, release = threading.Event(), threading.Event()

    def work(_task: Task) -> bool:
        with write_transaction():
            CustomerStats.update(rank=CustomerStats.rank).execute()
            holding.set()
            return release.wait(WAIT_MS / 1000)

    done: list[bool] = []
    op = run_op(window, work, done.append, writes=True, status_bar=window.statusBar())
    assert holding.wait(WAIT_MS / 1000)
    qtbot.keyClicks(window.search.search_box, "olg")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1, timeout=WAIT_MS)
    assert op.running()  # the answer came while the op still held the write lock
    with qtbot.waitSignal(op.ended, timeout=WAIT_MS):
        release.set()
    assert done == [True]


@sqlite_only  # the damage is done to SQLite's file behind its back
def test_the_full_check_finds_what_the_quick_one_cannot(window, qtbot, add_customer, db_path):
    for name in ("Olga", "Oleg"):
        add_note(add_customer(name).id, "prefers rye bread")
    index_out_of_step(db_path, "note_customer_id", "text")
    window.maintenance.check_action.trigger()
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    assert window.maintenance.last_message.text().startswith("The database is in good order")
    window.maintenance.last_message.close()
    window.maintenance.full_check_action.trigger()
    assert not window.maintenance.check_action.isEnabled()
    assert not window.maintenance.full_check_action.isEnabled()
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    box = window.maintenance.last_message
    assert box.text().startswith("The check found")
    assert "note_customer_id" in box.informativeText()
    box.close()


def test_the_check_shows_its_progress_to_the_end(window, qtbot, add_customer):
    add_customer("Olga")
    window.maintenance.full_check_action.trigger()
    op = window.maintenance.op
    seen: list[tuple[int, int]] = []
    op.progressed.connect(lambda done, total: seen.append((done, total)))
    bar = window.statusBar().findChild(QProgressBar)
    assert bar is not None
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    assert seen and seen[-1] == (SCALE, SCALE)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    window.maintenance.last_message.close()


def test_cancel_in_the_status_bar_stops_the_check(window, qtbot, add_customer):
    """Both reading threads busy, the check waits its turn; Cancel pressed meanwhile, it stops
    at its first look and says so, with no verdict on the database."""
    add_customer("Olga")
    release = threading.Event()
    busy = [
        run_op(window, lambda _task: release.wait(WAIT_MS / 1000), lambda _: None) for _ in range(2)
    ]
    window.maintenance.full_check_action.trigger()
    op = window.maintenance.op
    cancel = next(b for b in window.statusBar().findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    with qtbot.waitSignal(op.stopped, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: window.maintenance.op is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not any(b.running() for b in busy), timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == "Stopped."
    assert window.maintenance.last_message is None
    assert window.maintenance.full_check_action.isEnabled()
