"""Vouchers at the counter and in the back office: redeem, give one, batches, printing.

At the counter: ``redeem_dialog`` (with ``refusal_words`` and ``display``), ``card_section``
(a card's vouchers), ``single_voucher_dialog`` (give one from a card). Back office:
``batches_dialog`` (with ``batch_tables``) and ``void_dialog``. Printing: ``printing`` (print,
save, preview for one window) over ``voucher_drawing`` (read, draw and print off the GUI thread,
through ``ui.ops``), ``pdf_preview`` and ``scratch_files``. ``words`` says statuses, layouts and
refusals the same way everywhere. ``wizard/`` is the monthly run.

May import: ``shop`` (the till) and ``widgets``; never ``wizard`` (the wizard imports this).
"""
