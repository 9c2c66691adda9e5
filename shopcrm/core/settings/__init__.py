"""The shop's settings: one frozen dataclass, :class:`ShopSettings`, read once per use case
with :func:`load` and changed from text with :func:`set_many`.

- :mod:`.declaration` — every setting declared once: type, default, title, help, parser;
- :mod:`.parsers` — text to value and back, with the limits every setting keeps;
- :mod:`.store` — reading from and writing to the ``setting`` table.

The ui and the command line import from here.
"""

from shopcrm.core.settings.declaration import (
    RHYTHM_SETTINGS,
    SETTINGS,
    SettingSpec,
    ShopSettings,
    TierBasis,
    default_of,
)
from shopcrm.core.settings.parsers import (
    MAX_LOGO_BYTES,
    MAX_NAMED,
    MAX_PATH,
    MAX_TEXT,
    MAX_THRESHOLD,
    Context,
)
from shopcrm.core.settings.store import as_text, change_count, load, set_many, set_value

__all__ = [
    "MAX_LOGO_BYTES",
    "MAX_NAMED",
    "MAX_PATH",
    "MAX_TEXT",
    "MAX_THRESHOLD",
    "RHYTHM_SETTINGS",
    "SETTINGS",
    "Context",
    "SettingSpec",
    "ShopSettings",
    "TierBasis",
    "as_text",
    "change_count",
    "default_of",
    "load",
    "set_many",
    "set_value",
]
