"""``shopcrm loyalty redeem|adjust|ledger``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import UsageError, integer, record_id, whole_number
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import shop_formats

if TYPE_CHECKING:
    from shopcrm.core.formats import ShopFormats
    from shopcrm.core.loyalty import LedgerLine

FAMILIES = {"loyalty": "redeem rewards, adjust points, explain balances"}
MAX_LEDGER_LINES = 100_000  # shopcrm.core.loyalty.MAX_LEDGER_LINES, kept out of --help's imports


def show_line(line: LedgerLine, _: argparse.Namespace | None = None) -> None:
    shop = shop_formats()
    stamps = _signed(shop, line.stamps, "stamp", "stamps")
    points = _signed(shop, line.points, "point", "points")
    after = shop.count(line.stamps_after, "stamp", "stamps")
    after += ", " + shop.count(line.points_after, "point", "points")
    reason = shop.days_in(line.reason) if line.kind == "expire" else line.reason
    print(f"{shop.date_time(line.created_at)}  {line.kind:<8} {stamps}{points}-> {after}  {reason}")


def _signed(shop: ShopFormats, change: int, one: str, other: str) -> str:
    """``+1 stamp ``, ``-20 points ``; nothing for no change."""
    if not change:
        return ""
    return ("+" if change > 0 else "-") + shop.count(abs(change), one, other) + " "


def show_lines(lines: list[LedgerLine], _: argparse.Namespace) -> None:
    for line in lines:
        show_line(line)


def redeem(args: argparse.Namespace) -> LedgerLine:
    from shopcrm.core import loyalty

    if args.stamp_card and (args.points is not None or args.reward is not None):
        raise UsageError("redeem either the stamp card or points, not both")
    if not args.stamp_card and args.points is None and args.reward is None:
        raise UsageError("say what to redeem: --stamp-card, --reward NAME or --points N")
    if args.stamp_card:
        return loyalty.redeem_stamp_card(args.customer_id, staff_id=args.staff_id)
    return loyalty.redeem_points(
        args.customer_id, points=args.points, reward=args.reward, staff_id=args.staff_id
    )


def adjust(args: argparse.Namespace) -> LedgerLine:
    from shopcrm.core import loyalty

    return loyalty.adjust_points(
        args.customer_id, args.points, args.reason, staff_id=args.staff_id, owner=args.owner
    )


def ledger(args: argparse.Namespace) -> list[LedgerLine]:
    from shopcrm.core import loyalty
    from shopcrm.core.customers import get_card

    get_card(args.customer_id)  # a clear error for an unknown customer
    return loyalty.ledger(args.customer_id, limit=args.limit)


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("loyalty", "redeem"),
        "redeem a full stamp card, a reward or points",
        redeem,
        args=(
            arg("customer_id", type=record_id),
            arg("--stamp-card", action="store_true", help="redeem one full stamp card"),
            arg("--reward", help="a reward for points, by name"),
            arg(
                "--points",
                type=integer,
                help="spend this many points (partial redemption)",
            ),
        ),
        staff=True,
        json=lambda line: line.to_json(),
        text=show_line,
    ),
    Command(
        ("loyalty", "adjust"),
        "add or take away points by hand, with a reason",
        adjust,
        args=(
            arg("customer_id", type=record_id),
            arg("points", type=integer, help="e.g. 50 or -20"),
            arg("--reason", required=True),
        ),
        owner=True,
        json=lambda line: line.to_json(),
        text=show_line,
    ),
    Command(
        ("loyalty", "ledger"),
        "every ledger line behind the balance, newest first",
        ledger,
        args=(
            arg("customer_id", type=record_id),
            arg("--limit", type=whole_number(1, MAX_LEDGER_LINES), default=200),
        ),
        json=lambda lines: [line.to_json() for line in lines],
        text=show_lines,
    ),
)
