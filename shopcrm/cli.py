"""The ``shopcrm`` command: starts the app, or runs one use case from the shell.

The command line is a client of ``core`` just like the GUI. Qt is imported only when the GUI
starts, so scripted use stays fast and works on machines without a display. ``--json`` output
goes to stdout alone and is a stable contract; messages and errors go to stderr, and any
failure exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence

from shopcrm import __version__
from shopcrm.config import default_database

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _emit_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _open(args: argparse.Namespace) -> None:
    from shopcrm.db import open_database

    open_database(args.db)


# -- subcommands --------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from shopcrm.core.demo import generate_demo_shop

    _open(args)
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if sys.stderr.isatty() and (now - last[0] > 0.5 or done == total):
            last[0] = now
            print(f"\r{done:,} / {total:,} customers", end="", file=sys.stderr, flush=True)

    created = generate_demo_shop(args.customers, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    _say(f"Made a demo shop of {created:,} customers in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def cmd_customers_add(args: argparse.Namespace) -> int:
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.core.validation import parse_birthday

    _open(args)
    try:
        month, day, year = parse_birthday(args.birthday or "")
    except ValueError as exc:
        from shopcrm.core.errors import ValidationError

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
        )
    )
    if args.json:
        _emit_json(card.to_json())
    else:
        print(f"Added customer {card.id}: {card.full_name}")
    return EXIT_OK


def cmd_customers_search(args: argparse.Namespace) -> int:
    from shopcrm.core import settings
    from shopcrm.core.customers import search_customers
    from shopcrm.core.validation import format_phone

    _open(args)
    if args.limit < 1:
        _say("error: --limit must be at least 1")
        return EXIT_USAGE
    results = search_customers(args.query, limit=args.limit)
    if args.json:
        _emit_json([r.to_json() for r in results])
        return EXIT_OK
    region = settings.phone_region()
    for r in results:
        phone = format_phone(r.phone, region)
        print(f"{r.id:>8}  {r.full_name:<36} {phone:<18} {r.email}")
    if not results:
        _say("No customer matches.")
    return EXIT_OK


def cmd_customers_show(args: argparse.Namespace) -> int:
    from shopcrm.core import notes
    from shopcrm.core.customers import get_card

    _open(args)
    card = get_card(args.id)
    pinned = notes.pinned_notes(card.id)
    if args.json:
        data = card.to_json()
        data["pinned_notes"] = [n.to_json() for n in pinned]
        data["notes"] = notes.note_count(card.id)
        _emit_json(data)
        return EXIT_OK
    print(f"{card.full_name} (customer {card.id}, since {card.since.date().isoformat()})")
    for label, value in (
        ("phone", card.phone),
        ("email", card.email),
        ("tags", ", ".join(card.tags)),
    ):
        if value:
            print(f"  {label}: {value}")
    for note in pinned:
        print(f"  ! {note.text}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from shopcrm.core.check import check_database

    _open(args)
    report = check_database()
    if args.json:
        _emit_json(
            {
                "ok": report.ok,
                "problems": report.problems,
                "schema_version": report.schema_version,
                "customers": report.customers,
            }
        )
    elif report.ok:
        print(f"ok: schema version {report.schema_version}, {report.customers:,} customers")
    else:
        for problem in report.problems:
            _say(f"problem: {problem}")
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_settings_show(args: argparse.Namespace) -> int:
    from shopcrm.config import SETTINGS
    from shopcrm.core import settings

    _open(args)
    values = {key: settings.get(key) for key in SETTINGS}
    if args.json:
        _emit_json(values)
    else:
        for key, value in values.items():
            print(f"{key} = {value}")
    return EXIT_OK


def cmd_settings_set(args: argparse.Namespace) -> int:
    from shopcrm.core import settings

    _open(args)
    value = settings.set_value(args.key, args.value)
    _say(f"{args.key} = {value}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from shopcrm.ui.app import run

    return run(args.db)


# -- parsing ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shopcrm",
        description="The customer app for the shop counter. With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"shopcrm {__version__}")
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH|URL",
        help="the shop's database: a SQLite file path (default: SHOPCRM_DB, or a file in the"
        " user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="make a realistic sample shop")
    demo.add_argument("--customers", type=int, default=500, help="how many (default 500)")
    demo.add_argument("--seed", type=int, default=None, help="same seed, same shop")
    demo.set_defaults(func=cmd_demo)

    customers = sub.add_parser("customers", help="add, find and show customers")
    csub = customers.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    add = csub.add_parser("add", help="add a customer")
    add.add_argument("--first-name", required=True)
    add.add_argument("--last-name")
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--birthday", help="YYYY-MM-DD or MM-DD")
    add.add_argument("--tag", action="append", help="a tag (repeat for more)")
    add.add_argument("--json", action="store_true", help="print the new customer as JSON")
    add.set_defaults(func=cmd_customers_add)
    search = csub.add_parser("search", help="find customers as the counter does")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")
    search.set_defaults(func=cmd_customers_search)
    show = csub.add_parser("show", help="show a customer's card")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_customers_show)

    check = sub.add_parser("check", help="integrity and foreign-key checks of the database")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    sets = sub.add_parser("settings", help="show or change the shop's settings")
    ssub = sets.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    sshow = ssub.add_parser("show")
    sshow.add_argument("--json", action="store_true")
    sshow.set_defaults(func=cmd_settings_show)
    sset = ssub.add_parser("set")
    sset.add_argument("key")
    sset.add_argument("value")
    sset.set_defaults(func=cmd_settings_set)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = args.db or default_database()
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    import peewee

    from shopcrm.core.errors import ShopError, ValidationError
    from shopcrm.db import DatabaseLocationError, SchemaTooNewError

    try:
        return func(args)
    except ValidationError as exc:
        for field, message in exc.errors.items():
            _say(f"error: {field.replace('_', ' ')}: {message}")
        return EXIT_ERROR
    except (ShopError, DatabaseLocationError, SchemaTooNewError) as exc:
        _say(f"error: {exc}")
        return EXIT_ERROR
    except peewee.DatabaseError as exc:
        _say(f"error: the database could not do that: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted; nothing half-written was kept")
        return 130
    finally:
        from shopcrm.db import close

        close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
