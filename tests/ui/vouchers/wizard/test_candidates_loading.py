"""The wizard's list page picks its customers off the GUI thread: it shows that it is looking,
the latest rule's customers win over an older, slower load, and Stop leaves the wizard usable."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWizard

from shopcrm.core import settings, visits
from shopcrm.core.vouchers import REGULARS, RuleSpec
from shopcrm.ui.vouchers.wizard import candidates_page
from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard

WAIT_MS = 20_000
LAST_MONTH = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def regulars(shop, add_customer) -> dict[str, int]:
    """Last month Cid came 6 times, Bob 5, Ann 4."""
    settings.set_value("currency", "GBP")
    settings.set_value("locale", "en_GB")
    middle = datetime(LAST_MONTH.year, LAST_MONTH.month, 12, 12, tzinfo=UTC)
    ids = {}
    for name, count in (("Ann", 4), ("Bob", 5), ("Cid", 6)):
        ids[name] = add_customer(name, "Regular").id
        for visit in range(count):
            visits.log_visit(ids[name], amount_minor=1000, at=middle + timedelta(hours=visit))
    return ids


class Gate:
    """Holds the first call of a core function on its worker thread until opened; notes the
    thread of every call."""

    def __init__(self, function: Callable) -> None:
        self.function = function
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.threads: list[threading.Thread] = []
        self.specs: list[RuleSpec] = []

    def __call__(self, spec: RuleSpec):
        self.threads.append(threading.current_thread())
        self.specs.append(spec)
        if len(self.specs) == 1:
            self.entered.set()
            assert self.opened.wait(WAIT_MS / 1000), "the test never opened the gate"
        return self.function(spec)


@pytest.fixture
def gate(monkeypatch) -> Iterator[Callable[[str], Gate]]:
    """``gate("select_customers")`` holds the page's first call of that core function."""
    gates: list[Gate] = []

    def make(name: str) -> Gate:
        made = Gate(getattr(candidates_page, name))
        monkeypatch.setattr(candidates_page, name, made)
        gates.append(made)
        return made

    yield make
    for made in gates:  # a failed test never leaves a pool thread waiting
        made.opened.set()


def _wizard(qtbot) -> VoucherWizard:
    wizard = VoucherWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.rule_page
    page.month.setDate(QDate(LAST_MONTH.year, LAST_MONTH.month, 1))
    page.set_rule(REGULARS)
    page.regular_visits.setValue(4)
    return wizard


def _names(wizard: VoucherWizard) -> list[str]:
    model = wizard.list_page.model
    return [model.candidate(row).first_name for row in range(model.rowCount())]


def _next_enabled(wizard: VoucherWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_the_customers_are_picked_on_a_worker_while_the_page_says_so(qtbot, regulars, gate):
    held = gate("select_customers")
    wizard = _wizard(qtbot)
    wizard.next()
    page = wizard.list_page
    assert held.entered.wait(WAIT_MS / 1000)

    assert page.count.text() == "Finding the customers…"
    assert page.loading is not None and page.loading.running()
    assert page.model.rowCount() == 0
    assert not page.table.isEnabled()
    assert page.stop_button.isVisible()
    assert not _next_enabled(wizard)

    held.opened.set()
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    assert held.threads[0] is not threading.main_thread()
    assert _names(wizard) == ["Cid", "Bob", "Ann"]
    assert page.count.text() == "3 customers"
    assert page.table.isEnabled()
    assert not page.stop_button.isVisible()
    assert _next_enabled(wizard)
    assert wizard.state.ticked == 3
    assert wizard.state.first_ticked.first_name == "Cid"


def test_a_quicker_second_load_wins_over_a_slower_first(qtbot, regulars, gate):
    """The first load is held after it picked its customers (past its last Stop check); the
    owner asks again for 5+ visits. The second lands, and the first, once done, is dropped."""
    held = gate("find_duplicate")
    wizard = _wizard(qtbot)
    wizard.next()
    page = wizard.list_page
    assert held.entered.wait(WAIT_MS / 1000)
    first = page.loading

    page.load(RuleSpec(REGULARS, LAST_MONTH, min_visits=5))
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    assert _names(wizard) == ["Cid", "Bob"]

    with qtbot.waitSignal(first.ended, timeout=WAIT_MS):
        held.opened.set()
    assert [spec.min_visits for spec in held.specs] == [4, 5]
    assert _names(wizard) == ["Cid", "Bob"]  # the older answer did not overwrite it
    assert page.count.text() == "2 customers"
    assert wizard.state.ticked == 2
    assert page.spec.min_visits == 5


def test_back_and_a_new_rule_while_loading_brings_only_the_new_rule(qtbot, regulars, gate):
    held = gate("select_customers")
    wizard = _wizard(qtbot)
    wizard.next()
    page = wizard.list_page
    assert held.entered.wait(WAIT_MS / 1000)
    first = page.loading

    wizard.back()
    wizard.rule_page.regular_visits.setValue(6)
    wizard.next()
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    assert _names(wizard) == ["Cid"]

    with qtbot.waitSignal(first.ended, timeout=WAIT_MS):
        held.opened.set()
    assert _names(wizard) == ["Cid"]
    assert wizard.state.first_ticked.first_name == "Cid"


def test_stop_leaves_the_wizard_usable(qtbot, regulars, gate):
    held = gate("select_customers")
    wizard = _wizard(qtbot)
    wizard.next()
    page = wizard.list_page
    assert held.entered.wait(WAIT_MS / 1000)
    first = page.loading

    page.stop_button.click()
    assert page.loading is None
    assert page.count.text().startswith("Stopped before the customers were found")
    assert page.again_button.isVisible()
    assert not page.stop_button.isVisible()
    assert page.table.isEnabled()
    assert not _next_enabled(wizard)
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()

    with qtbot.waitSignal(first.ended, timeout=WAIT_MS):
        held.opened.set()  # what the stopped load still finds is dropped
    assert page.model.rowCount() == 0
    assert page.count.text().startswith("Stopped before")

    page.again_button.click()
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    assert _names(wizard) == ["Cid", "Bob", "Ann"]
    assert not page.again_button.isVisible()
    wizard.next()
    assert wizard.currentPage() is wizard.value_page


def test_unticks_survive_a_reload_of_the_same_rule(qtbot, regulars):
    wizard = _wizard(qtbot)
    wizard.next()
    page = wizard.list_page
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    page.model.set_ticked(_names(wizard).index("Bob"), False)
    assert wizard.state.excluded == {regulars["Bob"]}

    wizard.back()
    wizard.next()  # the same rule: Bob stays unticked once the customers are back
    assert not page.ready and wizard.state.ticked == 0
    qtbot.waitUntil(lambda: page.ready, timeout=WAIT_MS)
    assert wizard.state.excluded == {regulars["Bob"]}
    assert page.count.text() == "2 customers, 1 left out"


def test_closing_the_wizard_while_loading_stops_the_load(qtbot, regulars, gate):
    held = gate("select_customers")
    wizard = _wizard(qtbot)
    wizard.next()
    assert held.entered.wait(WAIT_MS / 1000)
    first = wizard.list_page.loading
    wizard.reject()
    assert not wizard.isVisible()
    with qtbot.waitSignal(first.stopped, timeout=WAIT_MS):  # it stopped at its next check
        held.opened.set()
    assert wizard.list_page.model.rowCount() == 0
    assert held.specs == [RuleSpec(REGULARS, LAST_MONTH, min_visits=4)]
