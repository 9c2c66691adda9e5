"""The one way a command is declared and run: argument types, one-line refusals, exit codes,
output files, and a ``--help`` that imports neither Qt nor the database."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.cli.arguments import (
    MAX_ID,
    UsageError,
    calendar_day,
    moment,
    record_id,
    record_ids,
    refuse_broken_text,
    whole_number,
)
from shopcrm.cli.command import Command, run
from shopcrm.cli.output import EXIT_INTERRUPTED, EXIT_OK, say
from shopcrm.cli.output_file import checked_output, written_whole
from shopcrm.core.errors import ShopError, ValidationError


@pytest.mark.parametrize("text", ["1", "42", " 7 ", str(MAX_ID)])
def test_record_ids_in_range(text: str) -> None:
    assert record_id(text) == int(text)


@pytest.mark.parametrize(
    "text", ["0", "-1", str(MAX_ID + 1), "1e30", "²", "٣", "１", "", "1.5", "0x1", "1_0", "9" * 40]
)
def test_record_ids_refused_in_one_line(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        record_id(text)
    assert "an id" in str(refused.value) and "\n" not in str(refused.value)


def test_whole_numbers_and_id_lists() -> None:
    limit = whole_number(1, 500)
    assert limit("500") == 500 and limit("+3") == 3
    for bad in ("0", "501", "٣", "1e3"):
        with pytest.raises(argparse.ArgumentTypeError, match="from 1 to 500"):
            limit(bad)
    assert record_ids("12, 40,51,") == (12, 40, 51)
    for bad in ("", ",", "12,x", f"1,{MAX_ID + 1}"):
        with pytest.raises(argparse.ArgumentTypeError):
            record_ids(bad)


def test_moments_and_days() -> None:
    assert moment("2025-07-01T09:30+02:00") == datetime(2025, 7, 1, 7, 30, tzinfo=UTC)
    for edge in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        with pytest.raises(ValueError, match="too far"):
            moment(edge)
    for bad in ("yesterday", "٢٠٢٥-٠١-٠١", "2025-01-01T10:00\x00", "x" * 10_000):
        with pytest.raises(ValueError, match="ISO 8601") as refused:
            moment(bad)
        assert len(str(refused.value)) < 120
    assert calendar_day("2026-12-31").isoformat() == "2026-12-31"
    for bad in ("2026-02-30", "31/12/2026", "20261231", "٢٠٢٦-٠١-٠١"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            calendar_day(bad)


def test_arguments_that_were_not_utf8_are_refused() -> None:
    refuse_broken_text(["customers", "add", "--first-name", "José"])
    with pytest.raises(UsageError, match="not valid text"):
        refuse_broken_text(["--first-name", "\udcff\udcfe"])


def test_argparse_errors_are_one_line_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["nope"], ["customers", "show"], ["customers", "show", "x"], ["visits"]):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("shopcrm ")


def test_say_keeps_a_message_on_one_short_line(capsys: pytest.CaptureFixture[str]) -> None:
    say("error: \x1b[31mred\x1b[0m\r\u202eevil\n" + "x" * 5000)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\u202e" not in err
    assert "\\x1b[31m" in err and len(err) <= 301


def _declared(result: object) -> Command[object]:
    def raising(_: argparse.Namespace) -> object:
        if isinstance(result, BaseException):
            raise result
        return result

    return Command(("test",), "a test command", raising, database=False)


@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [
        (ValidationError({"first_name": "a first name is needed", "email": "not an email"}), 1,
         "error: first name: a first name is needed\nerror: email: not an email\n"),
        (ShopError("the disk is full"), 1, "error: the disk is full\n"),
        (UsageError("say what to redeem"), 2, "error: say what to redeem\n"),
        (KeyboardInterrupt(), EXIT_INTERRUPTED, "error: interrupted; nothing half-written was kept\n"),  # noqa: E501
        (BrokenPipeError(), EXIT_OK, ""),
    ],
)  # fmt: skip
def test_errors_become_exit_codes_in_one_place(
    raised: BaseException, code: int, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(_declared(raised), argparse.Namespace(json=False)) == code
    assert capsys.readouterr().err == line


def test_a_bug_keeps_its_traceback() -> None:
    with pytest.raises(ZeroDivisionError):
        run(_declared(ZeroDivisionError()), argparse.Namespace(json=False))


def test_output_file_checks(tmp_path: Path) -> None:
    new = tmp_path / "new.pdf"
    assert checked_output(str(new), force=False) == new
    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"old")
    assert checked_output(str(existing), force=True) == existing
    (tmp_path / "link.pdf").symlink_to(existing)
    os.mkfifo(tmp_path / "pipe.pdf")
    refusals = {
        "": "say which file",
        str(tmp_path / "missing" / "x.pdf"): "no folder",
        str(tmp_path): "is a folder",
        str(existing): "--force",
        str(tmp_path / "link.pdf"): "is a link",
        str(tmp_path / "pipe.pdf"): "not an ordinary file",
        "/dev/null": "not an ordinary file",
    }
    for text, reason in refusals.items():
        with pytest.raises(ValidationError) as refused:
            checked_output(text, force=text != str(existing))
        assert reason in refused.value.errors["out"], text


def test_output_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "vouchers.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), written_whole(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"old" and sorted(tmp_path.iterdir()) == [target]
    with written_whole(target) as temporary:
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new" and sorted(tmp_path.iterdir()) == [target]
    assert target.stat().st_mode & 0o777 == 0o640


def test_limits_mirror_core() -> None:
    from shopcrm.cli import customers, loyalty
    from shopcrm.core import loyalty as core_loyalty
    from shopcrm.core.customers import MAX_SEARCH_LIMIT

    assert customers.MAX_SEARCH_LIMIT == MAX_SEARCH_LIMIT
    assert loyalty.MAX_LEDGER_LINES == core_loyalty.MAX_LEDGER_LINES


def test_help_imports_neither_qt_nor_the_database() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from shopcrm.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0\n"
        "    assert main(['vouchers', 'issue', '--help']) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'peewee', 'shopcrm.db',"
        " 'shopcrm.core', 'shopcrm.ui', 'reportlab'))]\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
