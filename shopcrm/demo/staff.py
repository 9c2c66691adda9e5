"""The demo shop's staff: an owner and a few cashiers, each at the till for part of the history.

A fresh shop has one placeholder staff member, "Owner" (made by migration 3); the demo gives
that person a real name and hires two to four cashiers, one of whom has since left (inactive)
and one who started recently, so "who served this visit" varies the way it does in a shop.
A shop that already has staff keeps them: its visits are shared among the active ones.
"""

from __future__ import annotations

import random

from shopcrm.db import database
from shopcrm.db.dialect import with_params
from shopcrm.demo.ledger import DAY
from shopcrm.demo.visits import Shift, config, time_text

PLACEHOLDER = "Owner"


def _hire(cursor, name: str, role: str, active: bool, since: int) -> int:
    cursor.execute(
        with_params(
            database.obj,
            "INSERT INTO staff (name, role, active, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        ),
        (name, role, bool(active), time_text(since)),
    )
    return cursor.fetchone()[0]


def demo_staff(cursor, rng: random.Random, now: int) -> tuple[tuple[Shift, ...], int | None]:
    """Staff shifts for the demo's visits, and the owner's id (hiring staff when needed)."""
    rows = cursor.execute("SELECT id, name, role, active FROM staff ORDER BY id").fetchall()
    cfg = config()
    history_start = now - cfg["history_days"] * DAY
    first_day, last_day = history_start // DAY - 1, now // DAY + 1
    placeholder = len(rows) == 1 and rows[0][1] == PLACEHOLDER and rows[0][2] == "owner"
    if rows and not placeholder:
        on_duty = [(sid, role) for sid, _, role, is_active in rows if is_active]
        owners = [sid for sid, role in on_duty if role == "owner"]
        kept = tuple(Shift(sid, first_day, last_day, 1) for sid, _ in on_duty)
        return kept, (owners or [sid for sid, _ in on_duty] or [None])[0]

    names = cfg["staff"]
    owner_name = names["owners"][int(rng.random() * len(names["owners"]))]
    if placeholder:
        owner_id = rows[0][0]
        cursor.execute(
            with_params(database.obj, "UPDATE staff SET name = ?, created_at = ? WHERE id = ?"),
            (owner_name, time_text(history_start - 400 * DAY), owner_id),
        )
    else:
        owner_id = _hire(cursor, owner_name, "owner", True, history_start - 400 * DAY)
    shifts = [Shift(owner_id, first_day, last_day, 2)]
    cashiers = rng.sample(names["cashiers"], 2 + int(rng.random() * 3))
    for i, name in enumerate(cashiers):
        start, end, active = first_day - int(rng.random() * 300), last_day, True
        if i == 1:  # joined this year
            start = now // DAY - 60 - int(rng.random() * 200)
        elif i == 2:  # left a while ago
            end = now // DAY - 30 - int(rng.random() * 200)
            active = False
        sid = _hire(cursor, name, "cashier", active, max(start, 0) * DAY + 8 * 3600)
        shifts.append(Shift(sid, start, end, 3))
    return tuple(shifts), owner_id
