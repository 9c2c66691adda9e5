"""``shopcrm customers add|search|show`` (and ``duplicates|merge|unmerge``, :mod:`.merge`)."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from shopcrm.cli import customer_privacy
from shopcrm.cli.arguments import record_id, search_text, whole_number
from shopcrm.cli.command import Command, arg
from shopcrm.cli.merge import COMMANDS as MERGE_COMMANDS
from shopcrm.cli.output import say, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.customers import CustomerCard, CustomerSummary

FAMILIES = {"customers": "add, find and show customers; consent, export and erasure"}
MAX_SEARCH_LIMIT = 500  # shopcrm.core.customers.MAX_SEARCH_LIMIT, kept out of --help's imports


def add(args: argparse.Namespace) -> CustomerCard:
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.validation import parse_birthday

    try:
        month, day, year = parse_birthday(args.birthday or "")
    except ValueError as exc:
        raise ValidationError({"birthday": str(exc)}) from None
    return add_customer(
        CustomerInput(
            first_name=args.first_name,
            last_name=args.last_name or "",
            phone=args.phone or "",
            email=args.email or "",
            birthday_month=month,
            birthday_day=day,
            birthday_year=year,
            tags=args.tag or [],
            do_not_contact=args.do_not_contact,
        ),
        staff_id=args.staff_id,
    )


def search(args: argparse.Namespace) -> list[CustomerSummary]:
    from shopcrm.core.customers import search_customers

    return search_customers(args.query, limit=args.limit)


def show_results(results: list[CustomerSummary], _: argparse.Namespace) -> None:
    from shopcrm.core import settings
    from shopcrm.core.validation import format_phone

    region, shop = settings.load().phone_region, shop_formats()
    for r in results:
        phone = format_phone(r.phone, region)
        last = shop.medium_date(datetime.fromisoformat(r.last_visit)) if r.last_visit else ""
        print(f"{r.id:>8}  {r.full_name:<32} {phone:<18} {last:<13}  {r.loyalty or ''}")
    if not results:
        say("No customer matches.")


def card_facts(args: argparse.Namespace) -> dict[str, Any]:
    """The card's facts as the stable JSON of ``customers show --json``."""
    from shopcrm.core import followups, loyalty, notes
    from shopcrm.core.customers import get_card
    from shopcrm.core.imported_history import imported_history
    from shopcrm.core.segments import customer_segment
    from shopcrm.core.visit_stats import visit_summary

    card = get_card(args.id)
    summary = visit_summary(card.id)
    status = loyalty.status(card.id)
    data = card.to_json()
    data.update(summary.to_json())
    data["last_visit"] = summary.last_visit.isoformat() if summary.last_visit else None
    data.update(status.to_json())
    data["pinned_notes"] = [n.to_json() for n in notes.pinned_notes(card.id)]
    data["notes"] = notes.note_count(card.id)
    data["open_followups"] = [f.to_json() for f in followups.open_followups(card.id)]
    data["segment"] = customer_segment(card.id)
    data["imported_history"] = [h.to_json() for h in imported_history(card.id)]
    return data


def show_card(facts: dict[str, Any], _: argparse.Namespace) -> None:
    shop = shop_formats()
    name = f"{facts['first_name']} {facts['last_name']}".strip()
    since = shop.date(datetime.fromisoformat(facts["since"]))
    print(f"{name} (customer {facts['id']}, since {since})")
    for label in ("phone", "email"):
        if facts[label]:
            print(f"  {label}: {facts[label]}")
    if facts["tags"]:
        print(f"  tags: {', '.join(facts['tags'])}")
    for note in facts["pinned_notes"]:
        print(f"  ! {note['text']}")
    for followup in facts["open_followups"]:
        late = " (LATE)" if followup["late"] else ""
        print(f"  > {followup['kind']} {followup['id']}{late}: {followup['about']}")
    spent = shop.money(facts["total_spent_minor"])
    last = shop.date(datetime.fromisoformat(facts["last_visit"])) if facts["last_visit"] else "—"
    print(f"  visits: {shop.number(facts['visits'])}, spent {spent}, last visit {last}")
    stamps = f"{shop.number(facts['stamps'])}/{shop.number(facts['stamps_per_card'])} stamps"
    points = shop.count(facts["points"], "point", "points")
    print(f"  loyalty: {stamps}, {points}, tier {facts['tier'] or '—'}")
    for reward in facts["rewards_available"]:
        print(f"  can redeem: {reward}")
    for history in facts["imported_history"]:
        print(f"  imported history ({history['source']}): {_imported(history)}")


def _imported(history: dict[str, Any]) -> str:
    """What another system knew, in the shop's formats: never counted as visits here."""
    shop = shop_formats()
    parts = []
    if history["visits"] is not None:
        parts.append(shop.count(history["visits"], "visit", "visits"))
    if history["spent_minor"] is not None:
        parts.append(f"spent {shop.money(history['spent_minor'])}")
    for key, label in (("first_visit", "first visit"), ("last_visit", "last visit")):
        if history[key]:
            parts.append(f"{label} {shop.date(date.fromisoformat(history[key]))}")
    return ", ".join(parts)


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("customers", "add"),
        "add a customer",
        add,
        args=(
            arg("--first-name", required=True),
            arg("--last-name"),
            arg("--phone"),
            arg("--email"),
            arg("--birthday", help="YYYY-MM-DD or MM-DD"),
            arg("--tag", action="append", help="a tag (repeat for more)"),
            arg(
                "--do-not-contact",
                action="store_true",
                help="asked not to be contacted (no vouchers)",
            ),
        ),
        staff=True,
        json=lambda card: card.to_json(),
        text=lambda card, _: print(f"Added customer {card.id}: {card.full_name}"),
        json_help="print the new customer as JSON",
    ),
    Command(
        ("customers", "search"),
        "find customers as the counter does",
        search,
        args=(
            arg("query", type=search_text),
            arg("--limit", type=whole_number(1, MAX_SEARCH_LIMIT), default=20),
        ),
        json=lambda results: [r.to_json() for r in results],
        text=show_results,
        json_help="print a JSON array, best first",
    ),
    Command(
        ("customers", "show"),
        "show a customer's card",
        card_facts,
        args=(arg("id", type=record_id),),
        json=lambda facts: facts,
        text=show_card,
        json_help="print the card as JSON",
    ),
    *customer_privacy.COMMANDS,
    *MERGE_COMMANDS,
)
