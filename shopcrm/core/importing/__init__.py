"""Importing customers from another system's export or a spreadsheet (CSV).

- :mod:`.reader` — the file: encoding, delimiter, rows with their line numbers, bounded memory;
- :mod:`.fields` — the fields, header aliases (en, de, es, fr) and the presets of known exports;
- :mod:`.mappings` — which column is which field, ``--map``, and the mapping remembered;
- :mod:`.values` and :mod:`.rows` — a row's cells to a checked :class:`ParsedRow`;
- :mod:`.matching` — which rows are customers the shop has, what would change, look-alikes;
- :mod:`.writing` — the writes of a chunk, consent per channel among them; :mod:`.run` — the
  use case; :mod:`.report`;
- :mod:`.export_notes` — the notes of a shopcrm export (``notes.csv`` beside its
  ``customers.csv``), so an export imports back whole;
- :mod:`shopcrm.core.imported_history` — the imported history the card shows (outside this
  package, so the card does not load the importer).

The ui and the command line import from here.
"""

from shopcrm.core.imported_history import ImportedHistoryView, imported_history
from shopcrm.core.importing.fields import FIELDS, PRESETS
from shopcrm.core.importing.mappings import parse_map
from shopcrm.core.importing.preview import FilePreview, preview_file
from shopcrm.core.importing.reader import FileProblem
from shopcrm.core.importing.report import BadRow, Duplicate, ImportReport
from shopcrm.core.importing.rows import ParsedRow
from shopcrm.core.importing.run import ImportOptions, import_customers

__all__ = [
    "FIELDS",
    "PRESETS",
    "BadRow",
    "Duplicate",
    "FilePreview",
    "FileProblem",
    "ImportOptions",
    "ImportReport",
    "ImportedHistoryView",
    "ParsedRow",
    "import_customers",
    "imported_history",
    "parse_map",
    "preview_file",
]
