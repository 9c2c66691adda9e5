"""One-typo matching by symmetric deletion.

Two words are at most one typo apart (a missing, extra, wrong or swapped letter) only if they
share a *deletion variant*: the word itself or the word with one letter removed. The index keeps
the variants of every distinct name token in a small B-tree table, so finding the candidates for
a typed word is ``len(word) + 1`` key look-ups; candidates are then confirmed with the exact
distance, because sharing a variant also admits some two-typo pairs.
"""

from __future__ import annotations

#: Words shorter than this are not corrected: two-letter words have too many neighbours.
MIN_TYPO_LENGTH = 3


def deletion_variants(word: str) -> set[str]:
    """The word and every spelling of it with one letter removed."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_typo(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit or one swap of neighbours."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer than a: removing one letter of b must give a.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def typo_candidates_key(token: str) -> bool:
    """Whether a token is worth correcting towards (long enough, not a number)."""
    return len(token) >= MIN_TYPO_LENGTH and not token.isdigit()
