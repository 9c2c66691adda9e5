"""The text of an expected-schema module (``shopcrm/db/schema/expected_*.py``) for a shape."""

from __future__ import annotations

from shopcrm.db.migrations import LATEST
from shopcrm.db.schema.shape import Shape

_HEAD = '''# ruff: noqa: E501
"""The schema a new {engine} database has at version {version}, as :mod:`..shape` reads it.

Generated from a new database by ``tests/db/schema/test_expected_schema.py``, which fails
(printing this file's new text) whenever a migration changes what a new database holds.
"""

from __future__ import annotations

VERSION = {version}

SHAPE = {{
'''


def expected_module_text(engine: str, shape: Shape) -> str:
    lines = [_HEAD.format(engine=engine, version=LATEST)]
    for key in sorted(shape):
        lines.append(f"    {key!r}: {shape[key]!r},\n")
    lines.append("}\n")
    return "".join(lines)
