"""Policy names taken apart and compared: one canonical name for the spellings of one policy.

Leading articles and adjectives, "for", definite endings and the spelling of a year range
("2016/2017" = "2016/17") do not count (confidence 1); a trailing place qualifier
"i <Place>" / "i <Place> Kommune" does not count (0.9) unless the names carry two different
places; "plan for X" = "Xplan" (phrase and compound forms of one head noun, 0.7).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from graph.extract.text import UPPER, stem
from graph.model import Mention
from graph.resolve.keys import INFLECTION_AFTER_HEAD
from graph.resolve.merging import GroupKey, Link

_ARTICLES = frozenset({"den", "det", "de"})
# "... for 2016/17", "... 2024-2026", "... 2019" at the end of a name
_VERSION = re.compile(r"(?:\s+for)?\s+(\d{4})(?:\s*[-/–]\s*(\d{4}|\d{2}))?\s*$")
# "... i Nordby", "... i Nordby Kommune" at the end of a name (before any version)
_PLACE = re.compile(rf"\s+i\s+([{UPPER}][\w'’-]*(?:\s+[Kk]ommunes?)?)\s*$")
# a definite form of a policy head word: "politikken", "strategien", "planen", "programmet"
_DEFINITE_AFTER_HEAD = re.compile(r"(?:k|m)?(?:en|et)s?")


class PolicyName(NamedTuple):
    """A policy name taken apart: normalised words, version (years), place qualifier, form."""

    words: tuple[str, ...]  # head compounds as "modifier+head" ("skole+politik")
    version: str  # "2016-2017" for "2016/17", "2016/2017", "for 2016-17"; "" without
    place: str  # "nordby" for "i Nordby" and "i Nordby Kommune"; "" without
    phrase: bool  # "<head> for <object>" ("plan for trafiksikkerhed")
    definite: bool  # the head word has a definite ending ("Skolepolitikken")

    @property
    def key(self) -> tuple:
        """Level 1: the same name once articles, 'for', endings and year spelling are set aside."""
        return (self.words, self.version, self.place)

    @property
    def unplaced(self) -> tuple:
        """Level 2: without the place qualifier."""
        return (self.words, self.version)

    @property
    def compound(self) -> tuple:
        """Level 3: the phrase form written as a compound ("plan for X" -> "X+plan")."""
        if self.phrase and len(self.words) >= 2:
            head, *rest = self.words
            return (tuple(rest[:-1]) + (f"{rest[-1]}+{head}",), self.version)
        return (self.words, self.version)


@lru_cache(maxsize=1)
def _policy_cues() -> tuple[tuple[str, ...], frozenset[str]]:
    from graph.extract.vocab import load_vocabulary

    vocab = load_vocabulary()
    heads = tuple(sorted(vocab.cue("policy_suffix"), key=lambda h: (-len(h), h)))
    return heads, _ARTICLES | vocab.cue("policy_skip_adjective")


def _head_word(word: str, heads: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(modifier, head, ending) of a policy head compound: "ældrepolitikkens" -> ("ældre", "politik", "kens")."""
    for head in heads:
        i = word.rfind(head)
        if i >= 0 and INFLECTION_AFTER_HEAD.fullmatch(word[i + len(head):]):
            return word[:i], head, word[i + len(head):]
    return None


def _bare(word: str) -> str:
    """``stem`` until nothing more comes off, so that a base and its inflected forms meet:
    "grøn" and "grønne" both end as "grø" (one ``stem`` gives "grø" and "grøn")."""
    while (shorter := stem(word)) != word:
        word = shorter
    return word


def _policy_word(word: str, heads: tuple[str, ...]) -> str:
    parts = _head_word(word, heads)
    if parts is None:
        return _bare(word)
    modifier, head, _ = parts
    # the linking -s goes with the inflection: "trafiksikkerheds|plan" = "plan for trafiksikkerhed"
    return f"{_bare(modifier)}+{head}" if modifier else head


@lru_cache(maxsize=8192)
def policy_name(surface: str) -> PolicyName:
    """Take a policy name apart into the pieces the policy rules compare.

    >>> n = policy_name("plan for trafiksikkerhed i Nordby Kommune 2016/17")
    >>> n.version, n.place, n.phrase, n.compound == policy_name("Trafiksikkerhedsplanen 2016-2017").compound
    ('2016-2017', 'nordby', True, True)
    """
    heads, skip = _policy_cues()
    text = re.sub(r"\s+", " ", surface.replace("&", " og ")).strip(" .,;:\"'«»“”()")
    version = ""
    v = _VERSION.search(text)
    if v and v.start() > 0:
        first, last = v.group(1), v.group(2)
        if last and len(last) == 2:
            last = first[:2] + last
        version = f"{first}-{last}" if last else first
        text = text[: v.start()]
    place = ""
    p = _PLACE.search(text)
    if p and p.start() > 0:
        place = re.sub(r"\s+kommunes?$", "", p.group(1).casefold())
        text = text[: p.start()]
    tokens = [t.strip(",.;:\"'«»“”()") for t in text.casefold().split(" ")]
    tokens = [t for t in tokens if t and t not in "-–"]
    while len(tokens) > 1 and tokens[0] in skip:
        tokens.pop(0)
    phrase = len(tokens) >= 3 and tokens[1] == "for" and _head_word(tokens[0], heads) == ("", tokens[0], "")
    if phrase:
        rest = tokens[2:]
        while len(rest) > 1 and rest[0] in _ARTICLES:
            rest.pop(0)
        tokens = [tokens[0]] + rest
    last = _head_word(tokens[-1], heads) if tokens else None
    definite = bool(last and _DEFINITE_AFTER_HEAD.fullmatch(last[2]))
    return PolicyName(tuple(_policy_word(t, heads) for t in tokens), version, place, phrase, definite)


def policy_name_links(groups: dict[GroupKey, list[Mention]]) -> list[Link]:
    """Policy groups with one canonical name (level 1), without a place (2), as a compound (3)."""
    names = {k: sorted({policy_name(m.surface) for m in ms}) for k, ms in groups.items() if k[0] == "Policy"}
    levels = (
        (lambda n: n.key, 1.0, "same policy name apart from articles, 'for', definite endings and year-range spelling"),
        (lambda n: n.unplaced, 0.9, "same policy name apart from a place qualifier 'i …'"),
        (lambda n: n.compound, 0.7, "phrase and compound form of one head noun ('plan for X' = 'Xplan')"),
    )
    links: list[Link] = []
    parent = {k: k for k in names}  # joined groups, by union-find (relabelling every group per link was quadratic)

    def joined(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k
    for level_key, confidence, why in levels:
        buckets: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        places: dict[tuple, set[str]] = defaultdict(set)
        for k in sorted(names):
            for n in names[k]:
                buckets[level_key(n)].append(k)
                if n.place:
                    places[level_key(n)].add(n.place)
        for bkey, keys in sorted(buckets.items()):
            if len(places[bkey]) > 1:  # "plan i Nordby" and "plan i Sydby" are two plans
                continue
            first = keys[0]
            for k in keys[1:]:
                if joined(k) != joined(first):
                    surfaces = f"'{_first_surface(groups[first])}' = '{_first_surface(groups[k])}'"
                    also = ("; a place qualifier 'i …' set aside too" if confidence < 0.9
                            and {n.place for n in names[first]} != {n.place for n in names[k]} else "")
                    links.append(Link(first, k, confidence, f"policy name: {surfaces}: {why}{also}"))
                    parent[joined(k)] = joined(first)
    return links


def _first_surface(ms: list[Mention]) -> str:
    return min(m.surface for m in ms)
