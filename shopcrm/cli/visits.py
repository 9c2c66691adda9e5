"""``shopcrm visits log|void``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import field_value, integer, moment, record_id
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import money_context, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.visits import VisitView

FAMILIES = {"visits": "log and void visits"}


def log(args: argparse.Namespace) -> VisitView:
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.money import parse_amount
    from shopcrm.core.visits import log_visit

    try:
        amount = parse_amount(args.amount or "", *money_context())
    except ValueError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    return log_visit(
        args.customer_id,
        amount_minor=amount,
        note=args.note or "",
        staff_id=args.staff_id,
        at=field_value("at", moment, args.at) if args.at is not None else None,
        satisfaction=args.satisfaction,
        feedback=args.feedback or "",
    )


def show_logged(visit: VisitView, _: argparse.Namespace) -> None:
    shop = shop_formats()
    amount = visit.amount_minor
    spent = f" ({shop.money(amount)})" if amount is not None else ""
    earned = []
    if visit.stamps_earned:
        earned.append("+" + shop.count(visit.stamps_earned, "stamp", "stamps"))
    if visit.points_earned:
        earned.append("+" + shop.count(visit.points_earned, "point", "points"))
    extra = f"; {', '.join(earned)}" if earned else ""
    print(f"Logged visit {visit.id} for customer {visit.customer_id}{spent}{extra}")
    if visit.complaint_id is not None:
        print(f"The score opened complaint follow-up {visit.complaint_id}")


def void(args: argparse.Namespace) -> VisitView:
    from shopcrm.core.visits import void_visit

    return void_visit(args.visit_id, args.reason, staff_id=args.staff_id)


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("visits", "log"),
        "log a visit (awards loyalty by the shop's rules)",
        log,
        args=(
            arg("customer_id", type=record_id),
            arg("--amount", help="what was spent, e.g. 12.50 (optional)"),
            arg("--note"),
            arg("--at", help="when, ISO 8601 (local time without a zone); default now"),
            arg(
                "--satisfaction",
                type=integer,
                metavar="1-5",
                help="a low score (the shop's threshold, 2 unless set) opens a complaint",
            ),
            arg("--feedback"),
        ),
        staff=True,
        json=lambda visit: visit.to_json(),
        text=show_logged,
        json_help="print the new visit as JSON",
    ),
    Command(
        ("visits", "void"),
        "void a visit (it stays in the history)",
        void,
        args=(arg("visit_id", type=record_id), arg("--reason", required=True)),
        staff=True,
        json=lambda visit: visit.to_json(),
        text=lambda visit, _: print(f"Voided visit {visit.id}: {visit.void_reason}"),
    ),
)
