"""Owner mode: a few minutes, after an owner gave their PIN, in which owner actions go through.

The window keeps the :class:`~shopcrm.core.owner.OwnerProof` core gave for the PIN, never
the PIN: each owner action passes the proof to core, which checks it with a look-up instead of
another ~120 ms scrypt run. Owner mode ends after :data:`~shopcrm.core.owner.PROOF_LIFETIME_S`
(5 minutes: long enough for a settings session or a voucher run, short enough that an owner
who walks away leaves the till a cashier's again), on Lock / Ctrl+L, or when the proof is
refused. It is about permission only: the person at the till stays who they are, so the visits
a cashier logs while the owner unlocked a refund stay the cashier's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # the PIN code loads when first used, not at start
    from shopcrm.core.owner import OwnerProof


class OwnerMode(QObject):
    """The owner proof this window holds, if any; ``changed`` fires on entering and leaving."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proof: OwnerProof | None = None
        self._name = ""
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.lock)

    def enter(self, proof: OwnerProof, name: str) -> None:
        self._proof, self._name = proof, name
        self._end.start(max(1, int(proof.seconds_left() * 1000)))
        self.changed.emit()

    def proof(self) -> OwnerProof | None:
        """The live proof (None once it ran out: the mode then ends)."""
        if self._proof is not None and self._proof.seconds_left() <= 0:
            self.lock()
        return self._proof

    @property
    def owner_name(self) -> str:
        return self._name if self._proof is not None else ""

    def lock(self) -> None:
        """Leave owner mode now; the proof is worth nothing from here on."""
        if self._proof is None:
            return
        from shopcrm.core.owner import forget_proof

        forget_proof(self._proof)
        self._proof, self._name = None, ""
        self._end.stop()
        self.changed.emit()
