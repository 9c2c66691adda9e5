"""The counter's search: the box, the ranked results and the keyboard path to a card.

``panel`` is the box and the list (a scanned voucher code opens the redeem dialog instead);
``results_model`` holds the ids of the rows found and reads each row when it is drawn.

May import: ``vouchers`` (the redeem dialog, on demand) and ``widgets``.
"""
