"""``shopcrm loyalty redeem|adjust|ledger``."""

from __future__ import annotations

import argparse

from shopcrm.cli.output import EXIT_OK, EXIT_USAGE, add_staff_option, emit_json, open_db, say
from shopcrm.cli.output import staff_id as chosen_staff


def _print_line(line) -> None:
    stamps = f"{line.stamps:+d} stamps " if line.stamps else ""
    points = f"{line.points:+d} points " if line.points else ""
    print(
        f"{line.created_at.astimezone().strftime('%Y-%m-%d %H:%M')}  {line.kind:<8}"
        f" {stamps}{points}-> {line.stamps_after} stamps, {line.points_after} points"
        f"  {line.reason}"
    )


def cmd_redeem(args: argparse.Namespace) -> int:
    from shopcrm.core import loyalty

    open_db(args)
    chosen = [args.stamp_card, args.points is not None, args.reward is not None]
    if args.stamp_card and any(chosen[1:]):
        say("error: redeem either the stamp card or points, not both")
        return EXIT_USAGE
    if not any(chosen):
        say("error: say what to redeem: --stamp-card, --reward NAME or --points N")
        return EXIT_USAGE
    staff = chosen_staff(args)
    if args.stamp_card:
        line = loyalty.redeem_stamp_card(args.customer_id, staff_id=staff)
    else:
        line = loyalty.redeem_points(
            args.customer_id, points=args.points, reward=args.reward, staff_id=staff
        )
    if args.json:
        emit_json(line.to_json())
    else:
        _print_line(line)
    return EXIT_OK


def cmd_adjust(args: argparse.Namespace) -> int:
    from shopcrm.core import loyalty

    open_db(args)
    line = loyalty.adjust_points(
        args.customer_id, args.points, args.reason, staff_id=chosen_staff(args)
    )
    if args.json:
        emit_json(line.to_json())
    else:
        _print_line(line)
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from shopcrm.core import loyalty
    from shopcrm.core.customers import get_card

    open_db(args)
    get_card(args.customer_id)  # a clear error for an unknown customer
    lines = loyalty.ledger(args.customer_id, limit=args.limit)
    if args.json:
        emit_json([line.to_json() for line in lines])
    else:
        for line in lines:
            _print_line(line)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("loyalty", help="redeem rewards, adjust points, explain balances")
    lsub = parser.add_subparsers(dest="loyalty_command", metavar="ACTION", required=True)
    redeem = lsub.add_parser("redeem", help="redeem a full stamp card, a reward or points")
    redeem.add_argument("customer_id", type=int)
    redeem.add_argument("--stamp-card", action="store_true", help="redeem one full stamp card")
    redeem.add_argument("--reward", help="a reward for points, by name")
    redeem.add_argument("--points", type=int, help="spend this many points (partial redemption)")
    add_staff_option(redeem)
    redeem.add_argument("--json", action="store_true")
    redeem.set_defaults(func=cmd_redeem)
    adjust = lsub.add_parser("adjust", help="add or take away points by hand, with a reason")
    adjust.add_argument("customer_id", type=int)
    adjust.add_argument("points", type=int, help="e.g. 50 or -20")
    adjust.add_argument("--reason", required=True)
    add_staff_option(adjust)
    adjust.add_argument("--json", action="store_true")
    adjust.set_defaults(func=cmd_adjust)
    ledger = lsub.add_parser("ledger", help="every ledger line behind the balance, newest first")
    ledger.add_argument("customer_id", type=int)
    ledger.add_argument("--limit", type=int, default=200)
    ledger.add_argument("--json", action="store_true")
    ledger.set_defaults(func=cmd_ledger)
