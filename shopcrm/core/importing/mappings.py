"""Which column was which field: from the preset and aliases, from ``--map``/the wizard, and
remembered per source so the next file of the same kind is mapped the same way."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from shopcrm.core.importing.fields import FIELDS, PRESETS, fold, guess_preset, match_columns
from shopcrm.core.importing.reader import FileProblem
from shopcrm.core.validation import quoted
from shopcrm.db.import_models import ImportMapping

#: Fields of which at least one must be mapped: without them no row can be a customer.
IDENTIFYING = {"first_name", "last_name", "name", "company", "nickname", "email", "phone"}


def parse_map(text: str) -> dict[str, str]:
    """``--map "Handy=phone,Kundennr=external_id"``: column (header or 1-based number) -> field."""
    mapping: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        column, sep, name = part.rpartition("=")
        name = name.strip().lower().replace(" ", "_").replace("-", "_")
        if not sep or not column.strip():
            raise FileProblem(f"write the mapping as COLUMN=field, not {quoted(part)}")
        if name not in FIELDS:
            raise FileProblem(f"no field {quoted(name)}: the fields are {', '.join(FIELDS)}")
        mapping[column.strip()] = name
    return mapping


def remembered(source: str) -> dict[str, str]:
    row = ImportMapping.get_or_none(ImportMapping.source == source)
    if row is None:
        return {}
    try:
        data = json.loads(row.mapping)
    except ValueError:
        return {}
    return (
        {str(k): str(v) for k, v in data.items() if v in FIELDS} if isinstance(data, dict) else {}
    )


def remember(source: str, headers: list[str], fields: list[str]) -> None:
    """Keep the mapping for ``source`` (inside the import's transaction)."""
    data = json.dumps({fold(h): f for h, f in zip(headers, fields, strict=True) if fold(h)})
    now = datetime.now(UTC)
    if ImportMapping.get_or_none(ImportMapping.source == source) is None:
        ImportMapping.create(source=source, mapping=data, updated_at=now)
    else:
        ImportMapping.update(mapping=data, updated_at=now).where(
            ImportMapping.source == source
        ).execute()


def resolve(headers: list[str], preset: str | None, given: dict[str, str]) -> tuple[str, list[str]]:
    """The preset (guessed when None) and each column's field: ``given`` (from ``--map`` or
    the wizard) first, then what was remembered for the source, then the preset and aliases."""
    if preset is not None and preset not in PRESETS:
        raise FileProblem(f"no preset {quoted(preset)}: choose {', '.join(PRESETS)}")
    chosen = preset or guess_preset(headers)
    fields = match_columns(headers, chosen, remembered(chosen))
    folded = [fold(h) for h in headers]
    for column, name in given.items():
        if column.isdigit() and 1 <= int(column) <= len(headers):
            position = int(column) - 1
        elif fold(column) in folded:
            position = folded.index(fold(column))
        else:
            raise FileProblem(
                f"no column {quoted(column)} in the file (its columns:"
                f" {quoted(', '.join(headers), 200)})"
            )
        if name != "ignore":  # the field now comes from this column only
            fields = ["ignore" if f == name else f for f in fields]
        fields[position] = name
    if not IDENTIFYING & set(fields):
        raise FileProblem(
            "no column of the file is a name, email or phone: say which is which with"
            " --map COLUMN=field (e.g. --map Kunde=name)",
            1,
        )
    return chosen, fields


def resolve_loosely(headers: list[str], preset: str | None) -> tuple[str, list[str]]:
    """:func:`resolve` with nothing given, and no complaint when nothing identifies a
    customer yet (the wizard's mapping page is where that gets fixed)."""
    if preset is not None and preset not in PRESETS:
        raise FileProblem(f"no preset {quoted(preset)}: choose {', '.join(PRESETS)}")
    chosen = preset or guess_preset(headers)
    return chosen, match_columns(headers, chosen, remembered(chosen))
