"""The customer card: who they are, their history, notes, visits, and the sections other
features put on it.

``customer_card`` lays the card out; ``customer_dialog`` adds and edits a customer;
``visit_panel`` logs a visit; ``note_editor``, ``pinned_alerts`` and ``tag_chips`` are the
notes and tags; ``memory`` the few facts a cashier should know; ``timeline_delegate`` draws
the history (its model is in ``widgets``).

May import: ``followups`` (the open ones pinned at the top), ``loyalty``, ``vouchers``
(opened on demand, to keep start-up short), ``shop``, ``widgets``. Nothing imports the card
but the main window.
"""
