"""Merging a duplicate into the customer kept, and undoing it (both engines): every moved row
comes back, balances are the ledger's sums and the lots what it replays to after each step,
visit statistics, rank and search follow, and what cannot be undone is refused with nothing
changed."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core import loyalty, notes
from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, search_customers, update_customer
from shopcrm.core.errors import NotFoundError, ShopError
from shopcrm.core.loyalty.balances import balance_problems
from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.core.merging import (
    MergeRefused,
    merge_customers,
    merge_preview,
    merged_into,
    merges_into,
    unmerge,
)
from shopcrm.core.merging.moves import MOVED
from shopcrm.core.merging.record import MergeRecord
from shopcrm.core.visit_stats import visit_summary
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.care_models import AuditEntry, Followup
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import (
    Customer,
    CustomerStats,
    LoyaltyEntry,
    Note,
    Visit,
    Voucher,
)
from tests.core.merging.merge_shop import days_ago, dump, make_pair


@pytest.fixture
def pair(db: peewee.Database) -> dict[str, int]:
    return make_pair()


def _ids(model: type[peewee.Model], customer_id: int) -> list[int]:
    return [r.id for r in model.select().where(model.customer == customer_id).order_by(model.id)]


def _found(query: str) -> list[int]:
    return [r.id for r in search_customers(query)]


def _consistent() -> None:
    assert balance_problems() == []
    assert lot_problems() == []
    report = check_database()  # the search index holds every customer not merged away
    assert report.problems == [], report.problems


def test_a_merge_moves_everything_and_its_undo_puts_every_row_back(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    keep, other = pair["keep"], pair["other"]
    before = dump(db)
    own = {m: _ids(m, other) for m in (Visit, Note, LoyaltyEntry, Voucher, Followup)}
    kept_own = {m: _ids(m, keep) for m in (Visit, Note, LoyaltyEntry, Voucher, Followup)}
    points = loyalty.balances(keep).points + loyalty.balances(other).points
    stamps = loyalty.balances(keep).stamps + loyalty.balances(other).stamps
    assert all(own.values()) and points > 0

    merge = merge_customers(keep, other)

    for model, ids in own.items():
        assert _ids(model, other) == []
        assert _ids(model, keep) == sorted(ids + kept_own[model])
    assert (loyalty.balances(keep).points, loyalty.balances(keep).stamps) == (points, stamps)
    _consistent()
    stats = CustomerStats.get(CustomerStats.customer == keep)
    assert stats.visits == 5 == visit_summary(keep).visits
    assert stats.total_spent_minor == 4000 + 2500 + 1200 + 3000 + 1500
    assert CustomerStats.get_or_none(CustomerStats.customer == other) is None
    card = Customer.get_by_id(keep)
    assert (card.email, card.birthday_month, card.birthday_day) == ("anne@example.com", 3, 14)
    assert card.phone == "+442079460958"  # kept: never overwritten
    assert other not in _found("Anne Smith")
    record = MergeRecord.from_text(CustomerMerge.get_by_id(merge.id).moved)
    assert record.lots  # the merged ledger spends from other lots: they were replayed
    assert _found("anne@example.com") == [keep]
    assert merged_into(other) == (keep, "Ann Smith")
    assert [m.id for m in merges_into(keep)] == [merge.id]
    assert merge.moved["visit"] == 4 and merge.moved["customer_tag"] == 1
    assert [n.text for n in notes.pinned_notes(keep)] == ["Allergic to nuts"]

    undone = unmerge(merge.id)

    assert undone.undone_at is not None
    assert dump(db) == before
    _consistent()
    assert other in _found("Anne Smith")
    assert _found("anne@example.com") == [other]
    assert merged_into(other) is None
    actions = [a.action for a in AuditEntry.select().order_by(AuditEntry.id)][-2:]
    assert actions == ["customer.merge", "customer.unmerge"]


def test_what_the_kept_customer_did_after_the_merge_stays_theirs(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    keep, other = pair["keep"], pair["other"]
    moved_visit = _ids(Visit, other)[0]
    merge = merge_customers(keep, other)
    new_visit = log_visit(keep, amount_minor=800, at=days_ago(1)).id
    new_note = notes.add_note(keep, "Moved house").id
    void_visit(moved_visit, "was somebody else")  # a reversal line about a moved visit

    unmerge(merge.id)

    assert new_visit in _ids(Visit, keep) and moved_visit in _ids(Visit, other)
    assert new_note in _ids(Note, keep)
    reversal = LoyaltyEntry.get(
        (LoyaltyEntry.kind == "reverse") & (LoyaltyEntry.visit == moved_visit)
    )
    assert reversal.customer_id == other  # went back with the visit it is about
    _consistent()
    assert CustomerStats.get(CustomerStats.customer == keep).visits == 3
    assert CustomerStats.get(CustomerStats.customer == other).visits == 2


def test_an_undo_that_would_leave_points_owed_is_refused_and_changes_nothing(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    keep, other = pair["keep"], pair["other"]
    merge = merge_customers(keep, other)
    loyalty.redeem_points(keep, loyalty.balances(keep).points)  # spends Anne's points too
    before = dump(db)
    with pytest.raises(MergeRefused, match="below zero"):
        unmerge(merge.id)
    assert dump(db) == before
    assert Customer.get_by_id(other).merged_into == keep


def test_a_filled_blank_edited_since_keeps_the_edit(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    keep, other = pair["keep"], pair["other"]
    merge = merge_customers(keep, other)
    update_customer(
        keep,
        CustomerInput(
            "Ann", "Smith", phone="020 7946 0958", email="ann@new.example",
            birthday_month=3, birthday_day=14, tags=["vip", "regular", "oat milk"],
        ),
    )  # fmt: skip
    undone = unmerge(merge.id)
    assert undone.kept_as_changed == ("email",)
    card = Customer.get_by_id(keep)
    assert card.email == "ann@new.example" and card.birthday_month is None


def test_merges_that_make_no_sense_are_refused(db: peewee.Database, pair: dict[str, int]) -> None:
    keep, other, bystander = pair["keep"], pair["other"], pair["bystander"]
    before = dump(db)
    with pytest.raises(MergeRefused, match="with themselves"):
        merge_customers(keep, keep)
    with pytest.raises(NotFoundError):
        merge_customers(keep, 10**6)
    with pytest.raises(NotFoundError):
        merge_customers(2**70, keep)
    Customer.update(erased_at=days_ago(0)).where(Customer.id == bystander).execute()
    with pytest.raises(MergeRefused, match="erased"):
        merge_customers(keep, bystander)
    Customer.update(erased_at=None).where(Customer.id == bystander).execute()
    assert dump(db) == before

    merge = merge_customers(keep, other)
    with pytest.raises(MergeRefused, match="merged into customer"):
        merge_customers(keep, other)
    with pytest.raises(MergeRefused, match="merged into customer"):
        merge_customers(other, bystander)
    with pytest.raises(MergeRefused, match="merged into customer"):
        merge_preview(bystander, other)
    onward = merge_customers(bystander, keep)
    with pytest.raises(MergeRefused, match="undo that merge first"):
        unmerge(merge.id)
    unmerge(onward.id)
    unmerge(merge.id)
    with pytest.raises(MergeRefused, match="undone already"):
        unmerge(merge.id)
    with pytest.raises(NotFoundError):
        unmerge(10**9)
    _consistent()


def test_a_moved_row_gone_since_refuses_the_undo(db: peewee.Database, pair: dict[str, int]) -> None:
    keep, other = pair["keep"], pair["other"]
    merge = merge_customers(keep, other)
    Note.delete().where(Note.text == "Allergic to nuts").execute()  # as an erasure might
    with pytest.raises(MergeRefused, match="1 of the 1 note rows"):
        unmerge(merge.id)


def test_the_preview_says_what_would_move(db: peewee.Database, pair: dict[str, int]) -> None:
    preview = merge_preview(pair["keep"], pair["other"])
    assert preview.moves["visit"] == 4 and preview.moves["note"] == 1
    assert preview.moves["voucher"] == 1 and preview.moves["customer_tag"] == 1
    assert preview.moves["followup"] == 1
    assert preview.filled == {"email": "anne@example.com", "birthday_month": 3,
                              "birthday_day": 14, "birthday_year": None}  # fmt: skip
    assert preview.points == loyalty.balances(pair["other"]).points
    assert Customer.get_by_id(pair["other"]).merged_into is None


def test_every_table_that_belongs_to_a_customer_is_moved_or_made_again(
    db: peewee.Database,
) -> None:
    """A new table with rows of a customer must be a line of MOVED (or be a sum made again):
    otherwise a merge would leave its rows behind."""
    made_again = {"customer_stats", "loyalty_balance", "search_doc", "customer_tag",
                  "customer_merge"}  # fmt: skip
    owning = {
        table
        for table in db.get_tables()
        for key in db.get_foreign_keys(table)
        if key.dest_table == "customer" and key.column != "updated_by_id"
    }
    assert owning - made_again == {m.table for m in MOVED}


def test_a_merged_customer_cannot_be_edited_back_into_the_search(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    merge_customers(pair["keep"], pair["other"])
    with pytest.raises(ShopError, match="edit that customer instead"):
        update_customer(pair["other"], CustomerInput("Anne", "Smith"))
    assert pair["other"] not in _found("Anne Smith")


def test_a_visit_for_a_customer_merged_meanwhile_is_refused(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    merge_customers(pair["keep"], pair["other"])
    visits = Visit.select().count()
    with pytest.raises(ShopError, match=r"merged into customer \d+: open that card"):
        log_visit(pair["other"], amount_minor=500)
    assert Visit.select().count() == visits


def test_a_consent_withdrawn_on_either_stands_and_comes_undone(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    keep, other = pair["keep"], pair["other"]
    Customer.update(consent_email=True, consent_sms=None).where(Customer.id == keep).execute()
    Customer.update(consent_email=False, consent_sms=True).where(Customer.id == other).execute()
    merge = merge_customers(keep, other)
    kept = Customer.get_by_id(keep)
    assert (kept.consent_email, kept.consent_sms) == (False, True)
    unmerge(merge.id)
    kept = Customer.get_by_id(keep)
    assert (kept.consent_email, kept.consent_sms) == (True, None)


def test_erasing_the_kept_customer_scrubs_the_merge_record(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    from shopcrm.core.privacy.erasure import erase_customer

    merge = merge_customers(pair["keep"], pair["other"])
    assert "anne@example.com" in CustomerMerge.get_by_id(merge.id).moved
    erase_customer(pair["keep"], remember=False)
    assert "anne@example.com" not in CustomerMerge.get_by_id(merge.id).moved
    logged = [a.changes for a in AuditEntry.select().where(AuditEntry.action == "customer.merge")]
    assert logged and all("anne@example.com" not in text for text in logged)
    with pytest.raises(MergeRefused, match="erased"):
        unmerge(merge.id)


def test_imported_history_moves_unless_the_kept_customer_has_that_source_already(
    db: peewee.Database, pair: dict[str, int]
) -> None:
    from datetime import UTC, datetime

    from shopcrm.db.import_models import ImportedHistory

    now = datetime.now(UTC)
    for customer, source, visits in (
        (pair["other"], "square", 7),
        (pair["other"], "shopify", 3),
        (pair["keep"], "shopify", 11),
    ):
        ImportedHistory.create(customer=customer, source=source, visits=visits, imported_at=now)
    before = dump(db)
    assert merge_preview(pair["keep"], pair["other"]).moves["imported_history"] == 1
    done = merge_customers(pair["keep"], pair["other"])
    kept = {(h.source, h.visits) for h in ImportedHistory.select().where(
        ImportedHistory.customer == pair["keep"])}  # fmt: skip
    assert kept == {("square", 7), ("shopify", 11)}  # the kept one's own shopify stands
    assert [h.source for h in ImportedHistory.select().where(
        ImportedHistory.customer == pair["other"])] == ["shopify"]  # fmt: skip
    unmerge(done.id)
    assert dump(db) == before
