"""Where the shop's data lives, and the places it must not live.

A ``--db`` / ``SHOPCRM_DB`` text becomes a :class:`DatabaseLocation` only if shopcrm can keep
a shop there safely. Refused, each with its reason: an empty text; ``:memory:`` (it forgets
the shop when the program ends); a folder or a device (``/dev/null``); a file in a folder that
does not exist (a typo would otherwise quietly start an empty shop somewhere new); a network
share (SQLite's own documentation warns that its locking is unreliable there, which is how
files get damaged; several tills share a PostgreSQL server instead; how a share is recognised
is :mod:`.network_shares`' business); and another program's SQLite file, which would otherwise
get shopcrm's tables added to it. That last check reads the file through a read-only
connection, so the refused file stays byte-for-byte as it was.
"""

from __future__ import annotations

import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse, urlsplit

from shopcrm.db.network_shares import (
    NETWORK_FILESYSTEMS,
    is_unc_path,
    mount_type,
    network_filesystem,
)
from shopcrm.db.storage_errors import DatabaseLocationError, storage_error

__all__ = [
    "NETWORK_FILESYSTEMS",
    "DatabaseLocation",
    "has_password",
    "mount_type",
    "network_refusal",
    "parse_location",
    "path_refusal",
    "redacted",
    "refuse_foreign_database",
]


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the shop's data lives: ``kind`` is ``"sqlite"`` or ``"postgresql"``."""

    kind: str
    target: str  # a file path for SQLite, the URL for PostgreSQL

    def describe(self) -> str:
        """Where the shop is, for a person to read: the file, or the server and database
        (never a password; a service named in the URL is shown as such)."""
        if self.kind == "sqlite":
            return self.target
        parsed = urlsplit(self.target)
        service = [value for key, value in parse_qsl(parsed.query) if key == "service"]
        if service and not parsed.hostname:
            return f"postgresql:///?service={service[0]}"
        host = parsed.hostname or "localhost"
        return f"postgresql://{host}{':' + str(parsed.port) if parsed.port else ''}{parsed.path}"


def redacted(url: str) -> str:
    """``url`` with any password taken out (from the user part and from ``password=``), for
    every place a location is shown, logged or stored; anything else in it is kept."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}" if user else host
    query = _PASSWORD_PARAMETER.sub(r"\1password=***", parts.query)
    tail = (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return f"{parts.scheme}://{netloc}{parts.path}{tail}"


def has_password(url: str) -> bool:
    """True when the URL itself carries a password (a settings file must not hold one)."""
    parts = urlsplit(url)
    return parts.password is not None or any(
        key == "password" for key, _ in parse_qsl(parts.query, keep_blank_values=True)
    )


NETWORK_SCHEMES = ("smb", "nfs", "cifs", "afp", "ftp", "sftp", "ssh", "webdav", "dav", "http")
#: ``host:/export/shop.sqlite3`` (an NFS export); one letter before the colon is a drive.
_PASSWORD_PARAMETER = re.compile(r"(^|&)password=[^&]*", re.IGNORECASE)
_HOST_EXPORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]+:[/\\]")


def network_refusal(where: str, kind: str = "") -> str:
    """The one line that refuses a SQLite file on a network share, and says what to do."""
    share = f"a network share ({kind})" if kind else "a network share"
    return (
        f"{where} is on {share}: SQLite's own documentation warns against sharing a"
        " database file over a network (its locks are unreliable there and the file gets"
        " damaged); keep the file on this computer, or use a PostgreSQL server for several"
        ' tills (--db postgresql://…, see "Two tills or more" in the README)'
    )


def _checked_url(url: str) -> str:
    """A PostgreSQL URL whose parts can be read (a port out of range or not a number would
    otherwise fail wherever the location is shown, as a traceback)."""
    try:
        urlsplit(url).port  # noqa: B018 - reading it is the check
    except ValueError as exc:
        raise DatabaseLocationError(
            f"not a usable database URL {redacted(url)[:80]!r}: {exc}"
        ) from None
    return url


def parse_location(value: str) -> DatabaseLocation:
    """Turn ``--db`` / ``SHOPCRM_DB`` text into a location (a path or a postgresql:// URL)."""
    value = value.strip()
    if not value:
        raise DatabaseLocationError("the database location is empty")
    lowered = value.lower()
    if lowered.startswith(("postgresql://", "postgres://")):
        return DatabaseLocation("postgresql", _checked_url(value))
    if lowered.startswith("sqlite:///"):
        value = unquote(value[len("sqlite:///") :])
    elif "://" in value:
        scheme = lowered.split("://", 1)[0]
        if scheme in NETWORK_SCHEMES or (scheme == "file" and _remote_file_url(value)):
            raise DatabaseLocationError(network_refusal(value))
        raise DatabaseLocationError(
            f"unsupported database URL {value!r}: use a file path or postgresql://…"
        )
    if value == ":memory:" or value.startswith("file::memory:"):
        raise DatabaseLocationError(
            "an in-memory database (:memory:) forgets the shop when shopcrm closes;"
            " give the path of a database file"
        )
    if not value:
        raise DatabaseLocationError("the database location is empty")
    if is_unc_path(value) or _HOST_EXPORT.match(value):
        raise DatabaseLocationError(network_refusal(value))
    path = Path(value).expanduser()
    refusal = path_refusal(path)
    if refusal:
        raise DatabaseLocationError(refusal)
    return DatabaseLocation("sqlite", str(path))


def _remote_file_url(value: str) -> bool:
    host = urlparse(value).hostname
    return bool(host) and host != "localhost"


def path_refusal(path: Path) -> str | None:
    """Why a database file cannot be kept at ``path``, or None when it can."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return f"cannot use {path}: {exc.strerror}"
    if mode is not None and stat.S_ISDIR(mode):
        return f"{path} is a folder, not a database file"
    if mode is not None and not stat.S_ISREG(mode):
        return f"{path} is a device or other special file, not a database file"
    folder = path.absolute().parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist; create it first or choose another place"
    if is_unc_path(str(path)):
        return network_refusal(str(path))
    kind = network_filesystem(path)
    if kind:
        return network_refusal(str(path), kind)
    return None


def refuse_foreign_database(path: str, busy_timeout_s: float) -> None:
    """Refuse a non-empty SQLite file that shopcrm did not make, without changing it.

    The file is read through a read-only connection; when it has no write-ahead log beside
    it, ``immutable=1`` also keeps SQLite from leaving ``-wal``/``-shm`` files behind."""
    file = Path(path)
    try:
        if file.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    uri = f"{file.resolve().as_uri()}?mode=ro{immutable}"
    try:
        probe = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s)
        try:
            names = {
                row[0]
                for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            probe.close()
    except sqlite3.Error as exc:
        found = storage_error(exc, path, busy_timeout_s)
        if found is None:
            raise
        raise found from exc
    if names and "schema_migration" not in names:
        raise DatabaseLocationError(
            f"{path} is a SQLite database of another program; shopcrm will not add its tables to it"
        )
