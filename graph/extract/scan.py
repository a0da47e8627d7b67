"""Where a regex can match at all: quick tests that let the extractors skip most of the text.

Running some thirty regexes over every segment of every document was the cost of extraction.
Most of them need a cue word ("-udvalg", "chef", "politik") or a digit, which most segments
lack; and where the word is, the regex can only start at it or at the start of the word holding it.
These helpers find those places with substring searches on the case-folded text, and
:func:`finditer_at` tries the regex only there, which gives exactly what ``re.finditer`` gives.

Why a substring search is enough: a case-insensitive regex matches a letter where both lower-case
to the same letter (or are one of a few extra pairs); for every code point but two ("İ", "ı",
see ``text.CASE_ODD``) that implies equal ``casefold()``, and casefold() maps character by character.
Where a segment has one of those two, or folds a letter to two ("ß" -> "ss"), the helpers say
"cannot tell" and the regex scans the whole segment as before.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from graph.extract.text import CASE_ODD, Segment


def may_contain(seg: Segment, words: frozenset[str], then: str = "") -> bool:
    """False only if none of ``words`` occurs in the segment in any case, as ``(?i:...)`` finds it,
    followed by ``then`` (a regex of lower-case ASCII letters and white space, matched as written).

    A cheap test on the case-folded text that lets an extractor skip a costly regex where it cannot
    match; True where the test cannot tell.
    """
    folded = _folded_words(words)
    if folded is None or seg.case_odd:
        return True
    if not any(w in seg.folded for w in folded):
        return False
    return not then or _folded_pattern(folded, then).search(seg.folded) is not None


@lru_cache(maxsize=256)
def _folded_words(words: frozenset[str]) -> tuple[str, ...] | None:
    if any(ch in w for w in words for ch in CASE_ODD):
        return None
    return tuple(sorted({w.casefold() for w in words}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=256)
def _folded_pattern(folded: tuple[str, ...], then: str) -> re.Pattern:
    # case-sensitive on purpose: the regex engine then skips ahead to the words' first letters
    return re.compile("(?:" + "|".join(map(re.escape, folded)) + ")(?:" + then + ")")


# The characters of the regex class [{UPPER}{LOWER}], for tests character by character.
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÉÜÖÄabcdefghijklmnopqrstuvwxyzæøåéüöä")


def cue_positions(seg: Segment, words: frozenset[str]) -> list[int] | None:
    """Where one of ``words`` occurs in the segment in any case (as ``(?i:...)`` finds it), in order.

    A regex that starts with ``(?i:words)`` can only match at these places, so trying it only there
    (:func:`finditer_at`) gives what scanning the whole text gives, much faster. None where this
    cannot be told from the case-folded text.
    """
    folded = _folded_words(words)
    if folded is None or not seg.aligned:
        return None
    return occurrences(seg.folded, folded)


def occurrences(text: str, words) -> list[int]:
    """Every place where one of ``words`` occurs in ``text`` as written (overlaps too), in order."""
    found = set()
    for w in words:
        i = text.find(w)
        while i >= 0:
            found.add(i)
            i = text.find(w, i + 1)
    return sorted(found)


def digit_starts(text: str, line_start: bool = False) -> list[int]:
    """Where a run of digits starts (only at line starts if ``line_start``): the only places where a
    regex beginning ``\\b\\d`` (or ``(?m)^\\d``) can match."""
    if line_start:
        return [i for i in [0, *(m.end() for m in _NEWLINE.finditer(text))] if text[i:i + 1].isdigit()]
    return [m.start() for m in _DIGITS.finditer(text)]


_DIGITS = re.compile(r"\d+")
_NEWLINE = re.compile("\n")


def compound_starts(seg: Segment, words: frozenset[str]) -> list[int] | None:
    """Starts of the runs of letters that end in or before one of ``words`` (in any case), in order:
    where a regex ``<word start>[letters]*(?i:words)...`` can match (see :func:`cue_positions`)."""
    found = cue_positions(seg, words)
    if found is None:
        return None
    text, starts = seg.text, set()
    for a in found:
        while a > 0 and text[a - 1] in LETTERS:
            a -= 1
        starts.add(a)
    return sorted(starts)


def finditer_at(pattern: str | re.Pattern, text: str, starts: list[int] | None) -> Iterator[re.Match]:
    """What ``re.finditer(pattern, text)`` gives, trying only ``starts`` (all places where a match
    can begin, in order; None: everywhere). For patterns that never match the empty string."""
    pat = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
    if starts is None:
        yield from pat.finditer(text)
        return
    end = 0
    for i in starts:
        if i >= end:
            m = pat.match(text, i)
            if m:
                yield m
                end = m.end()


def ends_like(tail: re.Pattern, text: str, end: int, width: int) -> bool:
    """True if ``tail`` (a regex ending in ``$``) matches within the ``width`` characters before ``end``:
    a quick test before searching all of ``text[:end]`` for a longer pattern that ends the same way."""
    return tail.search(text, max(0, end - width), end) is not None


# Tails of the patterns looked for right before a name (with room for the newline "$" allows).
SUSPENDED_TAIL = re.compile(r"- (?:og|eller) $")  # "Klima- og |Naturudvalget"
ADJECTIVE_TAIL = re.compile(r"(?:ende|ale|al|ig|ige|isk|iske)\s$")  # "tværgående |plan"
SPACE_TAIL = re.compile(r" $")
