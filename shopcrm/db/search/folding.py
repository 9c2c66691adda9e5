"""Fold text the way people type it on a plain keyboard, for indexing and for queries.

Folding happens in Python, never in SQLite's tokenizer, so every platform's SQLite builds the
same index. The index holds, for each word of a name, its *native* fold (case folded, accents
removed, Latin letters spelled in ASCII: é→e, ø→o, ß→ss) and, where it differs, a plain ASCII
transliteration (Μαρία → maria, 王小明 → wang xiao ming), so that a cashier can type a name in
its own script or on an English keyboard. Punctuation inside a word is both removed and split
on: O'Brien gives ``o``, ``brien`` and ``obrien``.

A query word is folded to its native form with punctuation removed; it is data only and never
reaches a search engine's syntax (tokens are purely alphanumeric).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from shopcrm.db.search.korean import family_name_spellings

#: Longest token kept in the index; longer words (indexed or typed) are cut to it.
MAX_TOKEN = 48
#: How many trailing substrings of a run of CJK characters are indexed (names have no spaces).
_MAX_CJK_SUFFIXES = 6

_SPACE = re.compile(r"\s+")
_CAMEL = re.compile(r"[A-Z][a-z]*|[a-z]+|[0-9]+")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3040 <= cp <= 0x30FF  # kana
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF  # hangul syllables
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x2FA1F
    )


def is_cjk_text(text: str) -> bool:
    """Whether ``text`` has Chinese, Japanese or Korean letters (names written without spaces)."""
    return any(_is_cjk(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character → its folded spelling ('' for punctuation and marks)."""
    if 0xAC00 <= ord(ch) <= 0xD7AF:  # keep hangul syllables whole, as they are typed
        return ch
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat[0] == "M":
            continue
        if cat[0] not in "LN":
            continue
        if c.isascii():
            out.append(c.lower())
        elif cat[0] == "L" and unicodedata.name(c, "").startswith("LATIN"):
            out.append("".join(a for a in anyascii(c).lower() if a.isalnum()))
        elif cat[0] == "N" and c.isdigit():
            out.append(str(unicodedata.digit(c)))
        else:
            out.append(c.lower())
    return "".join(out)


def _split_fold(word: str) -> list[str]:
    """Fold a whitespace-free word into its parts, split where punctuation stood."""
    parts: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFKC", word).casefold():
        folded = _fold_char(ch)
        if folded:
            current.append(folded)
        elif unicodedata.category(ch)[0] not in "M":
            if current:
                parts.append("".join(current))
            current = []
    if current:
        parts.append("".join(current))
    return parts


def fold_query_word(word: str) -> str:
    """The token a typed word should match (punctuation removed): ``O'Brien`` → ``obrien``."""
    return "".join(_split_fold(word))[: MAX_TOKEN + 1]


#: Greek ου is spelled ``ou`` (Papadopoulou), where a letter-by-letter spelling gives ``oy``.
_GREEK_OU = re.compile("([οΟ])([υΥ])")


def _ascii_parts(word: str) -> list[str]:
    if _GREEK_OU.search(unicodedata.normalize("NFD", word)):
        word = _GREEK_OU.sub(
            lambda m: "OU" if m.group(1) == "Ο" else "ou", unicodedata.normalize("NFD", word)
        )
    spelled = anyascii(word)
    parts = [p.lower() for p in _CAMEL.findall(spelled)]
    return [p for p in parts if p]


def _cjk_suffixes(token: str) -> list[str]:
    if not any(_is_cjk(c) for c in token):
        return []
    return [token[i:] for i in range(1, min(len(token), _MAX_CJK_SUFFIXES))]


def name_tokens(text: str) -> list[str]:
    """Every token a name (or any free text) is found by, without duplicates, in order."""
    tokens: dict[str, None] = {}
    words = _SPACE.split(text.strip())
    for word in words:
        if not word:
            continue
        parts = _split_fold(word)
        if not parts:
            continue
        forms = list(parts)
        if len(parts) > 1:
            forms.append("".join(parts))
        for form in list(forms):
            forms.extend(_cjk_suffixes(form))
        native = "".join(parts)
        if not native.isascii():
            ascii_parts = _ascii_parts(word)
            forms.extend(ascii_parts)
            if len(ascii_parts) > 1:
                forms.append("".join(ascii_parts))
            forms.extend(family_name_spellings(native, whole_name=len(words) == 1))
        for form in forms:
            if form:
                tokens[form[:MAX_TOKEN]] = None
    return list(tokens)


def email_tokens(email: str) -> list[str]:
    """Tokens that let a typed email prefix find its owner (the domain alone does not)."""
    email = email.strip()
    if not email:
        return []
    local = email.split("@", 1)[0]
    tokens: dict[str, None] = {}
    for part in _split_fold(local):
        tokens[part[:MAX_TOKEN]] = None
    joined_local = fold_query_word(local)
    if joined_local:
        tokens[joined_local[:MAX_TOKEN]] = None
    joined = fold_query_word(email)
    if joined:
        tokens[joined[:MAX_TOKEN]] = None
    return list(tokens)


def digits_of(text: str) -> str:
    """The digits of a phone number however it was typed (any script's digits count)."""
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


_PHONE_QUERY = re.compile(r"^[\d\s+()./\-]*$")


def phone_query_digits(query: str) -> str | None:
    """Digits to look for when the whole query looks like part of a phone number, else None."""
    if not _PHONE_QUERY.match(query.strip()):
        return None
    digits = digits_of(query)
    return digits if len(digits) >= 3 else None


def query_words(query: str) -> list[str]:
    """Distinct folded query words in typed order; words that fold to nothing are dropped."""
    seen: dict[str, None] = {}
    for word in _SPACE.split(query.replace("\x00", " ").strip()):
        folded = fold_query_word(word)
        if folded:
            seen[folded] = None
    return list(seen)
