"""Files that are not what they seem: each gives one line-numbered problem and imports
nothing, on both engines; a bad row blocks the whole import unless told to skip it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import peewee
import pytest

from shopcrm.core import settings
from shopcrm.core.importing import FileProblem, ImportOptions, import_customers
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.import_models import ImportMapping
from shopcrm.db.models import Customer, Note, Tag
from tests.core.importing.samples import (
    GERMAN,
    GERMAN_SHOP,
    SHOPIFY,
    SHOPIFY_OLD,
    SHOPIFY_OLD_SHOP,
    SHOPIFY_SHOP,
    write,
)

HEADER = "First Name,Last Name,Email,Phone\n"


def _nothing_written() -> None:
    assert Customer.select().count() == 0
    assert Note.select().count() == 0 and Tag.select().count() == 0
    assert ImportMapping.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "customer.import").count() == 0


def _problem(path: Path, **options: object) -> str:
    with pytest.raises(FileProblem) as caught:
        import_customers(path, ImportOptions(**options))  # type: ignore[arg-type]
    _nothing_written()
    return str(caught.value)


def test_binary_junk(db: peewee.Database, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(HEADER.encode() + b"Ann,Lee,a@b.cd,\n" + os.urandom(2000) + b"\x00\x01")
    assert _problem(path).startswith("line ")
    png = tmp_path / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    message = _problem(png)
    assert message.startswith("line 3: binary data"), message


def test_a_ten_megabyte_field(db: peewee.Database, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + "Ann,Lee,,\nBo," + "x" * 10_000_000 + ",,\n")
    assert _problem(path) == "line 3: longer than 1,000,000 characters"
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(HEADER + 'Ann,"' + "y\n" * 5_000_000 + '",,\n')
    assert _problem(quoted).startswith("line ")


def test_ragged_rows_block_the_import_and_are_skipped_when_told(
    db: peewee.Database, tmp_path: Path
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(HEADER + "Ann,Lee,ann@example.com,\nBo,Brown\nCy,Young,cy@example.com,,x\n")
    report = import_customers(path)
    assert not report.imported
    assert [(b.line, b.reason) for b in report.bad] == [
        (3, "2 fields, but the header has 4"),
        (4, "5 fields, but the header has 4"),
    ]
    _nothing_written()
    report = import_customers(path, ImportOptions(skip_bad=True))
    assert report.imported and report.new == 1 and [b.line for b in report.bad] == [3, 4]
    assert [c.first_name for c in Customer.select()] == ["Ann"]


def test_one_bad_row_on_the_last_line_rolls_back_every_row_before_it(
    db: peewee.Database, tmp_path: Path
) -> None:
    rows = "".join(f"Customer{i},Lee,c{i}@example.com,\n" for i in range(1200))
    path = tmp_path / "late.csv"
    path.write_text(HEADER + rows + "Zed,Lee,not-an-email,\n")
    report = import_customers(path)
    assert not report.imported and report.new == 1200
    assert [(b.line, b.reason) for b in report.bad] == [
        (1202, "Email: not an email address (like name@example.com)")
    ]
    _nothing_written()


def test_a_file_in_another_encoding_than_told(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(GERMAN_SHOP)
    path = write(tmp_path, "kunden.csv", GERMAN, "cp1252")
    message = _problem(path, encoding="utf-8")
    assert message.startswith("line 2: not utf-8 text (byte 0xFC)"), message
    assert _problem(path, encoding="klingon").startswith("unknown encoding")


def test_empty_blank_and_header_only_files(db: peewee.Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _problem(empty) == "the file is empty"
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n  \n")
    assert _problem(blank) == "the file is empty (only blank lines)"
    header = tmp_path / "header.csv"
    header.write_text(HEADER)
    assert _problem(header) == "line 1: only a header, no customers"
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Colour,Size\nred,M\n")
    assert _problem(unknown).startswith("line 1: no column of the file is a name, email or phone")


def test_a_folder_a_device_and_a_missing_file(db: peewee.Database, tmp_path: Path) -> None:
    assert _problem(tmp_path).endswith("is a folder, not a CSV file")
    assert _problem(Path("/dev/zero")).endswith("is not a regular file (a device?)")
    assert _problem(tmp_path / "nope.csv").startswith("no file at")


def test_a_quote_never_closed(db: peewee.Database, tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    path.write_text(HEADER + 'Ann,"Lee,a@b.cd,\nBo,Brown,,\n')
    assert _problem(path, delimiter=",") == "line 2: a quote opened here is never closed"
    inside = tmp_path / "inside.csv"
    inside.write_text(HEADER + 'Ann,"Lee" Jr,,\n')
    assert _problem(inside).startswith("line 2: a quote in the middle of a field")


def test_control_characters_and_bad_values_are_bad_rows(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(SHOPIFY_OLD_SHOP)
    path = tmp_path / "values.csv"
    path.write_text(
        "Name,Phone,Birthday,Total Orders,Accepts Email Marketing\n"
        "Ann\x1b[2J,,,,\n"
        "Bo,12,,,\n"
        "Cy,,31.02.1990,,\n"
        "Di,,,many,\n"
        "Ed,,,,perhaps\n"
        "Flo,,2999-01-01,,\n"
        ",,,,\n"
        "Gus,,,,\n"
    )
    report = import_customers(path)
    reasons = {b.line: b.reason for b in report.bad}
    assert reasons == {
        2: "Name: contains control characters (U+001B)",
        3: "Phone: not a possible phone number (too short or too long?)",
        4: "Birthday: February has no day 31",
        5: "Total Orders: not a whole number: 'many'",
        6: "Accepts Email Marketing: not yes or no: 'perhaps'",
        7: f"Birthday: the year must be between 1900 and {date.today().year}",
    }
    assert report.rows == 7 and not report.imported  # the empty line 8 is no row
    _nothing_written()


def test_repeated_rows_of_the_file_are_listed_and_imported_once(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(SHOPIFY_OLD_SHOP)
    lines = SHOPIFY_OLD.splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    report = import_customers(path)
    assert report.new == 2 and report.imported
    assert [(d.line, d.same_as_line) for d in report.duplicates] == [(4, 2)]


def test_a_look_alike_of_an_existing_customer_is_listed_not_matched(
    db: peewee.Database, tmp_path: Path
) -> None:
    from shopcrm.core.customers import CustomerInput, add_customer

    settings.set_many(SHOPIFY_OLD_SHOP)
    ada = add_customer(CustomerInput("Ada", "Lovelace-King", phone="+44 20 7946 0958")).id
    report = import_customers(write(tmp_path, "old.csv", SHOPIFY_OLD))
    assert report.new == 2  # Ada of the file has an email the shop's Ada has not: imported
    assert [(d.line, d.customer) for d in report.duplicates] == [(2, ada)]


def test_cancel_rolls_back_what_was_written(db: peewee.Database, tmp_path: Path) -> None:
    from shopcrm.core.importing.run import chunk_rows
    from shopcrm.core.progress import WorkCancelled

    chunk = chunk_rows()
    rows = "".join(f"Customer{i},Lee,c{i}@example.com,\n" for i in range(2 * chunk + chunk // 2))
    path = tmp_path / "long.csv"
    path.write_text(HEADER + rows)
    seen: list[tuple[int, int]] = []

    def cancelled() -> bool:
        return len(seen) >= 2  # after two chunks were written

    with pytest.raises(WorkCancelled):
        import_customers(path, progress=lambda done, total: seen.append((done, total)),
                         cancelled=cancelled)  # fmt: skip
    assert seen[0][1] == path.stat().st_size and 0 < seen[0][0] < seen[1][0]
    _nothing_written()


def test_an_erased_person_is_not_imported_again_unnoticed(
    db: peewee.Database, tmp_path: Path
) -> None:
    """Their erasure kept only keyed hashes of their phone and email, and dropped the other
    system's id for them: a re-import of the old export finds them among the hashes and
    leaves the row out (a bad row), never bringing them back by their Shopify id."""
    from shopcrm.core.imported_history import imported_history
    from shopcrm.core.importing import import_customers as run
    from shopcrm.core.privacy.erasure import erase_customer
    from shopcrm.db.import_models import ImportedHistory

    settings.set_many(SHOPIFY_SHOP)
    path = write(tmp_path, "shopify.csv", SHOPIFY)
    assert run(path).new == 3
    russell = Customer.get(Customer.email == "russel.winfield@example.com").id
    erase_customer(russell)
    assert [h.visits for h in imported_history(russell)] == [0]  # the counts stay, anonymous
    assert ImportedHistory.get(ImportedHistory.customer == russell).external_id == ""
    report = run(path)
    assert not report.imported
    assert [(b.line, b.reason) for b in report.bad] == [
        (2, "this person asked to be erased from the shop")
    ]
    report = run(path, ImportOptions(skip_bad=True))
    assert report.imported and (report.new, report.unchanged) == (0, 2)
    assert Customer.get_by_id(russell).first_name != "Russell"
    assert Customer.select().where(Customer.first_name == "Russell").count() == 0
