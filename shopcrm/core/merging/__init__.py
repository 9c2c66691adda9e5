"""Duplicate customers: finding them, merging one into another, and undoing a merge.

- :mod:`.duplicates` — possible duplicates of a customer being saved (same phone or email,
  or a name one typo away with the same phone ending), fast enough for the counter;
- :mod:`.merge` — the owner-only merge, one transaction, recorded row by row;
- :mod:`.unmerge` — its undo, and when it is refused;
- :mod:`.moves` — which tables' rows follow the customer (one line per table);
- :mod:`.blanks` — the kept customer's blanks filled from the other;
- :mod:`.record` — what a merge writes down, and merges as the card lists them;
- :mod:`.recompute` — statistics, rank and search made again.
"""

from shopcrm.core.merging.duplicates import Duplicate, possible_duplicates
from shopcrm.core.merging.merge import MergePreview, MergeRefused, merge_customers, merge_preview
from shopcrm.core.merging.record import MergeView, merged_into, merges_into
from shopcrm.core.merging.unmerge import unmerge

__all__ = [
    "Duplicate",
    "MergePreview",
    "MergeRefused",
    "MergeView",
    "merge_customers",
    "merge_preview",
    "merged_into",
    "merges_into",
    "possible_duplicates",
    "unmerge",
]
