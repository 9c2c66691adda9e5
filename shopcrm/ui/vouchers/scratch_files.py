"""Temporary PDFs: drawn only to be printed or looked at, and removed after."""

from __future__ import annotations

import contextlib
import os
import tempfile


def scratch_pdf() -> str:
    """A new temporary file for a PDF that is only printed or looked at (the caller removes
    it)."""
    handle, path = tempfile.mkstemp(prefix="shopcrm-vouchers-", suffix=".pdf")
    os.close(handle)
    return path


def remove_file(path: str) -> None:
    """Remove a scratch file if it is there."""
    with contextlib.suppress(OSError):
        os.unlink(path)
