"""A regular's ledger is read on every card: spending must not rescan the emptied lots.

Regression: ``open_lots`` walked every earlier lot for every spend, so 5,000 visits with their
expiries took seconds (quadratic); now each lot is emptied at most once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shopcrm.core.loyalty import EARN, EXPIRE
from shopcrm.core.loyalty import arithmetic as ledger
from shopcrm.core.loyalty.arithmetic import Entry, open_lots


def test_spending_touches_each_lot_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch):
    start = datetime(2015, 1, 1, tzinfo=UTC)
    entries = []
    for n in range(3000):
        at = start + timedelta(days=n)
        entries.append(Entry(2 * n, EARN, 1, 3, at))
        entries.append(Entry(2 * n + 1, EXPIRE, 0, -3, at + timedelta(hours=1)))
    calls = 0
    real_take = ledger._take

    def counting_take(lot: ledger.Lot, wanted: int) -> int:
        nonlocal calls
        calls += 1
        return real_take(lot, wanted)

    monkeypatch.setattr(ledger, "_take", counting_take)
    assert open_lots(entries, 12) == []
    assert calls <= 2 * 3000
