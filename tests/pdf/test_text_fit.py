"""Fitting text: per-character font fallback, wrapping, shrinking, cutting short."""

from __future__ import annotations

import pytest

from shopcrm.pdf.fonts import font_runs, register_fonts, text_width
from shopcrm.pdf.styles import BOLD, CJK, REGULAR, TextStyle
from shopcrm.pdf.text_fit import ELLIPSIS, fit, fit_line, shorten, wrap

STYLE = TextStyle(REGULAR, 10, None, 6)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    register_fonts()


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Siobhán O'Brien", [(REGULAR, "Siobhán O'Brien")]),
        ("Σοφία Дмитрий", [(REGULAR, "Σοφία Дмитрий")]),
        ("张伟", [(CJK, "张伟")]),
        ("Dear 김민준, thanks", [(REGULAR, "Dear "), (CJK, "김민준"), (REGULAR, ", thanks")]),
        ("田中 さくら", [(CJK, "田中 さくら")]),
        ("", []),
    ],
)
def test_text_is_cut_into_runs_by_which_font_has_the_glyphs(
    text: str, runs: list[tuple[str, str]]
) -> None:
    assert list(font_runs(text, REGULAR)) == runs


def test_a_character_no_font_has_stays_in_the_main_font() -> None:
    assert font_runs("a\U0001d11eb", BOLD) == ((BOLD, "a\U0001d11eb"),)


def test_wrapped_lines_fit_and_keep_every_word() -> None:
    text = "Thank you for being one of our regulars. Here is a little something for you."
    lines = wrap(text, REGULAR, 10, 120)

    assert len(lines) > 2
    assert all(text_width(line, REGULAR, 10) <= 120 for line in lines)
    assert " ".join(lines) == text


def test_cjk_text_without_spaces_wraps_between_characters() -> None:
    text = "没有空格的很长的留言" * 4
    lines = wrap(text, REGULAR, 10, 100)

    assert len(lines) > 1
    assert all(text_width(line, REGULAR, 10) <= 100 for line in lines)
    assert "".join(lines) == text


def test_a_word_longer_than_the_line_is_broken() -> None:
    lines = wrap("Supercalifragilisticexpialidocious", REGULAR, 10, 60)
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, REGULAR, 10) <= 60 for line in lines)


def test_newlines_start_new_lines() -> None:
    assert wrap("Dear Ann,\nSee you soon!", REGULAR, 10, 500) == ["Dear Ann,", "See you soon!"]


def test_text_shrinks_before_it_is_cut_short() -> None:
    text = "A message that is a little too long for two lines at ten points in this box."
    fitted = fit(text, STYLE, 150, 25)

    assert fitted.complete
    assert 6 <= fitted.size < 10
    assert " ".join(fitted.lines) == text
    assert fitted.height <= 25


def test_text_too_long_at_the_smallest_size_ends_with_an_ellipsis() -> None:
    fitted = fit("word " * 200, STYLE, 150, 30)

    assert not fitted.complete
    assert fitted.size == 6
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert fitted.height <= 30
    assert all(text_width(line, REGULAR, 6) <= 150 for line in fitted.lines)


def test_no_room_means_no_lines() -> None:
    assert fit("Hello", STYLE, 100, 2).lines == ()
    assert fit("", STYLE, 100, 100).lines == ()


def test_one_line_shrinks_then_shortens() -> None:
    name = "Maximilian Alexander Friedrich von Hohenzollern-Sigmaringen"
    line = fit_line(name, STYLE, 200)
    assert len(line.lines) == 1
    assert text_width(line.lines[0], REGULAR, line.size) <= 200
    assert shorten(name, REGULAR, 10, 80).endswith(ELLIPSIS)
    assert shorten("Ann", REGULAR, 10, 80) == "Ann"
