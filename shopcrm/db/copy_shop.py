"""``shopcrm migrate-to``: a SQLite shop copied into an empty PostgreSQL database, and checked.

A shop that grows to two tills moves its one SQLite file onto a server. The copy:

* reads the SQLite file read-only (``mode=ro&immutable=1``: not a byte of it, nor a ``-wal``
  or ``-shm`` beside it, is written), and refuses a file still in use (a write-ahead log
  beside it) or made by another shopcrm version;
* refuses a target that holds any of a shop's data: it only fills an empty database (or one
  where shopcrm was opened but nothing added: its first staff member and settings are
  replaced by the shop's), never merges two shops;
* gives the target the schema through the same migrations as any new shop, then copies
  every table in one transaction, parents before children, with PostgreSQL's ``COPY``;
  the search index is rebuilt there from the SQLite shop's search documents (its other
  tables are each engine's own);
* moves every id sequence past the copied ids, so the next visit a till logs gets a new id;
* verifies before it commits: each table's row count and checksum
  (:mod:`.table_checksum`) read back from PostgreSQL must equal the SQLite file's, or the
  whole copy is rolled back and the target is left empty.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
import psycopg

from shopcrm.db.connection import connect, parse_location
from shopcrm.db.dialect import ids_written
from shopcrm.db.locations import DatabaseLocation
from shopcrm.db.migrations import LATEST, migrate
from shopcrm.db.postgres_errors import postgres_storage_error
from shopcrm.db.search import search_index
from shopcrm.db.search.document import SearchDocument, rank_of_key
from shopcrm.db.storage_errors import DatabaseLocationError
from shopcrm.db.table_checksum import Checksum, normaliser
from shopcrm.errors import ShopError

#: (stage, done, total): stage is "copying" or "verifying", counted in rows.
CopyProgress = Callable[[str, int, int], None]

_CHUNK = 10_000
_SEARCH_DOC = "search_doc"
_SEARCH_COLUMNS = ("customer_id", "key", "words", "phone", "name_words")
#: What a database where shopcrm was only opened holds: the copy replaces it.
_REPLACED = frozenset({"schema_migration", "staff", "setting", "shop_secret"})


class CopyRefused(ShopError):
    """The copy cannot be made (or did not verify); nothing was kept in the target."""


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    tables: tuple[CopiedTable, ...]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "verified": True,
            "rows": self.rows,
            "tables": {t.name: {"rows": t.rows, "checksum": t.checksum} for t in self.tables},
            "seconds": round(self.seconds, 1),
        }


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    key: tuple[str, ...]
    ordered_in_sql: bool  # an integer key: both engines sort it alike

    def select(self) -> str:
        columns = ", ".join(f'"{c}"' for c in self.columns)
        order = ", ".join(f'"{c}"' for c in self.key) if self.ordered_in_sql else "1"
        return f'SELECT {columns} FROM "{self.name}" ORDER BY {order}'


def copy_shop(source: str, target_url: str, progress: CopyProgress | None = None) -> CopyReport:
    """Copy the SQLite shop at ``source`` into the empty PostgreSQL database at
    ``target_url`` (see the module docstring). Leaves the models bound to the target."""
    started = time.perf_counter()
    target = parse_location(target_url)
    if target.kind != "postgresql":
        raise DatabaseLocationError("migrate-to copies into PostgreSQL: give a postgresql:// URL")
    shop = _open_source(source)
    try:
        db = connect(target)
        _refuse_non_empty(db, target)
        migrate(db)
        tables = _plan(db, shop)
        report = _copy(db, shop, tables, progress or (lambda _stage, _done, _total: None))
    except psycopg.Error as exc:  # COPY and the read-back run outside the translating cursor
        found = postgres_storage_error(exc, target.describe(), connected=True)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise found or CopyRefused(f"the copy failed, nothing was kept: {first}") from None
    finally:
        shop.close()
    return CopyReport(source, target.describe(), report, time.perf_counter() - started)


def _open_source(path: str) -> sqlite3.Connection:
    file = Path(path).expanduser()
    if not file.is_file():
        raise CopyRefused(f"there is no SQLite shop at {path}")
    wal = Path(f"{file}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise CopyRefused(
            f"{path} is in use (its write-ahead log is not empty): close shopcrm on every till"
            " that has it open, then copy"
        )
    uri = f"{file.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        shop = sqlite3.connect(uri, uri=True)
        names = {r[0] for r in shop.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = (
            shop.execute("SELECT max(version) FROM schema_migration").fetchone()[0]
            if "schema_migration" in names
            else None
        )
    except sqlite3.DatabaseError as exc:
        raise CopyRefused(f"{path} cannot be read as a shopcrm shop: {exc}") from None
    if version is None:
        shop.close()
        raise CopyRefused(f"{path} is not a shopcrm shop")
    if version != LATEST:
        shop.close()
        raise CopyRefused(
            f"{path} has schema version {version}, this shopcrm {LATEST}: open it once with"
            " this shopcrm (which brings it up to date), close it, then copy"
        )
    return shop


def _refuse_non_empty(db: peewee.Database, target: DatabaseLocation) -> None:
    """Refuse a database holding any of a shop's data. One where shopcrm was only opened
    (a till pointed at the new server before the copy) holds just what the migrations
    seed and the settings such a till may have saved: the copy replaces those."""
    for table in db.get_tables():
        if table in _REPLACED:
            continue
        if db.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            raise CopyRefused(
                f"{target.describe()} is not empty (its table {table} holds rows): migrate-to"
                " copies a shop only into an empty database"
            )


def _plan(db: peewee.Database, shop: sqlite3.Connection) -> list[_Table]:
    """The tables to copy, parents first, with their columns as PostgreSQL has them."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in db.execute_sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ):
        columns.setdefault(table, []).append((column, kind))
    keys: dict[str, list[str]] = {}
    for table, column in db.execute_sql(
        "SELECT i.indrelid::regclass::text, a.attname FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " WHERE i.indisprimary AND i.indrelid::regclass::text = ANY(%s)"
        " ORDER BY array_position(i.indkey::int[], a.attnum::int)",
        (list(columns),),
    ):
        keys.setdefault(table.strip('"'), []).append(column)
    plan = []
    for name in _parents_first(db, [t for t in columns if _copied(t)]):
        pairs = columns[name]
        found = {row[1] for row in shop.execute(f'PRAGMA table_info("{name}")')}
        if found != {c for c, _ in pairs}:
            raise CopyRefused(f"the SQLite shop's table {name} does not match this shopcrm's")
        plan.append(_table(name, pairs, keys.get(name) or [pairs[0][0]]))
    return plan


def _copied(table: str) -> bool:
    return table != "schema_migration" and not table.startswith("search_")


def _table(name: str, pairs: list[tuple[str, str]], key: list[str]) -> _Table:
    kinds = dict(pairs)
    whole = all(kinds[c] in ("smallint", "integer", "bigint") for c in key)
    return _Table(name, tuple(c for c, _ in pairs), tuple(k for _, k in pairs), tuple(key), whole)


def _parents_first(db: peewee.Database, tables: list[str]) -> list[str]:
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in db.execute_sql(
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
        " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    ):
        child, parent = child.strip('"'), parent.strip('"')
        if child in parents and parent in parents and parent != child:
            parents[child].add(parent)
    ordered: list[str] = []

    def place(table: str) -> None:
        if table in ordered:
            return
        for parent in sorted(parents[table]):
            place(parent)
        ordered.append(table)

    for table in sorted(tables):
        place(table)
    return ordered


def _copy(
    db: peewee.Database, shop: sqlite3.Connection, tables: list[_Table], progress: CopyProgress
) -> tuple[CopiedTable, ...]:
    search = _search_table(db)
    total = sum(shop.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in tables)
    total += shop.execute(f"SELECT count(*) FROM {_SEARCH_DOC}").fetchone()[0]
    done = 0
    copied: list[CopiedTable] = []
    with db.atomic():
        conn = db.connection()
        for table in reversed(tables):  # children first
            if table.name in _REPLACED:
                db.execute_sql(f'DELETE FROM "{table.name}"')
        for table in tables:
            checksum = Checksum([normaliser(k) for k in table.types])
            columns = ", ".join(f'"{c}"' for c in table.columns)
            with (
                conn.cursor() as cursor,
                cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
            ):
                for chunk in _chunks(table, shop.execute(table.select()), checksum):
                    checksum.add_normal(chunk)
                    for row in chunk:
                        copy.write_row(row)
                    done += len(chunk)
                    progress("copying", done, total)
            copied.append(CopiedTable(table.name, checksum.rows, checksum.hexdigest()))
        copied.append(
            _copy_search(db, shop, search, lambda n: progress("copying", done + n, total))
        )
        ids_written(db, [t.name for t in tables if "id" in t.columns])
        _verify(conn, [*tables, search], copied, progress)
    return tuple(copied)


def _chunks(
    table: _Table, cursor: sqlite3.Cursor, checksum: Checksum
) -> Iterator[list[tuple[str | None, ...]]]:
    """The source rows in key order, normalised (what is hashed is what is written)."""
    try:
        if not table.ordered_in_sql:
            rows = sorted(checksum.normal(r) for r in cursor.fetchall())
            for start in range(0, len(rows), _CHUNK):
                yield rows[start : start + _CHUNK]
            return
        while rows := cursor.fetchmany(_CHUNK):
            yield [checksum.normal(r) for r in rows]
    except (ValueError, TypeError) as exc:  # SQLite keeps any value in any column
        raise CopyRefused(
            f"the SQLite shop's table {table.name} holds a value that does not fit its column"
            f" ({str(exc)[:80]}): nothing was kept"
        ) from None


def _search_table(db: peewee.Database) -> _Table:
    types = dict(
        db.execute_sql(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s",
            (_SEARCH_DOC,),
        ).fetchall()
    )
    return _table(_SEARCH_DOC, [(c, types[c]) for c in _SEARCH_COLUMNS], ["customer_id"])


def _copy_search(
    db: peewee.Database, shop: sqlite3.Connection, table: _Table, done: Callable[[int], None]
) -> CopiedTable:
    """The SQLite shop's search documents, indexed anew by PostgreSQL's own search index."""
    checksum = Checksum([normaliser(k) for k in table.types])
    index = search_index(db)
    count = 0
    for chunk in _chunks(table, shop.execute(table.select()), checksum):
        checksum.add_normal(chunk)
        index.put_many(
            SearchDocument(
                int(str(cid)),
                tuple(str(words).split()),
                tuple(str(names).split()),
                str(phone),
                rank_of_key(int(str(key))),
            )
            for cid, key, words, phone, names in chunk
        )
        count += len(chunk)
        done(count)
    return CopiedTable(table.name, checksum.rows, checksum.hexdigest())


def _verify(
    conn: Any, tables: list[_Table], copied: list[CopiedTable], progress: CopyProgress
) -> None:
    """Read every copied table back from PostgreSQL (in this transaction) and compare."""
    total, done = sum(c.rows for c in copied), 0
    for table, expected in zip(tables, copied, strict=True):
        checksum = Checksum([normaliser(k) for k in table.types])
        with conn.cursor(name=f"verify_{table.name}") as cursor:
            cursor.itersize = _CHUNK
            cursor.execute(table.select())
            if table.ordered_in_sql:
                while rows := cursor.fetchmany(_CHUNK):
                    checksum.add(rows)
                    done += len(rows)
                    progress("verifying", done, total)
            else:
                checksum.add_normal(sorted(checksum.normal(r) for r in cursor.fetchall()))
                done += checksum.rows
        if (checksum.rows, checksum.hexdigest()) != (expected.rows, expected.checksum):
            raise CopyRefused(
                f"the copy of {table.name} does not match the SQLite shop ({expected.rows:,}"
                f" rows there, {checksum.rows:,} here, or a value differs): nothing was kept"
            )
    progress("verifying", total, total)
