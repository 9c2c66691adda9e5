"""``shopcrm demo``, ``check``, ``settings show|set`` and ``staff list|add``."""

from __future__ import annotations

import argparse
import sys
import time

from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, emit_json, open_db, say


def cmd_demo(args: argparse.Namespace) -> int:
    from shopcrm.demo.shop import generate_demo_shop
    from shopcrm.demo.vouchers import add_demo_vouchers

    open_db(args)
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
    issued = add_demo_vouchers(created, seed=args.seed or 0)
    vouchers = f" and {issued:,} vouchers" if issued else ""
    say(
        f"Made a demo shop of {created:,} customers{vouchers} in"
        f" {time.perf_counter() - started:.1f} s."
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from shopcrm.core.check import check_database

    open_db(args)
    report = check_database()
    if args.json:
        emit_json(
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
            say(f"problem: {problem}")
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_maintenance(args: argparse.Namespace) -> int:
    from shopcrm.core.ranking import refresh_stale_ranks

    open_db(args)
    moved = refresh_stale_ranks()
    if args.json:
        emit_json({"ranks_changed": moved})
    else:
        print(f"Search ranks brought up to date: {moved:,} customers moved.")
    return EXIT_OK


def cmd_settings_show(args: argparse.Namespace) -> int:
    from shopcrm.core import settings

    open_db(args)
    shop = settings.load()
    texts = settings.as_text(shop)
    if args.json:
        emit_json(
            {
                key: list(map(list, value)) if isinstance(value, tuple) else value
                for key, value in shop.as_dict().items()
            }
        )
    else:
        width = max(map(len, settings.SETTINGS))
        for key, spec in settings.SETTINGS.items():
            print(f"{key:<{width}}  {texts[key]:<28}  {spec.title}")
    return EXIT_OK


def cmd_settings_set(args: argparse.Namespace) -> int:
    from shopcrm.core import settings

    open_db(args)
    shop = settings.set_many({args.key: args.value})
    say(f"{args.key} = {settings.as_text(shop)[args.key]}")
    return EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    from shopcrm.core.staff import list_staff

    open_db(args)
    members = list_staff(include_inactive=True)
    if args.json:
        emit_json([m.to_json() for m in members])
    else:
        for m in members:
            print(f"{m.id:>4}  {m.name:<30} {m.role:<8} {'' if m.active else '(inactive)'}")
    return EXIT_OK


def cmd_staff_add(args: argparse.Namespace) -> int:
    from shopcrm.core.staff import add_staff

    open_db(args)
    member = add_staff(args.name, args.role)
    if args.json:
        emit_json(member.to_json())
    else:
        print(f"Added {member.name} ({member.role}), staff id {member.id}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="make a realistic sample shop")
    demo.add_argument("--customers", type=int, default=500, help="how many (default 500)")
    demo.add_argument("--seed", type=int, default=None, help="same seed, same shop")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="integrity and foreign-key checks of the database")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    upkeep = sub.add_parser(
        "maintenance", help="bring search ranks up to date as old visits age out (safe any time)"
    )
    upkeep.add_argument("--json", action="store_true")
    upkeep.set_defaults(func=cmd_maintenance)

    sets = sub.add_parser("settings", help="show or change the shop's settings")
    ssub = sets.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = ssub.add_parser("show", help="every setting with its value")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_settings_show)
    change = ssub.add_parser("set", help="change a setting (checked; a bad value is refused)")
    change.add_argument("key")
    change.add_argument("value")
    change.set_defaults(func=cmd_settings_set)

    staff = sub.add_parser("staff", help="the people who work the till")
    tsub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    listing = tsub.add_parser("list")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_staff_list)
    add = tsub.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", default="cashier", choices=("cashier", "owner"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_staff_add)
