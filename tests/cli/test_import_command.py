"""``shopcrm import`` (both engines): the ``--json`` report, exit codes, ``--map``,
``--delimiter``, ``--encoding``, ``--dry-run`` and ``--skip-bad``; hostile files give one
line on stderr and exit 1; the mapping is remembered for the next file of the source."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.cli.output import EXIT_ERROR, EXIT_USAGE
from tests.core.importing.samples import GERMAN, SQUARE, write

REPORT = {"new", "updated", "unchanged", "duplicates", "bad", "imported"}


def _run(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(shop_location: str, capsys) -> str:
    for key, value in (("phone_region", "US"), ("currency", "USD"), ("locale", "en_US")):
        code, _, err = _run(capsys, shop_location, "settings", "set", key, value)
        assert code == 0, err
    return shop_location


def _found(capsys, db: str, *names: str) -> int:
    """How many of ``names`` the counter's search finds."""
    found = 0
    for name in names:
        code, out, _ = _run(capsys, db, "customers", "search", name, "--json")
        assert code == 0
        found += bool(json.loads(out))
    return found


def test_json_report_then_the_same_file_again(capsys, db: str, tmp_path: Path) -> None:
    path = str(write(tmp_path, "square.csv", SQUARE))
    code, out, err = _run(capsys, db, "import", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report.keys() >= REPORT
    assert (report["new"], report["imported"], report["bad"], report["preset"]) == (
        3,
        True,
        [],
        "square",
    )
    code, out, _ = _run(capsys, db, "import", path, "--json", "--preset", "square")
    assert code == 0 and json.loads(out)["unchanged"] == 3
    code, out, _ = _run(capsys, db, "import", path)
    assert code == 0 and out.startswith("Imported: 0 new, 0 updated, 3 unchanged")


def test_a_dry_run_and_bad_rows(capsys, db: str, tmp_path: Path) -> None:
    path = str(
        write(tmp_path, "c.csv", "Name;Mail\nAnn Lee;ann@example.com\nBo;bo@\nCy;cy@example.com\n")
    )
    code, out, err = _run(capsys, db, "import", path, "--dry-run")
    assert code == EXIT_ERROR and out.startswith("Dry run, nothing imported: 2 new")
    assert "line 3: Mail: not an email address" in err
    code, out, err = _run(capsys, db, "import", path, "--json")
    assert code == EXIT_ERROR and json.loads(out)["imported"] is False
    assert _found(capsys, db, "ann", "cy") == 0
    code, out, _ = _run(capsys, db, "import", path, "--json", "--skip-bad")
    report = json.loads(out)
    assert (
        code == 0
        and report["imported"]
        and report["bad"]
        == [{"line": 3, "reason": "Mail: not an email address (like name@example.com)"}]
    )
    assert _found(capsys, db, "ann", "cy") == 2


def test_map_delimiter_and_encoding(capsys, db: str, tmp_path: Path) -> None:
    path = str(write(tmp_path, "odd.csv", "Wer|Nummer|Kdnr\nAnn Lee|(415) 555-0132|7\n"))
    code, _, err = _run(capsys, db, "import", path, "--delimiter", "|")
    assert code == EXIT_ERROR and "no column of the file is a name" in err
    mapping = "Wer=name,2=phone,kdnr=external_id"
    code, out, err = _run(
        capsys, db, "import", path, "--delimiter", "|", "--map", mapping, "--json"
    )
    assert code == 0, err
    assert json.loads(out)["columns"] == [
        {"column": "Wer", "field": "name"},
        {"column": "Nummer", "field": "phone"},
        {"column": "Kdnr", "field": "external_id"},
    ]
    # remembered for the source: the next file of that kind needs no --map
    again = str(write(tmp_path, "odd2.csv", "Wer|Nummer|Kdnr\nBo Brown|(415) 555-0133|8\n"))
    code, out, err = _run(capsys, db, "import", again, "--delimiter", "|", "--json")
    assert code == 0 and json.loads(out)["new"] == 1, err
    german = str(write(tmp_path, "k.csv", GERMAN, "cp1252"))
    code, _, err = _run(capsys, db, "import", german, "--encoding", "utf-8", "--dry-run")
    assert code == EXIT_ERROR and err.strip() == (
        "error: line 2: not utf-8 text (byte 0xFC); give the file's encoding, e.g."
        " --encoding cp1252"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--map", "Name=shoe_size"), "error: no field 'shoe_size'"),
        (("--map", "Nope=name"), "error: no column 'Nope' in the file"),
        (("--delimiter", "x"), "error: the delimiter must be"),
        (("--encoding", "nonsense"), "error: unknown encoding 'nonsense'"),
    ],
)
def test_wrong_options_say_so_in_one_line(capsys, db, tmp_path, argv, message) -> None:
    path = str(write(tmp_path, "c.csv", "Name\nAnn\n"))
    code, out, err = _run(capsys, db, "import", path, *argv)
    assert code == EXIT_ERROR and out == "" and err.startswith(message), err
    assert len(err.strip().splitlines()) == 1


def test_hostile_paths(capsys, db: str, tmp_path: Path) -> None:
    for path, message in (
        (str(tmp_path), "is a folder, not a CSV file"),
        ("/dev/null", "is not a regular file"),
        (str(tmp_path / "none.csv"), "error: no file at"),
    ):
        code, out, err = _run(capsys, db, "import", path, "--json")
        assert code == EXIT_ERROR and out == "" and message in err, err
    code, _, _ = _run(capsys, db, "import", str(tmp_path), "--preset", "loyverse")
    assert code == EXIT_USAGE


def test_an_export_imports_back_into_a_new_shop(
    capsys, db: str, empty_location: str, tmp_path: Path
) -> None:
    """The real ``shopcrm export --to DIR --format csv`` and ``shopcrm import`` (core tests
    cover notes and erased customers): a new shop exports the same customers again."""
    people = (
        ("Ann", "--phone", "(415) 555-0132", "--email", "ann@example.org", "--birthday",
         "04-12", "--tag", "vip", "--tag", "regular"),
        ("Bob", "--last-name", "=Dash", "--phone", "+1 415-555-0199", "--birthday",
         "1980-07-30"),
        ("Cat", "--email", "cat@example.org"),
    )  # fmt: skip
    for person in people:
        code, _, err = _run(capsys, db, "customers", "add", "--first-name", *person)
        assert code == 0, err
    answers = [(1, "email", "--granted"), (1, "sms", "--withdrawn"), (3, "post", "--granted")]
    answers += [(2, channel, "--withdrawn") for channel in ("email", "sms", "post", "vouchers")]
    for cid, channel, answer in answers:
        code, _, err = _run(
            capsys, db, "customers", "consent", str(cid), "--channel", channel, answer,
            "--source", "paper form",
        )  # fmt: skip
        assert code == 0, err

    def exported(location: str, into: Path) -> list[list[str]]:
        into.mkdir()
        code, out, err = _run(capsys, location, "export", "--to", str(into), "--json")
        assert code == 0, err
        with open(Path(json.loads(out)["folder"]) / "customers.csv", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        return [row[1:12] for row in rows]  # names to "Do not contact"; not ids or times

    before = exported(db, tmp_path / "a")
    assert before[2][1:3] == ["'=Dash", "'+14155550199"] and before[2][10] == "yes"
    [folder] = (tmp_path / "a").iterdir()
    _run(capsys, empty_location, "settings", "set", "phone_region", "US")
    for _ in range(2):
        code, out, err = _run(capsys, empty_location, "import", str(folder / "customers.csv"),
                              "--json")  # fmt: skip
        assert code == 0, err
        report = json.loads(out)
        assert report["bad"] == [] and report["imported"]
    assert (report["new"], report["unchanged"]) == (0, 3)  # the second time: nothing
    assert exported(empty_location, tmp_path / "b") == before
