"""The PySide6 desktop app; the only package that imports Qt. Every change to the shop's data
goes through ``shopcrm.core``; no widget runs SQL.

Map (a package per family of screens; arrows point down this list, never up)::

    app.py          the wiring: QApplication, database, main window, event loop
    opening.py      the wiring's database and lock while the first-run page chooses one
    main_window.py  search on the left, the card on the right, the menus
    ops.py          slow work off the GUI thread (progress, Cancel, errors back on the GUI)
    today/          the Today page, the start page (Ctrl+T)    -> segments, widgets
    segments/       a segment's customers, bulk actions        -> vouchers.wizard, shop, widgets
    card/           the customer card and its parts        -> loyalty, vouchers, shop, widgets
    search/         the counter's search and its results   -> vouchers, widgets
    loyalty/        stamps and points on the card          -> shop, widgets
    vouchers/       redeem, give, batches, printing        -> shop, widgets
      wizard/       the monthly voucher run                -> vouchers, shop, widgets
    importing/      File → Import customers… (the wizard)  -> card, shop, widgets
    shop/           the till, staff, settings, maintenance -> widgets
    widgets/        small shared pieces, no screen of their own
    crash/          the one error path: crash logs, the crash dialog, ShopError notices
    help/           what the Help menu shows (the keyboard shortcuts) -> widgets
    first_start/    the first-run page: set up the shop, a demo, a server -> shop, widgets

Any of them may use ``ops`` and ``core``; none imports ``app``, ``main_window``, ``opening``
or the CLI. ``shopcrm.db`` is touched only where the app opens the database (``app``,
``opening``), the window names it and ``ops`` gives a worker its own connection.
``tests/test_import_graph.py`` holds every arrow to this map.
"""
