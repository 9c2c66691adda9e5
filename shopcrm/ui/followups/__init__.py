"""Follow-ups on screen: captured from the card in seconds, shown pinned at its top, closed
with a resolution (and a service-recovery voucher), and the Follow-ups and Feedback lists.

- :mod:`.words` — kinds and statuses in the user's words;
- :mod:`.capture_dialog` — Ctrl+Shift+F on the card: the text, Enter;
- :mod:`.close_dialog` — closing with a resolution and an optional recovery voucher;
- :mod:`.card_followups` — the open follow-ups at the top of the card;
- :mod:`.list_window`, :mod:`.list_model` — the Follow-ups list and its filters;
- :mod:`.feedback_window` — scores and comments, with the average per month;
- :mod:`.actions` — the window's menu entries.

May import: ``shop`` (the till) and ``widgets``. The card imports this (its open follow-ups).
"""
