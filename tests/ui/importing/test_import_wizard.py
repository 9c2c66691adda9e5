"""The import wizard end to end (both engines): file, columns, the check with its bad rows and
possible duplicates, then the import off the GUI thread; nothing is written before Import."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtWidgets import QWizard

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.db.models import Customer
from shopcrm.ui.card.merge_dialog import MergeDialog
from shopcrm.ui.importing.wizard import ImportWizard
from tests.core.importing.samples import GERMAN, GERMAN_SHOP, write
from tests.ui.shop.test_owner_mode import _when_modal


@pytest.fixture
def wizard(qtbot, db: peewee.Database) -> ImportWizard:
    settings.set_many(GERMAN_SHOP)
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _import_button(wizard: ImportWizard):
    return wizard.button(QWizard.WizardButton.CommitButton)


def test_a_german_spreadsheet_through_every_page(qtbot, wizard, tmp_path: Path) -> None:
    juergen = add_customer(CustomerInput("Jürgen", "Mueller", phone="+49 171 2345678")).id
    lines = GERMAN.split("\r\n")
    text = "\r\n".join([*lines[:3], "Zoë;Bad;;nicht-email;;;;;;;;;", *lines[3:]])
    path = write(tmp_path, "Kunden.csv", text, "cp1252")

    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    mapping = wizard.mapping_page
    assert mapping.preset.currentData() == "generic"
    assert [mapping.field_box(r).currentData() for r in range(4)] == [
        "first_name", "last_name", "company", "email",
    ]  # fmt: skip
    # a column chosen again: "Kundennummer" was the id; make it a note instead, and back
    mapping.field_box(7).setCurrentIndex(mapping.field_box(7).findData("note"))
    mapping.field_box(7).activated.emit(mapping.field_box(7).currentIndex())
    assert mapping.field_box(6).currentData() == "ignore"  # "Notizen" let go of the note
    mapping.field_box(7).setCurrentIndex(mapping.field_box(7).findData("external_id"))
    mapping.field_box(7).activated.emit(mapping.field_box(7).currentIndex())

    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: wizard.draft.checked is not None, timeout=20_000)
    report = wizard.draft.checked
    assert (report.new, report.bad_count, report.duplicate_count) == (3, 1, 1)
    assert "3 new customers" in check.summary.text() and "1 bad row" in check.summary.text()
    items = [check.lines.item(i).text() for i in range(check.lines.count())]
    assert items[0].startswith("Line 2: possible duplicate") and str(juergen) in items[0]
    assert items[1].startswith("Line 4: not imported: E-Mail: not an email address")
    assert Customer.select().count() == 1  # the check wrote nothing
    assert check.skip_bad.isVisible() and not _import_button(wizard).isEnabled()

    check.skip_bad.setChecked(True)
    assert _import_button(wizard).isEnabled()
    _import_button(wizard).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20_000)
    assert wizard.draft.imported is not None and wizard.draft.imported.imported
    assert "Imported: 3 new customers" in wizard.done_page.summary.text()
    assert Customer.select().count() == 4
    assert {c.last_name for c in search_customers("muller")} == {"Mueller", "Müller"}

    # The review: the look-alike is merged into the customer the shop had, from the wizard.
    review = wizard.done_page.review
    assert review.isVisibleTo(wizard) and review.list.count() == 1
    assert review.list.item(0).text().startswith("Line 2: ")
    seen = _when_modal(MergeDialog, lambda d: (d.preview is not None) and d.merge_button.click())
    review.merge_button.click()
    assert seen and seen[0].other_id() is not None
    assert {c.last_name for c in search_customers("muller")} == {"Mueller"}
    assert review.merged == 1 and not review.merge_button.isEnabled()
    assert "merged into Jürgen Mueller" in review.list.item(0).text()


def test_a_file_that_cannot_be_read_stays_on_the_first_page(wizard, tmp_path: Path) -> None:
    wizard.file_page.path.setText(str(tmp_path))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "is a folder" in wizard.file_page.error.text()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wizard.file_page.path.setText(str(empty))
    wizard.next()
    assert wizard.file_page.error.text() == "The file is empty"


def test_columns_nothing_matched_must_be_chosen(wizard, tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", "Wer;Nummer\nAnn Lee;0171 2345678\n")
    wizard.file_page.path.setText(str(path))
    wizard.next()
    page = wizard.mapping_page
    assert not page.isComplete() and page.error.text()
    page.field_box(0).setCurrentIndex(page.field_box(0).findData("name"))
    page.field_box(0).activated.emit(page.field_box(0).currentIndex())
    assert page.isComplete()


def test_file_menu_opens_the_wizard(window, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(ImportWizard, "ask", classmethod(lambda cls, parent: opened.append(parent)))
    file_menu = window.menuBar().actions()[0].menu()
    [entry] = [a for a in file_menu.actions() if a.text() == "&Import customers…"]
    entry.trigger()
    assert opened == [window]


def test_the_card_shows_the_imported_history_apart_from_visits(open_card, tmp_path: Path) -> None:
    from shopcrm.core.importing import import_customers
    from tests.core.importing.samples import SQUARE, SQUARE_SHOP

    settings.set_many(SQUARE_SHOP)
    assert import_customers(write(tmp_path, "square.csv", SQUARE)).imported
    maria = Customer.get(Customer.email == "maria.garcia@example.com").id
    view = open_card(maria)
    assert view.memory.text("visits") == "no visits yet"  # none logged here
    assert view.memory.imported.text() == (
        "Square: 42 visits, $1,234.56 spent, January 15, 2023 to November 2, 2024"
    )
    assert not view.memory.imported.isHidden()
