"""Errors a use case reports to its caller (GUI or command line) in plain words."""

from __future__ import annotations


class ShopError(Exception):
    """Base of the errors meant for the person at the till: ``str(error)`` is the message."""


class ValidationError(ShopError):
    """Input was refused; ``errors`` maps each bad field to why. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class NotFoundError(ShopError):
    """The customer, note or other record asked for does not exist (any more)."""
