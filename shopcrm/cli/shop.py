"""``shopcrm demo``, ``check``, ``maintenance``, ``settings show|set`` and
``staff list|add|set-pin``."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import staff_reference, whole_number
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, say, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.check import CheckReport
    from shopcrm.core.settings import ShopSettings
    from shopcrm.core.staff import StaffMember

FAMILIES = {
    "settings": "show or change the shop's settings",
    "staff": "the people who work the till",
}
MAX_DEMO_CUSTOMERS = 1_000_000


def demo(args: argparse.Namespace) -> str:
    from shopcrm.demo.shop import generate_demo_shop
    from shopcrm.demo.vouchers import add_demo_vouchers

    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if sys.stderr.isatty() and (now - last[0] > 0.5 or done == total):
            last[0] = now
            shop = shop_formats()
            line = f"\r{shop.number(done)} / {shop.count(total, 'customer', 'customers')}"
            print(line, end="", file=sys.stderr, flush=True)

    created = generate_demo_shop(args.customers, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    issued = add_demo_vouchers(created, seed=args.seed or 0)
    shop = shop_formats()
    vouchers = f" and {shop.count(issued, 'voucher', 'vouchers')}" if issued else ""
    took = shop.number(round(time.perf_counter() - started, 1))
    return (
        f"Made a demo shop of {shop.count(created, 'customer', 'customers')}{vouchers} in {took} s."
    )


def check(args: argparse.Namespace) -> CheckReport:
    from shopcrm.cli.progress_bar import ProgressBar
    from shopcrm.core.check import check_database

    label = "Checking the database in full" if args.full else "Checking the database"
    with ProgressBar(label, shop_formats().percent) as bar:
        return check_database(progress=bar if bar.shown else None, full=args.full)


def show_check(report: CheckReport, _: argparse.Namespace) -> None:
    if report.ok:
        customers = shop_formats().count(report.customers, "customer", "customers")
        depth = "full check" if report.full else "quick check; --full for the deep one"
        print(f"ok: schema version {report.schema_version}, {customers} ({depth})")
    for problem in report.problems:
        say(f"problem: {problem}")


def maintenance(_: argparse.Namespace) -> int:
    from shopcrm.core.ranking import refresh_stale_ranks

    return refresh_stale_ranks()


def settings_show(_: argparse.Namespace) -> ShopSettings:
    from shopcrm.core import settings

    return settings.load()


def show_settings(shop: ShopSettings, _: argparse.Namespace) -> None:
    from shopcrm.core import settings

    texts = settings.as_text(shop)
    width = max(map(len, settings.SETTINGS))
    for key, spec in settings.SETTINGS.items():
        print(f"{key:<{width}}  {texts[key]:<28}  {spec.title}")


def settings_set(args: argparse.Namespace) -> str:
    from shopcrm.core import settings

    shop = settings.set_many({args.key: args.value}, owner=args.owner, by=args.staff_id)
    return f"{args.key} = {settings.as_text(shop)[args.key]}"


def staff_list(_: argparse.Namespace) -> list[StaffMember]:
    from shopcrm.core.staff import list_staff

    return list_staff(include_inactive=True)


def show_staff(members: list[StaffMember], _: argparse.Namespace) -> None:
    for m in members:
        print(f"{m.id:>4}  {m.name:<30} {m.role:<8} {'' if m.active else '(inactive)'}")


def staff_add(args: argparse.Namespace) -> StaffMember:
    from shopcrm.core.staff import add_staff

    return add_staff(args.name, args.role, owner=args.owner, staff_id=args.staff_id)


def staff_set_pin(args: argparse.Namespace) -> StaffMember:
    from shopcrm.cli.owner_pin import set_pin

    return set_pin(args.name, args.staff_id)


def _tell(message: str, _: argparse.Namespace) -> None:
    say(message)


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("demo",),
        "make a realistic sample shop",
        demo,
        args=(
            arg(
                "--customers",
                type=whole_number(1, MAX_DEMO_CUSTOMERS),
                default=500,
                help="how many (default 500)",
            ),
            arg("--seed", type=whole_number(0, 2**63 - 1), help="same seed, same shop"),
        ),
        text=_tell,
    ),
    Command(
        ("check",),
        "check the database: its file, its links, the search index, the loyalty ledger",
        check,
        args=(
            arg(
                "--full",
                action="store_true",
                help="the deep checks too: every index against its table, the search index"
                " entry by entry, every loyalty ledger (minutes at a million customers;"
                " without it, seconds)",
            ),
        ),
        json=lambda report: {
            "ok": report.ok,
            "problems": report.problems,
            "schema_version": report.schema_version,
            "customers": report.customers,
        },
        text=show_check,
        exit_code=lambda report: EXIT_OK if report.ok else EXIT_ERROR,
    ),
    Command(
        ("maintenance",),
        "bring search ranks up to date as old visits age out (safe any time)",
        maintenance,
        json=lambda moved: {"ranks_changed": moved},
        text=lambda moved, _: print(
            "Search ranks brought up to date:"
            f" {shop_formats().count(moved, 'customer', 'customers')} moved."
        ),
    ),
    Command(
        ("settings", "show"),
        "every setting with its value",
        settings_show,
        json=lambda shop: {
            key: list(map(list, value)) if isinstance(value, tuple) else value
            for key, value in shop.as_dict().items()
        },
        text=show_settings,
    ),
    Command(
        ("settings", "set"),
        "change a setting (checked; a bad value is refused)",
        settings_set,
        args=(arg("key"), arg("value")),
        owner=True,
        text=_tell,
    ),
    Command(
        ("staff", "list"),
        "everyone who works the till, or did",
        staff_list,
        json=lambda members: [m.to_json() for m in members],
        text=show_staff,
    ),
    Command(
        ("staff", "add"),
        "add someone who works the till",
        staff_add,
        args=(arg("name"), arg("--role", default="cashier", choices=("cashier", "owner"))),
        owner=True,
        json=lambda member: member.to_json(),
        text=lambda m, _: print(f"Added {m.name} ({m.role}), staff id {m.id}"),
    ),
    Command(
        ("staff", "set-pin"),
        "set an owner's PIN (the new one from $SHOPCRM_NEW_PIN or asked twice; changing it"
        " needs the old one, from $SHOPCRM_PIN or asked)",
        staff_set_pin,
        args=(arg("name", type=staff_reference, metavar="NAME|ID", help="the owner"),),
        staff=True,
        json=lambda member: {"id": member.id, "name": member.name, "pin_set": True},
        text=lambda m, _: say(f"{m.name}'s owner PIN is set."),
    ),
)
