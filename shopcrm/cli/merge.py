"""``shopcrm customers duplicates|merge|unmerge``: duplicates of a customer, merging one into
another and undoing it (both owner-only: ``--staff`` an owner and ``SHOPCRM_PIN``). Listed
with the ``customers`` family's commands (:mod:`.customers`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import record_id
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import say

if TYPE_CHECKING:
    from shopcrm.core.merging import Duplicate, MergeView


def duplicates(args: argparse.Namespace) -> list[Duplicate]:
    from shopcrm.core.customers import get_card
    from shopcrm.core.merging import possible_duplicates

    card = get_card(args.id)
    return possible_duplicates(
        card.first_name, card.last_name, card.phone, card.email, exclude_id=card.id
    )


def show_duplicates(found: list[Duplicate], _: argparse.Namespace) -> None:
    for d in found:
        print(f"{d.id:>8}  {d.full_name:<32} {d.reason}")
    if not found:
        say("No possible duplicate.")


def merge(args: argparse.Namespace) -> MergeView:
    from shopcrm.core.merging import merge_customers

    return merge_customers(args.keep_id, args.other_id, owner=args.owner, staff_id=args.staff_id)


def unmerge(args: argparse.Namespace) -> MergeView:
    from shopcrm.core.merging import unmerge

    return unmerge(args.merge_id, owner=args.owner, staff_id=args.staff_id)


def _moved(view: MergeView) -> str:
    return ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in view.moved.items() if n)


def show_merge(view: MergeView, _: argparse.Namespace) -> None:
    print(
        f"Merge {view.id}: customer {view.other_id} ({view.other_name}) merged into"
        f" customer {view.keep_id}; moved {_moved(view) or 'nothing'}."
    )
    if view.filled:
        print(f"  filled in: {', '.join(view.filled)}")
    print(f"  undo with: shopcrm customers unmerge {view.id}")


def show_unmerge(view: MergeView, _: argparse.Namespace) -> None:
    print(
        f"Merge {view.id} undone: customer {view.other_id} ({view.other_name}) is back,"
        f" with {_moved(view) or 'nothing'}."
    )
    if view.kept_as_changed:
        print(f"  changed since the merge, left as they are: {', '.join(view.kept_as_changed)}")


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("customers", "duplicates"),
        "customers who may be the same person as this one",
        duplicates,
        args=(arg("id", type=record_id),),
        json=lambda found: [d.to_json() for d in found],
        text=show_duplicates,
        json_help="print a JSON array, surest first",
    ),
    Command(
        ("customers", "merge"),
        "merge customer OTHER_ID into KEEP_ID (owner-only; undo with unmerge)",
        merge,
        args=(
            arg("keep_id", type=record_id, metavar="KEEP_ID"),
            arg("other_id", type=record_id, metavar="OTHER_ID"),
        ),
        owner=True,
        json=lambda view: view.to_json(),
        text=show_merge,
    ),
    Command(
        ("customers", "unmerge"),
        "undo a merge: every row it moved goes back (owner-only)",
        unmerge,
        args=(arg("merge_id", type=record_id, metavar="MERGE_ID"),),
        owner=True,
        json=lambda view: view.to_json(),
        text=show_unmerge,
    ),
)
