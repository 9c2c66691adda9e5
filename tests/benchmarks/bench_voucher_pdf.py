"""How long 1,000 vouchers take to render in each layout (the budget: well under 4 s each).

Run: .venv/bin/python tests/benchmarks/bench_voucher_pdf.py [count]
Prints seconds, pages and the file size per layout; not part of the test suite.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from shopcrm.pdf import LAYOUTS, PrintedVoucher, ShopHeader, VoucherRenderer

NAMES = ("Siobhán O'Brien", "张伟", "김민준", "Σοφία Παπαδοπούλου", "Дмитрий Иванов", "Tom Hughes")
VALUES = ("£5.00 off", "10% off", "A free coffee of your choice")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def vouchers(count: int) -> list[PrintedVoucher]:
    made = []
    for index in range(count):
        raw = "".join(ALPHABET[(index * 7 + position * 13) % 32] for position in range(9))
        raw += f"{index:04d}"
        name = NAMES[index % len(NAMES)]
        made.append(
            PrintedVoucher(
                code=f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:]}",
                scan_text=raw,
                customer_name=name,
                message=f"Thank you for being one of our regulars, {name}! Here is a little "
                "something for your next visit. See you soon.",
                value_text=VALUES[index % len(VALUES)],
                expires_text="Valid until 31 December 2026",
                copy=index % 10 == 0,
            )
        )
    return made


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    batch = vouchers(count)
    shop = ShopHeader("The Corner Bakery")
    VoucherRenderer(shop, "a4").render(batch[:1], Path(tempfile.gettempdir()) / "warm.pdf")
    with tempfile.TemporaryDirectory() as folder:
        for layout in LAYOUTS:
            out = Path(folder) / f"{layout}.pdf"
            start = time.perf_counter()
            pages = VoucherRenderer(shop, layout).render(batch, out)
            seconds = time.perf_counter() - start
            size = out.stat().st_size / 1e6
            print(f"{layout:8} {count} vouchers: {seconds:5.2f} s, {pages} pages, {size:.1f} MB")


if __name__ == "__main__":
    main()
