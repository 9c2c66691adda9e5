"""Vouchers: the owner's monthly thank-you runs and single vouchers, printed, and redeemed once
at the counter.

- :mod:`.codes` — unguessable codes with a check character, forgiving when typed;
- :mod:`.values`, :mod:`.message` — what a voucher is worth and what it says;
- :mod:`.rules` — who a run picks (regulars, top spenders, birthdays, lapsed, hand-picked);
- :mod:`.batches` — drafting a run and issuing it in one transaction;
- :mod:`.holders` — who already holds a live voucher issued this month (a run warns);
- :mod:`.lookup`, :mod:`.views` — reading vouchers and batches back, as their readers see them;
- :mod:`.voiding`, :mod:`.redemption` — voiding (one, a chosen set, a batch), and redeeming
  at most once between tills;
- :mod:`.printing` — what goes on the paper (rendered by :mod:`shopcrm.pdf`).

The ui and the command line import from here; the modules import each other directly.
"""

from shopcrm.core.vouchers.batches import (
    MAX_NAME,
    MAX_VALID_DAYS,
    BatchDraft,
    DuplicateBatchError,
    IssuedBatch,
    IssuedVoucher,
    default_expiry,
    default_name,
    find_duplicate,
    issue_batch,
    issue_single,
    message_for,
    served_customers,
)
from shopcrm.core.vouchers.codes import (
    CodeError,
    MistypedCodeError,
    classify,
    grouped,
    is_valid,
    new_code,
    normalise,
)
from shopcrm.core.vouchers.holders import live_voucher_holders
from shopcrm.core.vouchers.lookup import (
    batch_vouchers,
    customer_vouchers,
    get_batch,
    get_voucher,
    list_batches,
)
from shopcrm.core.vouchers.message import DEFAULT_TEMPLATE, FIELDS, MAX_TEMPLATE, field_meanings
from shopcrm.core.vouchers.printing import PrintJob, mark_printed, prepare, print_to_pdf
from shopcrm.core.vouchers.redemption import (
    ALREADY_REDEEMED,
    MISTYPED,
    NOT_A_CODE,
    REASONS,
    THROTTLED,
    UNKNOWN,
    Redemption,
    VoucherRefused,
    find,
    redeem,
    refusal,
)
from shopcrm.core.vouchers.rules import (
    BIRTHDAYS,
    DAYS_90,
    HAND_PICKED,
    LAPSED,
    MAX_HAND_PICKED,
    MONTH,
    REGULARS,
    RULES,
    SINGLE,
    TOP_SPENDERS,
    Candidate,
    RuleSpec,
    Selection,
    describe,
    next_month,
    parse_month,
    select_customers,
)
from shopcrm.core.vouchers.values import AMOUNT, ITEM, KINDS, MAX_ITEM, PERCENT, VoucherValue
from shopcrm.core.vouchers.views import (
    EXPIRED,
    REDEEMED,
    VALID,
    VOIDED,
    BatchSummary,
    ShopContext,
    VoucherView,
    expires_text,
    local_today,
    month_name,
    when_text,
)
from shopcrm.core.vouchers.voiding import VoidedVouchers, void_batch, void_voucher, void_vouchers

__all__ = [
    "ALREADY_REDEEMED",
    "AMOUNT",
    "BIRTHDAYS",
    "DAYS_90",
    "DEFAULT_TEMPLATE",
    "EXPIRED",
    "FIELDS",
    "HAND_PICKED",
    "ITEM",
    "KINDS",
    "LAPSED",
    "MAX_HAND_PICKED",
    "MAX_ITEM",
    "MAX_NAME",
    "MAX_TEMPLATE",
    "MAX_VALID_DAYS",
    "MISTYPED",
    "MONTH",
    "NOT_A_CODE",
    "PERCENT",
    "REASONS",
    "REDEEMED",
    "REGULARS",
    "RULES",
    "SINGLE",
    "THROTTLED",
    "TOP_SPENDERS",
    "UNKNOWN",
    "VALID",
    "VOIDED",
    "BatchDraft",
    "BatchSummary",
    "Candidate",
    "CodeError",
    "DuplicateBatchError",
    "IssuedBatch",
    "IssuedVoucher",
    "MistypedCodeError",
    "PrintJob",
    "Redemption",
    "RuleSpec",
    "Selection",
    "ShopContext",
    "VoidedVouchers",
    "VoucherRefused",
    "VoucherValue",
    "VoucherView",
    "batch_vouchers",
    "classify",
    "customer_vouchers",
    "default_expiry",
    "default_name",
    "describe",
    "expires_text",
    "field_meanings",
    "find",
    "find_duplicate",
    "get_batch",
    "get_voucher",
    "grouped",
    "is_valid",
    "issue_batch",
    "issue_single",
    "list_batches",
    "live_voucher_holders",
    "local_today",
    "mark_printed",
    "message_for",
    "month_name",
    "new_code",
    "next_month",
    "normalise",
    "parse_month",
    "prepare",
    "print_to_pdf",
    "redeem",
    "refusal",
    "select_customers",
    "served_customers",
    "void_batch",
    "void_voucher",
    "void_vouchers",
    "when_text",
]
