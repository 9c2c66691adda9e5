"""The sums a merge or its undo makes again: visit statistics and search rank, the search
document itself, and who is in the search at all (a merged customer is not).

All inside the caller's transaction, with both customers locked.
"""

from __future__ import annotations

from datetime import datetime

from shopcrm.core.visits import refresh_customer_stats
from shopcrm.db import database
from shopcrm.db.models import Customer, CustomerStats, Visit
from shopcrm.db.search import DEFAULT_RANK, SearchDocument, search_index


def has_stats(customer_id: int) -> bool:
    return CustomerStats.select().where(CustomerStats.customer == customer_id).exists()


def refresh_stats(customer_id: int, keep_row: bool, now: datetime) -> None:
    """Visit statistics and rank made again from the customer's visits; a customer with no
    visit at all has no statistics row unless ``keep_row`` (they had one before)."""
    if keep_row or Visit.select().where(Visit.customer == customer_id).exists():
        refresh_customer_stats(customer_id, now)
    else:
        CustomerStats.delete().where(CustomerStats.customer == customer_id).execute()


def index_customer(customer: Customer) -> None:
    """(Re)write the customer's search document, at the rank their statistics hold."""
    stats = CustomerStats.get_or_none(CustomerStats.customer == customer.id)
    search_index(database.obj).put(
        SearchDocument.for_customer(
            customer.id,
            customer.first_name,
            customer.last_name,
            customer.phone,
            customer.email,
            rank=DEFAULT_RANK if stats is None else stats.rank,
        )
    )


def hide_from_search(customer_id: int) -> None:
    """A merged customer: out of the search index and without statistics (their visits are
    the kept customer's now)."""
    search_index(database.obj).remove(customer_id)
    CustomerStats.delete().where(CustomerStats.customer == customer_id).execute()
