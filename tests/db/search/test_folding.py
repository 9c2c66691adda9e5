"""Unit tests of the search folding, typo matching and document building (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcrm.db.search.document import (
    DEFAULT_RANK,
    RANK_BUCKETS,
    SearchDocument,
    customer_id_of,
    phone_digit_forms,
    rank_key,
)
from shopcrm.db.search.folding import (
    MAX_TOKEN,
    digits_of,
    email_tokens,
    fold_query_word,
    name_tokens,
    phone_query_digits,
    query_words,
)
from shopcrm.db.search.typos import (
    MIN_TYPO_LENGTH,
    deletion_variants,
    typo_candidates_key,
    within_one_typo,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("José", "jose"),
        ("JOSÉ", "jose"),
        ("jose\u0301", "jose"),  # combining accent
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Chen-Williams", "chenwilliams"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Søren", "soren"),
        ("Ørsted", "orsted"),
        ("Æsir", "aesir"),
        ("Łódź", "lodz"),
        ("Đặng", "dang"),
        ("đorđe", "dorde"),
        ("Þór", "thor"),
        ("Nguyễn", "nguyen"),
        ("Hương", "huong"),
        ("Ça", "ca"),
        ("Ñandú", "nandu"),
        ("ﬁne", "fine"),  # ligature
        ("ＡＢＣ", "abc"),  # fullwidth
        ("Μαρία", "μαρια"),
        ("ΜΑΡΊΑ", "μαρια"),
        ("Иванова", "иванова"),
        ("Ёлка", "елка"),
        ("王小明", "王小明"),
        ("さくら", "さくら"),
        ("김민준", "김민준"),
        ("٠١٢٣", "0123"),  # Arabic-Indic digits
        ("😀", ""),
        ("'\"*()-^:", ""),
        ("", ""),
    ],
)
def test_fold_query_word(typed: str, folded: str) -> None:
    assert fold_query_word(typed) == folded


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("María González", ["maria", "gonzalez"]),
        ("O'Brien", ["o", "brien", "obrien"]),
        ("Zoë Chen-Williams", ["zoe", "chen", "williams", "chenwilliams"]),
        ("Μαρία", ["μαρια", "maria"]),
        ("Иван", ["иван", "ivan"]),
        ("Þórður", ["thordur"]),
        ("Jo  jo JO", ["jo"]),
        ("", []),
        ("   ", []),
        ("😀 --", []),
    ],
)
def test_name_tokens(name: str, expected: list[str]) -> None:
    assert name_tokens(name) == expected


def test_cjk_tokens_include_suffixes_and_transliteration() -> None:
    tokens = name_tokens("王小明")
    assert {"王小明", "小明", "明", "wang", "xiao", "ming", "wangxiaoming"} <= set(tokens)
    assert "sakura" in name_tokens("さくら")
    assert {"김민준", "민준", "gim", "min", "jun"} <= set(name_tokens("김민준"))


def test_tokens_are_cut_at_max_token() -> None:
    tokens = name_tokens("a" * 100)
    assert tokens == ["a" * MAX_TOKEN]
    assert len(fold_query_word("b" * 100)) == MAX_TOKEN + 1  # cut, but known to be longer


def test_email_tokens() -> None:
    tokens = email_tokens("maria.gonzalez@example.com")
    assert tokens[:3] == ["maria", "gonzalez", "mariagonzalez"]
    assert "mariagonzalezexamplecom" in tokens
    assert not {"example", "com", "examplecom"} & set(tokens)
    assert email_tokens("") == []
    assert email_tokens("   ") == []


def test_digits_of() -> None:
    assert digits_of("+44 (20) 7946-0958") == "442079460958"
    assert digits_of("٠١٢ ۳") == "0123"
    assert digits_of("no digits") == ""


@pytest.mark.parametrize(
    ("query", "digits"),
    [
        ("0958", "0958"),
        ("958", "958"),
        ("58", None),
        ("5", None),
        ("", None),
        ("  7946 0958 ", "79460958"),
        ("+44 (20) 7946-0958", "442079460958"),
        ("020.7946.0958", "02079460958"),
        ("0958 gonz", None),
        ("12a", None),
        ("1 2", None),
        ("(", None),
    ],
)
def test_phone_query_digits(query: str, digits: str | None) -> None:
    assert phone_query_digits(query) == digits


def test_query_words() -> None:
    assert query_words("Gonz  MAR gonz") == ["gonz", "mar"]
    assert query_words("  ") == []
    assert query_words("a\x00b") == ["a", "b"]
    assert query_words('" * ( ) 😀') == []
    assert query_words("O'Brien o brien") == ["obrien", "o", "brien"]


# -- typos -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("gonzalez", "gonzalez", True),
        ("gonzalez", "gonzlez", True),  # missing
        ("gonzalez", "gonzaalez", True),  # extra
        ("gonzalez", "gonzalex", True),  # wrong
        ("gonzalez", "gonzaelz", True),  # swapped neighbours
        ("gonzalez", "ognzalez", True),
        ("gonzalez", "gonzalze", True),
        ("gonzalez", "gonzalezz", True),
        ("gonzalez", "onzalez", True),
        ("gonzalez", "gonzlex", False),  # two typos
        ("gonzalez", "gonzaelx", False),
        ("gonzalez", "gnozalze", False),
        ("gonzalez", "gozalze", False),
        ("gonzalez", "zonzaleg", False),  # far swap
        ("gonzalez", "gonzalezxx", False),
        ("abc", "acb", True),
        ("abc", "cba", False),
        ("", "a", True),
        ("", "ab", False),
    ],
)
def test_within_one_typo(a: str, b: str, close: bool) -> None:
    assert within_one_typo(a, b) is close
    assert within_one_typo(b, a) is close


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits plus swaps of neighbours), by the book."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


SHORT = st.text(alphabet="abcé", max_size=7)


@settings(max_examples=300, deadline=None)
@given(a=SHORT, b=SHORT)
def test_within_one_typo_is_distance_at_most_one(a: str, b: str) -> None:
    assert within_one_typo(a, b) == (_osa_distance(a, b) <= 1)


@settings(max_examples=300, deadline=None)
@given(a=SHORT, b=SHORT)
def test_one_typo_always_shares_a_deletion_variant(a: str, b: str) -> None:
    # The index finds candidates through shared deletion variants: none may be missed.
    if within_one_typo(a, b):
        assert deletion_variants(a) & deletion_variants(b)


def test_deletion_variants() -> None:
    assert deletion_variants("abc") == {"abc", "bc", "ac", "ab"}
    assert deletion_variants("aa") == {"aa", "a"}
    assert deletion_variants("") == {""}


def test_typo_candidates_key() -> None:
    assert MIN_TYPO_LENGTH == 3
    assert not typo_candidates_key("jo")
    assert typo_candidates_key("joe")
    assert not typo_candidates_key("0958")


# -- documents and rank keys -----------------------------------------------------------------


def test_rank_key_orders_by_bucket_then_id() -> None:
    keys = [rank_key(r, c) for r, c in [(0, 9), (0, 10), (1, 1), (32, 5), (63, 2)]]
    assert keys == sorted(keys)
    assert customer_id_of(rank_key(17, 123_456)) == 123_456
    assert customer_id_of(rank_key(RANK_BUCKETS - 1, (1 << 32) - 1)) == (1 << 32) - 1


@pytest.mark.parametrize(("rank", "cid"), [(-1, 1), (RANK_BUCKETS, 1), (0, 0), (0, 1 << 32)])
def test_rank_key_bounds(rank: int, cid: int) -> None:
    with pytest.raises(ValueError):
        rank_key(rank, cid)


def test_phone_digit_forms() -> None:
    assert phone_digit_forms("+442079460958") == ["442079460958", "02079460958"]
    assert phone_digit_forms("") == []


def test_document_for_customer() -> None:
    doc = SearchDocument.for_customer(
        7, "María", "González", "+442079460958", "maria.gonzalez@example.com"
    )
    assert doc.customer_id == 7
    assert doc.rank == DEFAULT_RANK
    assert doc.key == rank_key(DEFAULT_RANK, 7)
    assert doc.words[:2] == ("maria", "gonzalez")
    assert "mariagonzalezexamplecom" in doc.words
    assert doc.name_words == ("maria", "gonzalez")  # email never corrected towards
    assert doc.phone.split() == ["442079460958", "02079460958"]


@pytest.mark.parametrize(("first", "last"), [("王", "小明"), ("小明", "王")])
def test_cjk_name_indexed_as_written_without_space(first: str, last: str) -> None:
    doc = SearchDocument.for_customer(1, first, last)
    assert {"王", "小明", "王小明", "wang", "wangxiaoming"} <= set(doc.words)


def test_latin_names_are_not_joined() -> None:
    doc = SearchDocument.for_customer(1, "Maria", "Gonzalez")
    assert "mariagonzalez" not in doc.words
    assert "gonzalezmaria" not in doc.words
