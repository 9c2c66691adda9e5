"""Fitting text into a box: wrap at spaces (or between CJK characters), shrink, then cut short.

Results are cached: a batch repeats its shop name, small print, expiry and headlines.

Printed text must never run over the card's edge or into the codes, whatever the owner typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from shopcrm.pdf.fonts import text_width
from shopcrm.pdf.styles import CAP_HEIGHT, TextStyle

ELLIPSIS = "…"
#: How far a name shrinks to stay on one line before it takes two.
NAME_SHRINK = 0.8
#: A height no text reaches: fit to width alone.
UNLIMITED = 1e9
_STEP = 0.5
# A CJK character may start a new line on its own; other text breaks at spaces.
_TOKENS = re.compile(
    r"\s+|[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|"
    r"[^\s\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+"
)


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    #: False when the text had to be cut short.
    complete: bool = True

    @property
    def height(self) -> float:
        """From the first line's top of capitals to the last line's baseline."""
        if not self.lines:
            return 0.0
        return self.size * CAP_HEIGHT + self.leading * (len(self.lines) - 1)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width``; newlines in ``text`` start new lines."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph.strip(), font, size, width))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _wrap_paragraph(text: str, font: str, size: float, width: float) -> list[str]:
    if text_width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    line, line_width = "", 0.0
    for token in _TOKENS.findall(text):
        if token.isspace():
            token = " "
        token_width = text_width(token, font, size)
        if line_width + token_width <= width:
            line, line_width = line + token, line_width + token_width
            continue
        if line.strip():
            lines.append(line.rstrip())
        line, line_width = ("", 0.0) if token == " " else (token, token_width)
        while line_width > width and len(line) > 1:
            cut = _longest_prefix(line, font, size, width)
            lines.append(line[:cut])
            line = line[cut:]
            line_width = text_width(line, font, size)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _longest_prefix(text: str, font: str, size: float, width: float, suffix: str = "") -> int:
    low, high = 0 if suffix else 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + suffix, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def shorten(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to fit ``width``, ending with an ellipsis when anything was cut."""
    if text_width(text, font, size) <= width:
        return text
    cut = _longest_prefix(text, font, size, width, ELLIPSIS)
    return text[:cut].rstrip() + ELLIPSIS


@lru_cache(maxsize=4096)
def fit(text: str, style: TextStyle, width: float, height: float, max_lines: int = 0) -> FittedText:
    """The largest size from ``style.size`` down to ``style.smallest`` at which ``text`` fits
    ``width`` x ``height`` (and ``max_lines``, when given); at the smallest size, the lines that
    fit, the last one cut short."""
    size = style.size
    while True:
        leading = size * style.leading
        lines = wrap(text, style.font, size, width)
        first = size * CAP_HEIGHT
        room = 1 + int((height - first) // leading) if height >= first else 0
        if max_lines:
            room = min(room, max_lines)
        if len(lines) <= room:
            return FittedText(tuple(lines), style.font, size, leading)
        if size - _STEP < style.smallest:
            break
        size -= _STEP
    if room == 0:
        return FittedText((), style.font, size, leading, complete=False)
    kept = lines[:room]
    rest = " ".join(lines[room - 1 :])
    kept[-1] = shorten(rest, style.font, size, width)
    return FittedText(tuple(kept), style.font, size, leading, complete=False)


def fit_line(text: str, style: TextStyle, width: float) -> FittedText:
    """One line: shrunk down to ``style.smallest`` if need be, then cut short."""
    return fit(text.replace("\n", " "), style, width, style.size, max_lines=1)


@lru_cache(maxsize=4096)
def balance(text: FittedText, source: str, width: float) -> FittedText:
    """The same number of lines at the same size, made as even as they go: a headline reads
    "A free coffee / of your choice" rather than "A free coffee of your / choice"."""
    if len(text.lines) < 2 or not text.complete:
        return text
    low, high = width / len(text.lines), width
    best = text.lines
    while high - low > 1:
        middle = (low + high) / 2
        lines = wrap(source, text.font, text.size, middle)
        if len(lines) <= len(text.lines):
            best, high = tuple(lines), middle
        else:
            low = middle
    return replace(text, lines=best)


def fit_name(text: str, style: TextStyle, width: float, max_lines: int = 2) -> FittedText:
    """A name on one line, a little smaller if need be; a long one over ``max_lines``."""
    text = " ".join(text.split())
    one = replace(style, min_size=max(style.smallest, style.size * NAME_SHRINK))
    fitted = fit(text, one, width, style.size, max_lines=1)
    if fitted.complete:
        return fitted
    return fit(text, style, width, UNLIMITED, max_lines)
