"""The monthly voucher run: rule, customers, voucher, Issue, print.

``wizard`` owns the pages and the one state of the run, ``state.RunDraft``; each page
(``rule_page``, ``candidates_page`` with ``candidates_model``, ``value_page`` with
``value_editor`` and ``preview``, ``summary_page``, ``done_page``) reads and writes only that
state and speaks through signals: no page imports the wizard or another page. Issuing runs
through ``ui.ops`` (progress, Cancel before the commit).

May import: ``vouchers`` (printing), ``shop`` (the till) and ``widgets``.
"""
