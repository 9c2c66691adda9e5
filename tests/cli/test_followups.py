"""``shopcrm followups`` and a low score from ``visits log`` (both engines): the JSON shapes,
the exit codes, and refusals that change nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from shopcrm.cli import main

Run = tuple[int, str, str]


@pytest.fixture
def cli(shop_location: str, capsys: pytest.CaptureFixture[str]):
    db = shop_location

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("customers", "add", "--first-name", "Ann", "--last-name", "Lee")[0] == 0
    assert run("staff", "add", "Jo Baker")[0] == 0
    return run


def _json(result: Run) -> object:
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def test_add_list_close_with_a_recovery_voucher(cli) -> None:
    made = _json(cli("followups", "add", "1", "--kind", "complaint", "--note", "Stale cake",
                     "--assign", "Jo Baker", "--json"))  # fmt: skip
    assert isinstance(made, dict)
    assert made["id"] >= 1 and made["status"] == "open" and made["assignee"] == "Jo Baker"
    assert made["kind"] == "complaint" and made["customer_id"] == 1
    listed = _json(cli("followups", "list", "--json"))
    assert [f["id"] for f in listed] == [made["id"]]  # type: ignore[union-attr]
    shown = _json(cli("customers", "show", "1", "--json"))
    assert [f["id"] for f in shown["open_followups"]] == [made["id"]]  # type: ignore[index]
    expires = (date.today() + timedelta(days=30)).isoformat()
    done = _json(cli("followups", "close", str(made["id"]), "--resolution", "Refunded",
                     "--voucher-value", "5.00", "--expires", expires, "--json"))  # fmt: skip
    assert isinstance(done, dict)
    assert done["status"] == "done" and done["voucher_code"]
    vouchers = _json(cli("vouchers", "list", "--json"))
    assert len(vouchers) == 1  # type: ignore[arg-type]
    assert _json(cli("followups", "list", "--json")) == []
    assert [f["id"] for f in _json(cli("followups", "list", "--status", "done", "--json"))] == [  # type: ignore[union-attr]
        made["id"]
    ]
    assert _json(cli("customers", "show", "1", "--json"))["open_followups"] == []  # type: ignore[index]
    code, _, err = cli("followups", "close", str(made["id"]), "--resolution", "again")
    assert code == 1 and "done already" in err


def test_a_low_score_opens_a_complaint_by_itself(cli) -> None:
    visit = _json(cli("visits", "log", "1", "--satisfaction", "2", "--feedback", "Cold", "--json"))
    assert isinstance(visit, dict) and visit["complaint_id"]
    (complaint,) = _json(cli("followups", "list", "--kind", "complaint", "--json"))  # type: ignore[misc]
    assert complaint["id"] == visit["complaint_id"] and complaint["visit_id"] == visit["id"]
    assert complaint["about"] == "Scored the visit 2 of 5: Cold"
    calm = _json(cli("visits", "log", "1", "--satisfaction", "3", "--json"))
    assert calm["complaint_id"] is None  # type: ignore[index]
    code, out, _ = cli("visits", "log", "1", "--satisfaction", "1")
    assert code == 0 and "opened complaint follow-up" in out
    feedback = _json(cli("followups", "feedback", "--json"))
    assert [r["satisfaction"] for r in feedback["feedback"]] == [1, 3, 2]  # type: ignore[index]
    assert feedback["months"][0]["scores"] == 3  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "1", "--kind", "complaint", "--note", ""), "say what it is about"),
        (("add", "1", "--kind", "complaint", "--note", "x", "--due", "2020-01-01"), "passed"),
        (("add", "1", "--kind", "complaint", "--note", "x", "--due", "tomorrow"), "YYYY-MM-DD"),
        (("add", "9", "--kind", "other", "--note", "x"), "no customer"),
        (("add", "1", "--kind", "other", "--note", "x", "--assign", "Nobody"), "no staff"),
        (("add", "1", "--kind", "other", "--note", "x", "--visit", "77"), "no visit"),
        (("add", "1", "--kind", "other", "--note", "x" * 3000), "at most"),
        (("close", "99", "--resolution", "x"), "no follow-up"),
        (("list", "--status", "late"), "invalid choice"),
    ],
)
def test_refusals_change_nothing(cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = cli("followups", *args)
    assert code in (1, 2) and message in err and out == ""
    assert _json(cli("followups", "list", "--status", "all", "--json")) == []


def test_a_voucher_needs_a_complaint_and_an_expiry(cli) -> None:
    made = _json(cli("followups", "add", "1", "--kind", "callback", "--note", "Ring", "--json"))
    ident = str(made["id"])  # type: ignore[index]
    code, _, err = cli("followups", "close", ident, "--resolution", "x", "--voucher-value", "5")
    assert code == 1 and "until when" in err
    expires = (date.today() + timedelta(days=9)).isoformat()
    code, _, err = cli("followups", "close", ident, "--resolution", "x", "--voucher-value", "5",
                       "--expires", expires)  # fmt: skip
    assert code == 1 and "closes a complaint" in err
    code, out, _ = cli("followups", "drop", ident, "--reason", "came in")
    assert code == 0 and "dropped" in out
