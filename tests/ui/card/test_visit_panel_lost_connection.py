"""The shop's server goes away while the cashier logs a visit (PostgreSQL only: a SQLite file
has no connection to lose). What they typed stays in the fields with the message under them,
and pressing Enter again, once the server is back, logs the visit once. The server is this
run's restartable one, never the suite's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.db import close, open_database
from shopcrm.db.models import Visit
from shopcrm.ui.card.visit_panel import VisitPanel
from shopcrm.ui.shop.till import Till
from tests.postgres_faults import count, hold_customer, restart_while_waiting
from tests.postgres_server import PostgresServer


@pytest.fixture
def server_url(restartable_server: PostgresServer) -> Iterator[str]:
    url = restartable_server.create_database()
    open_database(url)
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    yield url
    close()
    restartable_server.drop_database(url)


def test_typed_visit_survives_a_restart_and_is_logged_once(
    qtbot, restartable_server: PostgresServer, server_url: str
) -> None:
    customer = add_customer(CustomerInput("Ada", "Lovelace"))
    panel = VisitPanel(Till())
    qtbot.addWidget(panel)
    panel.set_customer(customer.id)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.keyClicks(panel.amount, "12.50")
    qtbot.keyClicks(panel.note, "oat milk")

    holder = hold_customer(server_url, customer.id)  # the in-flight write waits on the server
    restarting = restart_while_waiting(restartable_server, server_url)
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    restarting.join(timeout=60)
    holder.close()

    assert panel.error.isVisible()
    assert panel.error.text().startswith("The connection to the database server")
    assert (panel.amount.text(), panel.note.text()) == ("12.50", "oat milk")
    assert count(server_url, "SELECT count(*) FROM visit") == 0

    qtbot.keyClick(panel.note, Qt.Key.Key_Return)  # the server is back: the retry works

    assert not panel.error.isVisible()
    assert "£12.50" in panel.confirmation.text()
    assert (panel.amount.text(), panel.note.text()) == ("", "")
    assert [(v.amount_minor, v.note) for v in Visit.select()] == [(1250, "oat milk")]
