"""One search result: which customer, and how well the query matched."""

from __future__ import annotations

from dataclasses import dataclass

#: Match quality, best first: every word typed in full, every word as a prefix, one typo.
EXACT, PREFIX, TYPO = 0, 1, 2


@dataclass(frozen=True)
class SearchHit:
    customer_id: int
    quality: int
