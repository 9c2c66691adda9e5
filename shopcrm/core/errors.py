"""Errors a use case reports to its caller (GUI or command line) in plain words.

:class:`ShopError` and :class:`StorageError` are defined below ``core`` (see
:mod:`shopcrm.errors`) so that the database layer can raise them without importing ``core``;
they are re-exported here so callers find every error in one module.
"""

from __future__ import annotations

from shopcrm.db.storage_errors import StorageError, StorageKind
from shopcrm.errors import ShopError

__all__ = ["NotFoundError", "ShopError", "StorageError", "StorageKind", "ValidationError"]


class ValidationError(ShopError):
    """Input was refused; ``errors`` maps each bad field to why. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class NotFoundError(ShopError):
    """The customer, note or other record asked for does not exist (any more)."""
