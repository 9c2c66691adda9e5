"""Counted text ("1 visit", "3 visits") that translators can still give proper plural forms.

Qt's plural handling (``tr("%n visit(s)", "", n)``) needs a translation file even for English;
without one the "(s)" would show on screen. This goes through Qt's translation first and, when
nothing translated the text, writes the English singular or plural itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shopcrm.ui.widgets.formatting import shop_locale


def plural_tr(context: str, source: str, n: int) -> str:
    """``source`` uses ``%n`` for the number and ``(s)`` where English adds an s; the number
    is written the shop locale's way (``5,001``)."""
    text = QCoreApplication.translate(context, source, None, n)
    if abs(n) >= 1000:
        text = text.replace(str(n), shop_locale().toString(n), 1)
    return text.replace("(s)", "" if abs(n) == 1 else "s")
