"""A small, varied shop used by the search and customer tests (names in many scripts)."""

from __future__ import annotations

import shutil
from pathlib import Path

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer

#: (key, first name, last name, phone as typed with the shop's region GB, email)
SHOP: tuple[tuple[str, str, str, str, str], ...] = (
    ("maria_g", "María", "González", "020 7946 0958", "maria.gonzalez@example.com"),
    ("mario", "Mario", "Rossi", "+39 02 1234 5678", "mario@example.com"),
    ("marta", "Marta", "Gómez", "", "marta.gomez@example.org"),
    ("maria_s", "Maria", "Schmidt", "+49 30 901820", ""),
    ("obrien", "Seán", "O'Brien", "0161 496 0321", ""),
    ("zoe", "Zoë", "Chen-Williams", "", "zoe@example.com"),
    ("chen", "Chen", "Wei", "+86 10 6552 9988", ""),
    ("robin", "Robin", "Williams", "", ""),
    ("jose", "José", "Álvarez", "", ""),
    ("jo", "Jo", "Smith", "", ""),
    ("john", "John", "Smith", "07911 123456", ""),
    ("johanna", "Johanna", "Smithers", "", ""),
    ("bjorn", "Bjørn", "Sørensen", "+47 21 23 45 67", ""),
    ("heinz", "Heinz", "Großmann", "", ""),
    ("aegir", "Ægir", "Þórsson", "", ""),
    ("lukasz", "Łukasz", "Kowalski", "+48 12 345 67 89", ""),
    ("dorde", "Đorđe", "Petrović", "", ""),
    ("huong", "Nguyễn Thị", "Hương", "", ""),
    ("maria_gr", "Μαρία", "Παπαδοπούλου", "", ""),
    ("ivan", "Иван", "Петров", "", ""),
    ("anna", "Анна", "Иванова", "", ""),
    ("wang", "王", "小明", "", ""),
    ("sakura", "さくら", "佐藤", "", ""),
    ("minjun", "민준", "김", "", ""),
    ("and", "And", "Berg", "", ""),
    ("near", "Tom", "Near", "", ""),
    ("or", "Or", "Cohen", "", ""),
    ("not", "Ellie", "Not", "", ""),
    ("ana", "Ana", "Lima", "+1 201-555-0123", "ana.lima@mail.example.net"),
    ("mary_jane", "Mary-Jane", "Watson", "", ""),
    ("dangelo", "Dominic", "D'Angelo", "", ""),
)


def add_shop() -> dict[str, int]:
    """Add the shop's customers (phone region GB); returns their ids by key."""
    settings.set_value("phone_region", "GB")
    ids: dict[str, int] = {}
    for key, first, last, phone, email in SHOP:
        card = add_customer(CustomerInput(first, last, phone=phone, email=email))
        ids[key] = card.id
    return ids


def build_shop_template(path: Path | str) -> dict[str, int]:
    """Create the shop once in a database file or PostgreSQL database (closed afterwards,
    WAL folded in)."""
    from shopcrm.db import close, open_database

    open_database(str(path))
    try:
        return add_shop()
    finally:
        close()


def open_shop_copy(template: Path, folder: Path) -> Path:
    """Open a private copy of the shop database (so a test may change it freely)."""
    from shopcrm.db import open_database

    copy = folder / "shop-copy.sqlite3"
    shutil.copyfile(template, copy)
    open_database(str(copy))
    return copy
