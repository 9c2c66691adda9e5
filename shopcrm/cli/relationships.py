"""``shopcrm today`` (who to greet, call back or win back today) and ``shopcrm segments``
(how many customers each segment holds).

Both first catch up on the customers whose segment time has moved on (or that an upgrade or
a settings change left to recompute): the same batched work the app does off the GUI thread
when it opens, so the command answers about the shop as it is today.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import calendar_day
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import shop_formats

if TYPE_CHECKING:
    from shopcrm.core.segments.bulk import MailingList
    from shopcrm.core.today import Today

FAMILIES: dict[str, str] = {"segment": "act on one segment's customers: tag, mailing export"}

TITLES = {
    "birthdays": "Birthdays this week",
    "followups_due": "Follow-ups due",
    "late_regulars": "Regulars who are late",
    "vouchers_expiring": "Vouchers expiring in 14 days",
    "complaints_overdue": "Complaints past their target",
}


def _catch_up() -> None:
    from shopcrm.core.segments import refresh_due

    refresh_due()


def today(args: argparse.Namespace) -> Today:
    from shopcrm.core.today import today_page
    from shopcrm.core.vouchers.views import local_today

    _catch_up()
    return today_page(args.date or local_today())


def show_today(page: Today, _: argparse.Namespace) -> None:
    shop = shop_formats()
    print(f"Today, {shop.date(page.day)}")
    for key, rows in page.sections.items():
        print(f"\n{TITLES.get(key, key)}: {shop.number(len(rows))}")
        for row in rows:
            print(f"  {row.customer_id:>8}  {row.name}  — {row.reason}")


def sizes(_: argparse.Namespace) -> dict[str, int]:
    from shopcrm.core.segments import segment_sizes

    _catch_up()
    return segment_sizes()


def show_sizes(counts: dict[str, int], _: argparse.Namespace) -> None:
    shop = shop_formats()
    for name, count in counts.items():
        print(f"{name.replace('_', ' '):<12} {shop.number(count):>12}")


def segment_name(text: str) -> str:
    from shopcrm.core.segments import SEGMENTS

    if text not in SEGMENTS:
        raise argparse.ArgumentTypeError(f"a segment is one of {', '.join(SEGMENTS)}")
    return text


def export(args: argparse.Namespace) -> MailingList:
    from shopcrm.cli.output_file import checked_output, written_whole
    from shopcrm.core.segments.bulk import mailing_list

    target = checked_output(args.out, force=args.force)
    _catch_up()
    mailing = mailing_list(args.segment, owner=args.owner)
    with written_whole(target) as temporary:
        temporary.write_text(mailing.csv_text(), encoding="utf-8")
    return mailing


def show_export(mailing: MailingList, args: argparse.Namespace) -> None:
    shop = shop_formats()
    print(
        f"Wrote {shop.count(len(mailing.rows), 'customer', 'customers')} to {args.out};"
        f" left out {shop.number(mailing.left_out_do_not_contact)} who asked not to be"
        f" contacted, {shop.number(mailing.left_out_no_email)} with no email and"
        f" {shop.number(mailing.left_out_no_email_consent)} who never said yes to email."
    )


def tag(args: argparse.Namespace) -> dict[str, object]:
    from shopcrm.core.segments.bulk import tag_segment

    _catch_up()
    added = tag_segment(args.segment, args.tag, staff_id=args.staff_id)
    return {"segment": args.segment, "tag": args.tag, "tagged": added}


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("today",),
        "birthdays this week, late regulars, expiring vouchers, follow-ups due",
        today,
        args=(
            arg(
                "--date",
                type=calendar_day,
                metavar="YYYY-MM-DD",
                help="the day to list (default: today)",
            ),
        ),
        json=lambda page: page.to_json(),
        text=show_today,
        json_help="print an object with a list per section",
    ),
    Command(
        ("segments",),
        "how many customers each segment holds",
        sizes,
        json=lambda counts: counts,
        text=show_sizes,
        json_help="print an object: segment → number of customers",
    ),
    Command(
        ("segment", "export"),
        "write a segment's customers as CSV for a mailing tool (owner only;"
        " do-not-contact customers are left out)",
        export,
        args=(
            arg("segment", type=segment_name),
            arg("--out", required=True, metavar="FILE", help="the CSV file to write"),
            arg("--force", action="store_true", help="replace the file if it exists"),
        ),
        owner=True,
        json=lambda mailing: mailing.to_json(),
        text=show_export,
    ),
    Command(
        ("segment", "tag"),
        "give every customer of a segment a tag",
        tag,
        args=(arg("segment", type=segment_name), arg("tag")),
        staff=True,
        json=lambda result: result,
        text=lambda result, _: print(
            f"Tagged {shop_formats().number(result['tagged'])} more customers {result['tag']!r}."
        ),
    ),
)
