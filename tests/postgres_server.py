"""A throwaway PostgreSQL server for the test run, started from the system's own binaries.

The suite runs every database test on SQLite and on PostgreSQL. Nobody has to set a server up
by hand: the first test that needs one starts a private cluster (``initdb`` into a temporary
folder, a free port, a Unix socket in that folder, durability off since nothing in it must
survive) and the session's end stops it and removes the folder. ``SHOPCRM_TEST_POSTGRES_URL``
points the tests at an existing server instead (a URL of a database whose user may create
databases).

Without PostgreSQL's binaries the PostgreSQL half of the suite is skipped with the reason —
except under ``CI=true``, where a missing server is a failure: CI must never pass by skipping.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

#: Server settings for a cluster nothing needs to survive: fast, not durable.
_FAST_UNSAFE = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    " -c max_connections=200 -c shared_buffers=128MB -c max_locks_per_transaction=256"
)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries (and no SHOPCRM_TEST_POSTGRES_URL)."""


def _binaries() -> Path:
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    for candidate in [shutil.which("pg_ctl"), *installed]:
        if candidate:
            return Path(os.path.realpath(candidate)).parent
    raise PostgresUnavailable(
        "PostgreSQL's server binaries (pg_ctl, initdb) are not installed: "
        "`sudo apt-get install postgresql`, or set SHOPCRM_TEST_POSTGRES_URL"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server and the admin URL (a maintenance database the tests may not touch)."""

    admin_url: str
    folder: Path | None = None
    _run_as: list[str] = field(default_factory=list)
    _bin: Path | None = None
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _options: str = ""

    @classmethod
    def start(cls, extra_options: str = "") -> PostgresServer:
        """``extra_options`` (``-c name=value …``) override the fast, non-durable defaults."""
        preset = os.environ.get("SHOPCRM_TEST_POSTGRES_URL", "").strip()
        if preset:
            return cls(admin_url=preset)
        bin_dir = _binaries()
        # PostgreSQL refuses to run as root; as root (a CI container) run it as `postgres`.
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        folder = Path(tempfile.mkdtemp(prefix="shopcrm-pg-"))
        if run_as:
            shutil.chown(folder, "postgres")
        data = folder / "data"
        port = _free_port()
        server = cls(
            admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres",
            folder=folder,
            _run_as=run_as,
            _bin=bin_dir,
            _options=f"-h 127.0.0.1 -p {port} -k {folder} {_FAST_UNSAFE} {extra_options}".strip(),
        )
        server._run(
            "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        server._pg_ctl("start")
        return server

    def _pg_ctl(self, action: str, *extra: str) -> None:
        assert self.folder is not None
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
            "-w", "-t", "60", "-o", self._options, *extra, action,
        )  # fmt: skip

    def restart(self) -> None:
        """Stop the server as a crash would (every connection cut) and start it again."""
        if self.folder is None:
            raise PostgresUnavailable("cannot restart a server these tests did not start")
        self._pg_ctl("restart", "-m", "immediate")

    def halt(self) -> None:
        """Stop the server as a crash would, and leave it stopped until :meth:`resume`."""
        if self.folder is None:
            raise PostgresUnavailable("cannot stop a server these tests did not start")
        self._pg_ctl("stop", "-m", "immediate")

    def resume(self) -> None:
        """Start a server stopped by :meth:`halt` again, on the same port."""
        self._pg_ctl("start")

    def reload(self) -> None:
        """Make the server read its configuration files again (pg_hba.conf)."""
        self._pg_ctl("reload")

    def tool(self, program: str, *args: str) -> None:
        """Run one of the server's client programs (pg_dump, pg_restore) as this user."""
        if self._bin is None:
            raise PostgresUnavailable("no server binaries: SHOPCRM_TEST_POSTGRES_URL is set")
        result = subprocess.run(
            [str(self._bin / program), *args], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr.strip()}")

    def _run(self, program: str, *args: str) -> None:
        assert self._bin is not None
        result = subprocess.run(
            [*self._run_as, str(self._bin / program), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            log = ""
            if self.folder is not None and (self.folder / "server.log").exists():
                log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{program} failed: {result.stderr.strip()}\n{log}")

    def add_password_user(self, user: str, password: str) -> None:
        """A login ``user`` that must give ``password`` over TCP (every other login is trusted),
        for the tests of libpq's ways of finding a password."""
        import psycopg
        from psycopg import sql

        if self.folder is None:
            raise PostgresUnavailable(
                "cannot change the logins of a server these tests did not start"
            )
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD {}").format(
                    sql.Identifier(user), sql.Literal(password)
                )
            )
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {user} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        self._pg_ctl("reload")

    def url_for(self, name: str) -> str:
        """The URL of database ``name`` on this server (same user, host and port)."""
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def create_database(self, template: str | None = None) -> str:
        """A new, uniquely named database (empty, or a copy of ``template``); its URL."""
        import psycopg

        name = f"shopcrm_t{os.getpid()}_{next(self._names)}"
        clause = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}{clause}")
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database`, closing what still holds it."""
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            self._pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
