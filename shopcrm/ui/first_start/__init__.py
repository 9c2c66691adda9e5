"""The first start: with no shop yet, the app opens a first-run page instead of an empty shop.

- :mod:`.dialog` — the page itself: "Set up my shop", "Explore a demo shop", "Connect to the
  shop's server";
- :mod:`.setup_form` — the setup's form (lists searched by name, the owner and their PIN, a
  loyalty preset);
- :mod:`.demo_page` — the demo, made off the GUI thread with progress and Cancel.

The database work goes through :class:`shopcrm.ui.opening.ShopOpener` (the app's wiring),
which keeps the right file locked. The rule (see :func:`shopcrm.ui.app.run`): the page is
offered when the app starts on its default shop (no ``--db``, no ``SHOPCRM_DB``) and that
shop is new (no file yet, or a database nobody has used:
:func:`shopcrm.core.first_start.shop_is_new`). The demo lives in a file of its own
(:func:`shopcrm.config.demo_database`) and is never remembered as the shop: the next start
opens the real shop if one was set up, else offers the choice again (the demo made before
opens at once, without being made again).
"""
