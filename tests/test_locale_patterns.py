"""Every date, number and amount a person reads goes through the shop's formats
(``shopcrm.core.formats``), never the computer's locale: this reads the source of the screens,
the PDFs and the command line for the ways around it, so none creeps back.

Comments and docstrings are left out (they may show an example). A use that writes a machine
format (the ``--json`` output, PDF drawing operators) is named in :data:`ALLOWED` with why.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("shopcrm/ui", "shopcrm/pdf", "shopcrm/cli")

FORBIDDEN: dict[str, re.Pattern[str]] = {
    "strftime (the system's month names and order)": re.compile(r"\.strftime\("),
    "a strftime format": re.compile(r"%[YybBHIMp]"),
    "isoformat (a machine day on a screen)": re.compile(r"\.isoformat\("),
    "str() of a day or time": re.compile(r"\bstr\([^()]*(date|day|_at\b|moment|when|since)"),
    "a day cut out of an ISO text": re.compile(r"\[:10\]"),
    "a number's digits or grouping written by Python": re.compile(r"\{[^{}]*:[^{}]*[,f%]\}"),
    "a count put into words with str()": re.compile(r"\.replace\(\s*\"%\d\",\s*str\((?!exc\))"),
    "Qt's locale (the system's, not the shop's)": re.compile(r"\bQLocale\b"),
    "Qt writing a day or a number": re.compile(r"\.toString\("),
    "a currency symbol written by hand": re.compile(r"[£€¥]"),
}

#: (file, what is forbidden, why it is machine format here)
ALLOWED: set[tuple[str, str]] = {
    # PDF path operators are numbers for the PDF reader, in its own syntax.
    ("shopcrm/pdf/voucher_marks.py", "a number's digits or grouping written by Python"),
    # ``customers show --json`` writes the last visit as an ISO time (the JSON contract).
    ("shopcrm/cli/customers.py", "isoformat (a machine day on a screen)"),
    # The one place Qt's locale is set: on date inputs and spin boxes, to the shop's locale.
    ("shopcrm/ui/widgets/formatting.py", "Qt's locale (the system's, not the shop's)"),
    # Key sequences (``Ctrl+N``) written as the platform writes them: keys, not figures.
    ("shopcrm/ui/help/shortcuts_dialog.py", "Qt writing a day or a number"),
}


def _code(path: Path) -> str:
    """The file's text with comments and docstrings blanked out (lines kept where they are)."""
    source = path.read_text(encoding="utf-8")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        first = body[0]
        value = first.value if isinstance(first, ast.Expr) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return "\n".join("" if n in docstrings else line for n, line in enumerate(lines, start=1))


def _sources() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py"))


def _uses(path: Path) -> list[tuple[str, int, str]]:
    """Every forbidden use in the file: what, the line number, the line."""
    code = _code(path)
    lines = code.splitlines()
    found = []
    for what, pattern in FORBIDDEN.items():
        for match in pattern.finditer(code):
            number = code.count("\n", 0, match.start()) + 1
            found.append((what, number, lines[number - 1].strip()))
    return found


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", _sources(), ids=_name)
def test_figures_go_through_the_shops_formats(path: Path):
    name = _name(path)
    found = [
        f"{name}:{number}: {what}: {line}"
        for what, number, line in _uses(path)
        if (name, what) not in ALLOWED
    ]
    assert found == []


def test_every_allowance_is_still_needed():
    """An allowance nobody uses any more would let the pattern back in unseen."""
    used = {(_name(path), what) for path in _sources() for what, _, _ in _uses(path)}
    assert used >= ALLOWED


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ('print(f"{moment.astimezone():%d %b %Y}")', "a strftime format"),
        ("text = day.strftime('%x')", "strftime (the system's month names and order)"),
        ('label.setText(f"{total:.2f}")', "a number's digits or grouping written by Python"),
        ('print(f"{count:,} customers")', "a number's digits or grouping written by Python"),
        ('print(f"({rate:.0%})")', "a number's digits or grouping written by Python"),
        ('self.tr("%1 of %2").replace("%1", str(stamps))', "a count put into words with str()"),
        ('.replace(\n    "%1", str(len(excluded))\n)', "a count put into words with str()"),
        ("self.since.setText(str(card.since))", "str() of a day or time"),
        ("QLocale().toString(day)", "Qt's locale (the system's, not the shop's)"),
        ('self.amount.setPlaceholderText("e.g. £5.00")', "a currency symbol written by hand"),
    ],
)
def test_the_patterns_catch_what_they_are_for(line: str, what: str):
    assert FORBIDDEN[what].search(line)
