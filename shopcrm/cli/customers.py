"""``shopcrm customers add|search|show``."""

from __future__ import annotations

import argparse

from shopcrm.cli.output import EXIT_OK, EXIT_USAGE, add_staff_option, emit_json, open_db, say
from shopcrm.cli.output import staff_id as chosen_staff


def cmd_add(args: argparse.Namespace) -> int:
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.validation import parse_birthday

    open_db(args)
    try:
        month, day, year = parse_birthday(args.birthday or "")
    except ValueError as exc:
        raise ValidationError({"birthday": str(exc)}) from None
    card = add_customer(
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
        staff_id=chosen_staff(args),
    )
    if args.json:
        emit_json(card.to_json())
    else:
        print(f"Added customer {card.id}: {card.full_name}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from shopcrm.core import settings
    from shopcrm.core.customers import search_customers
    from shopcrm.core.validation import format_phone

    open_db(args)
    if args.limit < 1:
        say("error: --limit must be at least 1")
        return EXIT_USAGE
    results = search_customers(args.query, limit=args.limit)
    if args.json:
        emit_json([r.to_json() for r in results])
        return EXIT_OK
    region = settings.load().phone_region
    for r in results:
        phone = format_phone(r.phone, region)
        last = (r.last_visit or "")[:10]
        print(f"{r.id:>8}  {r.full_name:<32} {phone:<18} {last:<10}  {r.loyalty or ''}")
    if not results:
        say("No customer matches.")
    return EXIT_OK


def card_facts(customer_id: int) -> dict[str, object]:
    """The card's facts as the stable JSON of ``customers show --json``."""
    from shopcrm.core import loyalty, notes
    from shopcrm.core.customers import get_card
    from shopcrm.core.visit_stats import visit_summary

    card = get_card(customer_id)
    summary = visit_summary(card.id)
    status = loyalty.status(card.id)
    data = card.to_json()
    data.update(summary.to_json())
    data["last_visit"] = summary.last_visit.isoformat() if summary.last_visit else None
    data.update(status.to_json())
    data["pinned_notes"] = [n.to_json() for n in notes.pinned_notes(card.id)]
    data["notes"] = notes.note_count(card.id)
    return data


def cmd_show(args: argparse.Namespace) -> int:
    from shopcrm.core import settings
    from shopcrm.core.money import format_amount

    open_db(args)
    facts = card_facts(args.id)
    if args.json:
        emit_json(facts)
        return EXIT_OK
    shop = settings.load()
    money = lambda minor: format_amount(minor, shop.currency, shop.locale)  # noqa: E731
    name = f"{facts['first_name']} {facts['last_name']}".strip()
    print(f"{name} (customer {facts['id']}, since {str(facts['since'])[:10]})")
    for label in ("phone", "email"):
        if facts[label]:
            print(f"  {label}: {facts[label]}")
    if facts["tags"]:
        print(f"  tags: {', '.join(facts['tags'])}")  # type: ignore[arg-type]
    for note in facts["pinned_notes"]:  # type: ignore[attr-defined]
        print(f"  ! {note['text']}")
    print(
        f"  visits: {facts['visits']}, spent {money(facts['total_spent_minor'])},"
        f" last visit {str(facts['last_visit'] or '—')[:10]}"
    )
    stamps = f"{facts['stamps']}/{facts['stamps_per_card']} stamps"
    print(f"  loyalty: {stamps}, {facts['points']} points, tier {facts['tier'] or '—'}")
    for reward in facts["rewards_available"]:  # type: ignore[attr-defined]
        print(f"  can redeem: {reward}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    customers = sub.add_parser("customers", help="add, find and show customers")
    csub = customers.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    add = csub.add_parser("add", help="add a customer")
    add.add_argument("--first-name", required=True)
    add.add_argument("--last-name")
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--birthday", help="YYYY-MM-DD or MM-DD")
    add.add_argument("--tag", action="append", help="a tag (repeat for more)")
    add.add_argument(
        "--do-not-contact", action="store_true", help="asked not to be contacted (no vouchers)"
    )
    add_staff_option(add)
    add.add_argument("--json", action="store_true", help="print the new customer as JSON")
    add.set_defaults(func=cmd_add)
    search = csub.add_parser("search", help="find customers as the counter does")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")
    search.set_defaults(func=cmd_search)
    show = csub.add_parser("show", help="show a customer's card")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
