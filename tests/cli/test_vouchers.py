"""``shopcrm vouchers``: issue a month's batch, redeem at the counter, list, void, reprint.
The ``--json`` shapes are a contract; exit 0 only on success, the reason on stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from shopcrm.cli import main
from tests.core.vouchers.voucher_shop import MONTH, TODAY

Run = tuple[int, str, str]
EXPIRES = (TODAY + timedelta(days=30)).isoformat()


@pytest.fixture
def cli(shop_location: str, capsys: pytest.CaptureFixture[str]):
    db = shop_location

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    from shopcrm.db import close, open_database
    from tests.core.vouchers.voucher_shop import make_shop

    open_database(db)
    run.ids = make_shop()  # type: ignore[attr-defined]
    close()
    return run


def issue(cli, *extra: str) -> list[dict]:
    code, out, err = cli(
        "vouchers",
        "issue",
        "--month",
        MONTH.strftime("%Y-%m"),
        "--rule",
        "regulars",
        "--min-visits",
        "4",
        "--value",
        "5.00",
        "--expires",
        EXPIRES,
        "--json",
        *extra,
    )
    assert code == 0, err
    return json.loads(out)


def test_issue_prints_the_vouchers_as_json(cli) -> None:
    issued = issue(cli)
    assert [v["customer_id"] for v in issued] == [cli.ids["ann"], cli.ids["zoe"], cli.ids["bob"]]
    assert issued[0]["name"] == "Ann Regular"
    assert all(set(v) == {"id", "code", "customer_id", "name"} for v in issued)
    assert all(len(v["code"]) == 16 and v["code"].count("-") == 3 for v in issued)


def test_issuing_the_same_month_and_rule_twice_is_refused(cli) -> None:
    issue(cli)
    code, out, err = cli(
        "vouchers",
        "issue",
        "--month",
        MONTH.strftime("%Y-%m"),
        "--value",
        "5",
        "--expires",
        EXPIRES,
        "--min-visits",
        "4",
    )
    assert code == 1 and out == "" and "issued for this month and rule already" in err
    code, out, err = cli("vouchers", "list", "--json")
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--month", "2026-13", "--value", "5", "--expires", EXPIRES), "month"),
        (("--month", "2026-10", "--value", "five", "--expires", EXPIRES), "value"),
        (("--month", "2026-10", "--percent", "150", "--expires", EXPIRES), "percentage"),
        (("--month", "2026-10", "--value", "5", "--expires", "31/12/2026"), "YYYY-MM-DD"),
        (("--month", "2026-10", "--value", "5", "--expires", EXPIRES, "--message", "{x}"), "{x}"),
    ],
)
def test_bad_issue_arguments_say_why_and_write_nothing(cli, args, words: str) -> None:
    code, out, err = cli("vouchers", "issue", *args)
    assert code == 1 and out == "" and words in err
    assert json.loads(cli("vouchers", "list", "--json")[1]) == []


def test_redeem_exit_codes_and_reasons(cli) -> None:
    code_text = issue(cli)[0]["code"]
    code, out, err = cli("vouchers", "redeem", code_text.lower().replace("-", " "), "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["voucher"]["status"] == "redeemed" and done["visit_id"] is None
    code, out, err = cli("vouchers", "redeem", code_text)
    assert code == 1 and out == "" and err.startswith("refused (already redeemed)")
    code, out, err = cli(
        "vouchers", "redeem", code_text[:-1] + ("X" if code_text[-1] != "X" else "Y"), "--json"
    )
    assert code == 1 and json.loads(out)["reason"] == "mistyped" and "mistyped" in err


def test_redeem_with_a_visit_logged(cli) -> None:
    code_text = issue(cli)[1]["code"]
    code, out, err = cli("vouchers", "redeem", code_text, "--log-visit", "--json")
    assert code == 0, err
    assert json.loads(out)["visit_id"] is not None


def test_list_void_and_batch_listing(cli) -> None:
    issued = issue(cli)
    batches = json.loads(cli("vouchers", "list", "--json")[1])
    assert batches[0]["issued"] == 3 and batches[0]["redeemed"] == 0
    assert batches[0]["rule"] == "regulars"
    code, out, err = cli("vouchers", "void", issued[0]["code"], "--reason", "misprint", "--json")
    assert code == 0 and json.loads(out)["status"] == "voided"
    listed = json.loads(cli("vouchers", "list", "--batch", str(batches[0]["id"]), "--json")[1])
    assert [v["status"] for v in listed] == ["voided", "valid", "valid"]
    code, out, err = cli("vouchers", "void-batch", str(batches[0]["id"]), "--reason", "oops")
    assert code == 0
    code, out, err = cli("vouchers", "redeem", issued[1]["code"])
    assert code == 1 and "refused (voided)" in err and "oops" in err


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_issue_to_a_pdf_then_reprint_marks_copy(cli, tmp_path: Path) -> None:
    pdf = tmp_path / "run.pdf"
    issued = issue(cli, "--out", str(pdf), "--layout", "a4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(v["code"] in text for v in issued)
    assert "COPY" not in text
    again = tmp_path / "again.pdf"
    batch = json.loads(cli("vouchers", "list", "--json")[1])[0]["id"]
    code, out, err = cli("vouchers", "print", str(batch), "--out", str(again), "--layout", "single")
    assert code == 0, err
    assert "3 marked COPY" in out
    text = subprocess.run(["pdftotext", str(again), "-"], capture_output=True, text=True).stdout
    assert "COPY" in text and all(v["code"] in text for v in issued)


def test_a_second_run_says_who_already_holds_one_or_leaves_them_out(cli) -> None:
    """Top spenders after the regulars, the same month: Ann holds one already. The JSON stays
    the list of vouchers; the note goes to stderr."""
    issue(cli)
    top = ("--rule", "top-spenders", "--top", "2")
    code, out, err = cli(
        "vouchers", "issue", "--month", MONTH.strftime("%Y-%m"), "--value", "5",
        "--expires", EXPIRES, "--name", "Top", "--json", *top,
    )  # fmt: skip
    assert code == 0, err
    assert {v["customer_id"] for v in json.loads(out)} == {cli.ids["dan"], cli.ids["ann"]}
    assert "1 of them already held a live voucher issued this month" in err
    assert "--leave-out-holders" in err
    code, out, err = cli("vouchers", "void-batch", "2", "--reason", "sent twice")
    assert code == 0, err
    code, out, err = cli(
        "vouchers", "issue", "--month", MONTH.strftime("%Y-%m"), "--value", "5",
        "--expires", EXPIRES, "--name", "Top", "--leave-out-holders", *top,
    )  # fmt: skip
    assert code == 0, err
    assert "1 voucher " in out and "left out 1 who already hold a live voucher" in err
