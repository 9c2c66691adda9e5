"""Voucher codes: unguessable, unique, readable, and every typo caught by the check character."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from shopcrm.core.vouchers import (
    CodeError,
    MistypedCodeError,
    classify,
    grouped,
    is_valid,
    new_code,
    normalise,
)
from shopcrm.core.vouchers.codes import ALPHABET, CODE_LENGTH, RANDOM_BITS, check_character, parse


def test_alphabet_has_32_characters_and_no_look_alikes() -> None:
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert RANDOM_BITS >= 60


def test_a_million_codes_are_unique_valid_and_free_of_look_alikes() -> None:
    codes = [new_code() for _ in range(1_000_000)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == CODE_LENGTH for code in codes)
    counts = Counter("".join(code[:-1] for code in codes))
    assert set(counts) == set(ALPHABET)  # only these characters, and all of them
    expected = 12_000_000 / 32
    assert all(abs(n - expected) < expected * 0.02 for n in counts.values())  # uniform
    assert all(is_valid(code) for code in codes[:100_000])


def _single_errors(code: str):
    for position, char in enumerate(code):
        for other in ALPHABET:
            if other != char:
                yield code[:position] + other + code[position + 1 :]


def _neighbour_swaps(code: str):
    for position in range(len(code) - 1):
        a, b = code[position], code[position + 1]
        if a != b:
            yield code[:position] + b + a + code[position + 2 :]


def test_every_single_wrong_character_and_neighbour_swap_is_rejected() -> None:
    rng = random.Random(5)
    sample = [new_code() for _ in range(2_000)]
    # Codes made to be hard: runs of one character and neighbours that differ by one bit.
    for _ in range(200):
        head = "".join(rng.choice("0123") for _ in range(12))
        sample.append(head + check_character(head))
    checked = 0
    for code in sample:
        for wrong in (*_single_errors(code), *_neighbour_swaps(code)):
            assert not is_valid(wrong), (code, wrong)
            with pytest.raises(MistypedCodeError):
                parse(wrong)
            checked += 1
    assert checked > 2_000 * 13 * 31


@pytest.mark.parametrize(
    "typed",
    [
        "{g}",
        "{g.lower()}",
        "{c}",
        "{c.lower()}",
        "  {g}  ",
        "{g_spaces}",
        "{look_alikes}",
        "{g_dashes}",
    ],
)
def test_forgiving_input_is_normalised_before_checking(typed: str) -> None:
    code = "K7QM3XPD9H" + "01"
    code += check_character(code)  # has a 0 and a 1, so O, I and L can stand in for them
    g = grouped(code)
    text = {
        "{g}": g,
        "{g.lower()}": g.lower(),
        "{c}": code,
        "{c.lower()}": code.lower(),
        "  {g}  ": f"  {g}  ",
        "{g_spaces}": g.replace("-", " "),
        "{look_alikes}": g.replace("0", "O").replace("1", "l"),
        "{g_dashes}": g.replace("-", "–"),
    }[typed]
    assert parse(text) == code
    assert normalise(text) == code


def test_grouped_for_reading_aloud() -> None:
    assert grouped("K7QM3XPD9HRT8") == "K7QM-3XPD-9HRT-8"
    assert is_valid("K7QM3XPD9HRT8")  # the example the messages show is a real code


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "type or scan"),
        ("K7QM-3XPD-9HRT", "13 characters"),
        ("K7QM-3XPD-9HRT-44", "13 characters"),
        ("K7QM-3XPD-9HRU-4", "'U'"),
        ("K7QM-3XPD-9H#T-4", "'#'"),
    ],
)
def test_text_that_is_not_a_code_says_why(typed: str, words: str) -> None:
    with pytest.raises(CodeError) as caught:
        parse(typed)
    assert words in str(caught.value)
    assert not isinstance(caught.value, MistypedCodeError)


def test_classify_tells_codes_from_name_searches() -> None:
    code = new_code()
    assert classify(grouped(code)) == "code"
    assert classify(code.lower()) == "code"
    wrong = code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % 32]
    assert classify(grouped(wrong)) == "mistyped"
    assert classify("jo") is None
    assert classify("07700 900123") is None
    # A 13-letter word without digits or grouping is a name search, even if it fails the check.
    words = [
        w for w in ("Featherstones", "Christophersn", "Wetherspoonss") if not is_valid(normalise(w))
    ]
    assert words and all(classify(word) is None for word in words)
