"""The settings' parsers on their own: every text bounded, numbers sane, the logo a picture."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from shopcrm.core.settings import (
    MAX_LOGO_BYTES,
    MAX_NAMED,
    MAX_PATH,
    MAX_TEXT,
    MAX_THRESHOLD,
    SETTINGS,
    Context,
)
from shopcrm.core.settings.parsers import format_yes_no, parse_yes_no

GBP = Context("GBP", "en_GB")


def refusal(key: str, text: str, context: Context = GBP) -> str:
    with pytest.raises(ValueError) as err:
        SETTINGS[key].parse(text, context)
    return str(err.value)


# -- texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["shop_name", "stamp_reward"])
def test_a_text_has_a_length_limit(key: str) -> None:
    assert SETTINGS[key].parse("x" * MAX_TEXT, GBP) == "x" * MAX_TEXT
    assert refusal(key, "x" * (MAX_TEXT + 1)) == f"at most {MAX_TEXT} characters"
    assert refusal(key, "x" * 1_000_000) == f"at most {MAX_TEXT} characters"


@pytest.mark.parametrize("key", ["shop_name", "stamp_reward"])
@pytest.mark.parametrize(
    "text",
    ["Shop \x1b[31mred", "\x1b]0;title\x07", "Bell\x07", "NUL\x00", "DEL\x7f", "CSI \x9b2J"],
)
def test_a_text_refuses_control_characters_and_terminal_escapes(key: str, text: str) -> None:
    assert refusal(key, text).startswith("contains control characters (U+")


def test_a_text_keeps_any_script_and_collapses_spaces() -> None:
    assert SETTINGS["shop_name"].parse("  Bäckerei\t Süß 🥐 ", GBP) == "Bäckerei Süß 🥐"
    family = "家族👨‍👩‍👧"  # zero-width joiners are format characters, not controls
    assert SETTINGS["shop_name"].parse(family, GBP) == family


# -- whole numbers and money ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1" + "0" * 30, "too large"),
        ("-" + "9" * 40, "too large"),
        ("٣", "whole number"),  # int() would take Arabic-Indic digits
        ("²", "whole number"),
        ("1_0", "whole number"),
        ("1e3", "whole number"),
        ("101", "between 0 and 100"),
        ("-1", "between 0 and 100"),
    ],
)
def test_whole_numbers_are_ascii_digits_within_bounds(text: str, words: str) -> None:
    assert words in refusal("stamps_per_card", text)


@pytest.mark.parametrize("key", ["stamps_per_card", "points_per_unit", "stamp_min_amount"])
def test_a_ten_thousand_digit_number_is_refused_at_once(key: str) -> None:
    huge = "9" * 10_000
    assert len(huge) > sys.get_int_max_str_digits()  # int() itself would raise
    started = time.perf_counter()
    assert "too large" in refusal(key, huge)
    assert "too large" in refusal(key, "1" + "0" * 1_000_000)
    assert time.perf_counter() - started < 0.05


def test_leading_zeros_are_not_digits_too_many() -> None:
    assert SETTINGS["stamps_per_card"].parse("0" * 30 + "7", GBP) == 7


def test_money_keeps_its_bound() -> None:
    assert SETTINGS["stamp_min_amount"].parse("10,000,000,000.00", GBP) == 10**12
    assert "too large" in refusal("stamp_min_amount", "10,000,000,000.01")
    assert SETTINGS["stamp_min_amount"].parse("", GBP) == 0


# -- rewards and tiers ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["rewards", "tiers"])
def test_named_numbers_have_sane_bounds(key: str) -> None:
    parse = SETTINGS[key].parse
    assert parse(f"Top={MAX_THRESHOLD}", GBP) == (("Top", MAX_THRESHOLD),)
    for number in (MAX_THRESHOLD + 1, 10**30, "9" * 1000, 0, -5):
        assert f"between 1 and {MAX_THRESHOLD:,}" in refusal(key, f"Top={number}")
    assert refusal(key, "Top=" + "9" * 10_000) == "at most 2000 characters"
    many = "; ".join(f"R{n}={n + 1}" for n in range(MAX_NAMED))
    assert len(parse(many, GBP)) == MAX_NAMED
    assert refusal(key, many + "; One more=999") == f"at most {MAX_NAMED} names"
    assert refusal(key, "x" * (MAX_TEXT + 1) + "=5") == f"a name has at most {MAX_TEXT} characters"
    assert refusal(key, "Gold\x1b[1m=5") == "a name contains control characters (U+001B)"
    assert "characters" in refusal(key, "A=1;" * 10_000)


# -- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["currency", "locale", "phone_region"])
@pytest.mark.parametrize("text", ["Z" * 1_000_000, "en\x1b[2J", "\x00", "   ", "../../etc"])
def test_codes_are_refused_in_one_short_line(key: str, text: str) -> None:
    reason = refusal(key, text)
    assert reason.startswith("unknown") and "\n" not in reason and len(reason) < 100


def test_codes_are_normalised() -> None:
    assert SETTINGS["currency"].parse(" gbp ", GBP) == "GBP"
    assert SETTINGS["locale"].parse("de-DE", GBP) == "de_DE"
    assert SETTINGS["locale"].parse("de_DE.UTF-8", GBP) == "de_DE"
    assert SETTINGS["phone_region"].parse("us", GBP) == "US"
    assert SETTINGS["tier_basis"].parse(" Spend ", GBP) == "spend"


# -- the logo ---------------------------------------------------------------------------------


@pytest.fixture
def pictures(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, kind in (("logo.png", "PNG"), ("logo.jpg", "JPEG"), ("no-ending", "PNG")):
        Image.new("RGB", (4, 2), "navy").save(tmp_path / name, kind)
        made[name] = tmp_path / name
    return made


def test_a_png_or_jpeg_logo_is_taken_by_its_bytes(pictures: dict[str, Path]) -> None:
    for path in pictures.values():
        assert SETTINGS["shop_logo"].parse(f" {path} ", GBP) == str(path)
    assert SETTINGS["shop_logo"].parse("  ", GBP) == ""


def test_a_logo_given_relative_to_the_working_folder_is_stored_absolute(
    pictures: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pictures["logo.png"].parent)
    assert SETTINGS["shop_logo"].parse("logo.png", GBP) == str(pictures["logo.png"])
    assert Path(SETTINGS["shop_logo"].parse("./logo.jpg", GBP)).is_absolute()


def test_a_file_that_only_looks_like_a_picture_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture at all")
    assert refusal("shop_logo", str(fake)) == "the logo must be a PNG or JPEG picture"
    gif = tmp_path / "logo.gif.png"
    Image.new("RGB", (2, 2)).save(gif, "GIF")
    assert refusal("shop_logo", str(gif)) == "the logo must be a PNG or JPEG picture"
    empty = tmp_path / "empty.png"
    empty.touch()
    assert refusal("shop_logo", str(empty)) == "the logo must be a PNG or JPEG picture"


def test_a_folder_a_device_or_a_pipe_is_not_a_logo(tmp_path: Path) -> None:
    folder = tmp_path / "pictures.png"
    folder.mkdir()
    assert "is a folder" in refusal("shop_logo", str(folder))
    assert "not a picture file" in refusal("shop_logo", os.devnull)
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.png"
        os.mkfifo(pipe)  # opening it would wait for a writer forever
        assert "not a picture file" in refusal("shop_logo", str(pipe))


def test_a_logo_has_a_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
        file.truncate(MAX_LOGO_BYTES + 1)
    assert refusal("shop_logo", str(big)) == "the logo is larger than 5 MB"


def test_a_logo_path_is_bounded_and_printable(tmp_path: Path) -> None:
    assert "no picture" in refusal("shop_logo", str(tmp_path / "missing.png"))
    assert refusal("shop_logo", "/" + "a" * MAX_PATH) == f"at most {MAX_PATH} characters"
    assert refusal("shop_logo", "logo\x1b[2J.png") == "contains control characters (U+001B)"


def test_a_stored_logo_is_only_looked_at_not_opened(tmp_path: Path) -> None:
    """Reading the settings (every visit) does not open the picture; saving it does."""
    fake = tmp_path / "logo.png"
    fake.write_text("replaced by something else since")
    assert SETTINGS["shop_logo"].read_stored(str(fake), GBP) == str(fake)
    with pytest.raises(ValueError):
        SETTINGS["shop_logo"].read_stored(str(tmp_path), GBP)


# -- any text at all --------------------------------------------------------------------------


@hypothesis_settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(sorted(set(SETTINGS) - {"shop_logo"})), text=st.text(max_size=60))
def test_any_text_gives_a_value_or_a_one_line_reason(key: str, text: str) -> None:
    for context in (GBP, Context("TND", "fr_TN"), Context("JPY", "ja_JP")):
        try:
            SETTINGS[key].parse(text, context)
        except ValueError as exc:
            reason = str(exc)
            assert reason and "\n" not in reason and len(reason) <= 200


@pytest.mark.parametrize(
    ("text", "value"),
    [("yes", True), (" No ", False), ("true", True), ("off", False), ("1", True), ("0", False)],
)
def test_yes_no_reads_the_usual_answers(text: str, value: bool) -> None:
    assert parse_yes_no(text, GBP) is value
    assert parse_yes_no(format_yes_no(value, GBP), GBP) is value


@pytest.mark.parametrize("text", ["", "maybe", "y e s", "2", "\x1b[31myes"])
def test_yes_no_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="yes or no"):
        parse_yes_no(text, GBP)
