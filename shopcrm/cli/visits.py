"""``shopcrm visits log|void``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from shopcrm.cli.output import EXIT_OK, add_staff_option, emit_json, open_db
from shopcrm.cli.output import staff_id as chosen_staff


def parse_moment(text: str) -> datetime:
    """ISO 8601 date/time; without a zone it is the computer's local time."""
    from shopcrm.core.errors import ValidationError

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            {"at": f"{text!r} is not an ISO 8601 time (2026-11-23T14:30)"}
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # local time, as the person at the till means it
    return moment.astimezone(UTC)


def cmd_log(args: argparse.Namespace) -> int:
    from shopcrm.core import settings
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.money import format_amount, parse_amount
    from shopcrm.core.visits import log_visit

    open_db(args)
    shop = settings.load()
    currency, locale = shop.currency, shop.locale
    try:
        amount = parse_amount(args.amount or "", currency, locale)
    except ValueError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    visit = log_visit(
        args.customer_id,
        amount_minor=amount,
        note=args.note or "",
        staff_id=chosen_staff(args),
        at=parse_moment(args.at) if args.at else None,
        satisfaction=args.satisfaction,
        feedback=args.feedback or "",
    )
    if args.json:
        emit_json(visit.to_json())
    else:
        spent = f" ({format_amount(amount, currency, locale)})" if amount is not None else ""
        earned = []
        if visit.stamps_earned:
            earned.append(f"+{visit.stamps_earned} stamp")
        if visit.points_earned:
            earned.append(f"+{visit.points_earned} points")
        extra = f"; {', '.join(earned)}" if earned else ""
        print(f"Logged visit {visit.id} for customer {visit.customer_id}{spent}{extra}")
    return EXIT_OK


def cmd_void(args: argparse.Namespace) -> int:
    from shopcrm.core.visits import void_visit

    open_db(args)
    visit = void_visit(args.visit_id, args.reason, staff_id=chosen_staff(args))
    if args.json:
        emit_json(visit.to_json())
    else:
        print(f"Voided visit {visit.id}: {visit.void_reason}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    visits = sub.add_parser("visits", help="log and void visits")
    vsub = visits.add_subparsers(dest="visits_command", metavar="ACTION", required=True)
    log = vsub.add_parser("log", help="log a visit (awards loyalty by the shop's rules)")
    log.add_argument("customer_id", type=int)
    log.add_argument("--amount", help="what was spent, e.g. 12.50 (optional)")
    log.add_argument("--note")
    log.add_argument("--at", help="when, ISO 8601 (local time without a zone); default now")
    log.add_argument("--satisfaction", type=int, choices=range(1, 6), metavar="1-5")
    log.add_argument("--feedback")
    add_staff_option(log)
    log.add_argument("--json", action="store_true", help="print the new visit as JSON")
    log.set_defaults(func=cmd_log)
    void = vsub.add_parser("void", help="void a visit (it stays in the history)")
    void.add_argument("visit_id", type=int)
    void.add_argument("--reason", required=True)
    add_staff_option(void)
    void.add_argument("--json", action="store_true")
    void.set_defaults(func=cmd_void)
