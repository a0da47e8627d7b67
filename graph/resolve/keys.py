"""Grouping keys: the form of a name under which its surface spellings meet.

Case, whitespace, "&" = "og", a genitive and one inflection ending of each word do not
count ("Chefforums" = "chefforum"); a person's key only ignores case and hyphens.
"""
from __future__ import annotations

import re
from collections import Counter

from graph.extract.text import norm_name, stem
from graph.model import Mention

# the inflection after a head word: "politik|ken", "plan|erne", "sekretariat|ets"
INFLECTION_AFTER_HEAD = re.compile(r"(?:k|m)?(?:en|et|ne|erne|er|e)?s?")


def mention_key(m: Mention) -> tuple:
    """What identifies one mention (its kind, place and words)."""
    return (m.kind, m.span.doc, m.span.start, m.span.end, m.surface)


def strip_genitive(word: str) -> str:
    """
    >>> strip_genitive("Økonomiudvalgets'"), strip_genitive("Kjær’s")
    ('Økonomiudvalgets', 'Kjær')
    """
    for end in ("'s", "’s", "'"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def group_key(kind: str, surface: str, canonical: str | None = None) -> str:
    """The key under which mentions of ``kind`` are one group; ``canonical`` (a listed long
    name the surface stands for) is keyed instead of the surface."""
    if kind == "Person":
        return re.sub(r"[\s-]+", " ", surface).casefold()
    text = canonical or surface
    if kind == "Network":
        v = re.match(r"(?i)version (\d+) af (.+)", text)
        if v:
            text = f"{v.group(2)} version {v.group(1)}"
    if kind == "Policy":
        text = re.sub(r"^(?i:den|det) ", "", text)
    # every word loses its inflection: "Netværksstrukturen version 3" = "Netværksstruktur version 3"
    return " ".join(stem(w) for w in norm_name(text).split(" "))


def majority_label(surfaces: list[str], canonical: str | None = None) -> str:
    """The label of a group: ``canonical`` if given, else its most frequent spelling
    (ties: the longer, then the first)."""
    if canonical:
        return canonical
    counts = Counter(strip_genitive(s) for s in surfaces)
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
