"""The demo shop: realistic customers, staff, two years of visits, their loyalty ledger and a
month of vouchers, to explore the app or to measure it at a million customers.

Map::

    shop.py              generate_demo_shop: one write transaction, written in batches
    rows.py              the shop as ready-to-insert rows, a batch at a time
    people.py, phones.py who the customers are and how to reach them
    visits.py, staff.py  who comes when, spends what, served by whom
    ledger.py            the loyalty lines those visits earned, as the counter would write them
    vouchers.py          last month's runs, partly redeemed
    helper_processes.py  large demos make their rows in helper processes (multiprocessing,
    worker.py            spawn: safe in the frozen app), while this process writes

It uses ``core`` and ``db``; nothing in ``core`` imports it (the CLI and, later, the first-run
page do).
"""
