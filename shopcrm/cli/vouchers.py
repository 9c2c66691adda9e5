"""``shopcrm vouchers issue|redeem|list|show|print|void|void-batch``."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import calendar_day, field_value, integer, record_id, record_ids
from shopcrm.cli.command import Command, OneOf, arg
from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, money_context, say, shop_formats

if TYPE_CHECKING:
    from shopcrm.core.vouchers import (
        BatchSummary,
        IssuedBatch,
        PrintJob,
        Redemption,
        VoucherRefused,
        VoucherValue,
        VoucherView,
    )

FAMILIES = {"vouchers": "issue, print and redeem thank-you vouchers"}
RULE_NAMES = ("regulars", "top-spenders", "birthdays", "lapsed", "hand-picked")
LAYOUTS = ("a4", "letter", "single", "receipt")


@dataclass(frozen=True)
class Printed:
    path: Path
    job: PrintJob
    pages: int


def _value(args: argparse.Namespace) -> VoucherValue:
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.money import parse_amount
    from shopcrm.core.vouchers import VoucherValue

    if args.percent is not None:
        return VoucherValue.percent_off(args.percent)
    if args.item is not None:
        return VoucherValue.free_item(args.item)
    try:
        return VoucherValue.amount(parse_amount(args.value, *money_context()))
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from None


def _print(target: Path, layout: str, **which: Any) -> Printed:
    """Draw the vouchers into ``target`` (written whole), then count the print."""
    from shopcrm.cli.output_file import written_whole
    from shopcrm.core.vouchers import mark_printed, prepare

    job = prepare(**which)
    with written_whole(target) as temporary:
        pages = job.render(str(temporary), layout)
    mark_printed(job.voucher_ids)
    return Printed(target, job, pages)


def issue(args: argparse.Namespace) -> tuple[IssuedBatch, Printed | None]:
    from shopcrm.cli.output_file import checked_output
    from shopcrm.core import vouchers

    target = checked_output(args.out, force=args.force) if args.out is not None else None
    spec = vouchers.RuleSpec(
        rule=args.rule.replace("-", "_"),
        month=vouchers.parse_month(args.month),
        min_visits=args.min_visits,
        window=args.window,
        top=args.top,
        lapsed_days=args.lapsed_days,
        customer_ids=args.customers or (),
    )
    draft = vouchers.BatchDraft(
        rule=spec,
        value=_value(args),
        expires_on=field_value("expires", calendar_day, args.expires),
        message_template=args.message if args.message is not None else vouchers.DEFAULT_TEMPLATE,
        name=args.name or "",
        leave_out_holders=args.leave_out_holders,
    )
    batch = vouchers.issue_batch(draft, staff_id=args.staff_id, again=args.again, owner=args.owner)
    _say_holders(batch)
    printed = _print(target, args.layout, batch_id=batch.batch_id) if target else None
    return batch, printed


def _say_holders(batch: IssuedBatch) -> None:
    """On stderr, in text and JSON mode alike (the JSON stays the list of vouchers)."""
    number = shop_formats().number
    if batch.holders:
        say(
            f"note: {number(batch.holders)} of them already held a live voucher issued this"
            " month (--leave-out-holders leaves such customers out)"
        )
    if batch.holders_left_out:
        say(
            f"left out {number(batch.holders_left_out)} who already hold a live voucher issued"
            " this month"
        )


def show_issued(result: tuple[IssuedBatch, Printed | None], args: argparse.Namespace) -> None:
    batch, printed = result
    shop = shop_formats()
    count = shop.count(len(batch.vouchers), "voucher", "vouchers")
    print(f"Issued {batch.name!r}: {count} (batch {batch.batch_id})")
    if printed:
        pages = shop.count(printed.pages, "page", "pages")
        print(f"Wrote {printed.path} ({pages}, {args.layout})")


def redeem(args: argparse.Namespace) -> Redemption | VoucherRefused:
    from shopcrm.core.vouchers import VoucherRefused, redeem

    try:
        return redeem(
            args.code, staff_id=args.staff_id, visit_id=args.visit, log_visit=args.log_visit
        )
    except VoucherRefused as refused:  # an answer at the counter, with its reason (JSON too)
        return refused


def show_redeemed(result: Redemption | VoucherRefused, _: argparse.Namespace) -> None:
    from shopcrm.core.vouchers import VoucherRefused

    if isinstance(result, VoucherRefused):
        say(f"refused ({result.reason.replace('_', ' ')}): {result}")
        return
    voucher = result.voucher
    visit = f", visit {result.visit_id}" if result.visit_id else ""
    print(
        f"Redeemed {voucher.grouped_code}: {voucher.value_text} for {voucher.customer_name}{visit}"
    )


def _redeem_json(result: Redemption | VoucherRefused) -> object:
    from shopcrm.core.vouchers import VoucherRefused

    if isinstance(result, VoucherRefused):
        say(f"refused ({result.reason.replace('_', ' ')}): {result}")
    return result.to_json()


def _redeemed_exit(result: Redemption | VoucherRefused) -> int:
    from shopcrm.core.vouchers import VoucherRefused

    return EXIT_ERROR if isinstance(result, VoucherRefused) else EXIT_OK


def listing(args: argparse.Namespace) -> list[VoucherView] | list[BatchSummary]:
    from shopcrm.core import vouchers

    if args.batch is not None:
        return vouchers.batch_vouchers(args.batch)
    return vouchers.list_batches()


def show_listing(items: list[Any], args: argparse.Namespace) -> None:
    if args.batch is not None:
        for v in items:
            print(f"{v.grouped_code}  {v.status:<9} {v.customer_name}")
        return
    if not items:
        print("No voucher batches yet.")
    shop = shop_formats()
    for b in items:
        state = "  VOIDED" if b.batch_voided else ""
        counts = f"issued {shop.number(b.issued)}, redeemed {shop.number(b.redeemed)}"
        print(
            f"{b.id:>4}  {b.name}  ({b.rule_text}; {b.value_text}; until {shop.date(b.expires_on)})"
            f"  {counts} ({shop.percent(b.redemption_rate)}){state}"
        )


def show_one(voucher: VoucherView, _: argparse.Namespace) -> None:
    print(f"{voucher.grouped_code}  {voucher.status}")
    until = shop_formats().date(voucher.expires_on)
    print(f"  {voucher.customer_name}: {voucher.value_text}, until {until}")
    print(f"  batch {voucher.batch_id}: {voucher.batch_name}")


def reprint(args: argparse.Namespace) -> Printed:
    from shopcrm.cli.output_file import checked_output
    from shopcrm.core.vouchers import get_voucher

    target = checked_output(args.out, force=args.force)
    ids = [get_voucher(code).id for code in args.codes] if args.codes else None
    return _print(target, args.layout, batch_id=None if ids else args.batch, voucher_ids=ids)


def show_printed(printed: Printed, _: argparse.Namespace) -> None:
    job, shop = printed.job, shop_formats()
    copies = f", {shop.number(job.copies)} marked COPY" if job.copies else ""
    count = shop.count(len(job.voucher_ids), "voucher", "vouchers")
    print(f"Wrote {printed.path}: {count}, {shop.count(printed.pages, 'page', 'pages')}{copies}")


def void(args: argparse.Namespace) -> VoucherView:
    from shopcrm.core.vouchers import void_voucher

    return void_voucher(args.code, args.reason, staff_id=args.staff_id, owner=args.owner)


def void_batch(args: argparse.Namespace) -> BatchSummary:
    from shopcrm.core.vouchers import void_batch

    return void_batch(args.batch_id, args.reason, staff_id=args.staff_id, owner=args.owner)


def show_voided_batch(batch: BatchSummary, _: argparse.Namespace) -> None:
    print(
        f"Voided batch {batch.id} {batch.name!r}:"
        f" {shop_formats().count(batch.voided, 'unredeemed voucher', 'unredeemed vouchers')}"
        " can no longer be used"
    )


LAYOUT = arg(
    "--layout",
    choices=LAYOUTS,
    default="a4",
    help="sheet of 8 cards (A4 or US Letter), one per page, or 80 mm receipt (default a4)",
)
FORCE = arg("--force", action="store_true", help="replace the PDF if it exists")

COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("vouchers", "issue"),
        "issue a batch (one transaction) and print it",
        issue,
        args=(
            arg("--month", required=True, help="the month of the run, YYYY-MM"),
            arg("--rule", choices=RULE_NAMES, default="regulars"),
            arg("--min-visits", type=integer, default=4, help="regulars/lapsed (default 4)"),
            arg(
                "--window",
                choices=("month", "90days"),
                default="month",
                help="regulars: count visits in the month or in the 90 days to its end",
            ),
            arg("--top", type=integer, default=20, help="top spenders: how many (default 20)"),
            arg("--lapsed-days", type=integer, default=60, help="lapsed: days without a visit"),
            arg("--customers", type=record_ids, help="hand-picked: customer ids, e.g. 12,40,51"),
            OneOf(
                (
                    arg("--value", help="an amount off, e.g. 5.00"),
                    arg("--percent", type=integer, help="a percentage off, 1-100"),
                    arg("--item", help="a free item, in words"),
                ),
                required=True,
            ),
            arg("--expires", required=True, help="last valid day, YYYY-MM-DD"),
            arg("--message", help="template with {first_name} {visits} {month} {shop}…"),
            arg("--name", help="the batch's name (default e.g. 'November 2026 thank-you')"),
            arg(
                "--again",
                action="store_true",
                help="the month and rule were issued before: send to those who did not get one",
            ),
            arg(
                "--leave-out-holders",
                action="store_true",
                help="leave out customers who hold a live voucher issued this month already",
            ),
            LAYOUT,
            arg("--out", metavar="FILE.pdf", help="write the vouchers to this PDF"),
            FORCE,
        ),
        owner=True,
        json=lambda result: [voucher.to_json() for voucher in result[0].vouchers],
        text=show_issued,
        json_help="print the issued vouchers as JSON",
    ),
    Command(
        ("vouchers", "redeem"),
        "redeem a code (exit 0 only when redeemed)",
        redeem,
        args=(
            arg("code"),
            arg("--visit", type=record_id, help="the visit it was used at"),
            arg("--log-visit", action="store_true", help="log a visit with it"),
        ),
        staff=True,
        json=_redeem_json,
        text=show_redeemed,
        exit_code=_redeemed_exit,
    ),
    Command(
        ("vouchers", "list"),
        "batches with their counts, or one batch's vouchers",
        listing,
        args=(arg("--batch", type=record_id, help="list this batch's vouchers"),),
        json=lambda items: [item.to_json() for item in items],
        text=show_listing,
    ),
    Command(
        ("vouchers", "show"),
        "one voucher and its state",
        lambda args: _get_voucher(args.code),
        args=(arg("code"),),
        json=lambda voucher: voucher.to_json(),
        text=show_one,
    ),
    Command(
        ("vouchers", "print"),
        "print (again) a batch or some vouchers to a PDF",
        reprint,
        args=(
            arg("batch", type=record_id, nargs="?", help="the batch id"),
            arg("--code", dest="codes", action="append", help="a voucher (repeatable)"),
            LAYOUT,
            arg("--out", required=True, metavar="FILE.pdf"),
            FORCE,
        ),
        text=show_printed,
    ),
    Command(
        ("vouchers", "void"),
        "void a voucher so it can no longer be redeemed",
        void,
        args=(arg("code"), arg("--reason", required=True)),
        owner=True,
        json=lambda voucher: voucher.to_json(),
        text=lambda voucher, _: print(f"Voided {voucher.grouped_code} ({voucher.customer_name})"),
    ),
    Command(
        ("vouchers", "void-batch"),
        "void every unredeemed voucher of a batch",
        void_batch,
        args=(arg("batch_id", type=record_id), arg("--reason", required=True)),
        owner=True,
        json=lambda batch: batch.to_json(),
        text=show_voided_batch,
    ),
)


def _get_voucher(code: str) -> VoucherView:
    from shopcrm.core.vouchers import get_voucher

    return get_voucher(code)
