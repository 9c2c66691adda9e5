"""Reading a rendered PDF back the way a person or a till scanner would: poppler's text, fonts,
page sizes and word boxes, and zbar's reading of a 200 dpi rendering of each page."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

DPI = 200
Rect = tuple[float, float, float, float]


def needs(*tools: str) -> pytest.MarkDecorator:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    return pytest.mark.skipif(
        bool(missing), reason=f"needs {', '.join(missing)} (poppler-utils, zbar-tools)"
    )


def _run(*command: str | Path) -> str:
    return subprocess.run(
        [str(part) for part in command], check=True, capture_output=True, text=True
    ).stdout


def text(pdf: Path, page: int | None = None) -> str:
    pages = ("-f", str(page), "-l", str(page)) if page else ()
    return _run("pdftotext", "-enc", "UTF-8", *pages, pdf, "-")


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "100000", pdf)
    return [
        (float(width), float(height))
        for width, height in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool


def fonts(pdf: Path) -> list[Font]:
    lines = _run("pdffonts", pdf).splitlines()[2:]
    # name type... encoding emb sub uni object ID: read the flags from the right
    return [Font(line.split()[0], line.split()[-5] == "yes") for line in lines if line.strip()]


def image_count(pdf: Path) -> int:
    return len(_run("pdfimages", "-list", pdf).splitlines()[2:])


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    left: float
    top: float
    right: float
    bottom: float


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(pdf: Path) -> list[Word]:
    """Every word with its box, in points from the page's top left corner."""
    found = []
    for number, page in enumerate(_run("pdftotext", "-bbox", pdf, "-").split("<page ")[1:], 1):
        for left, top, right, bottom, word in _WORD.findall(page):
            found.append(Word(word, number, float(left), float(top), float(right), float(bottom)))
    return found


def scans(pdf: Path, folder: Path, cards: Sequence[Rect] = ()) -> list[str]:
    """What a scanner reads off a 200 dpi rendering: "QR-Code:..." and "CODE-128:...".

    With ``cards`` (x, y, width, height in points from the page's lower left corner), each
    card is cut out and read on its own, as a scanner reads a voucher: zbarimg looking at a
    whole sheet of eight QR codes in a grid misses one now and then (about 1 in 10 with zbar
    0.23.92, and more at higher resolutions), though every one of them reads alone."""
    folder.mkdir(parents=True, exist_ok=True)
    _run("pdftoppm", "-r", str(DPI), "-png", pdf, folder / "page")
    images = sorted(folder.glob("page*.png"))
    if cards:
        images = _cut_out(images, cards, folder)
    result = subprocess.run(
        ["zbarimg", "-q", "--nodbus", *map(str, images)], capture_output=True, text=True
    )
    return result.stdout.split()


def _cut_out(pages: list[Path], cards: Sequence[Rect], folder: Path) -> list[Path]:
    from PIL import Image

    scale = DPI / 72
    images = []
    for page_number, page in enumerate(pages):
        with Image.open(page) as image:
            height = image.height
            for index, (x, y, width, card_height) in enumerate(cards):
                box = (x, height / scale - y - card_height, x + width, height / scale - y)
                card = image.crop(tuple(round(edge * scale) for edge in box))
                images.append(folder / f"card-{page_number}-{index}.png")
                card.save(images[-1])
    return images
