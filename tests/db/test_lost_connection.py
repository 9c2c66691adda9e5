"""The server restarted or the cable pulled in the middle of a session (PostgreSQL only: a
SQLite file has no connection to lose).

The next action reconnects by itself; the action that was in flight fails with one clear
message (a StorageError of kind unreachable) and is never half done; and a visit whose
COMMIT reached the server while the answer was lost is not logged twice when the cashier
tries again with the same form. These tests restart their own server
(``restartable_server``), never the suite's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from shopcrm.core import visits
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.errors import StorageError, StorageKind
from shopcrm.db import close, open_database
from shopcrm.db.models import Visit
from tests.postgres_faults import (
    CuttingProxy,
    count,
    hold_customer,
    restart_while_waiting,
    slow_commits,
    wait_until_committed,
)
from tests.postgres_server import PostgresServer


@pytest.fixture
def server_url(restartable_server: PostgresServer) -> Iterator[str]:
    url = restartable_server.create_database()
    yield url
    close()
    restartable_server.drop_database(url)


def _visits(url: str) -> int:
    return count(url, "SELECT count(*) FROM visit")


def test_the_next_action_after_a_restart_reconnects(
    restartable_server: PostgresServer, server_url: str
) -> None:
    open_database(server_url)
    customer = add_customer(CustomerInput("Ada", "Lovelace"))
    visits.log_visit(customer.id, amount_minor=100)

    restartable_server.restart()  # while the till is idle
    visits.log_visit(customer.id, amount_minor=200)  # a write: a new transaction

    restartable_server.restart()
    assert [r.id for r in search_customers("lovel")] == [customer.id]  # a read on its own
    assert Visit.select().count() == 2


def test_an_action_in_flight_gets_a_clear_message_and_the_retry_logs_once(
    restartable_server: PostgresServer, server_url: str
) -> None:
    open_database(server_url)
    customer = add_customer(CustomerInput("Grace", "Hopper"))
    key = str(uuid.uuid4())
    holder = hold_customer(server_url, customer.id)  # another till in the middle of a write
    restarting = restart_while_waiting(restartable_server, server_url)

    with pytest.raises(StorageError) as caught:
        visits.log_visit(customer.id, amount_minor=1250, client_key=key)
    restarting.join(timeout=60)
    holder.close()

    assert caught.value.kind is StorageKind.UNREACHABLE
    message = str(caught.value)
    assert message.startswith("the connection to the database server postgresql://127.0.0.1:")
    assert message.endswith(
        "; check that the server is running and this computer is on the shop's network,"
        " then try again"
    )
    assert "\n" not in message and "Traceback" not in message
    assert _visits(server_url) == 0  # nothing of it was kept

    again = visits.log_visit(customer.id, amount_minor=1250, client_key=key)
    assert again.amount_minor == 1250
    assert _visits(server_url) == 1


def test_a_commit_whose_answer_was_lost_is_not_logged_twice(
    restartable_server: PostgresServer, server_url: str
) -> None:
    proxy = CuttingProxy(server_url)
    try:
        open_database(proxy.url)
        slow_commits(server_url, 1.0)
        customer = add_customer(CustomerInput("Katherine", "Johnson"))
        key = str(uuid.uuid4())
        cutting = proxy.cut_during_commit()

        with pytest.raises(StorageError) as caught:
            visits.log_visit(customer.id, amount_minor=990, note="oat milk", client_key=key)
        cutting.join(timeout=60)
        assert caught.value.kind is StorageKind.UNREACHABLE
        assert str(caught.value).startswith("the connection to the database server")
        wait_until_committed(server_url)  # the server committed it; the till could not know
        assert _visits(server_url) == 1

        retried = visits.log_visit(customer.id, amount_minor=990, note="oat milk", client_key=key)
        assert _visits(server_url) == 1
        saved = count(server_url, "SELECT id FROM visit WHERE client_key = %s", key)
        assert retried.id == saved
        assert (retried.amount_minor, retried.note, retried.points_earned) == (990, "oat milk", 9)

        # Without the form's key the same retry is a second visit: the key is what helps.
        visits.log_visit(customer.id, amount_minor=990)
        assert _visits(server_url) == 2
    finally:
        close()
        proxy.close()
