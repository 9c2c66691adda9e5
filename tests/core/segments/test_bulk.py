"""A segment's bulk actions (both engines): a tag for all, the mailing list that leaves out
who asked not to be contacted, and a voucher run for the segment."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import peewee
import pytest

from shopcrm.core.customers import CustomerInput, add_customer, get_card
from shopcrm.core.errors import ValidationError
from shopcrm.core.segments.bulk import mailing_list, segment_voucher_draft, tag_segment
from shopcrm.core.visits import log_visit
from shopcrm.core.vouchers import issue_batch
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.core.vouchers.views import local_today
from shopcrm.db.care_models import AuditEntry


def new_customer(first: str, **fields: object) -> int:
    cid = add_customer(CustomerInput(first, **fields)).id  # type: ignore[arg-type]
    log_visit(cid)  # one visit today: "new"
    return cid


def test_the_mailing_list_respects_do_not_contact_and_email_consent(db: peewee.Database) -> None:
    from shopcrm.core.privacy.consent import set_consent

    fay = new_customer("Fay", email="fay@example.com")
    new_customer("Gus", email="gus@example.com", do_not_contact=True)
    new_customer("Hal")
    evil = new_customer("=HYPERLINK(1)", email="eve@example.com")
    ida = new_customer("Ida", email="ida@example.com")  # never asked: not a yes
    jo = new_customer("Jo", email="jo@example.com")
    for cid, granted in ((fay, True), (evil, True), (jo, False)):
        set_consent(cid, {"email": granted}, source="paper form")
    mailing = mailing_list("new")
    assert [m.customer_id for m in mailing.rows] == [fay, evil]
    assert ida not in [m.customer_id for m in mailing.rows]
    assert (mailing.left_out_do_not_contact, mailing.left_out_no_email) == (1, 1)
    assert mailing.left_out_no_email_consent == 2  # Ida never asked, Jo said no to email
    rows = list(csv.reader(io.StringIO(mailing.csv_text())))
    assert rows[0] == ["email", "first_name", "last_name", "segment"]
    assert rows[1] == ["fay@example.com", "Fay", "", "new"]
    assert rows[2][1] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_a_tag_for_the_whole_segment_once(db: peewee.Database) -> None:
    a = new_customer("Ann", tags=["coffee"])
    b = new_customer("Ben")
    assert tag_segment("new", "December mailing") == 2
    assert tag_segment("new", "December mailing") == 0  # those who have it keep it once
    assert set(get_card(a).tags) == {"coffee", "December mailing"}
    assert list(get_card(b).tags) == ["December mailing"]
    assert AuditEntry.select().where(AuditEntry.action == "segment.tag").count() == 2
    with pytest.raises(ValidationError):
        tag_segment("new", "   ")
    with pytest.raises(ValidationError):
        tag_segment("nobody", "x")


def test_a_voucher_for_the_segment(db: peewee.Database) -> None:
    a = new_customer("Ann")
    new_customer("Gus", do_not_contact=True)
    today = local_today()
    draft = segment_voucher_draft(
        "new", VoucherValue.amount(300), today + timedelta(days=30), "Hi {first_name}", today
    )
    issued = issue_batch(draft)
    assert [v.customer_id for v in issued.vouchers] == [a]
    with pytest.raises(ValidationError):
        segment_voucher_draft("vip", VoucherValue.amount(300), today, "x", today)
