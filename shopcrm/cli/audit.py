"""``shopcrm audit``: the audit log, newest first (owner-only, like the other owner commands)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import UsageError, calendar_day, moment, whole_number
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import shop_formats

if TYPE_CHECKING:
    from shopcrm.core.audit_log import AuditLine

FAMILIES: dict[str, str] = {}
#: The most rows one command prints (the core's own cap); the default is a screenful or two.
MOST_ROWS = 10_000
DEFAULT_ROWS = 100


def since(text: str) -> datetime:
    """``YYYY-MM-DD`` (from the start of that day, this computer's time) or an ISO time."""
    stripped = text.strip()
    if len(stripped) == 10:
        day = calendar_day(stripped)
        try:
            return datetime.combine(day, time()).astimezone(UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"{stripped} is too far in the past or future") from None
    return moment(text)


def read(args: argparse.Namespace) -> list[AuditLine]:
    from shopcrm.core.audit import ACTIONS
    from shopcrm.core.audit_log import entries

    action = args.action
    if action is not None:
        families = {name.split(".")[0] + "." for name in ACTIONS}
        if action not in ACTIONS and action not in families:
            known = ", ".join(sorted(families))
            raise UsageError(f"--action is an action such as visit.log, or one of {known}")
    return entries(owner=args.owner, since=args.since, action=action, limit=args.limit)


def show(lines: list[AuditLine], _: argparse.Namespace) -> None:
    from shopcrm.core.audit_log import changes_text

    shop = shop_formats()
    if not lines:
        print("Nothing in the audit log matches.")
    for line in lines:
        who = line.staff or "—"
        what = changes_text(line.changes, shop)
        print(
            f"{shop.date_time(line.at)}  {line.till}  {who}  {line.action}  {line.subject}  {what}"
        )


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("audit",),
        "who changed what, newest first (owner only)",
        read,
        args=(
            arg("--since", type=since, metavar="DATE", help="from this day (YYYY-MM-DD) or time"),
            arg("--action", metavar="A", help="one action (visit.log) or a family (voucher.)"),
            arg(
                "--limit",
                type=whole_number(1, MOST_ROWS),
                default=DEFAULT_ROWS,
                help=f"at most this many rows (default {DEFAULT_ROWS})",
            ),
        ),
        owner=True,
        json=lambda lines: [line.to_json() for line in lines],
        text=show,
        json_help="print the rows as a JSON list",
    ),
)
