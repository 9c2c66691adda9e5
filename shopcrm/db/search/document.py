"""What the search index knows about one customer, and the rank key that orders it."""

from __future__ import annotations

from dataclasses import dataclass

from shopcrm.db.search.folding import digits_of, email_tokens, is_cjk_text, name_tokens
from shopcrm.db.search.typos import typo_candidates_key

#: Rank buckets: lower is found first. Customers with no visit history sit in the middle so
#: the visit log (a later capability) can move regulars up and lapsed customers down.
RANK_BUCKETS = 64
DEFAULT_RANK = 32
_ID_BITS = 32


def rank_key(rank: int, customer_id: int) -> int:
    """The index row id: matches come out of the index in rank order, then by customer id."""
    if not 0 <= rank < RANK_BUCKETS:
        raise ValueError(f"rank bucket {rank} outside 0..{RANK_BUCKETS - 1}")
    if not 0 < customer_id < (1 << _ID_BITS):
        raise ValueError(f"customer id {customer_id} out of range")
    return (rank << _ID_BITS) | customer_id


def rank_of_key(key: int) -> int:
    return key >> _ID_BITS


def customer_id_of(key: int) -> int:
    return key & ((1 << _ID_BITS) - 1)


def phone_digit_forms(phone: str) -> list[str]:
    """Digit strings a phone is found by: international and national spellings."""
    if not phone:
        return []
    import phonenumbers  # imported late: start-up does not need it

    forms = [digits_of(phone)]
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return [f for f in forms if f]
    national = digits_of(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    )
    if national and national not in forms:
        forms.append(national)
    return [f for f in forms if f]


def _forms(phone: str, national: str) -> list[str]:
    """:func:`phone_digit_forms` of ``phone`` whose national format is ``national``."""
    forms = [digits_of(phone)]
    digits = digits_of(national)
    if digits and digits not in forms:
        forms.append(digits)
    return [f for f in forms if f]


@dataclass(frozen=True)
class SearchDocument:
    customer_id: int
    words: tuple[str, ...]  # every token: names and email
    name_words: tuple[str, ...]  # the name tokens one typo may be corrected towards
    phone: str  # digit forms separated by spaces
    rank: int = DEFAULT_RANK

    @property
    def key(self) -> int:
        return rank_key(self.rank, self.customer_id)

    @classmethod
    def for_customer(
        cls,
        customer_id: int,
        first_name: str,
        last_name: str,
        phone: str = "",
        email: str = "",
        rank: int = DEFAULT_RANK,
        national: str | None = None,
    ) -> SearchDocument:
        """``national``: the phone's national format when the caller has it already (a bulk
        import), which saves parsing the number again (:func:`phone_digit_forms`)."""
        names = name_tokens(f"{first_name} {last_name}")
        first, last = first_name.strip(), last_name.strip()
        if first and last and is_cjk_text(first + last):
            # Chinese, Japanese and Korean names are written without a space, family name
            # first (王小明): index the whole name in both orders of the two fields.
            names += [t for t in name_tokens(f"{last}{first} {first}{last}") if t not in names]
        words = dict.fromkeys(names)
        words.update(dict.fromkeys(email_tokens(email)))
        return cls(
            customer_id=customer_id,
            words=tuple(words),
            name_words=tuple(t for t in names if typo_candidates_key(t)),
            phone=" ".join(
                phone_digit_forms(phone) if national is None else _forms(phone, national)
            ),
            rank=rank,
        )
