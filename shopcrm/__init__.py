"""shopcrm: the customer app for the shop counter."""

__version__ = "0.1.0"
