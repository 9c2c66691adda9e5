"""Valid phone numbers for the demo shop, a million of them without a million parser calls.

Parsing, validating and formatting one number with ``phonenumbers`` costs about 90 µs, which
alone would take most of the demo's time budget at 1,000,000 customers. Validity and the
national spelling depend on a number's leading digits, not on its last few, so each region
gets a handful of *ranges*: fixed leading digits (taken from the library's example numbers)
followed by random trailing digits. A range is checked once, on sampled tails including the
smallest and largest, with the same functions the app uses; numbers are then made by
formatting an integer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

from shopcrm.db.search.document import phone_digit_forms

#: Share of numbers that are mobiles (the rest are landlines).
MOBILE_SHARE = 0.75
_RANGES_PER_KIND = 4
_SAMPLES = 6
_FALLBACK_REGION = "GB"


@dataclass(frozen=True)
class PhoneRange:
    """Numbers ``+{country_code}{head}{tail}`` for any tail of ``tail_digits`` digits."""

    country_code: int
    head: str
    tail_digits: int
    national_head: str | None  # digits the national format puts before the tail

    def number(self, tail: int) -> tuple[str, str]:
        """The E.164 number for ``tail`` and the digit forms the search index holds for it."""
        tail_text = f"{tail:0{self.tail_digits}d}"
        international = f"{self.country_code}{self.head}{tail_text}"
        if self.national_head is None:
            return "+" + international, international
        return "+" + international, f"{international} {self.national_head}{tail_text}"


def _sample_tails(tail_digits: int, rng: random.Random) -> list[str]:
    """Tails to try: the extremes, every digit in the first two tail places, a few at random."""

    def rand(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    tails = ["0" * tail_digits, "9" * tail_digits]
    for place in range(min(2, tail_digits)):
        for digit in "0123456789":
            tails.append(rand(place) + digit + rand(tail_digits - place - 1))
    tails.extend(rand(tail_digits) for _ in range(_SAMPLES))
    return tails


def _checked_range(region: str, cc: int, head: str, tail_digits: int, rng: random.Random):
    """The range if every sampled tail is valid for ``region`` and spelled consistently."""
    national_heads: set[str | None] = set()
    for text in _sample_tails(tail_digits, rng):
        e164 = f"+{cc}{head}{text}"
        try:
            parsed = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number_for_region(parsed, region):
            return None
        forms = phone_digit_forms(e164)
        if not forms or forms[0] != f"{cc}{head}{text}" or len(forms) > 2:
            return None
        if len(forms) == 2:
            if not forms[1].endswith(text):
                return None
            national_heads.add(forms[1][: -len(text)])
        else:
            national_heads.add(None)
    if len(national_heads) != 1:
        return None
    return PhoneRange(cc, head, tail_digits, national_heads.pop())


def _ranges_of_kind(region: str, kind: int, rng: random.Random) -> list[PhoneRange]:
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None or example.country_code is None:
        return []
    nsn = phonenumbers.national_significant_number(example)
    cc = example.country_code
    tail_digits = max(3, min(6, len(nsn) - 4))
    fixed = nsn[: len(nsn) - tail_digits]
    ranges = []
    first = _checked_range(region, cc, fixed, tail_digits, rng)
    if first is not None:
        ranges.append(first)
    if len(fixed) >= 3:
        # Vary the last two fixed digits for more distinct numbers (and more realistic ones).
        variants = [f"{i:02d}" for i in range(100)]
        rng.shuffle(variants)
        for two in variants:
            if len(ranges) >= _RANGES_PER_KIND:
                break
            head = fixed[:-2] + two
            if head != fixed:
                checked = _checked_range(region, cc, head, tail_digits, rng)
                if checked is not None:
                    ranges.append(checked)
    return ranges


class PhoneFactory:
    """Makes valid numbers per region; a region's ranges are found on first use."""

    def __init__(self) -> None:
        self._ranges: dict[str, tuple[list[PhoneRange], list[PhoneRange]]] = {}

    def _ranges_for(self, region: str) -> tuple[list[PhoneRange], list[PhoneRange]]:
        found = self._ranges.get(region)
        if found is None:
            # Ranges depend only on the region, never on the shop's seed or on call order.
            local = random.Random(f"demo-phone-{region}")
            mobile = _ranges_of_kind(region, PhoneNumberType.MOBILE, local)
            fixed = _ranges_of_kind(region, PhoneNumberType.FIXED_LINE, local)
            if not mobile and not fixed and region != _FALLBACK_REGION:
                found = self._ranges_for(_FALLBACK_REGION)
            else:
                found = (mobile or fixed, fixed or mobile)
            self._ranges[region] = found
        return found

    def make(self, rng: random.Random, region: str) -> tuple[str, str]:
        """A random valid number of ``region``: (E.164, digit forms for the search index)."""
        mobile, fixed = self._ranges_for(region)
        ranges = mobile if rng.random() < MOBILE_SHARE else fixed
        chosen = ranges[int(rng.random() * len(ranges))]
        return chosen.number(int(rng.random() * 10**chosen.tail_digits))
