"""What the import wizard's pages share: the file, how to read it, the columns' fields, and
the reports of the check and of the import."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shopcrm.core.importing import FilePreview, ImportOptions, ImportReport


@dataclass
class ImportDraft:
    path: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    preview: FilePreview | None = None
    preset: str | None = None
    #: The field chosen for each column, by position.
    fields: list[str] = field(default_factory=list)
    skip_bad: bool = False
    checked: ImportReport | None = None
    imported: ImportReport | None = None

    def options(self, *, dry_run: bool) -> ImportOptions:
        """The options of the check (``dry_run``) and of the import: the same mapping."""
        header = self.preview.header if self.preview else []
        mapping = {str(i + 1): name for i, name in enumerate(self.fields)} if header else {}
        return ImportOptions(
            preset=self.preset,
            mapping=mapping,
            encoding=self.encoding,
            delimiter=self.delimiter,
            dry_run=dry_run,
            skip_bad=self.skip_bad,
        )
