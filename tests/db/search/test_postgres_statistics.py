"""PostgreSQL's search plans by the server's statistics of its posting lists
(:mod:`shopcrm.db.search.postgres_sizes`); statistics that no longer describe the table must
never hide a customer. Found in a full test run: after a big shop was emptied and vacuumed,
every estimate was 0 and every search came back empty."""

from __future__ import annotations

import peewee

from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.db.search import postgres_sizes
from tests.backends import postgresql_only


@postgresql_only
def test_statistics_of_an_emptied_vacuumed_table_hide_nobody(db: peewee.Database) -> None:
    for number in range(400):
        add_customer(CustomerInput(f"Anna{number % 7}", "Smith"))
    db.execute_sql("ANALYZE search_term")
    for table in ("search_term", "search_vocab", "search_typo", "customer"):
        db.execute_sql(f"DELETE FROM {table}")  # as the tests' reset empties a shop
    db.execute_sql("VACUUM search_term")  # the row count is 0 now; pg_stats still lists 'a'
    postgres_sizes._cache.clear()
    assert postgres_sizes.list_sizes(db, 10).of("a") >= 1
    ada = add_customer(CustomerInput("Ada", "Smith"))
    for query in ("ada", "a", "smith", "ada smith", "adda"):
        assert [c.id for c in search_customers(query)] == [ada.id], query


@postgresql_only
def test_a_rare_term_is_never_estimated_empty(db: peewee.Database) -> None:
    for number in range(400):
        add_customer(CustomerInput(f"Anna{number}", "Smith"))
    db.execute_sql("ANALYZE search_term")
    postgres_sizes._cache.clear()
    sizes = postgres_sizes.list_sizes(db, 10)
    assert sizes.common and min(sizes.common.values()) >= 1 and sizes.other >= 1
