"""How Korean family names are spelled in Latin letters by the people who carry them.

The standard romanization (what :mod:`anyascii` gives) spells 김 ``gim``, 이 ``i`` and 박 ``bag``;
on a passport, a card or an email address the same people are Kim, Lee and Park. A customer
named 김민준 is found by ``gim`` *and* ``kim``. The table holds the 30 commonest family names
(about nine Koreans in ten, by the 2015 census) with their usual spellings; the rest keep the
standard romanization only.
"""

from __future__ import annotations

#: Family name syllable -> its usual Latin spellings (lower case, most common first).
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim",),
    "이": ("lee", "yi", "rhee"),
    "박": ("park", "pak"),
    "최": ("choi", "choe"),
    "정": ("jung", "jeong", "chung"),
    "강": ("kang",),
    "조": ("cho", "jo"),
    "윤": ("yoon", "yun"),
    "장": ("jang", "chang"),
    "임": ("lim", "im"),
    "한": ("han",),
    "오": ("oh",),
    "서": ("seo", "suh"),
    "신": ("shin", "sin"),
    "권": ("kwon",),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "류": ("ryu", "yoo", "yu"),
    "유": ("yoo", "yu"),
    "전": ("jeon", "jun", "chun"),
    "홍": ("hong",),
    "고": ("ko", "go"),
    "문": ("moon", "mun"),
    "양": ("yang",),
    "손": ("son", "sohn"),
    "배": ("bae",),
    "백": ("baek", "paek"),
    "허": ("heo", "hur"),
    "노": ("noh", "roh"),
}


def family_name_spellings(word: str, whole_name: bool) -> tuple[str, ...]:
    """Usual spellings of the family name a hangul word is or starts with: a word of one
    syllable (a family name field), or a whole name of three syllables written as one word
    (family name first, the usual shape)."""
    if not all(0xAC00 <= ord(c) <= 0xD7AF for c in word):
        return ()
    if len(word) == 1 or (whole_name and len(word) == 3):
        return FAMILY_NAMES.get(word[0], ())
    return ()
