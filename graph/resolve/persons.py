"""Persons: two different full names never merge; a first name alone joins the only full
name starting with it in minutes of the same body (0.8 in the same document, 0.6 across
documents), else it stays a first-name entity of that body (0.5)."""
from __future__ import annotations

import re
from collections import defaultdict

from graph.model import Entity, Mention
from graph.resolve.keys import group_key, mention_key, strip_genitive


def _name_words(surface: str) -> list[str]:
    return [strip_genitive(w) for w in re.split(r"\s+", surface.strip())]


def resolve_persons(persons: list[Mention], body_of: dict[str, str], entities: dict, by_mention: dict,
                    by_surface: dict) -> None:
    from graph.extract.vocab import load_vocabulary

    vocab = load_vocabulary()

    def first_only(words: list[str]) -> bool:
        return all(vocab.is_first_name(w) or vocab.is_first_name(w.rstrip("s")) for w in words)

    full: dict[str, list[Mention]] = defaultdict(list)
    short: list[Mention] = []
    for m in persons:
        words = _name_words(m.surface)
        if len(words) >= 2 and not first_only(words):
            full[" ".join(words)].append(m)
        else:
            short.append(m)
    # first name (as written, hyphen = space) -> full names that start with it, per body
    starts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, ms in full.items():
        words = name.split(" ")
        for k in range(1, len(words)):
            first = " ".join(words[:k]).replace("-", " ").casefold()
            for m in ms:
                starts[(body_of.get(m.span.doc, ""), first)].add(name)
    for name, ms in sorted(full.items()):
        e = Entity("Person", name, name, list(ms), 1.0, [])
        entities[("Person", group_key("Person", name))] = e
        for m in ms:
            by_mention[mention_key(m)] = e
            by_surface[("Person", group_key("Person", m.surface))] = e
    short_groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in short:
        words = _name_words(m.surface)
        first = " ".join(w if vocab.is_first_name(w) else w[:-1] if w.endswith("s") and vocab.is_first_name(w[:-1]) else w
                         for w in words)
        short_groups[(body_of.get(m.span.doc, ""), first)].append(m)
    for (body, first), ms in sorted(short_groups.items()):
        cands = sorted(starts.get((body, first.replace("-", " ").casefold()), set()))
        if len(cands) == 1:
            e = entities[("Person", group_key("Person", cands[0]))]
            same_doc = {m.span.doc for m in ms} <= {m.span.doc for m in e.mentions}
            conf = 0.8 if same_doc else 0.6
            e.confidence = min(e.confidence, conf)
            e.evidence.append(f"'{first}' = '{cands[0]}': the only full name with this first name in {body or 'the'} minutes")
            e.mentions += ms
        else:
            # A bare first name means someone only within one body's circle: "Mette" in two
            # committees is not known to be one person, so the key carries the body.
            key = ("Person", f"{group_key('Person', first)} ({body})" if body else group_key("Person", first))
            e = entities.get(key)
            if e is None:
                why = (f"'{first}' could be any of {', '.join(cands)}; kept apart" if cands
                       else f"first name only, no full name '{first} …' in {body or 'the'} minutes")
                e = Entity("Person", f"{first} ({body})" if body else first, first, [], 0.5, [why], {"firstName": first})
                entities[key] = e
            e.mentions += ms
        for m in ms:
            by_mention[mention_key(m)] = e
            by_surface.setdefault(("Person", group_key("Person", m.surface)), e)
        by_surface.setdefault(("Person", group_key("Person", first)), e)
