"""The import wizard's screenshots (called by take_screenshots.py with the demo shop open):
a Square export with a look-alike of a regular and one bad row, at the check (the dry run) and
after the import (the look-alike offered for a merge)."""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQUARE_HEADER = [
    "Reference ID",
    "First Name",
    "Last Name",
    "Email Address",
    "Phone Number",
    "Nickname",
    "Company Name",
    "Street Address 1",
    "Street Address 2",
    "City",
    "State",
    "Postal Code",
    "Birthday",
    "Memo",
    "Square Customer ID",
    "Creation Source",
    "First Visit",
    "Last Visit",
    "Transaction Count",
    "Lifetime Spend",
    "Email Subscription Status",
    "Instant Profile",
    "Blocked from online booking",
]


def _row(first: str, last: str, email: str, phone: str, n: int, spend: str) -> list[str]:
    return [
        "", first, last, email, phone, "", "", "", "", "", "", "", "", "", f"SQ-{n:05d}",
        "Directory", "2024-03-02", "2026-11-20", str(3 + n % 20), spend, "Subscribed", "No", "No",
    ]  # fmt: skip


def write_export(path: Path, customer_id: int) -> None:
    from shopcrm.core.customers import get_card

    card = get_card(customer_id)
    rows = [
        _row("Priya", "Raman", "priya.raman@example.com", "07911 123311", 1, "£412.80"),
        _row(card.first_name, card.last_name, "new.address@example.com", card.phone, 2, "£96.00"),
        _row("Tomás", "Ó Briain", "tomas@example.ie", "+353 85 123 4567", 3, "£58.10"),
        _row("Grace", "Okafor", "grace.okafor@", "07911 123482", 4, "£23.40"),
        _row("Wen", "Li", "wen.li@example.com", "07911 123579", 5, "£1,204.55"),
    ]
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(SQUARE_HEADER)
        writer.writerows(rows)


def import_screens(window, folder: str, customer_id: int, wait_until) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWizard

    from shopcrm.ui.importing.wizard import ImportWizard

    path = Path(folder) / "square-customers.csv"
    write_export(path, customer_id)
    wizard = ImportWizard(window)
    wizard.resize(760, 540)
    wizard.show()
    QTest.qWaitForWindowExposed(wizard)
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    wait_until(lambda: wizard.draft.checked is not None)
    QTest.qWait(200)
    wizard.grab().save(str(HERE / "import-check.png"))
    wizard.check_page.skip_bad.setChecked(True)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    wait_until(lambda: wizard.currentPage() is wizard.done_page)
    wizard.done_page.review.list.setCurrentRow(0)
    QTest.qWait(200)
    wizard.grab().save(str(HERE / "import-done.png"))
    wizard.accept()
