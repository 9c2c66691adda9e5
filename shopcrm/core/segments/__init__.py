"""Segments (new, regular, VIP, at risk, lapsed, occasional) and each customer's rhythm
(usual gap, the day they count as late), kept per customer on ``customer_stats``.

- :mod:`.rules` — the pure rules: a customer's visits in, gap, late day and segment out;
- :mod:`.keeping` — kept current with every visit, and over time by :func:`refresh_due`;
- :mod:`.sizes` — how many customers each segment has, and who is in one.
"""

from shopcrm.core.segments.keeping import due_count, mark_all_due, refresh_due
from shopcrm.core.segments.rules import SEGMENTS, Derived, Rules, derive, late_from
from shopcrm.core.segments.sizes import (
    SegmentMember,
    customer_segment,
    segment_members,
    segment_sizes,
)

__all__ = [
    "SEGMENTS",
    "Derived",
    "Rules",
    "SegmentMember",
    "customer_segment",
    "derive",
    "due_count",
    "late_from",
    "mark_all_due",
    "refresh_due",
    "segment_members",
    "segment_sizes",
]
