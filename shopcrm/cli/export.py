"""``shopcrm export``: the shop's data taken out, or the mailing list (owner only)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.command import Command, OneOf, arg

if TYPE_CHECKING:
    from shopcrm.core.export import ExportResult, MailingListResult

FAMILIES: dict[str, str] = {}


def export(args: argparse.Namespace) -> ExportResult | MailingListResult:
    from shopcrm.core.export import export_mailing_list, export_shop

    if args.mailing_list is not None:
        return export_mailing_list(
            args.mailing_list, replace=args.force, owner=args.owner, staff_id=args.staff_id
        )
    from shopcrm.cli.output import shop_formats
    from shopcrm.cli.progress_bar import ProgressBar

    with ProgressBar("Exporting", shop_formats().percent) as bar:
        return export_shop(
            args.to, args.format, owner=args.owner, staff_id=args.staff_id, progress=bar
        )


def show(result: ExportResult | MailingListResult, _: argparse.Namespace) -> None:
    from shopcrm.core.export import ExportResult

    if isinstance(result, ExportResult):
        print(f"Exported into {result.folder}:")
        for name, rows in result.rows.items():
            print(f"  {name}: {rows} rows")
    else:
        print(f"Wrote {result.customers} customers who said yes to email into {result.file}")


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("export",),
        "take the shop's data out as CSV or JSON, or the mailing list (owner only)",
        export,
        args=(
            OneOf(
                (
                    arg("--to", metavar="DIR", help="a new export folder is made in DIR"),
                    arg(
                        "--mailing-list",
                        metavar="FILE",
                        help="a CSV of the customers who said yes to email",
                    ),
                ),
                required=True,
            ),
            arg("--format", choices=("csv", "json"), default="csv"),
            arg("--force", action="store_true", help="replace the mailing list FILE"),
        ),
        owner=True,
        json=lambda result: result.to_json(),
        text=show,
    ),
)
