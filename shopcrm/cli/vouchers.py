"""``shopcrm vouchers issue|redeem|list|show|print|void|void-batch``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, add_staff_option, emit_json, open_db, say
from shopcrm.cli.output import staff_id as chosen_staff

if TYPE_CHECKING:
    from shopcrm.core.vouchers import VoucherValue

RULE_NAMES = ("regulars", "top-spenders", "birthdays", "lapsed", "hand-picked")


def _value(args: argparse.Namespace) -> VoucherValue:
    from shopcrm.core import settings
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.money import parse_amount
    from shopcrm.core.vouchers import VoucherValue

    if args.percent is not None:
        return VoucherValue.percent_off(args.percent)
    if args.item is not None:
        return VoucherValue.free_item(args.item)
    shop = settings.load()
    try:
        minor = parse_amount(args.value, shop.currency, shop.locale)
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from None
    return VoucherValue.amount(minor)


def _expiry(text: str) -> date:
    from shopcrm.core.errors import ValidationError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError({"expires": f"a date is written YYYY-MM-DD, not {text!r}"}) from None


def _customer_ids(text: str | None) -> tuple[int, ...]:
    from shopcrm.core.errors import ValidationError

    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ValidationError({"customers": "customer ids separated by commas: 12,40,51"}) from None


def cmd_issue(args: argparse.Namespace) -> int:
    from shopcrm.core import vouchers
    from shopcrm.core.vouchers import DEFAULT_TEMPLATE, RuleSpec, parse_month, print_to_pdf

    open_db(args)
    spec = RuleSpec(
        rule=args.rule.replace("-", "_"),
        month=parse_month(args.month),
        min_visits=args.min_visits,
        window=args.window,
        top=args.top,
        lapsed_days=args.lapsed_days,
        customer_ids=_customer_ids(args.customers),
    )
    draft = vouchers.BatchDraft(
        rule=spec,
        value=_value(args),
        expires_on=_expiry(args.expires),
        message_template=args.message if args.message is not None else DEFAULT_TEMPLATE,
        name=args.name or "",
    )
    batch = vouchers.issue_batch(draft, staff_id=chosen_staff(args), again=args.again)
    pages = 0
    if args.out:
        _, pages = print_to_pdf(args.out, batch_id=batch.batch_id, layout=args.layout)
    if args.json:
        emit_json([voucher.to_json() for voucher in batch.vouchers])
    else:
        print(f"Issued {batch.name!r}: {len(batch.vouchers):,} vouchers (batch {batch.batch_id})")
        if args.out:
            print(f"Wrote {args.out} ({pages} pages, {args.layout})")
    return EXIT_OK


def cmd_redeem(args: argparse.Namespace) -> int:
    from shopcrm.core.vouchers import VoucherRefused, redeem

    open_db(args)
    try:
        done = redeem(
            args.code,
            staff_id=chosen_staff(args),
            visit_id=args.visit,
            log_visit=args.log_visit,
        )
    except VoucherRefused as exc:
        if args.json:
            emit_json(exc.to_json())
        say(f"refused ({exc.reason.replace('_', ' ')}): {exc}")
        return EXIT_ERROR
    if args.json:
        emit_json(done.to_json())
    else:
        voucher = done.voucher
        visit = f", visit {done.visit_id}" if done.visit_id else ""
        print(
            f"Redeemed {voucher.grouped_code}: {voucher.value_text} for"
            f" {voucher.customer_name}{visit}"
        )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from shopcrm.core import vouchers

    open_db(args)
    if args.batch is not None:
        items = vouchers.batch_vouchers(args.batch)
        if args.json:
            emit_json([item.to_json() for item in items])
            return EXIT_OK
        for v in items:
            print(f"{v.grouped_code}  {v.status:<9} {v.customer_name}")
        return EXIT_OK
    batches = vouchers.list_batches()
    if args.json:
        emit_json([batch.to_json() for batch in batches])
        return EXIT_OK
    if not batches:
        print("No voucher batches yet.")
    for b in batches:
        state = "  VOIDED" if b.batch_voided else ""
        print(
            f"{b.id:>4}  {b.name}  ({b.rule_text}; {b.value_text}; until {b.expires_on})"
            f"  issued {b.issued:,}, redeemed {b.redeemed:,} ({b.redemption_rate:.0%}){state}"
        )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from shopcrm.core.vouchers import get_voucher

    open_db(args)
    voucher = get_voucher(args.code)
    if args.json:
        emit_json(voucher.to_json())
    else:
        print(f"{voucher.grouped_code}  {voucher.status}")
        print(f"  {voucher.customer_name}: {voucher.value_text}, until {voucher.expires_on}")
        print(f"  batch {voucher.batch_id}: {voucher.batch_name}")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from shopcrm.core.vouchers import get_voucher, print_to_pdf

    open_db(args)
    ids = [get_voucher(code).id for code in args.codes] if args.codes else None
    job, pages = print_to_pdf(
        args.out, batch_id=None if ids else args.batch, voucher_ids=ids, layout=args.layout
    )
    copies = f", {job.copies} marked COPY" if job.copies else ""
    print(f"Wrote {args.out}: {len(job.voucher_ids):,} vouchers, {pages} pages{copies}")
    return EXIT_OK


def cmd_void(args: argparse.Namespace) -> int:
    from shopcrm.core.vouchers import void_voucher

    open_db(args)
    voucher = void_voucher(args.code, args.reason, staff_id=chosen_staff(args))
    if args.json:
        emit_json(voucher.to_json())
    else:
        print(f"Voided {voucher.grouped_code} ({voucher.customer_name})")
    return EXIT_OK


def cmd_void_batch(args: argparse.Namespace) -> int:
    from shopcrm.core.vouchers import void_batch

    open_db(args)
    batch = void_batch(args.batch_id, args.reason, staff_id=chosen_staff(args))
    if args.json:
        emit_json(batch.to_json())
    else:
        print(
            f"Voided batch {batch.id} {batch.name!r}:"
            f" {batch.voided:,} unredeemed vouchers can no longer be used"
        )
    return EXIT_OK


def _layout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layout",
        choices=("a4", "letter", "single", "receipt"),
        default="a4",
        help="sheet of 8 cards (A4 or US Letter), one per page, or 80 mm receipt (default a4)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("vouchers", help="issue, print and redeem thank-you vouchers")
    vsub = parser.add_subparsers(dest="vouchers_command", metavar="ACTION", required=True)

    issue = vsub.add_parser("issue", help="issue a batch (one transaction) and print it")
    issue.add_argument("--month", required=True, help="the month of the run, YYYY-MM")
    issue.add_argument("--rule", choices=RULE_NAMES, default="regulars")
    issue.add_argument("--min-visits", type=int, default=4, help="regulars/lapsed (default 4)")
    issue.add_argument(
        "--window",
        choices=("month", "90days"),
        default="month",
        help="regulars: count visits in the month or in the 90 days to its end",
    )
    issue.add_argument("--top", type=int, default=20, help="top spenders: how many (default 20)")
    issue.add_argument("--lapsed-days", type=int, default=60, help="lapsed: days without a visit")
    issue.add_argument("--customers", help="hand-picked: customer ids, e.g. 12,40,51")
    value = issue.add_mutually_exclusive_group(required=True)
    value.add_argument("--value", help="an amount off, e.g. 5.00")
    value.add_argument("--percent", type=int, help="a percentage off, 1-100")
    value.add_argument("--item", help="a free item, in words")
    issue.add_argument("--expires", required=True, help="last valid day, YYYY-MM-DD")
    issue.add_argument("--message", help="template with {first_name} {visits} {month} {shop}…")
    issue.add_argument("--name", help="the batch's name (default e.g. 'November 2026 thank-you')")
    issue.add_argument(
        "--again",
        action="store_true",
        help="the month and rule were issued before: send to those who did not get one",
    )
    _layout_option(issue)
    issue.add_argument("--out", metavar="FILE.pdf", help="write the vouchers to this PDF")
    add_staff_option(issue)
    issue.add_argument("--json", action="store_true", help="print the issued vouchers as JSON")
    issue.set_defaults(func=cmd_issue)

    redeem = vsub.add_parser("redeem", help="redeem a code (exit 0 only when redeemed)")
    redeem.add_argument("code")
    redeem.add_argument("--visit", type=int, help="the visit it was used at")
    redeem.add_argument("--log-visit", action="store_true", help="log a visit with it")
    add_staff_option(redeem)
    redeem.add_argument("--json", action="store_true")
    redeem.set_defaults(func=cmd_redeem)

    listing = vsub.add_parser("list", help="batches with their counts, or one batch's vouchers")
    listing.add_argument("--batch", type=int, help="list this batch's vouchers")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)

    show = vsub.add_parser("show", help="one voucher and its state")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    reprint = vsub.add_parser("print", help="print (again) a batch or some vouchers to a PDF")
    reprint.add_argument("batch", type=int, nargs="?", help="the batch id")
    reprint.add_argument("--code", dest="codes", action="append", help="a voucher (repeatable)")
    _layout_option(reprint)
    reprint.add_argument("--out", required=True, metavar="FILE.pdf")
    reprint.set_defaults(func=cmd_print)

    void = vsub.add_parser("void", help="void a voucher so it can no longer be redeemed")
    void.add_argument("code")
    void.add_argument("--reason", required=True)
    add_staff_option(void)
    void.add_argument("--json", action="store_true")
    void.set_defaults(func=cmd_void)

    void_batch = vsub.add_parser("void-batch", help="void every unredeemed voucher of a batch")
    void_batch.add_argument("batch_id", type=int)
    void_batch.add_argument("--reason", required=True)
    add_staff_option(void_batch)
    void_batch.add_argument("--json", action="store_true")
    void_batch.set_defaults(func=cmd_void_batch)
