"""What every command shares: JSON on stdout (a stable contract), messages on stderr."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shopcrm.core.formats import ShopFormats

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: An owner-only command without a valid owner and PIN (see :mod:`shopcrm.cli.owner_pin`).
EXIT_OWNER = 3
_MAX_MESSAGE = 300
#: C0 and C1 control characters and the direction overrides: a message must not be able to
#: move the cursor, recolour the terminal or turn its text around.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def emit_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(message: str) -> None:
    """One line on stderr, whatever ``message`` holds (escaped, and cut when very long)."""
    line = _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], message)
    if len(line) > _MAX_MESSAGE:
        line = line[: _MAX_MESSAGE - 1] + "…"
    print(line, file=sys.stderr)


def shop_formats() -> ShopFormats:
    """The open shop's way of writing dates, numbers and money, for text output; ``--json``
    stays machine format (ISO dates, minor units) whatever the shop's locale."""
    from shopcrm.core import formats

    return formats.current()


def money_context() -> tuple[str, str]:
    """The shop's currency and locale, for amounts typed and shown."""
    from shopcrm.core import settings

    shop = settings.load()
    return shop.currency, shop.locale
