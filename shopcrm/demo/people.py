"""Made-up customers for the demo shop: who they are, how to reach them, what the shop knows.

The name lists live in ``resources/demo`` as data (one file per concern) so they can grow
without touching code. Names in each list are ordered most common first and drawn with
Zipf-like weights, the way real name frequencies fall off: a shop has many Smiths and one
Ramsbottom, which is what makes one-letter searches and look-alikes realistic.
"""

from __future__ import annotations

import json
import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from shopcrm.demo.phones import PhoneFactory

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "demo"

#: Shares of customers who gave each kind of detail.
PHONE_SHARE = 0.88
HOME_PHONE_SHARE = 0.88  # of the phones, in the shop's own region
EMAIL_SHARE = 0.45
BIRTHDAY_SHARE = 0.55
BIRTH_YEAR_SHARE = 0.4  # of the birthdays
TAGGED_SHARE = 0.25
NOTED_SHARE = 0.08
TAG_NOTE_SHARE = 0.8
#: How far back the shop's customer list goes.
HISTORY = timedelta(days=6 * 365)

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


class Weighted:
    """Items drawn by weight in O(log n) with one random number."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self._cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self._cumulative.append(total)

    @classmethod
    def by_rank(cls, items: list, exponent: float = 1.0) -> Weighted:
        return cls(items, [1.0 / (rank + 1) ** exponent for rank in range(len(items))])

    def pick(self, rng: random.Random):
        return self.items[bisect(self._cumulative, rng.random() * self._cumulative[-1])]

    def at(self, fraction: float):
        """The item at ``fraction`` (0 to 1) of the total weight."""
        return self.items[bisect(self._cumulative, fraction * self._cumulative[-1])]


@dataclass(frozen=True)
class Origin:
    name: str
    phone_regions: tuple[str, ...]
    first_f: Weighted
    first_m: Weighted
    last: Weighted  # items are (masculine, feminine) forms
    double_share: float
    hyphen_share: float

    def full_name(self, rng: random.Random) -> tuple[str, str]:
        female = rng.random() < 0.5
        first = (self.first_f if female else self.first_m).pick(rng)
        last = self.last.pick(rng)[female]
        if rng.random() < self.double_share:
            second = self.last.pick(rng)[female]
            if second != last:
                last += ("-" if rng.random() < self.hyphen_share else " ") + second
        return first, last


@dataclass
class DemoCustomer:
    first_name: str
    last_name: str
    phone: str = ""
    phone_forms: str = ""  # what the search index holds for the phone
    email: str = ""
    birthday: tuple[int | None, int | None, int | None] = (None, None, None)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    tags: list[str] = field(default_factory=list)
    notes: list[tuple[str, bool, datetime]] = field(default_factory=list)


def _load(name: str) -> dict:
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


def _origin(name: str, data: dict) -> Origin:
    last = [tuple(entry.split("|")) if "|" in entry else (entry, entry) for entry in data["last"]]
    double = data.get("double", {})
    return Origin(
        name=name,
        phone_regions=tuple(data["phone"]),
        first_f=Weighted.by_rank(data["first_f"], 0.9),
        first_m=Weighted.by_rank(data["first_m"], 0.9),
        last=Weighted.by_rank(last, 1.0),
        double_share=double.get("p", 0.0),
        hyphen_share=double.get("hyphen", 0.0),
    )


def tag_names() -> list[str]:
    return [name for name, _ in _load("shop.json")["tags"]]


@lru_cache(maxsize=1)
def _origins() -> Weighted:
    origins = _load("names.json")["origins"]
    return Weighted(
        [_origin(name, data) for name, data in origins.items()],
        [data["share"] for data in origins.values()],
    )


@lru_cache(maxsize=65536)
def ascii_of(name: str) -> str:
    """A name as it goes into an email address: 'Søren' → 'soren', '王' → 'wang'."""
    return _NOT_ALNUM.sub("", anyascii(name).lower())


def _email_local(rng: random.Random, first: str, last: str) -> str:
    f, fam = ascii_of(first), ascii_of(last)
    if not f or not fam:
        return f or fam
    style = rng.random()
    if style < 0.3:
        return f"{f}.{fam}"
    if style < 0.45:
        return f"{f}{fam}"
    if style < 0.6:
        return f"{f}.{fam}{rng.randint(1, 99)}"
    if style < 0.7:
        return f"{f[0]}{fam}"
    if style < 0.75:
        return f"{fam}.{f}"
    if style < 0.8:
        return f"{f}_{fam}"
    return f"{f}{rng.randint(1, 2005)}"


class PeopleFactory:
    """Draws demo customers; everything random comes from the one ``rng`` given."""

    def __init__(self, rng: random.Random, home_region: str, now: datetime) -> None:
        self.rng = rng
        self.home_region = home_region
        self.now = now
        shop = _load("shop.json")
        self.tags = Weighted([t for t, _ in shop["tags"]], [w for _, w in shop["tags"]])
        self.tag_notes: dict[str, str] = shop["tag_notes"]
        self.notes = Weighted([(t, p) for t, p, _ in shop["notes"]], [w for *_, w in shop["notes"]])
        self.domains = Weighted(
            [d for d, _ in shop["email_domains"]], [w for _, w in shop["email_domains"]]
        )
        self.origins = _origins()
        self.phones = PhoneFactory()
        self._all_regions = sorted({r for o in self.origins.items for r in o.phone_regions})

    def customer(self) -> DemoCustomer:
        rng = self.rng
        origin: Origin = self.origins.pick(rng)
        first, last = origin.full_name(rng)
        person = DemoCustomer(first, last, created_at=self._past(self.now - HISTORY))
        if rng.random() < PHONE_SHARE:
            person.phone, person.phone_forms = self.phones.make(rng, self._phone_region(origin))
        if rng.random() < EMAIL_SHARE:
            local = _email_local(rng, first, last)
            if local:
                person.email = f"{local}@{self.domains.pick(rng)}"
        if rng.random() < BIRTHDAY_SHARE:
            person.birthday = self._birthday()
        if rng.random() < TAGGED_SHARE:
            person.tags = sorted(
                {self.tags.pick(rng) for _ in range(1 + int(rng.random() ** 2 * 3))}
            )
        self._add_notes(person)
        return person

    def _phone_region(self, origin: Origin) -> str:
        rng = self.rng
        if rng.random() < HOME_PHONE_SHARE:
            return self.home_region
        if rng.random() < 0.7:
            return origin.phone_regions[int(rng.random() * len(origin.phone_regions))]
        return self._all_regions[int(rng.random() * len(self._all_regions))]

    def _past(self, since: datetime) -> datetime:
        """A moment between ``since`` and now, more often recent (the shop has been growing)."""
        span = (self.now - since).total_seconds()
        return self.now - timedelta(seconds=int(span * self.rng.random() ** 1.5))

    def _birthday(self) -> tuple[int, int, int | None]:
        rng = self.rng
        day_of_year = int(rng.random() * 366)
        moment = datetime(2000, 1, 1) + timedelta(days=day_of_year)  # 2000 has 29 February
        year = None
        if rng.random() < BIRTH_YEAR_SHARE:
            year = self.now.year - 16 - int(rng.random() * 70)
            if moment.month == 2 and moment.day == 29 and year % 4:
                year -= year % 4  # a leap year, so 29 February exists
        return moment.month, moment.day, year

    def _add_notes(self, person: DemoCustomer) -> None:
        rng = self.rng
        for tag in person.tags:
            text = self.tag_notes.get(tag)
            if text and rng.random() < TAG_NOTE_SHARE:
                person.notes.append((text, True, self._past(person.created_at)))
        if rng.random() < NOTED_SHARE:
            for _ in range(1 + (rng.random() < 0.3)):
                text, pinned = self.notes.pick(rng)
                text = text.replace("{first}", person.first_name)
                person.notes.append((text, pinned, self._past(person.created_at)))
