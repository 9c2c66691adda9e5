"""``shopcrm customers consent|export|erase``: a customer's consent and privacy requests."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import UsageError, record_id
from shopcrm.cli.command import Command, OneOf, arg
from shopcrm.cli.output import say

if TYPE_CHECKING:
    from shopcrm.core.privacy.consent import ConsentState
    from shopcrm.core.privacy.erasure import Erasure

CHANNELS = ("email", "sms", "post", "vouchers")  # core.privacy.consent.CHANNELS


def consent(args: argparse.Namespace) -> ConsentState:
    from shopcrm.core.privacy.consent import set_consent

    return set_consent(
        args.id, {args.channel: bool(args.granted)}, source=args.source, staff_id=args.staff_id
    )


def show_consent(state: ConsentState, _: argparse.Namespace) -> None:
    words = {True: "granted", False: "withdrawn", None: "never asked"}
    print(", ".join(f"{c}: {words[v]}" for c, v in state.to_json().items()))
    if state.do_not_contact:
        print("(does not want to be contacted at all)")


def export_person(args: argparse.Namespace) -> dict[str, Any]:
    from shopcrm.core.privacy.person_export import export_person

    return export_person(args.id, owner=args.owner, staff_id=args.staff_id)


def show_export(data: dict[str, Any], _: argparse.Namespace) -> None:
    customer = data["customer"]
    print(f"Customer {customer['id']}: {customer['first_name']} {customer['last_name']}".strip())
    for part in ("notes", "visits", "loyalty", "vouchers", "consent_history", "audit"):
        print(f"  {part.replace('_', ' ')}: {len(data[part])}")
    say("add --json for everything, as JSON")


def erase(args: argparse.Namespace) -> Erasure:
    from shopcrm.core.privacy.erasure import erase_customer

    if not args.yes:
        raise UsageError("erasing cannot be undone: add --yes to erase this customer")
    return erase_customer(args.id, owner=args.owner, staff_id=args.staff_id)


def show_erasure(done: Erasure, _: argparse.Namespace) -> None:
    if done.already:
        print(f"Customer {done.customer_id} was already erased.")
        return
    print(f"Erased customer {done.customer_id}; their visits and loyalty stay, anonymous.")
    if not done.files_clean:
        say("warning: another till was reading: the database's log is emptied when it closes")
    if done.journal_problem:
        say(f"warning: {done.journal_problem}")


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("customers", "consent"),
        "record a customer's yes or no to a channel",
        consent,
        args=(
            arg("id", type=record_id),
            arg("--channel", required=True, choices=CHANNELS),
            OneOf(
                (
                    arg("--granted", action="store_true", default=None),
                    arg("--withdrawn", dest="granted", action="store_false"),
                ),
                required=True,
            ),
            arg("--source", required=True, help='where it came from, e.g. "paper form"'),
        ),
        staff=True,
        json=lambda state: state.to_json(),
        text=show_consent,
        json_help="print each channel's answer as JSON (true, false or null: never asked)",
    ),
    Command(
        ("customers", "export"),
        "everything the shop holds about a customer (owner only)",
        export_person,
        args=(arg("id", type=record_id),),
        owner=True,
        json=lambda data: data,
        text=show_export,
        json_help="print it all as JSON",
    ),
    Command(
        ("customers", "erase"),
        "erase a customer's personal data for good (owner only)",
        erase,
        args=(
            arg("id", type=record_id),
            arg("--yes", action="store_true", help="yes, erase them: this cannot be undone"),
        ),
        owner=True,
        json=lambda done: done.to_json(),
        text=show_erasure,
    ),
)
