"""In the status bar: "Cannot reach the database server", while that is so.

Only a till on a PostgreSQL server has a server to lose. Every few seconds a probe (given by
the window's wiring: :func:`shopcrm.db.reachability.unreachable`, a connection of its own with
a short timeout) runs on a thread of its own, never on the GUI thread, one at a time; its
answer comes back to the GUI thread as a signal. The label shows while the server cannot be
reached, with the reason as its tooltip, and hides at the first answer once it is back. The
till's own connection is mended by the next action (see :mod:`shopcrm.db.postgres_database`);
this only tells the cashier what to expect meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

#: How often the server is asked whether it is there.
PROBE_EVERY_MS = 5_000


class ServerStatus(QLabel):
    """Hidden while the server answers. ``probe`` says why the server cannot be reached, or
    "" when it can (None: a SQLite file, nothing to ask); ``probed`` carries each answer."""

    probed = Signal(str)

    def __init__(
        self,
        probe: Callable[[], str] | None,
        parent: QWidget | None = None,
        every_ms: int = PROBE_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._ask_server = probe
        self.setObjectName("serverStatus")
        self.setText("⚠ " + self.tr("Cannot reach the database server"))
        self.setVisible(False)
        self._probing = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.probe)
        self.probed.connect(self._show)

    def start(self) -> None:
        """Probe now and every few seconds (nothing for a SQLite file)."""
        if self._ask_server is None:
            return
        self.probe()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def probe(self) -> None:
        """Ask the server from a thread of its own, unless the last probe is still asking."""
        if not self._probing.acquire(blocking=False):
            return
        threading.Thread(target=self._ask, name="server probe", daemon=True).start()

    def _ask(self) -> None:
        assert self._ask_server is not None
        try:
            answer = self._ask_server()
        except Exception as exc:  # a probe that fails says the server is gone
            answer = " ".join(str(exc).split()) or type(exc).__name__
        finally:
            self._probing.release()
        try:
            self.probed.emit(answer)
        except RuntimeError:  # the window closed while the probe was out
            return

    def _show(self, reason: str) -> None:
        self.setToolTip(reason[:1].upper() + reason[1:])
        self.setVisible(bool(reason))
