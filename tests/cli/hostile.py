"""The catalogue of hostile command-line arguments and the harness that runs one case.

Every command has a base invocation that succeeds on the seeded shop; each argument of it is
named (a ``<slot>`` in the base) and has a kind; each kind has a list of values a hostile or
careless user may type. A case is the base with one slot replaced. A refused case must exit
non-zero, print one short line per problem on stderr (never a traceback), and leave the
database exactly as it was; an accepted case must exit 0 without a traceback.
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

import pytest

from shopcrm.cli import main

MEGA = "x" * 1_000_000
MEGA_DIGITS = "9" * 1_000_000
CONTROL = (
    "\x1b[31mred\x1b[0m",
    "a\x00b",
    "a\rb",
    "\u202eevil",
    "a\x07b",
    "a\x7fb",
    "a\x85b",
    "\u2066iso\u2069",
)
NOT_UTF8 = "\udcff\udcfe"  # what Python makes of the bytes ff fe in an argument

BAD_ID = (
    "9223372036854775808",
    "-1",
    "0",
    "1e30",
    "99999999999999999999",
    "²",
    "٣",
    "１",
    "",
    " ",
    "1.5",
    "0x1",
    "abc",
    "\x00",
    MEGA_DIGITS,
    NOT_UTF8,
)
BAD_NUMBER = (
    "1e30",
    str(10**30),
    "9223372036854775808",
    "-9223372036854775809",
    "²",
    "٣",
    "",
    "NaN",
    "1.5",
    "\x00",
    MEGA_DIGITS,
    NOT_UTF8,
)
BAD_TEXT = (*CONTROL, MEGA, NOT_UTF8)
BAD_REQUIRED_TEXT = (*BAD_TEXT, "", "   ")
BAD_AMOUNT = (
    "1e308",
    "NaN",
    "-0",
    "99999999999999999999.99",
    "-5",
    "inf",
    "Infinity",
    "1,2,3",
    "12.345",
    "٣",
    "0x10",
    MEGA_DIGITS,
    NOT_UTF8,
    "\x1b[31m5",
)
BAD_MOMENT = (
    "0001-01-01",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31",
    "0001-01-01T00:00:00+14:00",
    "",
    "yesterday",
    "2026-02-30",
    "1999-12-31T23:59",
    "+10000-01-01",
    "٢٠٢٥-٠١-٠١",
    "2025-01-01T10:00\x00",
    MEGA,
    NOT_UTF8,
)
BAD_MONTH = (
    "100000-01",
    "0001-01",
    "9999-12",
    "2026-13",
    "2026-00",
    "",
    "٢٠٢٦-٠١",
    "2026-1-1",
    "1999-12",
    MEGA,
    NOT_UTF8,
)
BAD_DAY = (
    "9999-12-31",
    "0001-01-01",
    "2000-01-01",
    "",
    "2026-02-30",
    "٢٠٢٦-٠١-٠١",
    MEGA,
    NOT_UTF8,
)
BAD_BIRTHDAY = ("0001-01-01", "9999-12-31", "13-01", "02-30", "٠٤-١٧", "04-17\x00", MEGA)
BAD_CODE = ("", "\x00", "\x1b[31m", MEGA, "²²²²-²²²²-²²²²-²", "'; DROP TABLE voucher; --", NOT_UTF8)
BAD_STAFF = (
    "Nobody",
    "Gone",
    "$gone_id",
    "9223372036854775808",
    "1e30",
    "²",
    "٣",
    "0",
    "-1",
    "",
    MEGA,
    "\x00",
    "\x1b[31m",
    NOT_UTF8,
)
BAD_OUT = (
    "$tmp/missing/out.pdf",
    "$tmp",
    "$device_full",
    "$device_null",
    "$device_zero",
    "$tmp/full-link.pdf",
    "$tmp/existing.pdf",
    "$tmp/fifo.pdf",
    "",
    NOT_UTF8,
)
QUERIES_OK = ('"', "*", "NEAR(", "OR", "-", "a OR b", '"unclosed', "ann*", "^", "a AND NOT b")
QUERIES_OK += ("(", ")", ":", "first_name:ann", "\\", "'", "%", "_", "NEAR(a b, 2)", "ann -lee")


@dataclass(frozen=True)
class Command:
    """A base invocation with ``<slot>`` tokens, and the default value of each slot."""

    base: tuple[str, ...]
    defaults: dict[str, str]

    def args(self, **values: str) -> list[str]:
        filled = {**self.defaults, **values}
        out = []
        for token in self.base:
            for slot, value in filled.items():
                token = token.replace(f"<{slot}>", value)
            out.append(token)
        return out


def _cmd(*base: str, **defaults: str) -> Command:
    return Command(tuple(base), defaults)


STAFF = ("--staff=<staff>",)
COMMANDS: dict[str, Command] = {
    "customers add": _cmd(
        *("customers", "add", "--first-name=<first_name>", "--last-name=<last_name>"),
        *("--phone=<phone>", "--email=<email>", "--birthday=<birthday>", "--tag=<tag>"),
        *(*STAFF, "--json"),
        first_name="Ann",
        last_name="Lee",
        phone="020 7946 0958",
        email="ann@example.com",
        birthday="04-17",
        tag="vip",
        staff="Kim",
    ),
    "customers search": _cmd(
        "customers", "search", "<query>", "--limit=<limit>", "--json", query="ann", limit="5"
    ),
    "customers show": _cmd("customers", "show", "<id>", "--json", id="$a"),
    "visits log": _cmd(
        *("visits", "log", "<id>", "--amount=<amount>", "--note=<note>", "--at=<at>"),
        *("--satisfaction=<satisfaction>", "--feedback=<feedback>", *STAFF, "--json"),
        id="$a",
        amount="12.50",
        note="latte",
        at="$recent",
        satisfaction="4",
        feedback="lovely",
        staff="Kim",
    ),
    "visits void": _cmd(
        "visits",
        "void",
        "<id>",
        "--reason=<reason>",
        *STAFF,
        "--json",
        id="$visit_a",
        reason="typo",
        staff="Kim",
    ),
    "loyalty redeem": _cmd(
        "loyalty",
        "redeem",
        "<id>",
        "--points=<points>",
        *STAFF,
        "--json",
        id="$a",
        points="10",
        staff="Kim",
    ),
    "loyalty redeem reward": _cmd(
        "loyalty", "redeem", "<id>", "--reward=<reward>", "--json", id="$a", reward="Free coffee"
    ),
    "loyalty redeem stamp card": _cmd(
        "loyalty", "redeem", "<id>", "--stamp-card", *STAFF, id="$a", staff="Kim"
    ),
    "loyalty adjust": _cmd(
        "loyalty",
        "adjust",
        "<id>",
        "<points>",
        "--reason=<reason>",
        *STAFF,
        "--json",
        id="$a",
        points="50",
        reason="welcome",
        staff="Kim",
    ),
    "loyalty ledger": _cmd(
        "loyalty", "ledger", "<id>", "--limit=<limit>", "--json", id="$a", limit="10"
    ),
    "vouchers issue": _cmd(
        *("vouchers", "issue", "--month=<month>", "--rule=hand-picked", "--customers=<customers>"),
        *("--value=<value>", "--expires=<expires>", "--message=<message>", "--name=<name>"),
        *("--min-visits=<min_visits>", "--top=<top>", "--lapsed-days=<lapsed_days>"),
        *("--out=<out>", *STAFF, "--json"),
        month="$month",
        customers="$a,$b",
        value="5.00",
        expires="$expires",
        message="Hello {first_name}",
        name="Spring thanks",
        min_visits="4",
        top="20",
        lapsed_days="60",
        out="$tmp/issued.pdf",
        staff="Kim",
    ),
    "vouchers issue percent": _cmd(
        *("vouchers", "issue", "--month=$month", "--rule=hand-picked", "--customers=$a"),
        *("--percent=<percent>", "--expires=$expires", "--json"),
        percent="10",
    ),
    "vouchers issue item": _cmd(
        *("vouchers", "issue", "--month=$month", "--rule=hand-picked", "--customers=$a"),
        *("--item=<item>", "--expires=$expires", "--json"),
        item="A free croissant",
    ),
    "vouchers redeem": _cmd(
        "vouchers",
        "redeem",
        "<code>",
        "--visit=<visit>",
        *STAFF,
        "--json",
        code="$code_a",
        visit="$visit_a",
        staff="Kim",
    ),
    "vouchers redeem log visit": _cmd(
        "vouchers", "redeem", "<code>", "--log-visit", *STAFF, code="$code_a", staff="Kim"
    ),
    "vouchers list": _cmd("vouchers", "list", "--batch=<batch>", "--json", batch="$batch"),
    "vouchers show": _cmd("vouchers", "show", "<code>", "--json", code="$code_a"),
    "vouchers print": _cmd(
        "vouchers", "print", "<batch>", "--out=<out>", batch="$batch", out="$tmp/print.pdf"
    ),
    "vouchers print code": _cmd(
        "vouchers", "print", "--code=<code>", "--out=$tmp/one.pdf", code="$code_a"
    ),
    "vouchers void": _cmd(
        "vouchers",
        "void",
        "<code>",
        "--reason=<reason>",
        *STAFF,
        "--json",
        code="$code_a",
        reason="lost",
        staff="Kim",
    ),
    "vouchers void-batch": _cmd(
        "vouchers",
        "void-batch",
        "<batch>",
        "--reason=<reason>",
        *STAFF,
        "--json",
        batch="$batch",
        reason="misprint",
        staff="Kim",
    ),
    "demo": _cmd("demo", "--customers=<customers>", "--seed=<seed>", customers="3", seed="1"),
    "check": _cmd("check", "--json"),
    "maintenance": _cmd("maintenance", "--json"),
    "settings show": _cmd("settings", "show", "--json"),
    "settings set": _cmd("settings", "set", "<key>", "<value>", key="shop_name", value="Corner"),
    "staff list": _cmd("staff", "list", "--json"),
    "staff add": _cmd(
        "staff", "add", "<name>", "--role=<role>", "--json", name="Robin", role="cashier"
    ),
    # The new PIN comes from SHOPCRM_NEW_PIN, set for every case (test_hostile_arguments.py).
    "staff set-pin": _cmd("staff", "set-pin", "<name>", "--json", name="Owner"),
    "backup": _cmd("backup", "--to=<to>", "--json", to="$tmp/backups-here"),
    "customers consent": _cmd(
        *("customers", "consent", "<id>", "--channel=<channel>", "--granted"),
        *("--source=<source>", *STAFF, "--json"),
        id="$a",
        channel="email",
        source="paper form",
        staff="Kim",
    ),
    "customers export": _cmd("customers", "export", "<id>", "--json", id="$a"),
    "customers erase": _cmd("customers", "erase", "<id>", "--yes", "--json", id="$b"),
    "export": _cmd("export", "--to=<to>", "--format=<format>", "--json", to="$tmp", format="csv"),
    "export mailing list": _cmd(
        "export", "--mailing-list=<file>", "--json", file="$tmp/mailing.csv"
    ),
    "backups list": _cmd("backups", "list", "--json"),
    "restore": _cmd("restore", "<file>", "--yes", "--json", file="$tmp/good-backup.sqlite3"),
    "audit": _cmd(
        *("audit", "--since=<since>", "--action=<action>", "--limit=<limit>", "--json"),
        since="2026-01-01",
        action="visit.",
        limit="10",
    ),
}

#: (command, slot) -> the values that must be refused there.
REFUSED: dict[tuple[str, str], tuple[str, ...]] = {
    ("customers add", "first_name"): BAD_REQUIRED_TEXT,
    ("customers add", "last_name"): BAD_TEXT,
    ("customers add", "phone"): (*CONTROL, MEGA, NOT_UTF8, "020 7946 0958\x00", "12"),
    ("customers add", "email"): (*CONTROL, MEGA, NOT_UTF8, "a@b"),
    ("customers add", "birthday"): (*BAD_BIRTHDAY, NOT_UTF8),
    ("customers add", "tag"): (*CONTROL, MEGA, NOT_UTF8),
    ("customers add", "staff"): BAD_STAFF,
    ("customers search", "query"): (MEGA, "", "   ", NOT_UTF8, "a\x00b"),
    ("customers search", "limit"): (*BAD_NUMBER, "0", "-1", str(10**9)),
    ("customers show", "id"): BAD_ID,
    ("visits log", "id"): BAD_ID,
    ("visits log", "amount"): BAD_AMOUNT,
    ("visits log", "note"): BAD_TEXT,
    ("visits log", "at"): BAD_MOMENT,
    ("visits log", "satisfaction"): (*BAD_NUMBER, "0", "6", "-1"),
    ("visits log", "feedback"): BAD_TEXT,
    ("visits log", "staff"): BAD_STAFF,
    ("visits void", "id"): BAD_ID,
    ("visits void", "reason"): BAD_REQUIRED_TEXT,
    ("visits void", "staff"): BAD_STAFF,
    ("loyalty redeem", "id"): BAD_ID,
    ("loyalty redeem", "points"): (*BAD_NUMBER, "0", "-5", str(10**30)),
    ("loyalty redeem", "staff"): BAD_STAFF,
    ("loyalty redeem reward", "reward"): (*CONTROL, MEGA, NOT_UTF8, "", "Pony"),
    ("loyalty redeem stamp card", "staff"): BAD_STAFF,
    ("loyalty adjust", "points"): (*BAD_NUMBER, "0", str(10**7)),
    ("loyalty adjust", "reason"): BAD_REQUIRED_TEXT,
    ("loyalty adjust", "staff"): BAD_STAFF,
    ("loyalty ledger", "id"): BAD_ID,
    ("loyalty ledger", "limit"): (*BAD_NUMBER, "0", "-1", str(10**9)),
    ("vouchers issue", "month"): BAD_MONTH,
    ("vouchers issue", "customers"): ("9223372036854775808", "²", "1,,x", "", MEGA, "-1", "0"),
    ("vouchers issue", "value"): (*BAD_AMOUNT, "", "0"),
    ("vouchers issue", "expires"): BAD_DAY,
    ("vouchers issue", "message"): (*CONTROL, MEGA, NOT_UTF8, "{nope}", "{"),
    ("vouchers issue", "name"): BAD_TEXT,
    ("vouchers issue", "min_visits"): (*BAD_NUMBER, "0"),
    ("vouchers issue", "top"): (*BAD_NUMBER, "0"),
    ("vouchers issue", "lapsed_days"): (*BAD_NUMBER, "0"),
    ("vouchers issue", "out"): BAD_OUT,
    ("vouchers issue", "staff"): BAD_STAFF,
    ("vouchers issue percent", "percent"): (*BAD_NUMBER, "0", "101", "-5"),
    ("vouchers issue item", "item"): BAD_REQUIRED_TEXT,
    ("vouchers redeem", "code"): BAD_CODE,
    ("vouchers redeem", "visit"): (*BAD_ID, "$visit_b"),
    ("vouchers redeem", "staff"): BAD_STAFF,
    ("vouchers redeem log visit", "staff"): BAD_STAFF,
    ("vouchers list", "batch"): BAD_ID,
    ("vouchers show", "code"): BAD_CODE,
    ("vouchers print", "batch"): BAD_ID,
    ("vouchers print", "out"): BAD_OUT,
    ("vouchers print code", "code"): BAD_CODE,
    ("vouchers void", "code"): BAD_CODE,
    ("vouchers void", "reason"): BAD_REQUIRED_TEXT,
    ("vouchers void", "staff"): BAD_STAFF,
    ("vouchers void-batch", "batch"): BAD_ID,
    ("vouchers void-batch", "reason"): BAD_REQUIRED_TEXT,
    ("vouchers void-batch", "staff"): BAD_STAFF,
    ("demo", "customers"): (*BAD_NUMBER, "-1", "0", str(10**12)),
    ("demo", "seed"): BAD_NUMBER,
    ("settings set", "key"): ("", "nope", MEGA, "\x00", NOT_UTF8),
    ("staff add", "name"): BAD_REQUIRED_TEXT,
    ("staff add", "role"): ("", "king", NOT_UTF8),
    ("staff set-pin", "name"): (*BAD_STAFF, "Kim", "", "\x00", MEGA, NOT_UTF8),
    ("backup", "to"): (
        *("$tmp/missing/here", "$tmp/existing.pdf", "$device_null", "$device_full"),
        *("$tmp/fifo.pdf", "$tmp/full-link.pdf", "", "  ", "\x00", MEGA, NOT_UTF8, "~nobody-x"),
    ),
    ("restore", "file"): (
        *("$tmp/missing.sqlite3", "$tmp", "$device_null", "$device_zero", "$tmp/fifo.pdf"),
        *("$tmp/existing.pdf", "$tmp/not-a-picture.png", "$tmp/other-program.sqlite3"),
        *("$tmp/truncated-backup.sqlite3", "", "\x00", MEGA, NOT_UTF8, "~nobody-x/b.sqlite3"),
    ),
    ("customers consent", "id"): BAD_ID,
    ("customers consent", "channel"): ("", "fax", "EMAIL", "\x00", MEGA, NOT_UTF8),
    ("customers consent", "source"): BAD_REQUIRED_TEXT,
    ("customers consent", "staff"): BAD_STAFF,
    ("customers export", "id"): BAD_ID,
    ("customers erase", "id"): BAD_ID,
    ("export", "to"): (
        *("$tmp/missing/here", "$tmp/existing.pdf", "$device_null", "$device_full"),
        *("$tmp/fifo.pdf", "$tmp/full-link.pdf", "", "  ", "\x00", MEGA, NOT_UTF8, "~nobody-x"),
    ),
    ("export", "format"): ("", "xlsx", "CSV", "\x00", NOT_UTF8),
    ("export mailing list", "file"): (*BAD_OUT, "$tmp/missing/m.csv"),
    ("audit", "since"): (
        *("", " ", "yesterday", "2026-02-30", "٢٠٢٥-٠١-٠١", "2025-01-01T10:00\x00", "+10000-01-01"),
        *(MEGA, NOT_UTF8, "\x1b[31m"),
    ),
    ("audit", "action"): ("", "nope", "visit", "visit.log\x00", "VISIT.LOG", MEGA, NOT_UTF8),
    ("audit", "limit"): (*BAD_NUMBER, "0", "-1", str(10**9)),
}

#: Values that are odd but fine: they must be accepted (exit 0, no traceback).
ACCEPTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("customers search", "query"): QUERIES_OK,
    ("customers search", "limit"): ("1", "500"),
    ("customers add", "last_name"): ("", "O'Brien", "Nguyễn", "李"),
    ("customers add", "phone"): ("", "٠٢٠ ٧٩٤٦ ٠٩٥٨", "+44 20 7946 0958"),  # digits of any script
    ("visits log", "amount"): ("", "0", "1,250.00"),
    ("visits log", "note"): ("", "two\nlines"),
    ("vouchers issue", "message"): ("Dear {first_name},\nthank you",),
    ("loyalty ledger", "limit"): ("1",),
    ("vouchers redeem", "visit"): ("$visit_a",),
    ("audit", "since"): ("2000-01-01", "2999-12-31", "2026-11-23T14:30", "2026-11-23T14:30+05:00"),
    ("audit", "action"): ("visit.log", "staff.pin", "backup.restore", "voucher."),
    ("audit", "limit"): ("1", "10000"),
}

#: Settings: (key, value) pairs that must be refused by the settings parsers.
SETTINGS_REFUSED = (
    *(("shop_name", value) for value in (*CONTROL, MEGA, "", NOT_UTF8)),
    *(("stamp_reward", value) for value in (*CONTROL, MEGA, "")),
    ("rewards", "Cake=1000000000000000000000000000000"),
    ("rewards", "Cake=²"),
    ("rewards", "Cake=٣"),
    ("rewards", "\x1b[31mCake=100"),
    ("rewards", MEGA + "=1"),
    ("tiers", "Gold=1000000000000000000000000000000"),
    ("tiers", "Gold=٣"),
    ("stamps_per_card", "٣"),
    ("stamps_per_card", "1e30"),
    ("points_per_unit", str(10**30)),
    ("points_expiry_months", "²"),
    ("stamp_min_amount", "1e308"),
    ("stamp_min_amount", "NaN"),
    ("stamp_min_amount", "99999999999999999999.99"),
    ("currency", "\x00"),
    ("locale", MEGA),
    ("phone_region", "\x1b[31m"),
    ("tier_basis", ""),
    ("shop_logo", "$tmp/not-a-picture.png"),
    ("shop_logo", "$tmp/folder.png"),
    ("shop_logo", "/dev/zero"),
    ("shop_logo", "$tmp/zero-link.png"),
    ("shop_logo", "$tmp/missing.png"),
)


@dataclass
class Outcome:
    code: int | None
    out: str
    err: str
    escaped: BaseException | None


def run_in_process(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Outcome:
    capsys.readouterr()
    escaped: BaseException | None = None
    code: int | None = None
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's way out: a refusal with exit 2, or --help
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # any exception escaping main is what the catalogue looks for
        escaped = exc
    out, err = capsys.readouterr()
    return Outcome(code, out, err, escaped)


def problems_of_refusal(outcome: Outcome, before: str, after: str) -> list[str]:
    """What is wrong with a refusal, as short labels (empty when it was refused properly)."""
    found = []
    if outcome.escaped is not None or "Traceback" in outcome.err:
        found.append(f"traceback: {type(outcome.escaped).__name__}")
    elif outcome.code == 0:
        found.append("exit 0")
    if before != after:
        found.append("database changed")
    lines = outcome.err.splitlines()
    if outcome.escaped is None and not lines:
        found.append("no message")
    if len(lines) > 3 or any(len(line) > 400 for line in lines):
        found.append(f"message of {len(lines)} lines, {len(outcome.err):,} characters")
    if any(not line.startswith(("error:", "refused")) for line in lines):
        found.append("a line that is not a one-line refusal")
    return found


def problems_of_acceptance(outcome: Outcome) -> list[str]:
    if outcome.escaped is not None or "Traceback" in outcome.err:
        return [f"traceback: {type(outcome.escaped).__name__}"]
    return [] if outcome.code == 0 else [f"exit {outcome.code}: {outcome.err.strip()[:200]}"]


def dump(path: Path | str) -> str:
    """Every table's rows, except the till's count of wrong voucher codes, which a refused
    redemption is meant to keep (it slows down a till that guesses codes). ``path`` is a
    SQLite file or a PostgreSQL URL."""
    if str(path).startswith("postgresql://"):
        return _dump_postgresql(str(path))
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        lines = [
            line
            for line in connection.iterdump()
            if not line.startswith('INSERT INTO "voucher_attempt"')
        ]
    finally:
        connection.close()
    return "\n".join(lines)


def _dump_postgresql(url: str) -> str:
    import psycopg

    lines = []
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " AND tablename <> 'voucher_attempt' ORDER BY tablename"
            )
        ]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            lines.extend(f"{table} {row!r}" for row in sorted(map(repr, cursor.fetchall())))
    return "\n".join(lines)


def make_device(folder: Path, name: str, minor: int) -> str:
    """A character device like /dev/full inside ``folder`` (root may make one), else the real
    one: a command that wrongly replaced it would replace a file in a temporary folder."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        return f"/dev/{name}"
    return str(path)


def prepare_outputs(folder: Path) -> dict[str, str]:
    """The files the output cases point at, made fresh in the case's folder."""
    names = {
        "device_full": make_device(folder, "full", 7),
        "device_null": make_device(folder, "null", 3),
        "device_zero": make_device(folder, "zero", 5),
    }
    (folder / "full-link.pdf").symlink_to(names["device_full"])
    (folder / "existing.pdf").write_bytes(b"keep me")
    os.mkfifo(folder / "fifo.pdf")
    (folder / "not-a-picture.png").write_text("not a picture")
    (folder / "folder.png").mkdir()
    (folder / "zero-link.png").symlink_to(names["device_zero"])
    (folder / "backups-here").mkdir()
    good = folder / "good-backup.sqlite3"
    shutil.copyfile(_empty_shop(), good)
    (folder / "truncated-backup.sqlite3").write_bytes(good.read_bytes()[:20_000])
    other = sqlite3.connect(folder / "other-program.sqlite3")
    other.execute("CREATE TABLE recipe (name TEXT)")
    other.commit()
    other.close()
    return names


@functools.cache
def _empty_shop() -> Path:
    """A new SQLite shop, made once per run: the backup the restore cases start from."""
    from shopcrm.db import close, open_database

    path = Path(tempfile.mkdtemp(prefix="shopcrm-hostile-")) / "empty-shop.sqlite3"
    open_database(str(path))
    close()
    shop = sqlite3.connect(path)
    shop.execute("PRAGMA journal_mode = DELETE")  # a backup has no log beside it
    shop.close()
    return path


def fill(argv: list[str], facts: dict[str, str]) -> list[str]:
    return [Template(arg).safe_substitute(facts) for arg in argv]


def cases() -> Iterator[tuple[str, str, str, bool]]:
    """(command, slot, value, refused) for the whole catalogue."""
    for (command, slot), values in REFUSED.items():
        for value in values:
            yield command, slot, value, True
    for (command, slot), values in ACCEPTED.items():
        for value in values:
            yield command, slot, value, False


def case_id(command: str, slot: str, value: str) -> str:
    shown = ascii(value[:24]) + ("…" if len(value) > 24 else "")
    return f"{command}|{slot}={shown}"


def month_text(today: date) -> str:
    return today.strftime("%Y-%m")
