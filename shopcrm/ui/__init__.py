"""The PySide6 desktop app: main window, search, customer card, dialogs and item models.

Only this package imports Qt; every change to the shop's data goes through ``shopcrm.core``.
"""
