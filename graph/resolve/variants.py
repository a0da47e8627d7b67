"""Spelling variants: two names of one kind whose normalised words are the same but for one
word of at least 8 letters that is one edit away (0.8). Persons never get here."""
from __future__ import annotations

import re
from collections import defaultdict

from graph.extract.text import WORD_CHARS
from graph.model import Mention
from graph.resolve.merging import GroupKey, Link


def one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours.

    >>> one_edit("styrelsen", "styrlesen"), one_edit("plan", "plane"), one_edit("skole", "skala")
    (True, True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


SPELLING_MIN = 8  # letters of a word whose spelling variants are looked for
# (and at most WORD_CHARS: each of a word's deletions is a key, so a "word" of 100,000 letters
# made 100,000 keys of 100,000 letters; no word of a name is that long)


def spelling_links(groups: dict[GroupKey, list[Mention]], labels: dict) -> list[Link]:
    """Names of one kind that agree but for one long word one letter apart ("Sundhedsstyrlesen")."""
    # words one edit apart share a form with one letter deleted: only those pairs are compared
    buckets: dict[tuple, set[tuple[tuple[str, str], str]]] = defaultdict(set)
    # The words before and after the compared word are named by an id per distinct word sequence
    # (a trie of the sequences), not spelt out as tuples: a name of thousands of words made
    # thousands of tuples of thousands of words.
    heads: dict[tuple[int, str], int] = {}
    tails: dict[tuple[int, str], int] = {}
    for (kind, gkey) in sorted(groups):
        words = gkey.split(" ")
        before = [0]
        for w in words:
            before.append(heads.setdefault((before[-1], w), len(heads) + 1))
        after = [0]
        for w in reversed(words):
            after.append(tails.setdefault((after[-1], w), len(tails) + 1))
        after.reverse()  # after[i]: the words from i on
        for i, w in enumerate(words):
            if SPELLING_MIN <= len(w) <= WORD_CHARS and not any(ch.isdigit() for ch in w):
                context = (kind, before[i], after[i + 1])
                for j in range(len(w) + 1):
                    buckets[context + (w[:j] + w[j + 1:],)].add(((kind, gkey), w))
    pairs = set()
    for entries in buckets.values():
        ordered = sorted(entries)
        pairs.update((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:] if x[0] != y[0])
    links = []
    for (ka, wa), (kb, wb) in sorted(pairs):
        if one_edit(wa, wb):
            wa, wb = _differing_words(labels[ka], labels[kb]) or (wa, wb)
            links.append(Link(ka, kb, 0.8, f"spelling variant: '{labels[ka]}' = '{labels[kb]}': "
                                            f"'{wa}' and '{wb}' are one letter apart"))
    return links


def _differing_words(a: str, b: str) -> tuple[str, str] | None:
    """The one word two names differ in, as written (for the evidence note)."""
    wa, wb = (re.findall(r"\w+", x.replace("&", "og")) for x in (a, b))
    diff = [(x, y) for x, y in zip(wa, wb) if x.casefold() != y.casefold()]
    return diff[0] if len(wa) == len(wb) and len(diff) == 1 else None
