"""``shopcrm import FILE``: customers from another system's export or a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, say, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.importing import ImportReport

FAMILIES: dict[str, str] = {}
#: Rows listed one by one in the text output (all of them are in --json).
SHOWN = 20


def run_import(args: argparse.Namespace) -> ImportReport:
    from shopcrm.cli.progress_bar import ProgressBar
    from shopcrm.core.importing import ImportOptions, import_customers, parse_map

    options = ImportOptions(
        preset=args.preset,
        mapping=parse_map(args.map) if args.map else {},
        encoding=args.encoding,
        delimiter=args.delimiter,
        dry_run=args.dry_run,
        skip_bad=args.skip_bad,
    )
    label = "Checking" if args.dry_run else "Importing"
    with ProgressBar(label, shop_formats().percent) as bar:
        return import_customers(
            Path(args.file).expanduser(),
            options,
            staff_id=args.staff_id,
            progress=bar if bar.shown else None,
        )


def show(report: ImportReport, _: argparse.Namespace) -> None:
    shop = shop_formats()
    for bad in report.bad[:SHOWN]:
        say(f"line {bad.line}: {bad.reason}")
    if report.bad_count > SHOWN:
        say(f"... and {shop.number(report.bad_count - SHOWN)} more bad rows (see --json)")
    for dup in report.duplicates[:SHOWN]:
        say(f"line {dup.line}: possible duplicate: {dup.reason}")
    if report.duplicate_count > SHOWN:
        say(f"... and {shop.number(report.duplicate_count - SHOWN)} more possible duplicates")
    counts = (
        f"{shop.number(report.new)} new, {shop.number(report.updated)} updated,"
        f" {shop.number(report.unchanged)} unchanged, {shop.number(report.duplicate_count)}"
        f" possible duplicates, {shop.number(report.bad_count)} bad"
        f" ({report.preset}, {report.encoding})"
    )
    if report.dry_run:
        print(f"Dry run, nothing imported: {counts}")
    elif report.imported:
        skipped = " (bad rows skipped)" if report.bad_count else ""
        print(f"Imported: {counts}{skipped}")
    else:
        print(f"Nothing imported: {counts}. Fix the bad rows, or leave them out with --skip-bad")


def _exit(report: ImportReport) -> int:
    return EXIT_OK if report.imported or (report.dry_run and not report.bad_count) else EXIT_ERROR


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("import",),
        "import customers from a CSV file (Square, Shopify or a spreadsheet)",
        run_import,
        args=(
            arg("file", metavar="FILE", help="the CSV file"),
            arg(
                "--preset",
                choices=("square", "shopify", "generic"),
                help="the kind of file (default: guessed from its columns)",
            ),
            arg(
                "--map",
                metavar="COLUMN=field,...",
                help="which column is which field, e.g. --map 'Handy=phone,Kundennr=external_id'"
                " (fields: first_name last_name name company nickname phone phone_alt email"
                " birthday note tags email_consent sms_consent post_consent vouchers_consent"
                " email_unsubscribed do_not_contact external_id visits first_visit last_visit"
                " spent erased ignore)",
            ),
            arg("--delimiter", metavar="X", help="the delimiter: , ; tab or | (default: sniffed)"),
            arg(
                "--encoding",
                metavar="E",
                help="the file's encoding, e.g. utf-8, cp1252, latin-1 (default: detected)",
            ),
            arg("--dry-run", action="store_true", help="check and count, import nothing"),
            arg(
                "--skip-bad",
                action="store_true",
                help="import the good rows and list the bad ones (default: one bad row stops"
                " the import)",
            ),
        ),
        json=lambda report: report.to_json(),
        text=show,
        staff=True,
        exit_code=_exit,
    ),
)
