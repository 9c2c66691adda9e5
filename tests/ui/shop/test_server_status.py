"""The status bar says when the shop's server cannot be reached, and stops saying so when it is
back (PostgreSQL; a SQLite till never probes). The server stopped here is this run's
restartable one, never the suite's."""

from __future__ import annotations

from pathlib import Path

from shopcrm.db import parse_location
from shopcrm.db.reachability import server_probe
from shopcrm.ui.shop.server_status import ServerStatus
from tests.postgres_server import PostgresServer


def test_the_status_shows_while_the_server_is_away(
    qtbot, restartable_server: PostgresServer
) -> None:
    url = restartable_server.create_database()
    try:
        status = ServerStatus(server_probe(parse_location(url)), every_ms=100)
        qtbot.addWidget(status)
        answers: list[str] = []
        status.probed.connect(answers.append)
        status.start()
        qtbot.waitUntil(lambda: len(answers) >= 1, timeout=10_000)
        assert answers[0] == "" and not status.isVisibleTo(None)

        restartable_server.halt()
        try:
            qtbot.waitUntil(lambda: bool(answers[-1]), timeout=20_000)
            assert status.isVisibleTo(None)
            assert status.text() == "⚠ Cannot reach the database server"
            assert status.toolTip().startswith("Cannot reach the database server postgresql://")
        finally:
            restartable_server.resume()
        qtbot.waitUntil(lambda: not answers[-1], timeout=20_000)
        assert not status.isVisibleTo(None)
        status.stop()
    finally:
        restartable_server.drop_database(url)


def test_a_sqlite_till_never_probes(qtbot, tmp_path: Path) -> None:
    status = ServerStatus(server_probe(parse_location(str(tmp_path / "shop.sqlite3"))), every_ms=10)
    qtbot.addWidget(status)
    answers: list[str] = []
    status.probed.connect(answers.append)
    status.start()
    qtbot.wait(100)
    assert answers == [] and not status.timer.isActive()
