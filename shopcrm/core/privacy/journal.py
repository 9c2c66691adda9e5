"""The erasures kept outside the database, so restoring an older backup erases them again.

A restore replaces the whole database, and a backup taken before an erasure still holds the
person: the record of the erasure cannot live only in the database it must survive. So each
erasure is also one line in ``erasures-<shop>.jsonl`` in the shop's backups folder (beside the
backups a restore is made from; owner-only like them), and a restore reads it — there, and in
the folder of the backup being restored — and erases again, in the restored database, every
customer listed whose row is still there with the same creation time (a customer id alone
could name someone else in another shop's backup).

A line holds the customer id, when the row was made, when it was erased and the salted hashes
of the phone and email (:mod:`.blocks`): no name, number or address. ``<shop>`` is a short hash
of the shop's salt, so two shops backing up into one folder (a real shop and a demo) keep
apart. A backup from before consent per channel (schema 12 or older) is given the replaced
shop's salt when it is restored, so the hashes keep matching.

An erasure whose journal line could not be written (the backups folder is a USB stick that is
not there) is still made; the result says so and the window tells the owner.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core import settings
from shopcrm.core.errors import ShopError
from shopcrm.core.privacy import blocks
from shopcrm.core.privacy.erased_rows import erase_rows
from shopcrm.db import write_transaction
from shopcrm.db.care_models import ContactBlock, ShopSecret
from shopcrm.db.models import Customer, utc_from_db
from shopcrm.db.private_files import create_private_file
from shopcrm.db.transactions import lock_customer

_MAX_JOURNAL_BYTES = 50_000_000


@dataclass(frozen=True)
class ShopIdentity:
    key: str
    salt: str
    folder: Path


def _key(salt: str) -> str:
    return hashlib.sha256(f"shopcrm journal:{salt}".encode()).hexdigest()[:16]


def identity() -> ShopIdentity:
    """The open shop's journal key, salt and backups folder."""
    from shopcrm.core.backup.folders import main_folder

    blocks.digest(blocks.PHONE, "")  # makes the salt when a copied shop has none
    salt = str(ShopSecret.get(ShopSecret.name == blocks.SALT_NAME).value)
    return ShopIdentity(_key(salt), salt, main_folder(settings.load()))


def journal_file(shop: ShopIdentity, folder: Path | None = None) -> Path:
    return (folder or shop.folder) / f"erasures-{shop.key}.jsonl"


def remember(customer_id: int, created_at: datetime, erased_at: datetime) -> str:
    """Add an erasure to the journal; '' when written, else why not (one line)."""
    from shopcrm.core.backup.folders import ready_folder

    shop = identity()
    digests = [
        [row.kind, row.digest] for row in ContactBlock.select().where(ContactBlock.at == erased_at)
    ]
    line = {
        "customer": customer_id,
        "created_at": created_at.isoformat(),
        "erased_at": erased_at.isoformat(),
        "blocks": digests,
    }
    try:
        ready_folder(shop.folder, create=True)
        target = journal_file(shop)
        create_private_file(target)
        handle = os.open(target, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(handle, (json.dumps(line, sort_keys=True) + "\n").encode())
            os.fsync(handle)
        finally:
            os.close(handle)
    except (OSError, ShopError) as exc:
        return (
            f"the erasure could not be noted beside the backups ({exc}): restoring an"
            " older backup would bring the person back"
        )
    return ""


def entries(shop: ShopIdentity, folders: list[Path]) -> list[dict[str, object]]:
    """The journal lines of ``shop`` in ``folders`` (each customer once)."""
    found: dict[int, dict[str, object]] = {}
    for folder in dict.fromkeys(folders):
        path = journal_file(shop, folder)
        try:
            if not path.is_file() or path.stat().st_size > _MAX_JOURNAL_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for raw in text.splitlines():
            try:
                line = json.loads(raw)
                found.setdefault(int(line["customer"]), line)
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: the others still count
    return list(found.values())


def reapply(shop: ShopIdentity, folders: list[Path]) -> int:
    """In the open (just restored) shop: erase again every journalled customer still there;
    how many were erased. One transaction, ``secure_delete`` on, files wiped after it."""
    from shopcrm.core.privacy import wiping

    lines = entries(shop, folders)
    erased = 0
    with wiping.secure_delete(), write_transaction():
        _carry_salt(shop)
        now = datetime.now(UTC)
        for line in lines:
            kept = line.get("blocks")
            pairs = kept if isinstance(kept, list) else []
            blocks.add_blocks([(str(pair[0]), str(pair[1])) for pair in pairs], now)
            if _erase_again(line):
                erased += 1
    if erased:
        wiping.after_commit()
    return erased


def _erase_again(line: dict[str, object]) -> bool:
    cid = int(str(line["customer"]))
    if not 0 < cid < 2**63 or not lock_customer(cid):
        return False
    customer = Customer.get_by_id(cid)
    made = utc_from_db(line.get("created_at"))
    if customer.erased_at is not None or customer.created_at != made:
        return False
    erase_rows(customer, utc_from_db(line.get("erased_at")))
    from shopcrm.core import audit

    audit.record("customer.erase", cid, {"erased": True, "again_after_restore": True})
    return True


def _carry_salt(shop: ShopIdentity) -> None:
    """A restored shop older than its salt gets the replaced shop's (module docstring)."""
    row = ShopSecret.get_or_none(ShopSecret.name == blocks.SALT_NAME)
    if row is not None and row.value != shop.salt and not ContactBlock.select().exists():
        ShopSecret.update(value=shop.salt).where(ShopSecret.name == blocks.SALT_NAME).execute()
