"""A SQLite shop on a network share is refused; one on a local disk is not.

SQLite-only: these are places for a database file. The mount table is fed as sample text for
each kind of share (this machine has none mounted), and the real table is read for a real
local folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shopcrm.db import DatabaseLocationError, parse_location
from shopcrm.db.locations import network_refusal, path_refusal
from shopcrm.db.network_shares import (
    is_network_filesystem,
    is_unc_path,
    mountinfo_type,
    nearest_existing,
    network_filesystem,
    unescape_mount_field,
)

#: A till's /proc/self/mountinfo with a share of each kind (optional fields vary in number).
MOUNTINFO = """\
22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
25 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
40 22 0:35 / /mnt/office rw,relatime shared:20 - cifs //nas/office rw,vers=3.0
41 22 0:36 / /mnt/stock rw,relatime - nfs4 fileserver:/export/stock rw,vers=4.2
42 22 0:37 / /mnt/smb3 rw,relatime shared:21 master:3 - smb3 //nas/smb3 rw
43 22 0:38 / /home/till/remote rw,nosuid,nodev shared:22 - fuse.sshfs till@server: rw
44 40 0:39 / /mnt/office/local rw,relatime shared:23 - tmpfs tmpfs rw
45 22 0:40 / /mnt/nas\\040share rw,relatime shared:24 - cifs //nas/share rw
46 22 0:41 / /mnt/host rw,relatime - 9p hostshare rw,trans=virtio
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/till/shop.sqlite3", "ext4"),
        ("/mnt/office/shop.sqlite3", "cifs"),
        ("/mnt/stock/2026/shop.sqlite3", "nfs4"),
        ("/mnt/smb3/shop.sqlite3", "smb3"),
        ("/home/till/remote/shop.sqlite3", "fuse.sshfs"),
        ("/mnt/office/local/shop.sqlite3", "tmpfs"),  # the longest mount point wins
        ("/mnt/nas share/shop.sqlite3", "cifs"),  # \040 is a space
        ("/mnt/officer/shop.sqlite3", "ext4"),  # a longer name is not inside /mnt/office
        ("/mnt/host/shop.sqlite3", "9p"),
    ],
)
def test_the_mount_holding_a_path_is_found_in_mountinfo(path: str, kind: str) -> None:
    assert mountinfo_type(Path(path), MOUNTINFO) == kind


@pytest.mark.parametrize(
    ("kind", "network"),
    [
        ("cifs", True),
        ("nfs4", True),
        ("nfs", True),
        ("smb3", True),
        ("fuse.sshfs", True),
        ("9p", True),
        ("ext4", False),
        ("tmpfs", False),
        ("fuse.portal", False),
        ("", False),
    ],
)
def test_network_file_systems_are_told_from_local_ones(kind: str, network: bool) -> None:
    assert is_network_filesystem(kind) is network


def test_a_mount_point_over_another_is_the_one_that_counts() -> None:
    table = MOUNTINFO + "47 40 0:42 / /mnt/office rw - ext4 /dev/vdb1 rw\n"
    assert mountinfo_type(Path("/mnt/office/shop.sqlite3"), table) == "ext4"


def test_broken_lines_in_the_table_are_passed_over() -> None:
    table = "garbage\n1 2 3\n48 22 0:43 / /mnt/x rw shared:1 -\n" + MOUNTINFO
    assert mountinfo_type(Path("/mnt/x/shop.sqlite3"), table) == "ext4"


def test_octal_escapes_are_undone() -> None:
    assert unescape_mount_field("/mnt/a\\040b\\011c\\134d") == "/mnt/a b\tc\\d"


def test_a_new_shop_is_judged_by_its_nearest_existing_folder(tmp_path: Path) -> None:
    """The file (and here its folder) does not exist yet: the share it would be on counts."""
    table = tmp_path / "mountinfo"
    table.write_text(
        f"22 1 252:1 / / rw - ext4 /dev/vda1 rw\n50 22 0:50 / {tmp_path} rw - cifs //nas/x rw\n"
    )
    new_shop = tmp_path / "not-yet" / "shop.sqlite3"
    assert nearest_existing(new_shop) == tmp_path.resolve()
    if sys.platform.startswith("linux"):
        assert network_filesystem(new_shop, str(table)) == "cifs"
        assert network_filesystem(new_shop, str(tmp_path / "no-table")) is None  # cannot tell


def test_a_local_folder_is_accepted_on_the_real_mount_table(tmp_path: Path) -> None:
    if sys.platform.startswith("linux"):  # the real table is read, and tmp_path found in it
        real = Path("/proc/self/mountinfo").read_text()
        assert mountinfo_type(tmp_path.resolve(), real) != ""
    assert network_filesystem(tmp_path / "shop.sqlite3") is None
    assert path_refusal(tmp_path / "shop.sqlite3") is None
    assert parse_location(str(tmp_path / "shop.sqlite3")).kind == "sqlite"


@pytest.mark.parametrize(
    ("text", "unc"),
    [
        (r"\\server\share\shop.sqlite3", True),
        ("//server/share/shop.sqlite3", True),
        (r"\\?\UNC\server\share\shop.sqlite3", True),
        ("//?/UNC/server/share/shop.sqlite3", True),
        (r"\\nas.local\shop$\shop.sqlite3", True),
        (r"\\?\C:\shop\shop.sqlite3", False),  # a long local path
        (r"\\.\PhysicalDrive0", False),  # a device, refused as such elsewhere
        (r"C:\shop\shop.sqlite3", False),
        ("/home/till/shop.sqlite3", False),
        ("shop.sqlite3", False),
    ],
)
def test_unc_paths_are_recognised_as_text(text: str, unc: bool) -> None:
    assert is_unc_path(text) is unc


@pytest.mark.parametrize(
    "value", [r"\\?\UNC\server\share\shop.sqlite3", r"\\nas\shop$\shop.sqlite3"]
)
def test_a_unc_path_is_refused_pointing_to_postgresql(value: str) -> None:
    with pytest.raises(DatabaseLocationError) as refused:
        parse_location(value)
    message = str(refused.value)
    assert message.startswith(f"{value} is on a network share: SQLite's own documentation")
    assert "--db postgresql://" in message
    assert '"Two tills or more" in the README' in message
    assert "\n" not in message


def test_the_refusal_names_the_kind_of_share() -> None:
    message = network_refusal("/mnt/office/shop.sqlite3", "cifs")
    assert message.startswith("/mnt/office/shop.sqlite3 is on a network share (cifs): ")
    assert "locks are unreliable" in message and "PostgreSQL server" in message
