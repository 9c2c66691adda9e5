"""Every command and sub-command fed the catalogue of hostile arguments (tests/cli/hostile.py).

The commands run in-process through ``shopcrm.cli.main`` on a fresh copy of a seeded shop (a
SQLite file copied afresh, or a PostgreSQL shop put back as it was seeded, on both engines);
a few run as real processes, for what only a process shows: arguments that are not UTF-8
(they arrive as surrogate escapes and must not crash the output streams) and tracebacks
printed by the interpreter itself. Places that are no database and a damaged file are about
database files: SQLite-only.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shopcrm.cli import main
from tests.cli import hostile
from tests.cli.hostile import COMMANDS, Outcome, dump, fill, run_in_process
from tests.conftest import BACKENDS
from tests.postgres_shop import PostgresShop

CASES = list(hostile.cases())
#: For the tests about database files: the SQLite shop only.
SQLITE_FILES = pytest.mark.parametrize("hostile_backend", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def _in_a_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative name a command wrongly writes to lands in the test's folder; ``staff
    set-pin`` finds its new PIN where it looks first, and no owner PIN is given."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOPCRM_NEW_PIN", "2468")
    monkeypatch.delenv("SHOPCRM_PIN", raising=False)


def _seed(db: str) -> dict[str, str]:
    def ok(*args: str) -> object:
        code = main(["--db", db, *args])
        assert code == 0, args
        return None

    def json_of(capsys_args: list[str]) -> object:
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["--db", db, *capsys_args]) == 0, capsys_args
        return json.loads(buffer.getvalue())

    for key, value in (("currency", "GBP"), ("locale", "en_GB"), ("phone_region", "GB")):
        ok("settings", "set", key, value)
    ok("staff", "add", "Kim")
    gone = json_of(["staff", "add", "Gone", "--json"])
    a = json_of(["customers", "add", "--first-name", "Ann", "--last-name", "Lee", "--json"])
    b = json_of(["customers", "add", "--first-name", "Bob", "--json"])
    log_a = ["visits", "log", str(a["id"]), "--amount", "30", "--json"]
    visits = [json_of(log_a) for _ in range(10)]
    visit_b = json_of(["visits", "log", str(b["id"]), "--amount", "5", "--json"])
    today = datetime.now().astimezone().date()
    month = today.strftime("%Y-%m")
    expires = (today + timedelta(days=60)).isoformat()
    issued = json_of(
        [
            *("vouchers", "issue", "--month", month, "--rule", "hand-picked"),
            *("--customers", f"{a['id']},{b['id']}", "--value", "5", "--expires", expires),
            "--json",
        ]
    )
    from shopcrm.core.staff import set_active
    from shopcrm.db import close, open_database

    open_database(db)
    set_active(gone["id"], False)
    close()
    code_a = next(v["code"] for v in issued if v["customer_id"] == a["id"])
    batch = json_of(["vouchers", "list", "--json"])[0]["id"]
    recent = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    return {
        "a": str(a["id"]),
        "b": str(b["id"]),
        "gone_id": str(gone["id"]),
        "visit_a": str(visits[-1]["id"]),
        "visit_b": str(visit_b["id"]),
        "code_a": code_a,
        "batch": str(batch),
        "month": month,
        "expires": expires,
        "recent": recent,
    }


Shop = tuple[Path | PostgresShop, dict[str, str], str]


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def shop(
    hostile_backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Shop]:
    """A seeded shop (template file or PostgreSQL shop, its facts, its dump), made afresh for
    every case."""
    if hostile_backend == "sqlite":
        template = tmp_path_factory.mktemp("hostile") / "template.sqlite3"
        facts = _seed(str(template))
        yield template, facts, dump(template)
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    facts = _seed(url)
    seeded = PostgresShop.adopt(url)
    yield seeded, facts, dump(url)
    seeded.close()
    server.drop_database(url)


@contextmanager
def _fresh_copy(shop: Shop, tmp_path: Path) -> Iterator[str]:
    """Where this case's copy of the seeded shop is."""
    template = shop[0]
    if isinstance(template, Path):
        db = tmp_path / "shop.sqlite3"
        shutil.copyfile(template, db)
        yield str(db)
        return
    try:
        yield template.url
    finally:
        template.reset()


def _run(
    shop: Shop,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> tuple[Outcome, str, str, str]:
    _, facts, before = shop
    with _fresh_copy(shop, tmp_path) as db:
        names = hostile.prepare_outputs(tmp_path)
        facts = {**facts, **names, "tmp": str(tmp_path)}
        outcome = run_in_process(capsys, ["--db", db, *fill(argv, facts)])
        return outcome, before, dump(db), db


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_base_invocation_succeeds(name, shop, tmp_path, capsys) -> None:
    """Each case changes one argument of a command that works: the refusal is the value's."""
    outcome, *_ = _run(shop, tmp_path, capsys, COMMANDS[name].args())
    assert hostile.problems_of_acceptance(outcome) == []


@pytest.mark.parametrize(
    ("command", "slot", "value", "refused"),
    CASES,
    ids=[hostile.case_id(c, s, v) for c, s, v, _ in CASES],
)
def test_hostile_argument(command, slot, value, refused, shop, tmp_path, capsys) -> None:
    argv = COMMANDS[command].args(**{slot: value})
    outcome, before, after, _ = _run(shop, tmp_path, capsys, argv)
    if refused:
        assert hostile.problems_of_refusal(outcome, before, after) == [], outcome.err[:500]
    else:
        assert hostile.problems_of_acceptance(outcome) == []
    assert (tmp_path / "existing.pdf").read_bytes() == b"keep me"


@pytest.mark.parametrize(
    ("key", "value"),
    hostile.SETTINGS_REFUSED,
    ids=[hostile.case_id("settings set", key, value) for key, value in hostile.SETTINGS_REFUSED],
)
def test_hostile_settings(key, value, shop, tmp_path, capsys) -> None:
    """The settings parsers refuse what cannot be stored (fixed with the typed settings)."""
    argv = ["settings", "set", key, value]
    outcome, before, after, _ = _run(shop, tmp_path, capsys, argv)
    assert hostile.problems_of_refusal(outcome, before, after) == [], outcome.err[:500]


NOT_UTF8_ARGS = [
    ["customers", "add", "--first-name", b"\xff\xfe"],
    ["customers", "search", b"\xff\xfe", "--json"],
    ["customers", "show", b"\xff", "--json"],
    ["visits", "log", "$a", "--note", b"caf\xe9", "--json"],
    ["staff", "add", b"\xc3", "--json"],
    ["vouchers", "show", b"\xff\xfe\xfd\xfc", "--json"],
    ["settings", "set", "shop_name", b"\xff"],
]


@pytest.mark.parametrize("argv", NOT_UTF8_ARGS, ids=lambda argv: " ".join(map(str, argv[:2])))
def test_arguments_that_are_not_utf8_in_a_real_process(argv, shop, tmp_path) -> None:
    _, facts, before = shop
    with _fresh_copy(shop, tmp_path) as db:
        _not_utf8_in_a_real_process(argv, facts, before, db)


def _not_utf8_in_a_real_process(argv, facts, before, db) -> None:
    args = [arg if isinstance(arg, bytes) else fill([arg], facts)[0].encode() for arg in argv]
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"shopcrm", b"--db", str(db).encode(), *args],
        capture_output=True,
        timeout=60,
        env={**_utf8_env()},
    )
    err = done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr, err
    assert done.returncode != 0
    assert len(err.splitlines()) == 1, err
    assert dump(db) == before


def test_device_files_as_output_in_a_real_process(shop, tmp_path) -> None:
    _, facts, before = shop
    with _fresh_copy(shop, tmp_path) as db:
        _device_files_in_a_real_process(facts, before, db, tmp_path)


def _device_files_in_a_real_process(facts, before, db, tmp_path) -> None:
    names = hostile.prepare_outputs(tmp_path)
    for out in (names["device_full"], names["device_null"], str(tmp_path / "full-link.pdf")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "shopcrm",
                "--db",
                str(db),
                "vouchers",
                "print",
                facts["batch"],
                "--out",
                out,
                "--force",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=_utf8_env(),
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode != 0 and len(done.stderr.splitlines()) == 1, done.stderr
        assert Path(out).resolve().is_char_device()
    assert dump(db) == before


def _other_programs_file(folder: Path) -> Path:
    path = folder / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipe (name TEXT)")
    connection.execute("INSERT INTO recipe VALUES ('bread')")
    connection.commit()
    connection.close()
    return path


def _damaged_file(folder: Path, template: Path) -> Path:
    path = folder / "damaged.sqlite3"
    data = bytearray(template.read_bytes())
    data[4096 : 4096 * 3] = b"\xde\xad" * 4096  # pages 2 and 3 overwritten
    path.write_bytes(bytes(data))
    return path


NO_SERVER = "shopcrm-test-no-such-server"
DATABASE_LOCATIONS = (
    "",
    ":memory:",
    f"//{NO_SERVER}/share/shop.sqlite3",
    "\\\\server\\share\\shop.sqlite3",
    "host:/export/shop.sqlite3",
    "$tmp/missing/shop.sqlite3",
    "$tmp",
    "/dev/null",
    "$tmp/other.sqlite3",
    "$tmp/not-a-picture.png",
)


@SQLITE_FILES
@pytest.mark.parametrize("location", DATABASE_LOCATIONS, ids=ascii)
@pytest.mark.parametrize("argv", [["customers", "search", "ann", "--json"], ["check", "--json"]])
def test_hostile_database_locations(location, argv, shop, tmp_path, capsys, monkeypatch) -> None:
    """Places that are no shop database are refused, and nothing is written there (the
    database layer's part: it lands with the storage errors). Run in a temporary folder, and
    what a wrong refusal leaves behind is removed (``//server`` is ``/server`` on Linux)."""
    monkeypatch.chdir(tmp_path)
    stray = Path("/", NO_SERVER)
    assert not stray.exists()
    try:
        _refused_location(location, argv, tmp_path, capsys)
    finally:
        shutil.rmtree(stray, ignore_errors=True)


def _refused_location(location, argv, tmp_path, capsys) -> None:
    names = hostile.prepare_outputs(tmp_path)
    other = _other_programs_file(tmp_path)
    other_before = dump(other)
    place = fill([location], {**names, "tmp": str(tmp_path)})[0]
    outcome = run_in_process(capsys, ["--db", place, *argv])
    assert hostile.problems_of_refusal(outcome, "", "") == [], outcome.err[:500]
    assert dump(other) == other_before
    assert not (tmp_path / "missing").exists()
    assert Path("/dev/null").is_char_device()


@SQLITE_FILES
def test_check_on_a_damaged_file_reports_the_damage(shop, tmp_path, capsys) -> None:
    damaged = _damaged_file(tmp_path, shop[0])
    outcome = run_in_process(capsys, ["--db", str(damaged), "check"])
    assert outcome.escaped is None and "Traceback" not in outcome.err
    assert outcome.code not in (0, None)
    lines = outcome.err.splitlines()
    assert lines and all(line.startswith(("error:", "problem:")) for line in lines), outcome.err


def _utf8_env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONIOENCODING")}
    env.update(LANG="C.UTF-8", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return env
