"""The Today page: who to greet, who to call back and who is drifting, for one day.

- :mod:`.model` — rows and sections;
- :mod:`.birthdays`, :mod:`.late`, :mod:`.expiring` — one section each;
- :mod:`.page` — every section together (:func:`today_page`), in the page's order.
"""

from shopcrm.core.today.model import Today, TodayRow
from shopcrm.core.today.page import LIMIT, SECTIONS, today_page

__all__ = ["LIMIT", "SECTIONS", "Today", "TodayRow", "today_page"]
