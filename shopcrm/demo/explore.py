"""The demo shop the app's first start offers to explore: made once in its own file, and
opened as it is afterwards (exploring again costs nothing).
"""

from __future__ import annotations

from shopcrm.core.progress import CancelCheck
from shopcrm.db.models import Customer
from shopcrm.demo.shop import Progress, generate_demo_shop
from shopcrm.demo.vouchers import add_demo_vouchers


def demo_to_explore(
    customers: int,
    seed: int,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """How many customers the open (demo) database holds, after making ``customers`` of them
    with their visits and vouchers when it holds none yet. Cancelled, it keeps nothing."""
    held = Customer.select().count()
    if held:
        return held
    made = generate_demo_shop(customers, seed=seed, progress=progress, cancelled=cancelled)
    add_demo_vouchers(made, seed=seed)
    return made
