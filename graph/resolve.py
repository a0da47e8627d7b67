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
  name ("kommunaldirektør Birthe Kjær") yields a dated ``holds`` fact. Two spellings of
  one department make one post ("Direktøren for X" with X misspelt once).
* Policy names:
  - canonical name: leading articles and adjectives, "for", definite endings and the
    spelling of a year range ("2016/2017" = "2016/17") do not count (confidence 1);
  - a trailing place qualifier "i <Place>" / "i <Place> Kommune" does not count
    (0.9), unless the names carry two different places;
  - "plan for X" = "Xplan" (phrase and compound forms of one head noun, 0.7);
  - anaphora: a definite form ("Skolepolitikken", "den grønne omstillingsplan")
    or a "strategi for X" phrase, in one document, is the only more specific policy
    of the same head there ("Skolepolitik 2025-2028"; 0.8, phrase 0.7); with two
    candidates, or a year of its own after it ("Skolepolitikken fra 2017"), it stays apart;
  - apposition: a definite noun right before a quoted title ('kommuneplanstrategien
    "Plan 2030"') is that title (0.9); a name before "- udkast til <policy>" is its name (0.8).
* Unit compounds: "Xsekretariatet" = "sekretariatet for X" = "Sekretariat for X" for
  every unit word in graph/data/extract_cues.tsv (0.9).
* Spelling variants: two names of one kind whose normalised words are the same but
  for one word of at least 8 letters that is one edit away (0.8). Never persons.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from graph.extract.text import UPPER, norm_name, stem
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
    clusters = _merge_groups(groups, canon)
    text_of = {doc: m.doc.text for doc, m in minutes_by_doc.items()}
    _policy_apposition(clusters, text_of)
    _policy_anaphora(clusters, text_of)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in clusters:
        if not c.mentions:  # every mention went to a more specific policy (anaphora)
            continue
        e = Entity(c.kind, c.label, c.label, list(c.mentions), c.confidence, list(c.evidence))
        entities[(c.kind, c.gkeys[0])] = e
        for m in c.mentions:
            by_mention[_mkey(m)] = e
            votes[(c.kind, _group_key(c.kind, m.surface))][(c.kind, c.gkeys[0])] += 1
            votes[(c.kind, _group_key(c.kind, m.surface, m.attrs.get("canonical")))][(c.kind, c.gkeys[0])] += 1
    # a bare surface form names the entity most of its mentions went to
    for skey, counts in votes.items():
        by_surface[skey] = entities[sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]]

    _resolve_persons(persons, body_of, entities, by_mention, by_surface)
    holds = _resolve_posts(posts, date_of, entities, by_mention, by_surface)
    _link_themes(entities)

    ordered = sorted(entities.values(), key=lambda e: (e.kind, e.key))
    for e in ordered:
        e.mentions.sort(key=lambda m: (m.span.doc, m.span.start, m.span.end))
    holds.sort(key=lambda h: (h.date or "", h.person.key, h.post.key, h.span))
    return Resolution(ordered, holds, by_mention, by_surface)


# -- merging the groups of one kind ------------------------------------------------------


@dataclass
class _Cluster:
    """Groups of mentions found to be one thing; becomes one :class:`Entity`."""

    kind: str
    gkeys: list[str]  # group keys, sorted; the first names the cluster
    mentions: list[Mention]
    label: str
    confidence: float = 1.0
    evidence: list[str] = field(default_factory=list)


class _Link(NamedTuple):
    """Two groups of the same kind that a rule says are one thing."""

    a: tuple[str, str]
    b: tuple[str, str]
    confidence: float
    reason: str


def _group_label(kind: str, ms: list[Mention], canonical: str | None) -> str:
    label = _label([m.surface for m in ms], canonical)
    v = re.match(r"(?i)version (\d+) af (.+)", label)
    if v:  # "version 3 af X" is labelled like its siblings: "X version 3"
        label = f"{v.group(2)} version {v.group(1)}"
    return label


def _group_evidence(ms: list[Mention], canonical: str | None) -> list[str]:
    surfaces = sorted({m.surface for m in ms})
    if len(surfaces) < 2:
        return []
    why = ("alias or abbreviation of a listed name, or of a name defined in the same document"
           if canonical else "same name after normalising case, '&'/'og', genitive and definite endings")
    return [f"{' = '.join(surfaces)}: {why}"]


def _merge_groups(groups: dict[tuple[str, str], list[Mention]], canon: dict[tuple[str, str], str]) -> list[_Cluster]:
    """Join the groups that the policy-name, unit-compound and spelling rules link (union-find)."""
    labels = {k: _group_label(k[0], ms, canon.get(k)) for k, ms in groups.items()}
    links = _policy_name_links(groups) + _unit_compound_links(groups, labels) + _spelling_links(groups, labels)
    parent = {k: k for k in groups}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    used: list[_Link] = []
    for link in sorted(links):
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            used.append(link)
    members: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k in sorted(groups):
        members[find(k)].append(k)
    clusters: dict[tuple[str, str], _Cluster] = {}
    for root, keys in sorted(members.items()):
        ms = [m for k in keys for m in groups[k]]
        # the most mentioned group names the whole; ties go to the longer, then the first name
        best = sorted(keys, key=lambda k: (-len(groups[k]), -len(labels[k]), labels[k]))[0]
        evidence = [ev for k in keys for ev in _group_evidence(groups[k], canon.get(k))]
        clusters[root] = _Cluster(root[0], [k[1] for k in keys], ms, labels[best], 1.0, evidence)
    for link in used:
        c = clusters[find(link.a)]
        c.confidence = min(c.confidence, link.confidence)
        c.evidence.append(link.reason)
    return [clusters[r] for r in sorted(clusters)]


# -- policy names -------------------------------------------------------------------------

_ARTICLES = frozenset({"den", "det", "de"})
# "... for 2016/17", "... 2024-2026", "... 2019" at the end of a name
_VERSION = re.compile(r"(?:\s+for)?\s+(\d{4})(?:\s*[-/–]\s*(\d{4}|\d{2}))?\s*$")
# "... i Nordby", "... i Nordby Kommune" at the end of a name (before any version)
_PLACE = re.compile(rf"\s+i\s+([{UPPER}][\w'’-]*(?:\s+[Kk]ommunes?)?)\s*$")
# a definite form of a policy head word: "politikken", "strategien", "planen", "programmet"
_DEFINITE_AFTER_HEAD = re.compile(r"(?:k|m)?(?:en|et)s?")
_INFLECTION_AFTER_HEAD = re.compile(r"(?:k|m)?(?:en|et|ne|erne|er|e)?s?")


class _PolicyName(NamedTuple):
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
        if i >= 0 and _INFLECTION_AFTER_HEAD.fullmatch(word[i + len(head):]):
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
def _policy_name(surface: str) -> _PolicyName:
    """Take a policy name apart into the pieces the policy rules compare."""
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
    return _PolicyName(tuple(_policy_word(t, heads) for t in tokens), version, place, phrase, definite)


def _policy_name_links(groups: dict[tuple[str, str], list[Mention]]) -> list[_Link]:
    """Policy groups with one canonical name (level 1), without a place (2), as a compound (3)."""
    names = {k: sorted({_policy_name(m.surface) for m in ms}) for k, ms in groups.items() if k[0] == "Policy"}
    levels = (
        (lambda n: n.key, 1.0, "same policy name apart from articles, 'for', definite endings and year-range spelling"),
        (lambda n: n.unplaced, 0.9, "same policy name apart from a place qualifier 'i …'"),
        (lambda n: n.compound, 0.7, "phrase and compound form of one head noun ('plan for X' = 'Xplan')"),
    )
    links: list[_Link] = []
    joined = {k: k for k in names}
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
                if joined[k] != joined[first]:
                    surfaces = f"'{_first_surface(groups[first])}' = '{_first_surface(groups[k])}'"
                    also = ("; a place qualifier 'i …' set aside too" if confidence < 0.9
                            and {n.place for n in names[first]} != {n.place for n in names[k]} else "")
                    links.append(_Link(first, k, confidence, f"policy name: {surfaces}: {why}{also}"))
                    old = joined[k]
                    for j in joined:
                        if joined[j] == old:
                            joined[j] = joined[first]
    return links


def _first_surface(ms: list[Mention]) -> str:
    return min(m.surface for m in ms)


def _move(src: _Cluster, dst: _Cluster, doc: str, confidence: float, reason: str) -> None:
    """The mentions of ``src`` in document ``doc`` are ``dst`` (anaphora, apposition)."""
    moving = [m for m in src.mentions if m.span.doc == doc]
    if not moving:
        return
    src.mentions = [m for m in src.mentions if m.span.doc != doc]
    dst.mentions += moving
    dst.confidence = min(dst.confidence, confidence)
    dst.evidence.append(reason)
    if not src.mentions:  # src is gone: its own merges are now part of dst's story
        dst.confidence = min(dst.confidence, src.confidence)
        dst.evidence += src.evidence


def _is_definite_in_text(m: Mention, text_of: dict[str, str]) -> bool:
    """"den grønne omstillingsplan": the article before the span makes the mention definite."""
    text = text_of.get(m.span.doc) or ""
    before = text[max(0, m.span.start - 5): m.span.start].casefold()
    return m.span.start <= len(text) and bool(re.search(r"(?:^|\s)(?:den|det)\s+$", before))


def _version_after(m: Mention, text_of: dict[str, str]) -> str:
    """A year written right after a bare name: "Skolepolitikken fra 2017", "planen af 2019", "Planen (2019)"."""
    text = text_of.get(m.span.doc) or ""
    after = re.match(r"\s+(?:fra|af)\s+(\d{4})\b|\s*\((\d{4})\)", text[m.span.end:m.span.end + 12])
    return (after.group(1) or after.group(2)) if after else ""


def _policy_apposition(clusters: list[_Cluster], text_of: dict[str, str]) -> None:
    """A definite policy noun right before a quoted title is that title:
    'kommuneplanstrategien "Plan for Nordby 2030"'; a name right before "- udkast til" or
    "- forslag til" a policy is that policy's name: 'Grøn By - udkast til klimaplan 2030'."""
    owner = {id(m): c for c in clusters if c.kind == "Policy" for m in c.mentions}
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for c in clusters:
        if c.kind == "Policy":
            for m in c.mentions:
                by_doc[m.span.doc].append(m)
    moves = []
    for doc, ms in sorted(by_doc.items()):
        ms.sort(key=lambda m: (m.span.start, m.span.end))
        text = text_of.get(doc) or ""
        for a, b in zip(ms, ms[1:]):
            between = text[a.span.end:b.span.start] if text else ""
            if owner[id(a)] is owner[id(b)]:
                continue
            if re.fullmatch(r"\s*[\"«“„]\s*", between) and _policy_name(a.surface).definite:
                moves.append((owner[id(a)], owner[id(b)], doc, 0.9,
                              f"apposition: '{a.surface}' = '{b.surface}' in {doc}: a definite policy noun before its quoted title"))
            elif re.fullmatch(r"[\"”»]?\s*[-–]\s*(?:udkast|forslag)\s+til\s+", between, flags=re.IGNORECASE):
                moves.append((owner[id(a)], owner[id(b)], doc, 0.8,
                              f"apposition: '{a.surface}' = '{b.surface}' in {doc}: a name before '- udkast til' the policy"))
    for src, dst, doc, conf, reason in moves:
        _move(src, dst, doc, conf, reason)


def _more_specific(cand: tuple, src: tuple) -> bool:
    """``cand`` names what ``src`` names, with more words in front or a version: "X 2024-2026" for "X".
    Words joined by "og" in front make a combined policy ("strategi for Y og X"), not a more specific one."""
    (cw, cv), (sw, sv) = cand, src
    front = cw[:len(cw) - len(sw)]
    return (cand != src and len(cw) >= len(sw) and cw[len(cw) - len(sw):] == sw and (not sv or sv == cv)
            and "og" not in front)


def _policy_anaphora(clusters: list[_Cluster], text_of: dict[str, str]) -> None:
    """A definite or 'strategi for X' form in a document is the only more specific policy there."""
    policies = [c for c in clusters if c.kind == "Policy"]
    in_doc: dict[str, list[tuple[_Cluster, list[Mention]]]] = defaultdict(list)
    for c in policies:
        per_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in c.mentions:
            per_doc[m.span.doc].append(m)
        for doc, ms in sorted(per_doc.items()):
            in_doc[doc].append((c, ms))
    moves = []
    for doc, entries in sorted(in_doc.items()):
        for c, ms in entries:
            names = {m.surface: _policy_name(m.surface) for m in ms}
            definite = any(n.definite for n in names.values()) or any(_is_definite_in_text(m, text_of) for m in ms)
            phrase = any(n.phrase for n in names.values())
            if not (definite or phrase):
                continue
            # "Skolepolitikken fra 2017" names its own (older) version in the text after it
            own = {(n.compound[0], n.compound[1] or _version_after(m, text_of))
                   for m in ms for n in (names[m.surface],)}
            cands = [(d, dm) for d, dm in entries if d is not c
                     and any(_more_specific(_policy_name(m.surface).compound, o) for m in dm for o in own)]
            if len(cands) != 1:  # none, or two versions it could be: kept apart
                continue
            target = cands[0][0]
            conf = 0.8 if definite else 0.7
            form = "definite form" if definite else "'for' phrase"
            trigger = sorted(s for s, n in names.items() if n.definite) or sorted(names)
            reason = (f"anaphora: '{trigger[0]}' = '{target.label}' in {doc}: "
                      f"{form}, the only more specific policy of this name in the document")
            moves.append((c, target, doc, conf, reason))
    for src, dst, doc, conf, reason in moves:
        _move(src, dst, doc, conf, reason)


# -- units and spelling -------------------------------------------------------------------


def _unit_key(surface: str, units: tuple[str, ...]) -> tuple[str, str] | None:
    """(unit word, what it is for) of a unit name written as one word or as a phrase:
    "Trafiksekretariatet" and "sekretariatet for trafik" -> ("sekretariat", "trafik")."""
    text = re.sub(r"\s+", " ", surface.replace("&", " og ")).strip().casefold()
    for unit in units:
        phrase = re.fullmatch(rf"{re.escape(unit)}{_INFLECTION_AFTER_HEAD.pattern} for (?:(?:den|det|de) )?(.+)", text)
        if phrase:
            return unit, " ".join(stem(w) for w in phrase.group(1).split(" "))
        compound = re.fullmatch(rf"(\w{{3,}}?){re.escape(unit)}{_INFLECTION_AFTER_HEAD.pattern}", text)
        if compound:
            return unit, stem(compound.group(1))
    return None


def _unit_compound_links(groups: dict[tuple[str, str], list[Mention]], labels: dict) -> list[_Link]:
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
            links.append(_Link(keys[0], k, 0.9, f"unit compound: '{labels[keys[0]]}' = '{labels[k]}': "
                                                 f"'{ukey[0]}' for '{ukey[1]}' written as one word and as a phrase"))
    return links


def _one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


def _spelling_links(groups: dict[tuple[str, str], list[Mention]], labels: dict) -> list[_Link]:
    """Names of one kind that agree but for one long word one letter apart ("Sundhedsstyrlesen")."""
    # words one edit apart share a form with one letter deleted: only those pairs are compared
    buckets: dict[tuple, set[tuple[tuple[str, str], str]]] = defaultdict(set)
    for (kind, gkey) in sorted(groups):
        words = gkey.split(" ")
        for i, w in enumerate(words):
            if len(w) >= 8 and not any(ch.isdigit() for ch in w):
                context = (kind, tuple(words[:i]), tuple(words[i + 1:]))
                for j in range(len(w) + 1):
                    buckets[context + (w[:j] + w[j + 1:],)].add(((kind, gkey), w))
    pairs = set()
    for entries in buckets.values():
        ordered = sorted(entries)
        pairs.update((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:] if x[0] != y[0])
    links = []
    for (ka, wa), (kb, wb) in sorted(pairs):
        if _one_edit(wa, wb):
            wa, wb = _differing_words(labels[ka], labels[kb]) or (wa, wb)
            links.append(_Link(ka, kb, 0.8, f"spelling variant: '{labels[ka]}' = '{labels[kb]}': "
                                            f"'{wa}' and '{wb}' are one letter apart"))
    return links


def _differing_words(a: str, b: str) -> tuple[str, str] | None:
    """The one word two names differ in, as written (for the evidence note)."""
    wa, wb = (re.findall(r"\w+", x.replace("&", "og")) for x in (a, b))
    diff = [(x, y) for x, y in zip(wa, wb) if x.casefold() != y.casefold()]
    return diff[0] if len(wa) == len(wb) and len(diff) == 1 else None


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
            # A bare first name means someone only within one body's circle: "Mette" in two
            # committees is not known to be one person, so the key carries the body.
            key = ("Person", f"{_group_key('Person', first)} ({body})" if body else _group_key("Person", first))
            e = entities.get(key)
            if e is None:
                why = (f"'{first}' could be any of {', '.join(cands)}; kept apart" if cands
                       else f"first name only, no full name '{first} …' in {body or 'the'} minutes")
                e = Entity("Person", f"{first} ({body})" if body else first, first, [], 0.5, [why], {"firstName": first})
                entities[key] = e
            e.mentions += ms
        for m in ms:
            by_mention[_mkey(m)] = e
            by_surface.setdefault(("Person", _group_key("Person", m.surface)), e)
        by_surface.setdefault(("Person", _group_key("Person", first)), e)


def _resolve_posts(posts: list[Mention], date_of: dict, entities: dict, by_mention: dict, by_surface: dict) -> list[Holds]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    dept_of: dict[str, str] = {}
    unit_entity: dict[str, Entity] = {}
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
                unit_entity[key] = dept
        else:
            key = role
        groups[key].append(m)
    holds: list[Holds] = []
    for key, ms in sorted(groups.items()):
        plain = [m for m in ms if not m.attrs.get("holder")]
        dept = unit_entity.get(key)
        if dept is not None:  # where the unit is spelt two ways, the label spells it like the department
            plain = [m for m in plain if _unit_spelt_as(m, dept)] or plain
        label = _label([m.surface for m in (plain or ms)]) if plain else key
        label = label[0].upper() + label[1:]
        attrs = {"postIn": dept_of[key]} if key in dept_of else {}
        surfaces = sorted({m.surface for m in ms})
        evidence = [f"{' = '.join(surfaces)}: same post word and unit"] if len(surfaces) > 1 else []
        confidence = 1.0
        units = sorted({m.attrs["unit"] for m in ms if m.attrs.get("unit")})
        if dept is not None and dept.confidence < 1 and len({norm_name(u) for u in units}) > 1:
            confidence = dept.confidence  # the post is one only as surely as its unit is one
            evidence.append(f"units {' = '.join(repr(u) for u in units)} are one department "
                            f"('{dept.key}', confidence {dept.confidence})")
        e = Entity("Post", key, label, list(ms), confidence, evidence, attrs)
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


def _unit_spelt_as(m: Mention, dept: Entity) -> bool:
    unit = m.attrs.get("unit")
    return bool(unit) and norm_name(unit) == norm_name(dept.key)


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
