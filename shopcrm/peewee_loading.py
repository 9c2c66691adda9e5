"""Loading peewee without the PostgreSQL drivers it would import as it loads.

When psycopg is installed, ``import peewee`` imports it (with asyncio and ssl): a tenth of a
second on every start of the app or a command, a SQLite shop's too, where the budget for a cold
start is a few tenths. So peewee is loaded with the drivers hidden: a module marked None in
``sys.modules`` cannot be imported, which peewee takes as "driver not installed", and the marks
go as soon as peewee has loaded. shopcrm's PostgreSQL database brings its own adapter on its
own import of psycopg (:class:`shopcrm.db.postgres_database.Psycopg3Adapter`), made when a
PostgreSQL shop is opened, so it works whichever way peewee was loaded.

Whoever imports peewee first (the database layer, an argument check of the command line, a
test), it happens through :class:`PeeweeWithoutDrivers`, a finder put first on
:data:`sys.meta_path` when the ``shopcrm`` package loads: it finds peewee through the other
finders (a source tree, a wheel, the PyInstaller build alike), wraps its loader, and takes
itself off. Importing ``shopcrm`` does not import peewee (``shopcrm --help`` stays fast).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

#: Database drivers peewee would import as it loads, whether or not the shop uses them.
DRIVERS_PEEWEE_NEED_NOT_LOAD = ("psycopg", "psycopg2", "psycopg2cffi")


class PeeweeWithoutDrivers:
    """The finder of one module, peewee, whose loader then runs it with the drivers hidden."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        """peewee's spec as the other finders see it, its loader wrapped; None for any other
        module (the import system then asks the next finder)."""
        if name != "peewee":
            return None
        if cls in sys.meta_path:
            sys.meta_path.remove(cls)  # one module, once; and no recursion below
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None:
            spec.loader = _LoaderHidingDrivers(spec.loader)
        return spec


class _LoaderHidingDrivers:
    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> ModuleType | None:
        created: ModuleType | None = self.loader.create_module(spec)
        return created

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in DRIVERS_PEEWEE_NEED_NOT_LOAD if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            # The module's own loader from here on (source lines for tracebacks, inspect).
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                if name in sys.modules and sys.modules[name] is None:
                    del sys.modules[name]


def load_peewee_without_drivers() -> None:
    """Make the next import of peewee (if it is not loaded yet) leave the drivers alone."""
    if "peewee" not in sys.modules and PeeweeWithoutDrivers not in sys.meta_path:
        sys.meta_path.insert(0, PeeweeWithoutDrivers)
