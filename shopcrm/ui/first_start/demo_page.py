"""The first start's demo: a shop of made-up customers in a file of its own, made off the GUI
thread (:func:`shopcrm.ui.ops.run_op`) with a progress bar and Cancel.

A demo made on an earlier start is opened as it is: exploring again costs nothing. A
cancelled demo keeps nothing (the demo is one transaction), and the next try makes it anew.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from shopcrm.core.errors import ShopError
from shopcrm.ui.ops import Op, Task, run_op

#: How many customers the demo has: enough to feel a real shop's search, made in seconds.
DEMO_CUSTOMERS = 5000
DEMO_SEED = 7


def make_demo(task: Task) -> int:
    """The demo, in the open (demo) database; how many customers it holds. On a pool thread."""
    from shopcrm.demo.explore import demo_to_explore

    return demo_to_explore(
        DEMO_CUSTOMERS, DEMO_SEED, progress=task.progress, cancelled=task.cancelled
    )


class DemoPage(QWidget):
    """Progress while the demo is made; ``done`` when it is there, ``stopped(reason)`` when
    it was cancelled ("") or failed (the reason)."""

    done = Signal()
    stopped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Making a demo shop of made-up customers…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.op: Op | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def start(self) -> None:
        """Make the demo in the database that is open now (the demo's own file)."""
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.op = run_op(
            self,
            make_demo,
            lambda _count: self.done.emit(),
            on_failure=self._failed,
            on_cancelled=lambda: self.stopped.emit(""),
            writes=True,
            start=False,
        )
        self.op.progressed.connect(self._progressed)
        self.op.start()

    def _progressed(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)

    def _failed(self, error: ShopError) -> None:
        self.stopped.emit(str(error))

    def running(self) -> bool:
        return self.op is not None and self.op.running()

    def cancel(self) -> None:
        if self.running():
            assert self.op is not None
            self.cancel_button.setEnabled(False)
            self.op.cancel()
