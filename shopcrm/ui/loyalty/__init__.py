"""Loyalty on the card: the stamp row, the points balance and the ledger behind them.

``panel`` is the card's loyalty section; ``stamp_row`` draws the stamps; ``points_dialog``
adjusts points with a reason; ``ledger_dialog`` lists every earn, redeem and expiry.

May import: ``shop`` (the till: who adjusts) and ``widgets``.
"""
