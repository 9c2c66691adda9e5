"""Voucher codes: unguessable, easy to read aloud, and checked before the database is asked.

A code is 12 random characters (60 bits from :mod:`secrets`) from Crockford's alphabet (digits
and letters without I, L, O and U, so nothing reads as something else), then one check
character. It is printed grouped for reading, ``K7QM-3XPD-9HRT-8``, and stored ungrouped.

The check character makes the 13 characters a codeword of a Reed-Solomon-style code over
GF(32): with each character read as a field element ``c_i``, a code is valid when
``sum(alpha**i * c_i) == 0``. One wrong character adds ``alpha**i * e`` (never zero), and a swap
of two different neighbours adds ``(a + b) * alpha**i * (1 + alpha)`` (never zero either), so
every single-character typo and every swap of neighbours is rejected; a random string passes
one time in 32.

Typed input is forgiving: case, spaces, hyphens and the look-alikes O (zero), I and L (one)
are normalised before checking.
"""

from __future__ import annotations

import re
import secrets

from shopcrm.core.errors import ShopError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 12
CODE_LENGTH = RANDOM_CHARS + 1
RANDOM_BITS = RANDOM_CHARS * 5
GROUPS = (4, 4, 4, 1)

_SHIFTS = tuple(range(0, RANDOM_BITS, 5))
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: What a person or a scanner may put between the groups.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")

# GF(32) with the primitive polynomial x^5 + x^2 + 1: logarithm tables over alpha = x.
_EXP = [0] * 62
_LOG = [0] * 32
_element = 1
for _power in range(31):
    _EXP[_power] = _EXP[_power + 31] = _element
    _LOG[_element] = _power
    _element <<= 1
    if _element & 0b100000:
        _element ^= 0b100101


def _times_alpha_power(value: int, power: int) -> int:
    return 0 if value == 0 else _EXP[_LOG[value] + power % 31]


#: _WEIGHTED[i][v] = alpha**i * v: the syndrome is the xor of one lookup per character.
_WEIGHTED = tuple(
    tuple(_times_alpha_power(value, position) for value in range(32))
    for position in range(CODE_LENGTH)
)
#: The check value that cancels a partial syndrome: alpha**12 * c == partial.
_CANCEL = {weighted: value for value, weighted in enumerate(_WEIGHTED[RANDOM_CHARS])}


def _syndrome(values: list[int]) -> int:
    total = 0
    for table, value in zip(_WEIGHTED, values, strict=False):
        total ^= table[value]
    return total


def check_character(random_part: str) -> str:
    """The character that makes ``random_part`` (12 characters) a valid code."""
    return ALPHABET[_CANCEL[_syndrome([_VALUE[char] for char in random_part])]]


def new_code() -> str:
    """A fresh code (ungrouped, 13 characters) from the operating system's randomness."""
    bits = secrets.randbits(RANDOM_BITS)
    values = [(bits >> shift) & 31 for shift in _SHIFTS]
    values.append(_CANCEL[_syndrome(values)])
    return "".join([ALPHABET[value] for value in values])


def is_valid(code: str) -> bool:
    """Does an ungrouped, normalised code carry the right check character?"""
    return (
        len(code) == CODE_LENGTH
        and all(char in _VALUE for char in code)
        and _syndrome([_VALUE[char] for char in code]) == 0
    )


def grouped(code: str) -> str:
    """``K7QM3XPD9HRT8`` -> ``K7QM-3XPD-9HRT-8`` (for printing and reading aloud)."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(part for part in parts if part)


class CodeError(ShopError):
    """Typed text is not a voucher code: the message says what is wrong with it."""


class MistypedCodeError(CodeError):
    """The text has a code's shape but its check character does not match: a typo."""


def normalise(text: str) -> str:
    """Upper-case, drop separators, read look-alikes as digits; no checking of the shape."""
    return _SEPARATORS.sub("", (text or "").strip()).upper().translate(_LOOK_ALIKES)


def parse(text: str) -> str:
    """The ungrouped code in ``text``, or :class:`CodeError` saying what is wrong with it."""
    code = normalise(text)
    if not code:
        raise CodeError("type or scan a voucher code")
    strange = sorted({char for char in code if char not in _VALUE})
    if strange:
        shown = ", ".join(repr(char) for char in strange[:5]) + (", …" if len(strange) > 5 else "")
        raise CodeError(f"a voucher code has only digits and letters; {shown} cannot be in one")
    if len(code) != CODE_LENGTH:
        raise CodeError(
            f"a voucher code has {CODE_LENGTH} characters (like {grouped('K7QM3XPD9HRT8')});"
            f" this has {len(code)}"
        )
    if not is_valid(code):
        raise MistypedCodeError(
            "this code is mistyped: one of its characters is wrong or two are swapped."
            " Check it against the voucher and type it again"
        )
    return code


#: The printed grouping, 4-4-4-1, with any separator a person or a scanner may use.
_PRINTED = re.compile(r"^\w{4}[\s\-‐‑‒–—_.]\w{4}[\s\-‐‑‒–—_.]\w{4}[\s\-‐‑‒–—_.]\w$")


def classify(text: str) -> str | None:
    """How the search box should take ``text``: ``"code"`` (a valid code), ``"mistyped"``
    (code-shaped: printed grouping, or letters and digits mixed, but the check fails) or None
    (a search for a customer: "peter jacksons", a 13-digit phone number)."""
    raw = (text or "").strip()
    code = normalise(raw)
    if len(code) != CODE_LENGTH or any(char not in _VALUE for char in code):
        return None
    if is_valid(code):
        return "code"
    mixed = any(c.isdigit() for c in raw) and any(c.isalpha() for c in raw)
    return "mistyped" if mixed or _PRINTED.match(raw) else None
