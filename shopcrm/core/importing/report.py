"""What an import did (or, in a dry run, would do): the report the wizard and ``--json`` show."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Most bad rows and duplicates listed one by one (the counts are always whole).
MAX_LISTED = 10_000


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Duplicate:
    """A row that may be a customer the shop (or the file) has already: ``customer`` is the
    existing customer's id (then the row was imported as a new customer, for a merge to
    decide), ``same_as_line`` the earlier row of the file it repeats (then it was skipped).
    ``imported_as``: the new customer the row became (once written; None in a dry run), so the
    import's review can offer to merge it into ``customer``."""

    line: int
    reason: str
    customer: int | None = None
    same_as_line: int | None = None
    imported_as: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "reason": self.reason,
            "customer": self.customer,
            "same_as_line": self.same_as_line,
            "imported_as": self.imported_as,
        }


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    imported: bool = False
    rows: int = 0
    bad_count: int = 0
    duplicate_count: int = 0
    dry_run: bool = False
    preset: str = "generic"
    encoding: str = ""
    delimiter: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    #: Ids of the customers the import made (its first ones; for the wizard's review).
    new_ids: list[int] = field(default_factory=list)

    def add_bad(self, line: int, reason: str) -> None:
        self.bad_count += 1
        if len(self.bad) < MAX_LISTED:
            self.bad.append(BadRow(line, reason))

    def take(self, part: ImportReport) -> None:
        """Add what one chunk's reading found (its rows, bad rows, repeats within the file,
        rows of erased customers) to this report, in the file's order."""
        self.rows += part.rows
        self.unchanged += part.unchanged
        for bad in part.bad:
            self.add_bad(bad.line, bad.reason)
        for duplicate in part.duplicates:
            self.add_duplicate(duplicate)

    def imported_as(self, line_ids: dict[int, int]) -> None:
        """Name the new customer each listed look-alike row became (``line`` → id)."""
        self.duplicates = [
            replace(d, imported_as=line_ids[d.line]) if d.customer and d.line in line_ids else d
            for d in self.duplicates
        ]

    def add_duplicate(self, duplicate: Duplicate) -> None:
        self.duplicate_count += 1
        if len(self.duplicates) < MAX_LISTED:
            self.duplicates.append(duplicate)

    def to_json(self) -> dict[str, object]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": [d.to_json() for d in self.duplicates],
            "bad": [b.to_json() for b in self.bad],
            "imported": self.imported,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "preset": self.preset,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "columns": [{"column": c, "field": f} for c, f in self.columns],
        }
