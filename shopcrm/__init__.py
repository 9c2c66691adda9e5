"""shopcrm: the customer app for the shop counter."""

from shopcrm.peewee_loading import load_peewee_without_drivers

__version__ = "0.1.0"

load_peewee_without_drivers()  # whenever peewee is imported, which this does not do
