"""Schema version 6: phone digits indexed between anchors, so a number's end and start are found.

``search_doc.phone`` held a customer's digit forms separated by spaces (``447911123456
07911123456``); it now holds each between ``^`` and ``$`` (see :mod:`shopcrm.db.search.phones`),
so that "ends with 3456" is the substring ``3456$``. The substring index is rebuilt from it.
"""

from __future__ import annotations

import peewee


def apply(db: peewee.Database) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        return  # the PostgreSQL search index brings its own layout
    db.execute_sql(
        "UPDATE search_doc SET phone = '^' || replace(phone, ' ', '$ ^') || '$' WHERE phone != ''"
    )
    db.execute_sql("INSERT INTO search_phone (search_phone) VALUES ('rebuild')")
