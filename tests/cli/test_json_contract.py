"""The ``--json`` output of the command line is a contract: a fixed set of commands, run on a
seeded demo shop at a fixed moment, must print exactly what was recorded in
``tests/cli_json_contract.json`` (recorded before the code was reshaped into feature packages).

Voucher codes are random by design; each is replaced by its order of first appearance
(``<code 1>``), so the comparison still proves that the same voucher comes back everywhere.
Set ``SHOPCRM_RECORD_CONTRACT=1`` to record the file again (only for a deliberate change of the
contract, which then belongs in the CHANGELOG).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from shopcrm.cli import main
from tests.cli.conftest import local_zone

CONTRACT = Path(__file__).with_name("cli_json_contract.json")
MOMENT = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
CODE = re.compile(
    r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-Z*~$=]\b"
)


@pytest.fixture
def utc_zone() -> Iterator[None]:
    with local_zone("UTC"):
        yield


class Codes:
    """Stable names for random voucher codes, in order of first appearance."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def name(self, match: re.Match[str]) -> str:
        return self.names.setdefault(match.group(0), f"<code {len(self.names) + 1}>")

    def scrub(self, text: str) -> str:
        return CODE.sub(self.name, text)


def run_contract(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    codes = Codes()
    recorded: dict[str, object] = {}

    def run(label: str, *args: str) -> object:
        capsys.readouterr()
        exit_code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        assert exit_code == 0, f"{label}: {err}"
        value = json.loads(codes.scrub(out))
        recorded[label] = value
        return value

    def real(name: str) -> str:
        return next(code for code, label in codes.names.items() if label == name)

    run("settings show", "settings", "show", "--json")
    run("staff list", "staff", "list", "--json")
    run("staff add", "staff", "add", "Robin Baker", "--role", "cashier", "--json")
    run("customers search ma", "customers", "search", "ma", "--limit", "5", "--json")
    run("customers search phone", "customers", "search", "3671", "--limit", "3", "--json")
    run("customers show 3", "customers", "show", "3", "--json")
    added = run(
        "customers add",
        *("customers", "add", "--first-name", "María", "--last-name", "González"),
        *("--phone", "+44 20 7946 0958", "--email", "maria@example.com", "--birthday", "04-17"),
        *("--tag", "vip", "--json"),
    )
    new_id = str(added["id"])  # type: ignore[index]
    visit = run(
        "visits log", "visits", "log", new_id, "--amount", "12.50", "--note", "latte", "--json"
    )
    run("visits log again", "visits", "log", new_id, "--amount", "4", "--json")
    run("visits void", "visits", "void", str(visit["id"]), "--reason", "wrong customer", "--json")  # type: ignore[index]
    run("loyalty adjust", "loyalty", "adjust", new_id, "50", "--reason", "welcome", "--json")
    run("loyalty redeem points", "loyalty", "redeem", new_id, "--points", "20", "--json")
    run("loyalty ledger", "loyalty", "ledger", new_id, "--limit", "10", "--json")
    run("loyalty ledger 99", "loyalty", "ledger", "99", "--limit", "10", "--json")
    run("customers show new", "customers", "show", new_id, "--json")
    run("vouchers list", "vouchers", "list", "--json")
    run("vouchers list batch 1", "vouchers", "list", "--batch", "1", "--json")
    issued = run(
        "vouchers issue",
        *("vouchers", "issue", "--month", "2026-11", "--rule", "regulars", "--min-visits", "3"),
        *("--value", "5.00", "--expires", "2027-01-31", "--json"),
    )
    assert issued, "the run reached nobody"
    batches = run("vouchers list after", "vouchers", "list", "--json")
    batch_id = str(batches[0]["id"])  # type: ignore[index]
    run("vouchers list batch", "vouchers", "list", "--batch", batch_id, "--json")
    run("vouchers show", "vouchers", "show", real("<code 1>"), "--json")
    second = sorted(v for v in codes.names.values())[1]
    run("vouchers redeem", "vouchers", "redeem", real(second), "--log-visit", "--json")
    run("vouchers show redeemed", "vouchers", "show", real(second), "--json")
    run("vouchers void", "vouchers", "void", real("<code 1>"), "--reason", "lost", "--json")
    run("vouchers void-batch", "vouchers", "void-batch", batch_id, "--reason", "misprint", "--json")
    complaint = run(
        "followups add",
        *("followups", "add", new_id, "--kind", "complaint", "--note", "Cold coffee", "--json"),
    )
    run("followups add callback", "followups", "add", "3", "--kind", "callback", "--note",
        "Ring about the cake order", "--due", "2026-12-09", "--json")  # fmt: skip
    low = run("visits log low score", "visits", "log", new_id, "--satisfaction", "2",
              "--feedback", "Waited twenty minutes", "--json")  # fmt: skip
    run("followups list", "followups", "list", "--json")
    run("customers show with follow-ups", "customers", "show", new_id, "--json")
    run("followups close", "followups", "close", str(complaint["id"]), "--resolution",  # type: ignore[index]
        "Apologised, new coffee", "--voucher-value", "5.00", "--expires", "2027-01-31",
        "--json")  # fmt: skip
    run("followups drop", "followups", "drop", str(low["complaint_id"]), "--reason",  # type: ignore[index]
        "Customer said it was fine", "--json")  # fmt: skip
    run("followups list done", "followups", "list", "--status", "done", "--json")
    run("followups feedback", "followups", "feedback", "--since", "2026-11-01", "--json")
    run("maintenance", "maintenance", "--json")
    run("check", "check", "--json")
    run("today", "today", "--json")
    run("today new year", "today", "--date", "2026-12-29", "--json")
    run("segments", "segments", "--json")
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "customers.csv"
        export.write_text(
            "Customer ID,First Name,Last Name,Email,Phone,Accepts Email Marketing,Total Spent,"
            "Total Orders,Tags,Note\n"
            "'8779761975521,Inês,Costa,ines.costa@example.com,'+44 7911 123456,yes,123.45,3,"
            '"vip, wholesale",Likes tea\n'
            "'8779761975522,Olivia,Taylor,olivia.taylor@gmail.com,,no,0.00,0,,\n",
            "utf-8",
        )
        run("import", "import", str(export), "--json")
        run("import again", "import", str(export), "--json")
    found = run("customers search imported", "customers", "search", "ines costa", "--json")
    run("customers show imported", "customers", "show", str(found[0]["id"]), "--json")  # type: ignore[index]
    os.environ["SHOPCRM_NEW_PIN"] = "2468"  # last: every owner command after it needs the PIN
    try:
        run("staff set-pin", "staff", "set-pin", "Ingrid Halvorsen", "--json")
    finally:
        del os.environ["SHOPCRM_NEW_PIN"]
    return recorded


def test_json_output_of_every_command_is_as_recorded(
    shop_location: str, capsys: pytest.CaptureFixture[str], utc_zone: None
) -> None:
    db = shop_location
    with time_machine.travel(MOMENT, tick=False):
        for key, value in (("currency", "GBP"), ("locale", "en_GB"), ("phone_region", "GB")):
            assert main(["--db", db, "settings", "set", key, value]) == 0
        assert main(["--db", db, "demo", "--customers", "300", "--seed", "11"]) == 0
        recorded = run_contract(db, capsys)
    if os.environ.get("SHOPCRM_RECORD_CONTRACT"):
        CONTRACT.write_text(json.dumps(recorded, ensure_ascii=False, indent=1) + "\n", "utf-8")
    expected = json.loads(CONTRACT.read_text("utf-8"))
    assert list(recorded) == list(expected)
    for label, value in expected.items():
        assert recorded[label] == value, label
