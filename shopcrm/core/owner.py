"""Owner-only actions and the owner PIN: who may change settings, staff, loyalty by hand,
voucher runs and voids, and restore a backup.

A shop with no owner PIN yet works as before: everyone may do everything (the window invites
the owner to set one). Once an active owner has a PIN, every owner-only use case takes an
``owner=`` keyword, an :class:`OwnerProof`, and calls :func:`require_owner` in core, so the
window and the command line are refused alike; an export, erasure or merge added later calls
the same function.

A proof comes from :func:`prove_owner` (an owner's id and their PIN). It is a random token
kept in this process's memory with an end time (:data:`PROOF_LIFETIME_S`); the window holds it
while in owner mode instead of the PIN, so an owner action costs a dictionary look-up rather
than a scrypt run, the PIN is forgotten as soon as it is checked, and a proof is worth
nothing in another process or after :func:`forget_proof` (Ctrl+L) or its end. Changing an
owner's PIN, role or active flag drops their proofs.

The PIN (4–12 digits) is stored as ``hashlib.scrypt`` with a random 16-byte salt, the
parameters written beside the hash (``scrypt$n$r$p$salt$hash``) so they can be raised later.
n=2**15, r=8, p=1 (32 MiB) measured 120 ms per verification on the 2-core build machine,
200-250 ms while tests ran beside it (n=2**14 measured 56 ms, too close to the 50 ms floor).
Wrong PINs are counted per owner in ``staff_pin``: after :data:`FREE_TRIES` each further try
must wait twice as long as the one before, up to :data:`MAX_WAIT_S`; a right PIN clears it.
The pace check, the verification and the record of the result run in one write transaction
serialised for the whole shop (as :func:`shopcrm.core.vouchers.redemption.find` does), so
guesses sent at once are checked one at a time and each meets the wait its predecessors set.
That transaction holds the write lock for the ~120 ms of one scrypt run: owner actions are
rare, and a till's visit waits that long at most once per PIN typed.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.db import write_transaction
from shopcrm.db.models import Staff, StaffPin
from shopcrm.db.transactions import serialise, transactional

#: scrypt parameters for new PINs (see the module docstring for the measurement).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SALT_BYTES = 16
FREE_TRIES = 3
MAX_WAIT_S = 300.0
#: How long a proof (the window's owner mode) lasts: long enough for a settings session or a
#: voucher run, short enough that an owner who walks away leaves the till a cashier's again.
PROOF_LIFETIME_S = 300.0
OWNER = "owner"  # the role (core.staff.Role.OWNER; not imported: staff checks through here)
_PIN = re.compile(r"[0-9]{4,12}")

_proofs: dict[str, tuple[int, float]] = {}  # token -> (staff id, monotonic end)


class OwnerRequired(ShopError):
    """An owner-only action was asked for without a valid owner proof; ``wait_s`` is how long
    an owner slowed down by wrong PINs must wait. The CLI exits 3."""

    def __init__(self, why: str, wait_s: float = 0.0) -> None:
        self.why = why
        self.wait_s = wait_s
        super().__init__(f"owner PIN required ({why})")


@dataclass(frozen=True)
class OwnerProof:
    """An owner who gave the right PIN in this process, until ``expires`` (monotonic)."""

    staff_id: int
    token: str = field(repr=False)
    expires: float

    def seconds_left(self) -> float:
        return max(0.0, self.expires - time.monotonic())


def check_pin_format(pin: str) -> str:
    """``pin`` when it is 4 to 12 digits (0-9), else :class:`ValidationError` (without it)."""
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise ValidationError({"pin": "a PIN is 4 to 12 digits (0-9)"})
    return pin


def hash_pin(pin: str) -> str:
    """The stored form of ``pin``: a fresh salt, the parameters and the scrypt hash."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        expected = bytes.fromhex(digest)
        actual = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return kind == "scrypt" and hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib  # OpenSSL's, loaded with the first PIN: not on every start of the app

    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p + 2**20, dklen=32
    )


def shop_has_pin() -> bool:
    """Whether an active owner has set a PIN: only then are owner actions checked."""
    with_pin = StaffPin.select(StaffPin.staff)
    owners = Staff.active & (Staff.role == OWNER) & Staff.id.in_(with_pin)
    return Staff.select().where(owners).exists()


def has_pin(staff_id: int) -> bool:
    return StaffPin.select().where(StaffPin.staff == staff_id).exists()


def require_owner(owner: OwnerProof | None, action: str = "") -> None:
    """Refuse (:class:`OwnerRequired`) unless the shop has no PIN or ``owner`` is a live proof
    of an active owner. Every owner-only use case calls it, inside its transaction."""
    if not shop_has_pin():
        return
    if owner is None:
        raise OwnerRequired(f"{action}: an owner must give their PIN" if action else "no PIN given")
    held = _proofs.get(owner.token)
    if held is None or held[0] != owner.staff_id or held[1] <= time.monotonic():
        _proofs.pop(owner.token, None)
        raise OwnerRequired("owner mode has ended: give the PIN again")
    row = Staff.get_or_none(Staff.id == owner.staff_id)
    if row is None or not row.active or row.role != OWNER:
        raise OwnerRequired("that owner is no longer an active owner")


def _wait_left(row: StaffPin, now: datetime) -> float:
    if row.failures < FREE_TRIES or row.failed_at is None:
        return 0.0
    wait = min(MAX_WAIT_S, 2.0 ** (row.failures - FREE_TRIES + 1))
    return max(0.0, wait - (now - row.failed_at).total_seconds())


def _owner_row(staff_id: int) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id) if 0 < staff_id < 2**63 else None
    if row is None:
        raise NotFoundError(f"no staff member with id {staff_id}")
    if not row.active:
        raise OwnerRequired(f"{row.name} does not work here any more")
    if row.role != OWNER:
        raise OwnerRequired(f"{row.name} is a {row.role}")
    return row


@transactional
def check_owner_pin(staff_id: int, pin: str, *, now: datetime | None = None) -> None:
    """Verify ``pin`` for the owner ``staff_id``, slowed down after wrong tries (see the
    module docstring); :class:`OwnerRequired` saying why when it is not right."""
    now = now or datetime.now(UTC)
    with write_transaction():
        serialise("owner PIN tries")
        name = _owner_row(staff_id).name
        row = StaffPin.get_or_none(StaffPin.staff == staff_id)
        if row is None:
            raise OwnerRequired(f"{name} has no PIN yet")
        wait = _wait_left(row, now)
        if wait > 0:
            raise OwnerRequired(f"too many wrong PINs: wait {wait:.0f} s", wait_s=wait)
        right = (
            isinstance(pin, str) and bool(_PIN.fullmatch(pin)) and pin_matches(pin, row.pin_hash)
        )
        if right:
            StaffPin.update(failures=0, failed_at=None).where(StaffPin.staff == staff_id).execute()
        else:
            StaffPin.update(failures=StaffPin.failures + 1, failed_at=now).where(
                StaffPin.staff == staff_id
            ).execute()
    if not right:  # after the commit: the wrong try is counted
        raise OwnerRequired("wrong PIN")


def prove_owner(staff_id: int, pin: str) -> OwnerProof:
    """A proof that owner ``staff_id`` gave the right PIN, good for :data:`PROOF_LIFETIME_S`."""
    check_owner_pin(staff_id, pin)
    token = secrets.token_urlsafe(32)
    expires = time.monotonic() + PROOF_LIFETIME_S
    _proofs[token] = (staff_id, expires)
    return OwnerProof(staff_id, token, expires)


def forget_proof(owner: OwnerProof | None) -> None:
    """End ``owner``'s proof now (the window's Lock, Ctrl+L)."""
    if owner is not None:
        _proofs.pop(owner.token, None)


def forget_proofs_of(staff_id: int) -> None:
    for token, (held, _) in list(_proofs.items()):
        if held == staff_id:
            del _proofs[token]


@transactional
def set_pin(
    staff_id: int, new_pin: str, *, old_pin: str | None = None, owner: OwnerProof | None = None
) -> None:
    """Set owner ``staff_id``'s PIN. Changing a PIN needs the old one (``old_pin``, checked and
    slowed down like any other try); an owner's first PIN in a shop that has one needs an
    owner's proof; the very first PIN of a shop needs nothing."""
    check_pin_format(new_pin)
    _owner_row(staff_id)
    if has_pin(staff_id):
        if old_pin is None:
            raise OwnerRequired("changing a PIN needs the old one")
        check_owner_pin(staff_id, old_pin)
    stored = hash_pin(new_pin)  # before the transaction: no lock held for the scrypt run
    with write_transaction():
        _owner_row(staff_id)
        if not has_pin(staff_id):
            require_owner(owner, "set a PIN")
        StaffPin.insert(staff=staff_id, pin_hash=stored, failures=0, failed_at=None).on_conflict(
            conflict_target=[StaffPin.staff],
            update={StaffPin.pin_hash: stored, StaffPin.failures: 0, StaffPin.failed_at: None},
        ).execute()
        # Only that a PIN was set, never the PIN, its hash or a proof.
        who = owner.staff_id if owner is not None else staff_id
        audit.record("staff.pin", staff_id, {"pin": "set"}, staff_id=who)
    forget_proofs_of(staff_id)
