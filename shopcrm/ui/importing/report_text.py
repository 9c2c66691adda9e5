"""An import report in words, counted the shop's way (both the check and the import)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shopcrm.core.importing import ImportReport
from shopcrm.ui.widgets.plural import plural_tr

_CONTEXT = "ImportReport"


def counts_text(report: ImportReport) -> str:
    parts = [
        plural_tr(_CONTEXT, "%n new customer(s)", report.new),
        plural_tr(_CONTEXT, "%n updated", report.updated),
        plural_tr(_CONTEXT, "%n unchanged", report.unchanged),
    ]
    if report.duplicate_count:
        parts.append(plural_tr(_CONTEXT, "%n possible duplicate(s)", report.duplicate_count))
    if report.bad_count:
        parts.append(plural_tr(_CONTEXT, "%n bad row(s)", report.bad_count))
    return ", ".join(parts)


def report_lines(report: ImportReport) -> list[str]:
    """One line per bad row and per possible duplicate, by line number."""
    line = QCoreApplication.translate(_CONTEXT, "Line %1: %2")
    bad = QCoreApplication.translate(_CONTEXT, "not imported: %1")
    dup = QCoreApplication.translate(_CONTEXT, "possible duplicate: %1")
    from shopcrm.ui.widgets.formatting import shop_formats

    shop = shop_formats()
    rows = [(b.line, bad.replace("%1", b.reason)) for b in report.bad]
    rows += [(d.line, dup.replace("%1", d.reason)) for d in report.duplicates]
    return [
        line.replace("%1", shop.number(number)).replace("%2", text)
        for number, text in sorted(rows, key=lambda r: r[0])
    ]
