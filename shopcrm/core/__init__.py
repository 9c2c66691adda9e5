"""The shop's use cases, pure Python with no Qt: the window and the command line call the same
functions, and each use case is one function that opens one transaction.

Map::

    errors.py        ShopError, ValidationError (by field), NotFoundError, StorageError
    validation.py    what people type: names, phones, emails, birthdays, every stored text
    money.py         amounts typed and shown, always integer minor units in between
    formats.py       dates, numbers, money and plurals the shop's way (babel), not the system's
    settings/        the shop's settings: one frozen ShopSettings, declared once
    customers.py     add, edit, find (the search), the card
    notes.py         notes and pinned alerts
    visits.py        log and void a visit, loyalty and rank kept in the same transaction
    visit_stats.py   what the card remembers of a customer's habits
    ranking.py       regulars first: the search rank and its upkeep
    staff.py         the people at the till
    timeline.py      one history per customer
    check.py         the database health check
    progress.py      progress and Cancel for long use cases (the window's ops, the CLI)
    loyalty/         stamps, points, rewards, tiers (see its __init__ for the map)
    vouchers/        voucher runs, codes, redemption, printing (see its __init__)

Arrows point down to ``shopcrm.db`` (and to ``shopcrm.pdf`` for printing), never up to the ui,
the CLI or the demo; the feature packages import their own modules directly and everyone else
imports them from their ``__init__``.
"""
