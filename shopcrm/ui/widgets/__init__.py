"""Small shared pieces with no screen of their own: formatting money, dates and plurals the
shop's way, palette colours, form error labels, labels tied to their fields, a reason dialog,
the history model, window state, and painting a PDF onto a printer.

May import: nothing else of ``ui`` (everything may import this); only ``core`` and Qt.
"""
