"""``shopcrm followups add|list|close|drop|assign|feedback``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import (
    calendar_day,
    field_value,
    record_id,
    staff_reference,
    whole_number,
)
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import money_context, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.followups import FeedbackRow, FollowupView, MonthAverage

FAMILIES = {"followups": "complaints, call-backs and check-ins: open, list, close"}
KINDS = ("complaint", "callback", "checkin", "other")
FILTERS = ("open", "done", "dropped", "overdue", "all")


def _staff_id(name: str | None) -> int | None:
    from shopcrm.core.staff import find_staff

    member = find_staff(name)
    return member.id if member else None


def add(args: argparse.Namespace) -> FollowupView:
    from shopcrm.core.followups import add_followup

    return add_followup(
        args.customer_id,
        args.kind,
        args.note,
        due_on=field_value("due", calendar_day, args.due) if args.due is not None else None,
        assignee_id=_staff_id(args.assign),
        visit_id=args.visit,
        staff_id=args.staff_id,
    )


def list_(args: argparse.Namespace) -> list[FollowupView]:
    from shopcrm.core.followups import list_followups

    return list_followups(
        status=None if args.status == "all" else args.status,
        kind=args.kind,
        assignee_id=_staff_id(args.assign),
        customer_id=args.customer,
        limit=args.limit,
    )


def close(args: argparse.Namespace) -> FollowupView:
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.followups import close_followup
    from shopcrm.core.money import parse_amount
    from shopcrm.core.vouchers import VoucherValue

    value = None
    if args.voucher_value is not None:
        try:
            value = VoucherValue.amount(parse_amount(args.voucher_value, *money_context()))
        except ValueError as exc:
            raise ValidationError({"voucher_value": str(exc)}) from None
    expires = field_value("expires", calendar_day, args.expires) if args.expires else None
    return close_followup(
        args.followup_id,
        args.resolution,
        voucher=value,
        voucher_expires=expires,
        staff_id=args.staff_id,
    )


def drop(args: argparse.Namespace) -> FollowupView:
    from shopcrm.core.followups import drop_followup

    return drop_followup(args.followup_id, args.reason, staff_id=args.staff_id)


def assign(args: argparse.Namespace) -> FollowupView:
    from shopcrm.core.followups import reassign_followup

    assignee = _staff_id(args.to)
    assert assignee is not None  # --to is required
    return reassign_followup(args.followup_id, assignee, staff_id=args.staff_id)


def feedback(args: argparse.Namespace) -> tuple[list[FeedbackRow], list[MonthAverage]]:
    from shopcrm.core.followups import feedback_list, monthly_averages

    since = field_value("since", calendar_day, args.since) if args.since else None
    until = field_value("until", calendar_day, args.until) if args.until else None
    rows = feedback_list(since=since, until=until, limit=args.limit)
    return rows, monthly_averages(since, until)


def line(view: FollowupView) -> str:
    """One follow-up as a line of text: id, kind, customer, due, who, what."""
    shop = shop_formats()
    state = view.status if view.status != "open" else ("LATE" if view.late else "open")
    days = shop.count(view.age_days, "working day", "working days")
    age = f", {days}" if view.kind == "complaint" else ""
    who = f" -> {view.assignee}" if view.assignee else ""
    return (
        f"{view.id:>5}  {state:<7} {view.kind:<9} {view.customer_name} (customer"
        f" {view.customer_id}), due {shop.date(view.due_on)}{age}{who}: {view.about}"
    )


def show_one(view: FollowupView, _: argparse.Namespace) -> None:
    print(line(view))
    if view.resolution:
        print(f"       {view.status}: {view.resolution}")
    if view.voucher_code:
        print(f"       recovery voucher {view.voucher_code}")


def show_many(views: list[FollowupView], _: argparse.Namespace) -> None:
    for view in views:
        print(line(view))
    if not views:
        print("No follow-ups.")


def show_feedback(found: tuple[list[FeedbackRow], list[MonthAverage]], _: Any) -> None:
    shop = shop_formats()
    rows, months = found
    for month in months:
        average = shop.number(round(month.average, 2))
        print(f"{month.month}: average {average} of 5 from {shop.number(month.scores)} scores")
    for row in rows:
        score = f"{row.satisfaction}/5" if row.satisfaction else "-"
        print(f"{shop.date(row.visited_at)}  {score:>3}  {row.customer_name}: {row.feedback}")


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("followups", "add"),
        "open a follow-up (due date and assignee default by kind)",
        add,
        args=(
            arg("customer_id", type=record_id),
            arg("--kind", required=True, choices=KINDS),
            arg("--note", required=True, help="what it is about"),
            arg(
                "--due",
                help="YYYY-MM-DD (default: complaint next working day, callback"
                " and other today, checkin in a week)",
            ),
            arg(
                "--assign",
                type=staff_reference,
                metavar="NAME|ID",
                help="who it is for (default: whoever opens it)",
            ),
            arg("--visit", type=record_id, metavar="VISIT_ID", help="the visit it is about"),
        ),
        staff=True,
        json=lambda view: view.to_json(),
        text=lambda view, _: print(f"Opened follow-up {view.id}: {line(view)}"),
        json_help="print the new follow-up as JSON",
    ),
    Command(
        ("followups", "list"),
        "list follow-ups (open ones, soonest due first)",
        list_,
        args=(
            arg(
                "--status",
                choices=FILTERS,
                default="open",
                help="overdue: open and late (a complaint past the owner's target)",
            ),
            arg("--kind", choices=KINDS),
            arg("--assign", type=staff_reference, metavar="NAME|ID"),
            arg("--customer", type=record_id, metavar="CUSTOMER_ID"),
            arg("--limit", type=whole_number(1, 1000), default=200),
        ),
        json=lambda views: [v.to_json() for v in views],
        text=show_many,
        json_help="print a JSON array",
    ),
    Command(
        ("followups", "close"),
        "mark a follow-up done; a complaint can give a recovery voucher",
        close,
        args=(
            arg("followup_id", type=record_id),
            arg("--resolution", required=True, help="how it was resolved"),
            arg("--voucher-value", help="a service-recovery voucher worth this, e.g. 5.00"),
            arg("--expires", help="the voucher's last valid day, YYYY-MM-DD"),
        ),
        staff=True,
        json=lambda view: view.to_json(),
        text=show_one,
    ),
    Command(
        ("followups", "drop"),
        "drop a follow-up that is no longer needed",
        drop,
        args=(arg("followup_id", type=record_id), arg("--reason", required=True)),
        staff=True,
        json=lambda view: view.to_json(),
        text=show_one,
    ),
    Command(
        ("followups", "assign"),
        "give an open follow-up to someone else",
        assign,
        args=(
            arg("followup_id", type=record_id),
            arg("--to", required=True, type=staff_reference, metavar="NAME|ID"),
        ),
        staff=True,
        json=lambda view: view.to_json(),
        text=show_one,
    ),
    Command(
        ("followups", "feedback"),
        "what customers said: scores and comments, with the average per month",
        feedback,
        args=(
            arg("--since", help="YYYY-MM-DD"),
            arg("--until", help="YYYY-MM-DD"),
            arg("--limit", type=whole_number(1, 1000), default=200),
        ),
        json=lambda found: {
            "months": [m.to_json() for m in found[1]],
            "feedback": [r.to_json() for r in found[0]],
        },
        text=show_feedback,
    ),
)
