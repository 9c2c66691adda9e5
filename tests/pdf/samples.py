"""Vouchers to print: names in every script the shop's customers write theirs in."""

from __future__ import annotations

from shopcrm.pdf import PrintedVoucher

NAMES = (
    "Siobhán O'Brien",
    "Σοφία Παπαδοπούλου",
    "Дмитрий Иванов",
    "张伟",
    "김민준",
    "田中 さくら",
    "François Müller-Łukasiewicz",
    "Zoë Ångström",
    "Ngọc Trần",
)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def make_voucher(index: int, **changes: object) -> PrintedVoucher:
    raw = "".join(ALPHABET[(index * 11 + position * 7 + 3) % 32] for position in range(11))
    raw += ALPHABET[index // 32 % 32] + ALPHABET[index % 32]
    name = NAMES[index % len(NAMES)]
    fields: dict[str, object] = {
        "code": f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:]}",
        "scan_text": raw,
        "customer_name": name,
        "message": f"Thank you for being one of our regulars, {name}. See you soon!",
        "value_text": ("£5.00 off", "10% off", "A free coffee of your choice")[index % 3],
        "expires_text": "Valid until 31 December 2026",
    }
    fields.update(changes)
    return PrintedVoucher(**fields)  # type: ignore[arg-type]
