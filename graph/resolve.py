"""Cross-document resolution: mentions of all documents -> one :class:`Entity` per real thing.

Rules (each merge records its evidence and a confidence):

* Bodies, departments, organisations: a listed alias or abbreviation (graph/data/*.tsv,
  or a user alias file) names its canonical entry; otherwise surface forms that agree
  after normalisation (case, whitespace, "&" = "og", genitive, one definite ending:
  "Chefforums" = "chefforum", "Idrætspolitikken" = "Idrætspolitik") are one entity.
* Networks: "version 3 af X" = "X version 3"; bracket-defined abbreviations ("NS3")
  carry their long form from extraction.
* Persons: two different full names never merge. A first name alone ("Birthe")
  joins the full name with that first name when exactly one such full name occurs in
  minutes of the same body (confidence 0.8 in the same document, 0.6 across
  documents); otherwise it stays a first-name entity (confidence 0.5).
* Posts: key = post word + the department it belongs to; a post written next to a
  name ("kommunaldirektør Birthe Kjær") yields a dated ``holds`` fact.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from graph.extract.text import norm_name, stem
from graph.model import Entity, Mention, Minutes, Span

ENTITY_KINDS = ("Body", "Department", "Organisation", "Policy", "Network", "NetworkTheme", "Post", "Person")


class Holds(NamedTuple):
    """The text says ``person`` held ``post`` at the meeting on ``date``."""

    person: Entity
    post: Entity
    date: str | None
    span: Span

    @property
    def person_key(self) -> str:
        return self.person.key

    @property
    def post_key(self) -> str:
        return self.post.key


def _mkey(m: Mention) -> tuple:
    return (m.kind, m.span.doc, m.span.start, m.span.end, m.surface)


@dataclass
class Resolution:
    entities: list[Entity]
    holds: list[Holds]
    _by_mention: dict[tuple, Entity]
    _by_surface: dict[tuple[str, str], Entity]

    def entity_of(self, mention: Mention) -> Entity | None:
        """The entity a mention was resolved to (None for literals and meeting references)."""
        return self._by_mention.get(_mkey(mention))

    def lookup(self, kind: str, surface: str) -> Entity | None:
        """The entity a bare surface form of ``kind`` resolves to, if any (e.g. a presenter name)."""
        return self._by_surface.get((kind, _group_key(kind, surface)))


def _strip_genitive(word: str) -> str:
    for end in ("'s", "’s", "'"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def _group_key(kind: str, surface: str, canonical: str | None = None) -> str:
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


def _label(surfaces: list[str], canonical: str | None = None) -> str:
    if canonical:
        return canonical
    counts = Counter(_strip_genitive(s) for s in surfaces)
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def resolve(mentions_by_doc: dict[str, list[Mention]], minutes_by_doc: dict[str, Minutes]) -> Resolution:
    """One entity per real-world thing across all documents, in a deterministic order."""
    body_of = {doc: (m.body or "") for doc, m in minutes_by_doc.items()}
    date_of = {doc: (m.date.isoformat() if m.date else None) for doc, m in minutes_by_doc.items()}
    all_mentions = [m for doc in sorted(mentions_by_doc) for m in mentions_by_doc[doc] if m.kind in ENTITY_KINDS]

    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    canon: dict[tuple[str, str], str] = {}
    persons: list[Mention] = []
    posts: list[Mention] = []
    for m in all_mentions:
        if m.kind == "Person":
            persons.append(m)
            continue
        if m.kind == "Post":
            posts.append(m)
            continue
        c = m.attrs.get("canonical")
        key = (m.kind, _group_key(m.kind, m.surface, c))
        groups[key].append(m)
        if c:
            canon.setdefault(key, c)

    entities: dict[tuple[str, str], Entity] = {}
    by_mention: dict[tuple, Entity] = {}
    by_surface: dict[tuple[str, str], Entity] = {}
    for (kind, gkey), ms in sorted(groups.items()):
        label = _label([m.surface for m in ms], canon.get((kind, gkey)))
        v = re.match(r"(?i)version (\d+) af (.+)", label)
        if v:  # "version 3 af X" is labelled like its siblings: "X version 3"
            label = f"{v.group(2)} version {v.group(1)}"
        surfaces = sorted({m.surface for m in ms})
        evidence = []
        if len(surfaces) > 1:
            why = ("alias or abbreviation of a listed name, or of a name defined in the same document"
                   if canon.get((kind, gkey)) else "same name after normalising case, '&'/'og', genitive and definite endings")
            evidence.append(f"{' = '.join(surfaces)}: {why}")
        e = Entity(kind, label, label, list(ms), 1.0, evidence)
        entities[(kind, gkey)] = e
        for m in ms:
            by_mention[_mkey(m)] = e
            by_surface[(kind, _group_key(kind, m.surface))] = e
        by_surface[(kind, gkey)] = e

    _resolve_persons(persons, body_of, entities, by_mention, by_surface)
    holds = _resolve_posts(posts, date_of, entities, by_mention, by_surface)
    _link_themes(entities)

    ordered = sorted(entities.values(), key=lambda e: (e.kind, e.key))
    for e in ordered:
        e.mentions.sort(key=lambda m: (m.span.doc, m.span.start, m.span.end))
    holds.sort(key=lambda h: (h.date or "", h.person.key, h.post.key, h.span))
    return Resolution(ordered, holds, by_mention, by_surface)


def _name_words(surface: str) -> list[str]:
    return [_strip_genitive(w) for w in re.split(r"\s+", surface.strip())]


def _resolve_persons(persons: list[Mention], body_of: dict[str, str], entities: dict, by_mention: dict,
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
        entities[("Person", _group_key("Person", name))] = e
        for m in ms:
            by_mention[_mkey(m)] = e
            by_surface[("Person", _group_key("Person", m.surface))] = e
    short_groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in short:
        words = _name_words(m.surface)
        first = " ".join(w if vocab.is_first_name(w) else w[:-1] if w.endswith("s") and vocab.is_first_name(w[:-1]) else w
                         for w in words)
        short_groups[(body_of.get(m.span.doc, ""), first)].append(m)
    for (body, first), ms in sorted(short_groups.items()):
        cands = sorted(starts.get((body, first.replace("-", " ").casefold()), set()))
        if len(cands) == 1:
            e = entities[("Person", _group_key("Person", cands[0]))]
            same_doc = {m.span.doc for m in ms} <= {m.span.doc for m in e.mentions}
            conf = 0.8 if same_doc else 0.6
            e.confidence = min(e.confidence, conf)
            e.evidence.append(f"'{first}' = '{cands[0]}': the only full name with this first name in {body or 'the'} minutes")
            e.mentions += ms
        else:
            key = ("Person", _group_key("Person", first))
            e = entities.get(key)
            if e is None:
                why = (f"'{first}' could be any of {', '.join(cands)}; kept apart" if cands
                       else f"first name only, no full name '{first} …' in {body or 'the'} minutes")
                e = Entity("Person", first, first, [], 0.5, [why], {"firstName": first})
                entities[key] = e
            e.mentions += ms
        for m in ms:
            by_mention[_mkey(m)] = e
            by_surface.setdefault(("Person", _group_key("Person", m.surface)), e)
        by_surface.setdefault(("Person", _group_key("Person", first)), e)


def _resolve_posts(posts: list[Mention], date_of: dict, entities: dict, by_mention: dict, by_surface: dict) -> list[Holds]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    dept_of: dict[str, str] = {}
    for m in posts:
        role = m.attrs.get("role") or norm_name(m.surface)
        unit = m.attrs.get("unit")
        if unit:
            dept = by_surface.get(("Department", _group_key("Department", unit))) \
                or by_surface.get(("Organisation", _group_key("Organisation", unit)))
            unit_label = dept.key if dept else unit
            key = f"{role} for {unit_label}"
            if dept is not None and dept.kind == "Department":
                dept_of[key] = dept.key
        else:
            key = role
        groups[key].append(m)
    holds: list[Holds] = []
    for key, ms in sorted(groups.items()):
        plain = [m for m in ms if not m.attrs.get("holder")]
        label = _label([m.surface for m in (plain or ms)]) if plain else key
        label = label[0].upper() + label[1:]
        attrs = {"postIn": dept_of[key]} if key in dept_of else {}
        surfaces = sorted({m.surface for m in ms})
        evidence = [f"{' = '.join(surfaces)}: same post word and unit"] if len(surfaces) > 1 else []
        e = Entity("Post", key, label, list(ms), 1.0, evidence, attrs)
        entities[("Post", key)] = e
        for m in ms:
            by_mention[_mkey(m)] = e
            by_surface[("Post", _group_key("Post", m.surface))] = e
            holder = m.attrs.get("holder")
            if holder:
                person = by_surface.get(("Person", _group_key("Person", holder)))
                if person is not None:
                    day = date_of.get(m.span.doc)
                    holds.append(Holds(person, e, day, m.span))
                    e.attrs.setdefault("holders", []).append({"person": person.key, "date": day})
    for e in entities.values():
        if e.kind == "Post" and "holders" in e.attrs:
            e.attrs["holders"] = sorted({(h["date"] or "", h["person"]) for h in e.attrs["holders"]})
            e.attrs["holders"] = [{"date": d or None, "person": p} for d, p in e.attrs["holders"]]
    return holds


def _link_themes(entities: dict) -> None:
    """Network themes belong to the network most mentioned in the same documents."""
    networks = [e for e in entities.values() if e.kind == "Network"]
    for e in entities.values():
        if e.kind != "NetworkTheme":
            continue
        docs = {m.span.doc for m in e.mentions}
        scored = sorted(((sum(1 for m in n.mentions if m.span.doc in docs), n.key) for n in networks), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] > 0:
            e.attrs["partOfNetwork"] = scored[0][1]
