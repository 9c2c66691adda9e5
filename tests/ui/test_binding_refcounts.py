"""The Qt bindings keep Python's reference counts straight.

PySide6 6.12.0 drops a reference to ``None`` on every call of a method that returns nothing.
From Python 3.12 on, ``None`` is immortal and nothing happens; on Python 3.11 the count runs
down with every label updated and every cell filled, and the app aborts with "deallocating
None" after enough of them (the search list alone makes hundreds per keystroke). pyproject
keeps such a PySide6 away from Python 3.11; this test catches it if one slips in.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QLabel

CALLS = 500


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None, True and False are immortal from Python 3.12"
)
def test_calls_returning_nothing_keep_the_count_of_none(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    item = QStandardItem("x")
    calls = [
        lambda: label.setText("text"),
        lambda: label.setToolTip("tip"),
        lambda: item.setText("y"),
        lambda: item.setData(1, Qt.ItemDataRole.UserRole),
    ]
    for call in calls:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            call()
        assert abs(sys.getrefcount(None) - before) < CALLS // 10
