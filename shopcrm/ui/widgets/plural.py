"""Counted text ("1 visit", "3 visits") that translators can still give proper plural forms.

Qt's plural handling (``tr("%n visit(s)", "", n)``) needs a translation file even for English;
without one the "(s)" would show on screen. This goes through Qt's translation first and, when
nothing translated the text, picks the English form by CLDR's plural rules for English (the
language the words are in: a French shop's English screen still says "0 visits"). The number
is written the shop locale's way either way (``5,001``, ``5.001``, ``5 001``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shopcrm.core.formats import TEXT_LANGUAGE
from shopcrm.ui.widgets.formatting import shop_formats


def plural_tr(context: str, source: str, n: int) -> str:
    """``source`` uses ``%n`` for the number and ``(s)`` where English adds an s."""
    shop = shop_formats()
    translated = QCoreApplication.translate(context, source, None, n)
    if translated not in (source, source.replace("%n", str(n))):  # a translation's own forms
        return translated.replace(str(n), shop.number(n), 1)
    one = shop.plural_category(n, TEXT_LANGUAGE) == "one"
    return source.replace("(s)", "" if one else "s").replace("%n", shop.number(n))
