"""A first look at a file before importing it: how it reads, which preset it seems to be,
the proposed field of each column, and its first rows (for the wizard's mapping page and
``shopcrm import --dry-run``'s text)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from shopcrm.core.importing import mappings
from shopcrm.core.importing.reader import CsvRows


@dataclass(frozen=True)
class FilePreview:
    encoding: str
    delimiter: str
    header: list[str]
    preset: str
    fields: list[str]
    sample: list[list[str]]


def preview_file(
    path: Path,
    preset: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sample_rows: int = 5,
) -> FilePreview:
    """Read the header and first rows of ``path`` (a :class:`.reader.FileProblem` when it
    cannot be); the mapping proposed is what an import with no ``--map`` would use."""
    with CsvRows(path, encoding, delimiter) as rows:
        chosen, fields = mappings.resolve_loosely(rows.header, preset)
        sample = [cells for _, cells in itertools.islice(iter(rows), sample_rows)]
        return FilePreview(
            rows.format.encoding, rows.format.delimiter, rows.header, chosen, fields, sample
        )
