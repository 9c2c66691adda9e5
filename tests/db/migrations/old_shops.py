"""Shops at every earlier schema version, with rows in every table, as earlier shopcrms left them.

A shop at version N is made by today's migrations up to N, with rows written by raw SQL as
soon as their tables exist (version 1's, 3's and 5's tables; the search index, its typo and
phone tables and the kept balances are filled by the migrations themselves from those rows).

Migrations 4 and 5 were changed after some shops had run them. :data:`AS_FIRST_WRITTEN` puts
a shop into the state those first versions left (found by running the migrations of every
commit that touched them on both engines and comparing each upgraded schema with a new one's:
these are all the differences there were, all on SQLite; commits 4dca086, 4ae14de and ed1dcc3).
"""

from __future__ import annotations

from datetime import datetime

import peewee

from shopcrm.db.migrations import migrate

_T = "2024-05-06 07:08:09"
ROWS: dict[int, list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]] = {
    1: [
        ("customer", ("id", "first_name", "last_name", "phone", "email", "created_at",
                      "updated_at"),
         [(1, "María", "González", "+442079460958", "maria@example.com", _T, _T),
          (2, "Μαρία", "Παπαδοπούλου", "", "", _T, _T),
          (3, "민준", "김", "+14155550123", "", _T, _T)]),
        ("tag", ("id", "name"), [(1, "vip"), (2, "nut allergy")]),
        ("customer_tag", ("customer_id", "tag_id"), [(1, 1), (1, 2), (3, 2)]),
        ("note", ("id", "customer_id", "text", "pinned", "created_at"),
         [(1, 1, "Likes oat milk", True, _T), (2, 3, "생일 🎂", False, _T)]),
        ("setting", ("key", "value"), [("shop_name", "Bäckerei Süß")]),
    ],
    3: [
        ("staff", ("id", "name", "role", "active", "created_at"),
         [(2, "Lena", "cashier", True, _T)]),
        ("visit", ("id", "customer_id", "staff_id", "visited_at", "amount_minor", "note",
                   "feedback", "voided", "void_reason"),
         [(1, 1, 2, _T, 450, "", "", False, ""),
          (2, 1, None, "2024-06-01 10:00:00", None, "oops", "", True, "typo"),
          (3, 3, 2, _T, 1200, "", "lovely", False, "")]),
        ("loyalty_entry", ("id", "customer_id", "kind", "stamps", "points", "visit_id",
                           "reason", "created_at"),
         [(1, 1, "earn", 1, 45, 1, "", _T), (2, 3, "earn", 1, 120, 3, "", _T),
          (3, 3, "redeem", 0, -100, None, "coffee", "2024-06-02 10:00:00")]),
        ("customer_stats", ("customer_id", "visits", "total_spent_minor", "first_visit_at",
                            "last_visit_at", "rank", "ranked_at"),
         [(1, 1, 450, _T, _T, 3, _T), (3, 1, 1200, _T, _T, 2, _T)]),
    ],
    5: [
        ("voucher_batch", ("id", "name", "month", "rule", "rule_params", "value_kind",
                           "value_minor", "value_item", "currency", "message_template",
                           "issued_at", "expires_on", "void_reason"),
         [(1, "May regulars", "2024-05", "regulars", "{}", "amount", 500, "", "EUR",
           "Thank you, {first_name}", _T, "2024-07-31", "")]),
        ("voucher", ("id", "batch_id", "customer_id", "code", "message", "printed",
                     "redeemed_till", "void_reason"),
         [(1, 1, 1, "ABCD-EFGH-JKMN", "Thank you, María", 1, "", ""),
          (2, 1, 3, "PQRS-TVWX-YZ23", "Thank you, 민준", 0, "till 1", "")]),
        ("voucher_attempt", ("id", "till", "at", "text"), [(1, "till 1", _T, "WRONG")]),
    ],
    11: [
        ("staff_pin", ("staff_id", "pin_hash", "failures", "failed_at"),
         [(2, "scrypt$32768$8$1$c2FsdA$aGFzaA", 1, _T)]),
    ],
    12: [
        ("audit_entry", ("id", "at", "till", "staff_id", "staff_name", "action", "subject",
                         "changes"),
         [(1, _T, "till 1", 2, "Lena", "visit.log", "1", '{"visit": 1}'),
          (2, _T, "till 1", None, None, "settings.change", "settings", "{}"),
          (3, _T, "till 1", 2, "Lena", "customer.edit", "1",
           '{"last_name": {"after": "González", "before": "Gonzalez"}}')]),
    ],
    13: [
        ("followup", ("id", "customer_id", "kind", "about", "visit_id", "due_on", "assignee_id",
                      "status", "resolution", "created_at", "created_by_id", "closed_at",
                      "closed_by_id", "voucher_id"),
         [(1, 1, "complaint", "cold coffee", 1, "2024-06-03", 2, "open", "", _T, 2, None, None,
           None),
          (2, 3, "callback", "order the beans", None, "2024-06-04", None, "done", "called",
           _T, None, _T, 2, 1)]),
    ],
    14: [
        ("consent_change", ("id", "customer_id", "channel", "granted", "at", "source",
                            "staff_id"),
         [(1, 1, "email", True, _T, "paper form", 2),
          (2, 3, "vouchers", False, _T, "at the counter", None)]),
        ("contact_block", ("digest", "kind", "at"), [("ab" * 32, "phone", _T)]),
        ("shop_secret", ("name", "value"), [("contact salt", "c2FsdA")]),
    ],
    16: [
        ("customer_merge", ("id", "keep_id", "other_id", "merged_at", "staff_id", "moved",
                            "undone_at", "undone_by_id"),
         [(1, 1, 3, _T, 2, '{"visit": [3]}', _T, 2)]),
    ],
}  # fmt: skip

#: Schema versions whose tables get rows, before the shop is taken to its version.
FILLED_AT = tuple(ROWS)

#: (version, the commit whose migrations made it) -> statements turning today's shop at that
#: version into that commit's.
AS_FIRST_WRITTEN: dict[tuple[int, str], tuple[str, ...]] = {
    (4, "4dca086"): (
        "CREATE INDEX visit_staff_id ON visit (staff_id)",
        "DROP INDEX visit_customer_id_visited_at",
        "CREATE INDEX visit_customer_id_visited_at ON visit (customer_id, visited_at)",
        "DROP INDEX loyalty_entry_customer_id_created_at",
        "CREATE INDEX loyalty_entry_customer_id_created_at"
        " ON loyalty_entry (customer_id, created_at)",
    ),
    (4, "4ae14de"): ("CREATE INDEX visit_staff_id ON visit (staff_id)",),
    (5, "ed1dcc3"): (
        "DROP INDEX visit_visited_at",
        "CREATE INDEX visit_visited_at ON visit (visited_at)",
    ),
}


def make_old_shop(db: peewee.Database, version: int, made_by: str = "") -> None:
    """Take the empty ``db`` to ``version`` with rows in every table it has by then; with
    ``made_by``, as that commit's migrations left it (:data:`AS_FIRST_WRITTEN`)."""
    for filled_at, tables in ROWS.items():
        if filled_at > version:
            break
        migrate(db, target=filled_at)
        with db.atomic():
            for table, columns, rows in tables:
                marks = ", ".join([db.param] * len(columns))
                db.cursor().executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )
    migrate(db, target=version)
    for statement in AS_FIRST_WRITTEN.get((version, made_by), ()):
        db.execute_sql(statement)


def shop_rows(db: peewee.Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the search index's (which migration 6 rewrites), sorted,
    times as text (SQLite keeps text, PostgreSQL a timestamp that prints the same)."""
    tables = sorted(t for t in db.get_tables() if not t.startswith("search_"))
    found = {}
    for table in tables:
        rows = db.execute_sql(f"SELECT * FROM {table}").fetchall()
        found[table] = sorted(
            (tuple(str(v) if isinstance(v, datetime) else v for v in row) for row in rows),
            key=repr,
        )
    return found
