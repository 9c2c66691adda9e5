"""Is a path on a network share? SQLite's locking is unreliable there, so a shop is refused.

SQLite's own documentation ("How To Corrupt An SQLite Database File", §2.1) warns that the
POSIX advisory locks it relies on are broken or missing on many network file systems (NFS,
SMB/CIFS, FUSE file systems that forward to a server); two tills writing through one then
damage the file. Several tills share a PostgreSQL server instead.

Recognised here:

* a Windows UNC path (``\\\\server\\share\\…``, ``//server/share/…``, ``\\\\?\\UNC\\server\\…``)
  as text alone, on every system (a path typed on one till may be read on another);
* on Linux, the type of the file system holding the path, from ``/proc/self/mountinfo``: the
  mount with the longest mount point that contains the path (mount points escape a space as
  ``\\040``); a path that does not exist yet (a new shop) is judged by its nearest existing
  parent;
* on Windows, a drive letter mapped to a share (``GetDriveTypeW`` says ``DRIVE_REMOTE``).

Elsewhere (macOS) only the text checks apply. The parsing is pure functions over the table's
text, so the tests feed it sample tables for each kind of share.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

#: File system types (as ``mountinfo`` names them) whose files live on another computer.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "coda",
        "davfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.glusterfs",
        "fuse.ceph-fuse",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
        "fuse.curlftpfs",
        "fuse.davfs2",
        "fuse.juicefs",
    }
)

#: ``\\server\share``, ``//server/share``, ``\\?\UNC\server\share``; not ``\\?\C:\`` (a long
#: local path) nor ``\\.\`` (a device).
_UNC = re.compile(r"^(?:[\\/]{2}\?[\\/]UNC[\\/]|[\\/]{2}(?![?.][\\/]))[^\\/]+[\\/]", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([0-7]{3})")


def is_unc_path(text: str) -> bool:
    """True when ``text`` names a file on a Windows share (a UNC path), on any system."""
    return bool(_UNC.match(text))


def unescape_mount_field(field: str) -> str:
    """A mount table's path with its octal escapes (``\\040`` space, ``\\011`` tab,
    ``\\012`` newline, ``\\134`` backslash) turned back into characters."""
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 8)), field)


def _inside(path: Path, point: str) -> bool:
    mount = Path(point)
    return path == mount or mount in path.parents


def mountinfo_type(path: Path, mountinfo: str) -> str:
    """The file system type of the mount holding ``path`` (absolute, symlinks resolved) in a
    ``/proc/self/mountinfo`` text: the longest mount point containing it; "" when none does.

    A line is ``id parent major:minor root mount-point options [optional…] - type source
    super-options``; the optional fields vary in number, so the type is the field after the
    lone ``-``. Of two mounts on the same point the later one (mounted over it) wins."""
    best, kind = -1, ""
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        separator = fields.index("-", 6)
        if separator + 1 >= len(fields):
            continue
        point = unescape_mount_field(fields[4])
        if _inside(path, point) and len(point) >= best:
            best, kind = len(point), fields[separator + 1]
    return kind


def mount_type(folder: Path, mounts: str) -> str:
    """The same for a ``/proc/mounts`` text (``source point type options …``)."""
    best, kind = -1, ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = unescape_mount_field(fields[1])
        if _inside(folder, point) and len(point) >= best:
            best, kind = len(point), fields[2]
    return kind


def is_network_filesystem(kind: str) -> bool:
    return kind.lower() in NETWORK_FILESYSTEMS


def nearest_existing(path: Path) -> Path:
    """``path`` made absolute with its symlinks resolved, or its nearest existing parent's
    (a new shop's file does not exist yet; its folder may not either)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return path


def network_filesystem(path: Path, mountinfo_file: str = "/proc/self/mountinfo") -> str | None:
    """The network file system type ``path`` is on (``"cifs"``, ``"nfs4"``…), or None when it
    is local or cannot be told."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_remote_drive(path)
    if not sys.platform.startswith("linux"):  # pragma: no cover - macOS, BSD
        return None
    try:
        text = Path(mountinfo_file).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None
    kind = mountinfo_type(nearest_existing(path), text)
    return kind if is_network_filesystem(kind) else None


if sys.platform == "win32":  # pragma: no cover - Windows only
    import ctypes

    _DRIVE_REMOTE = 4

    def _windows_remote_drive(path: Path) -> str | None:
        drive = Path(os.path.abspath(path)).drive
        if not drive or is_unc_path(drive):
            return "smb" if drive else None
        kind = ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\")
        return "smb" if kind == _DRIVE_REMOTE else None
