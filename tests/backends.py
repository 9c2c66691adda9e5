"""Marks for the few tests that are about one database engine only.

``db`` and ``shop_location`` run every test on both engines. A test about something only one
engine has (SQLite's foreign-key pragma, a file on disk) says so with :data:`sqlite_only`,
which narrows the ``backend`` parameter to SQLite; its module docstring says why.
"""

from __future__ import annotations

import pytest

sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
postgresql_only = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
