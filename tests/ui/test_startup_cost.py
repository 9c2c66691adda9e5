"""Start-up must not grow with the shop: no query over customers until the cashier types."""

from __future__ import annotations

import logging
import re
import threading

from shopcrm.db import parse_location
from shopcrm.ui.main_window import MainWindow


def test_building_and_showing_the_window_runs_no_query(
    qtbot, shop, shop_location, caplog, add_customer
):
    add_customer("Olga")
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        window = MainWindow(parse_location(shop_location))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    queries = [r.getMessage() for r in caplog.records if r.name == "peewee"]
    assert queries == []
    assert window.right.currentWidget() is window.today.page  # it reads once shown
    assert window.till.staff_id is None  # not read yet: that waits for the event loop


def test_the_till_is_read_after_the_show_and_reads_only_staff(qtbot, shop, shop_location, caplog):
    window = MainWindow(parse_location(shop_location))
    qtbot.addWidget(window)
    window.show()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        qtbot.waitUntil(lambda: window.till.staff_id is not None)  # the event loop's first turn
        qtbot.waitUntil(lambda: window.today.page.today is not None)  # read after the show
    gui = threading.main_thread().name
    queries = [r.getMessage() for r in caplog.records if r.name == "peewee"]
    on_gui = [r.getMessage() for r in caplog.records if r.name == "peewee" and r.threadName == gui]
    # staff for the till; the settings (the shop's formats) for the Today page's words
    small = ('FROM "staff"', 'FROM "setting"')
    assert on_gui and all(any(t in q for t in small) for q in on_gui), on_gui
    assert 'FROM "staff"' in on_gui[0]
    assert window.till_switcher.currentText() == "Owner"
    # the Today page reads after the show too, but off the GUI thread (ui/ops.py)
    assert set(queries) - set(on_gui)


def test_the_first_keystroke_is_the_first_query(qtbot, shop, shop_location, caplog, add_customer):
    add_customer("Olga")
    window = MainWindow(parse_location(shop_location))
    qtbot.addWidget(window)
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        qtbot.keyClicks(window.search.search_box, "o")
    assert any(r.name == "peewee" for r in caplog.records)
    # Counting is fine over the few customers on screen (loyalty at a glance), never over
    # a whole table: every COUNT must be limited to the result rows' ids.
    # (PostgreSQL's search counts its first tier to know whether the next is needed: a
    # materialised list that is itself LIMITed, never a table.)
    counts = [r.getMessage().upper() for r in caplog.records if "COUNT" in r.getMessage().upper()]
    assert all(" IN (" in message or _counts_limited_tiers(message) for message in counts), counts


def _counts_limited_tiers(message: str) -> bool:
    counted = re.findall(r"COUNT\(\*\) FROM (\w+)", message)
    tiers = re.findall(r"(\w+) AS MATERIALIZED \((.*?LIMIT %S)\)", message)
    limited = {name for name, _ in tiers}
    return bool(counted) and all(name in limited for name in counted)
