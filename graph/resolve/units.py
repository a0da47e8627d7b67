"""Unit compounds: "Xsekretariatet" = "sekretariatet for X" = "Sekretariat for X" for every
unit word in graph/data/extract_cues.tsv (0.9)."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from graph.extract.text import stem
from graph.model import Mention
from graph.resolve.keys import INFLECTION_AFTER_HEAD
from graph.resolve.merging import GroupKey, Link


def _unit_key(surface: str, units: tuple[str, ...]) -> tuple[str, str] | None:
    """(unit word, what it is for) of a unit name written as one word or as a phrase:
    "Trafiksekretariatet" and "sekretariatet for trafik" -> ("sekretariat", "trafik").

    >>> _unit_key("Trafiksekretariatet", ("sekretariat",)) == _unit_key("sekretariatet for trafik", ("sekretariat",))
    True
    """
    text = re.sub(r"\s+", " ", surface.replace("&", " og ")).strip().casefold()
    for unit, phrase_re, compound_re in _unit_patterns(units):
        if unit not in text:
            continue  # (both patterns need the unit word)
        phrase = phrase_re.fullmatch(text)
        if phrase:
            return unit, " ".join(stem(w) for w in phrase.group(1).split(" "))
        compound = compound_re.fullmatch(text)
        if compound:
            return unit, stem(compound.group(1))
    return None


@lru_cache(maxsize=8)
def _unit_patterns(units: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per unit word: "sekretariatet for X" and "Xsekretariatet", compiled once (not per name)."""
    return tuple((unit, re.compile(rf"{re.escape(unit)}{INFLECTION_AFTER_HEAD.pattern} for (?:(?:den|det|de) )?(.+)"),
                  re.compile(rf"(\w{{3,}}?){re.escape(unit)}{INFLECTION_AFTER_HEAD.pattern}")) for unit in units)


def unit_compound_links(groups: dict[GroupKey, list[Mention]], labels: dict) -> list[Link]:
    """"Xsekretariatet" = "sekretariatet for X" = "Sekretariat for X", for every unit word of the cues."""
    from graph.extract.vocab import load_vocabulary

    vocab = load_vocabulary()
    units = tuple(sorted(vocab.cue("unit_head") | vocab.cue("unit_suffix"), key=lambda u: (-len(u), u)))
    buckets: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k, ms in sorted(groups.items()):
        if k[0] != "Department":
            continue
        for ukey in sorted({u for m in ms if (u := _unit_key(m.surface, units))}):
            buckets[ukey].append(k)
    links = []
    for ukey, keys in sorted(buckets.items()):
        for k in keys[1:]:
            links.append(Link(keys[0], k, 0.9, f"unit compound: '{labels[keys[0]]}' = '{labels[k]}': "
                                                 f"'{ukey[0]}' for '{ukey[1]}' written as one word and as a phrase"))
    return links
