"""``shopcrm init``: set up a new shop from the command line, as the app's first-run page does
(:func:`shopcrm.core.first_start.set_up_shop`, the same one transaction).

Every answer is checked before the database is opened, so a typo in ``--currency`` leaves no
new empty file behind; a shop that already holds data is refused and stays as it was.
Currency, locale and region default to what the computer's own locale suggests.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import say

if TYPE_CHECKING:
    from shopcrm.core.first_start import SetUpShop

FAMILIES: dict[str, str] = {}


def init(args: argparse.Namespace) -> tuple[SetUpShop, str]:
    from shopcrm.config import currency_for_region, locale_from_system, region_from_locale
    from shopcrm.core.first_start import ShopSetup, check_setup, set_up_shop
    from shopcrm.db import open_database, parse_location

    pin = ""
    if args.pin:
        if not args.owner:
            from shopcrm.cli.arguments import UsageError

            raise UsageError("--pin sets the owner's PIN: name the owner with --owner")
        from shopcrm.cli.owner_pin import new_pin

        pin = new_pin()
    setup = ShopSetup(
        name=args.name,
        currency=args.currency if args.currency is not None else currency_for_region(),
        locale=args.locale if args.locale is not None else locale_from_system(),
        region=args.region if args.region is not None else region_from_locale(),
        owner=args.owner or "",
        pin=pin,
        loyalty=args.loyalty,
    )
    check_setup(setup)  # before the file is made: a refused answer leaves nothing behind
    location = parse_location(args.db)
    open_database(location)
    return set_up_shop(setup), location.describe()


def _json(result: tuple[SetUpShop, str]) -> dict[str, object]:
    done, where = result
    shop = done.settings
    return {
        "database": where,
        "shop_name": shop.shop_name,
        "currency": shop.currency,
        "locale": shop.locale,
        "phone_region": shop.phone_region,
        "loyalty": done.loyalty,
        "owner": done.owner.to_json() if done.owner else None,
        "pin_set": done.pin_set,
    }


def _text(result: tuple[SetUpShop, str], _: argparse.Namespace) -> None:
    done, where = result
    shop = done.settings
    owner = f", owner {done.owner.name}" if done.owner else ""
    pin = " (PIN set)" if done.pin_set else ""
    say(
        f"Set up {shop.shop_name} in {where}: {shop.currency}, {shop.locale},"
        f" phones {shop.phone_region}{owner}{pin}."
    )


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("init",),
        "set up a new shop: its name, currency, language and formats, phone region, owner",
        init,
        args=(
            arg("--name", required=True, help="the shop's name"),
            arg("--currency", help="ISO code, e.g. GBP, EUR (default: the computer's region's)"),
            arg("--locale", help="language and formats, e.g. en_GB, de_CH (default: the system's)"),
            arg("--region", help="the phone region, e.g. GB, CH (default: the system's)"),
            arg("--owner", metavar="NAME", help="the owner's name (the shop's first staff member)"),
            arg(
                "--pin",
                action="store_true",
                help="set the owner's PIN too, from $SHOPCRM_NEW_PIN (or asked twice)",
            ),
            arg(
                "--loyalty",
                default="stamps-and-points",
                metavar="PRESET",
                help="the loyalty scheme to start from: stamps-and-points (the default),"
                " stamp-card, points or none",
            ),
        ),
        database=False,
        json=_json,
        text=_text,
    ),
)
