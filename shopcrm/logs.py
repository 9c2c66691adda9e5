"""The app's own records in the data folder's ``logs/``: a rotating log, crash logs, a fault log.

Nobody at a till reads stderr, so what goes wrong has to land in a file the owner can send.
Three kinds, all under :func:`shopcrm.config.logs_dir`:

* ``shopcrm.log`` (rotated at 1 MB, five kept) through the standard :mod:`logging` module;
* ``crash-<time>.txt``, one per unexpected exception, with its traceback;
* ``faults.log``, where :mod:`faulthandler` writes the Python stacks if the process dies hard.

Customers' personal data never goes into any of them: code logs ids and kinds, never names,
phones, emails or notes, and a crash log holds the traceback only, no local variables. No Qt
here, so the command line can use it too. The folders are made owner-only (0700 on POSIX): a
crash log's traceback and the log's ids are the shop's business, not the other accounts'.
"""

from __future__ import annotations

import faulthandler
import logging
import platform
import sys
import traceback
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TextIO

from shopcrm import __version__
from shopcrm.db.private_files import make_private_folder

LOG_NAME = "shopcrm.log"
FAULT_LOG_NAME = "faults.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("shopcrm")


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Send the ``shopcrm`` loggers to a rotating file in ``folder``; its path. Calling it
    again for the same file adds no second handler."""
    make_private_folder(folder)
    path = folder / LOG_NAME
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    log.addHandler(handler)
    log.setLevel(level)
    return path


def stop_logging(folder: Path) -> None:
    """Close the handler :func:`setup_logging` added for ``folder`` (the tests start many)."""
    path = folder / LOG_NAME
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            log.removeHandler(handler)
            handler.close()


def enable_fault_log(folder: Path) -> TextIO:
    """Have :mod:`faulthandler` write to ``faults.log`` in ``folder``; the open file, which
    must stay open (and referenced) for as long as the handler is on."""
    make_private_folder(folder)
    file = open(folder / FAULT_LOG_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open
    file.write(f"--- shopcrm {__version__} started {datetime.now(UTC).isoformat()}\n")
    file.flush()
    faulthandler.enable(file)
    return file


def crash_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    context: tuple[str, ...] = (),
) -> str:
    """The text of a crash log: when, which versions, then the traceback."""
    lines = [
        f"shopcrm {__version__} crashed at {datetime.now(UTC).isoformat()}",
        f"Python {platform.python_version()} on {platform.platform()}",
        *context,
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_crash_log(folder: Path, report: str) -> Path:
    """Write ``report`` to a new ``crash-<time>.txt`` in ``folder``; its path."""
    make_private_folder(folder)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S-%fZ")
    path = folder / f"crash-{stamp}.txt"
    number = 1
    while path.exists():  # two crashes in one microsecond
        number += 1
        path = folder / f"crash-{stamp}-{number}.txt"
    path.write_text(report, encoding="utf-8")
    return path


def stderr_fallback(text: str) -> None:
    """Last resort when even the logs folder cannot be written."""
    stream = sys.__stderr__
    if stream is not None:
        stream.write(text)
        stream.flush()
