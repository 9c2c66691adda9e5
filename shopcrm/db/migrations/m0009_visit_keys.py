"""Schema version 9: a visit may carry the key of the form that logged it.

A till whose connection to the server broke while it committed a visit cannot know whether
the visit was saved. The visit form makes a key (a random UUID) when it starts a visit and
sends it again when the cashier presses Log once more; ``visit.client_key`` is unique, so the
second try finds the visit the first one saved instead of logging it twice (see
:func:`shopcrm.core.visits.log_visit`). Visits logged any other way have no key (NULL, which
a unique index allows any number of times on both engines).
"""

from __future__ import annotations

import peewee


def apply(db: peewee.Database) -> None:
    db.execute_sql("ALTER TABLE visit ADD COLUMN client_key VARCHAR(36)")
    db.execute_sql("CREATE UNIQUE INDEX visit_client_key ON visit (client_key)")
