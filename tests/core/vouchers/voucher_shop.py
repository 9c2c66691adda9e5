"""A small shop with a known visit history, for the voucher tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.visits import log_visit

#: The month the runs are about: the last complete month, so visits in it are in the past.
TODAY = datetime.now().astimezone().date()
MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone().astimezone(UTC)


def customer(first: str, last: str = "", **extra: object) -> int:
    return add_customer(CustomerInput(first_name=first, last_name=last, **extra)).id


def visits(customer_id: int, count: int, day: date = MONTH, amount: int | None = 500) -> None:
    for n in range(count):
        log_visit(customer_id, amount_minor=amount, at=at(day + timedelta(days=n % 27)))


def make_shop() -> dict[str, int]:
    """Regulars, a big spender, a birthday next month, a lapsed regular, and two who must
    never get a voucher (asked not to be contacted; erased)."""
    settings.set_many({"currency": "GBP", "locale": "en_GB", "shop_name": "The Corner Café"})
    ids = {
        "ann": customer("Ann", "Regular"),
        "bob": customer("Bob", "Often"),
        "cat": customer("Cat", "Rare"),
        "dan": customer("Dan", "Spender"),
        "eve": customer("Eve", "Private", do_not_contact=True),
        "fay": customer("Fay", "Birthday"),
        "gus": customer("Gus", "Gone"),
        "zoe": customer("Ζωή", "Παπαδοπούλου"),
    }
    visits(ids["ann"], 6)
    visits(ids["bob"], 4)
    visits(ids["cat"], 1)
    visits(ids["dan"], 2, amount=20_000)
    visits(ids["eve"], 8)
    visits(ids["zoe"], 5)
    visits(ids["gus"], 9, day=MONTH - timedelta(days=400))
    birthday_month = (MONTH.replace(day=28) + timedelta(days=4)).month
    from shopcrm.core.customers import get_card, update_customer

    card = get_card(ids["fay"])
    update_customer(
        ids["fay"],
        CustomerInput(
            first_name=card.first_name,
            last_name=card.last_name,
            birthday_month=birthday_month,
            birthday_day=3,
        ),
    )
    return ids
