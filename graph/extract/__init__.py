"""Entity extraction: parsed :class:`~graph.model.Minutes` -> :class:`~graph.model.Mention` s.

``extract_minutes(minutes)`` gives every mention of every item; on a bare string:

>>> from graph.extract import extract_item_text
>>> text = "Chefen for Kultur & Fritid orienterede om Idrætspolitikken. Skolechef Mette Lund deltog."
>>> [(m.kind, m.surface) for m in extract_item_text(text)]  # doctest: +NORMALIZE_WHITESPACE
[('Post', 'Chefen for Kultur & Fritid'), ('Department', 'Kultur & Fritid'), ('Policy', 'Idrætspolitikken'),
 ('Post', 'Skolechef Mette Lund'), ('Person', 'Mette Lund')]

Two passes over a document: rules find names (departments joined by "&",
posts "Chefen for X", bodies ending in -udvalg, acronyms defined in brackets, ...);
then every name and abbreviation learned in the first pass is looked for
everywhere in the same document, so "Økonomi og Stab" is found in a sentence
that gives no hint once "Økonomi & Stab" is known.
"""
from __future__ import annotations

import re

from graph.extract.dates import meeting_references, money_amounts
from graph.extract.decisions import decision_outcome
from graph.extract.persons import find_persons
from graph.extract.policies import find_networks, find_policies, network_theme_mentions
from graph.extract.posts import find_posts
from graph.extract.scan import finditer_at
from graph.extract.text import CAP_WORD, UPPER, Segment, item_segments, norm_name
from graph.extract.units import (
    NameIndex,
    find_acronyms,
    find_bodies,
    find_departments,
    find_named,
    find_organisations,
    find_siblings,
    initials,
    name_index,
    own_municipality,
)
from graph.extract.vocab import Named, Vocabulary, load_vocabulary
from graph.model import Mention, Minutes

__all__ = ["extract_minutes", "decision_outcome", "load_vocabulary", "Vocabulary", "extract_item_text"]

NAME_KINDS = ("Department", "Body", "Organisation", "Network", "Policy")


def extract_minutes(minutes: Minutes, vocab: Vocabulary | None = None) -> list[Mention]:
    """Every mention in every item's title (without the agenda prefix) and sections, sorted by position."""
    vocab = vocab or load_vocabulary()
    text = minutes.doc.text
    municipality = vocab.municipality or own_municipality(text)
    own_body = minutes.body
    named = list(vocab.names_of("Body")) + vocab.names_of("Department") + vocab.names_of("Organisation") \
        + vocab.names_of("Policy") + vocab.names_of("Network")
    if own_body:
        # the agenda label ("CF - ") abbreviates the meeting's own body
        prefixes = sorted({it.prefix.strip(" -–") for it in minutes.items if it.prefix})
        known = next((n for n in named if n.kind == "Body" and norm_name(n.canonical) == norm_name(own_body)), None)
        named.append(Named("Body", known.canonical if known else own_body, (own_body,), tuple(p for p in prefixes if p)))

    lower_words = lower_case_words(text)
    proper = proper_nouns(text)
    per_item: list[tuple[int, list[Segment], list[Mention]]] = []
    item_segs = [(item, item_segments(item)) for item in minutes.items]
    names = name_index(tuple(named))  # compiled once for all segments
    for item, segs in item_segs:
        found: list[Mention] = []
        for seg in segs:
            found += _rule_pass(seg, vocab, names, municipality, lower_words, proper)
        found += network_theme_mentions(item, segs)
        per_item.append((item.number, segs, found))

    learned = _learned_names([m for _, _, f in per_item for m in f], named, text)
    known_abbr = {ab for n in named + learned for ab in n.abbreviations} | {n.canonical for n in named + learned}
    own_canon = _canon_body(own_body, named)
    learned_names = name_index(tuple(learned))
    out: list[Mention] = []
    for number, segs, found in per_item:
        for seg in segs:
            found += find_named(seg, learned_names)
            found += find_acronyms(seg, vocab, known_abbr, municipality)
            bodies = [m for m in found if m.kind == "Body" and m.span.start >= seg.start
                      and m.span.end <= seg.start + len(seg.text)]
            found += meeting_references(seg, vocab, minutes.date, own_canon, _dedupe(bodies))
            found += money_amounts(seg)
        for seg in segs:
            found += find_siblings(seg, [m for m in found if m.kind == "Department"])
        for m in found:
            m.item = number
        found = _history_references(next(it for it in minutes.items if it.number == number), found)
        found = _dedupe(found)
        _same_day_same_meeting(found)
        out += _dedupe(found)
    out += attendance_mentions(minutes, out)
    out.sort(key=lambda m: (m.span.start, m.span.end, m.kind, m.surface))
    return out


def _history_references(item, found: list[Mention]) -> list[Mention]:
    """An item's earlier treatments (its case history) are references to those meetings, with the
    body and date the entry states; a date the text rules read inside an entry gives way to it."""
    if not item.history:
        return found
    spans = [(t.span.start, t.span.end) for t in item.history]
    kept = [m for m in found if m.kind != "MeetingReference"
            or not any(s <= m.span.start and m.span.end <= e for s, e in spans)]
    for t in item.history:
        if t.date is not None:
            kept.append(Mention("MeetingReference", t.span.quote.split("\n")[0], t.span, item.number,
                                {"date": t.date.isoformat(), "body": t.body, "direction": "past",
                                 "rule": "case_history"}))
    return kept


def attendance_mentions(minutes: Minutes, found: list[Mention] = ()) -> list[Mention]:
    """The names of the member lists as Person mentions (``item`` None for the meeting's own list),
    so the resolver joins "Anne Jensen" of the header with "v. Anne" of an item; a name the
    item rules found already at the same place is not added twice."""
    taken = {(m.span.start, m.span.end) for m in found if m.kind == "Person"}
    out = []
    for e in minutes.attendance:
        if (e.span.start, e.span.end) in taken:
            continue
        taken.add((e.span.start, e.span.end))
        out.append(Mention("Person", e.name, e.span, e.item,
                           {"first_name": e.name.split()[0], "rule": "attendance", "attendance": e.role}))
    return out


def extract_item_text(text: str, doc_id: str = "text", vocab: Vocabulary | None = None) -> list[Mention]:
    """Mentions in a bare string (no structure): handy for tests and for other callers."""
    vocab = vocab or load_vocabulary()
    seg = Segment(doc_id, 0, text, "text")
    named = vocab.names_of("Body") + vocab.names_of("Department") + vocab.names_of("Organisation")
    found = _rule_pass(seg, vocab, named, own_municipality(text), lower_case_words(text), proper_nouns(text))
    learned = _learned_names(found, named, text)
    found += find_named(seg, learned)
    return sorted(_dedupe(found), key=lambda m: (m.span.start, m.span.end, m.kind))


def _canon_body(own_body: str | None, named: list[Named]) -> str | None:
    if not own_body:
        return None
    for n in named:
        if n.kind == "Body" and norm_name(n.canonical) == norm_name(own_body):
            return n.canonical
    return own_body


def lower_case_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case somewhere (so they are common words, not names)."""
    return frozenset(re.findall(r"(?<![\w.@/])[a-zæøåéü][a-zæøåéü]+", text))


def proper_nouns(text: str) -> frozenset[str]:
    """Words the text capitalises after a lower-case word, i.e. not because a sentence starts."""
    return frozenset(re.findall(r"(?<=[a-zæøåé,] )[A-ZÆØÅ][\wæøåÆØÅ-]+", text))


def _rule_pass(seg: Segment, vocab: Vocabulary, named: list[Named] | NameIndex, municipality: str | None,
               lower_words: frozenset[str] = frozenset(), proper: frozenset[str] = frozenset()) -> list[Mention]:
    found: list[Mention] = []
    found += find_named(seg, named)
    found += find_departments(seg, vocab)
    found += find_bodies(seg, vocab)
    found += find_organisations(seg, vocab, municipality)
    found += find_posts(seg, vocab)
    found += find_policies(seg, vocab)
    found += find_networks(seg, vocab, proper)
    found += find_persons(seg, vocab, lower_words)
    return found


def _learned_names(found: list[Mention], named: list[Named], text: str) -> list[Named]:
    """Names found by rule, their bracket-defined abbreviations and their initials, to search document-wide.

    A numbered abbreviation ("Netværksstrukturen version 2 (NS2)") defines a family: "NS3" is
    "Netværksstrukturen version 3" even where only "NS3" is written.
    """
    learned: dict[tuple[str, str], set[str]] = {}
    for m in found:
        if m.kind in ("Department", "Network", "Organisation") and m.attrs.get("rule") not in ("acronym", "list"):
            canon = m.attrs.get("canonical") or m.surface
            learned.setdefault((m.kind, canon), set())
    family: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, letters) -> (base name, "")
    # (the substring tests before the regexes only save time: each regex needs that substring)
    for (kind, canon), abbrs in list(learned.items()):
        defined = re.finditer(rf"{re.escape(canon)}[^()\n]{{0,20}}\(([{UPPER}]{{2,6}})(\d*)\)", text) if canon in text else ()
        for m in defined:
            if m.group(2):
                base = re.sub(r"\s+version\s+\d+$", "", canon)
                family[(kind, m.group(1))] = (base, "")
            else:
                abbrs.add(m.group(1))
        if kind == "Department" and len(re.findall(CAP_WORD, canon)) >= 2:
            ini = initials(canon)
            if ini in text and re.search(rf"(?<![\w-]){re.escape(ini)}(?![\w-])", text):
                abbrs.add(ini)
    # A body's abbreviation in the same document: first letter, further letters in order, the last
    # one starting the body word ("DF" = "Direktionsforum", "KFU" = "Kultur- og Fritidsudvalget").
    body_names = sorted({_strip_genitive(m.attrs.get("canonical") or m.surface) for m in found
                         if m.kind == "Body" and m.attrs.get("rule") == "suffix" and m.surface[0].isupper()})
    known = {ab for n in named for ab in n.abbreviations}
    body_words = load_vocabulary().cue_list("body_suffix")
    for token in sorted(_capital_tokens(text) - known):
        fits = [b for b in body_names if _abbreviates(token, b, vocab_suffixes=body_words)]
        if len(fits) == 1:
            learned.setdefault(("Body", fits[0]), set()).add(token)
    # "NS3" without a bracket definition in this document: the initials of a compound network
    # name ("Netværks|strukturen" -> "NS") present in the document.
    letter_pairs: list[tuple[str, str]] | None = None
    for (kind, canon) in list(learned):
        if kind == "Network" and " " not in canon.strip():
            if letter_pairs is None:  # (the quick search first: the findall needs what it finds)
                letter_pairs = re.findall(r"\b([A-ZÆØÅ])([A-ZÆØÅ])\d\b", text) if re.search(r"[A-ZÆØÅ]{2}\d", text) else []
            for a, b in letter_pairs:
                if canon[0] == a and re.search(rf"^{a}\w+s{b.casefold()}\w+$", canon):
                    family.setdefault((kind, a + b), (canon, ""))
    out = [Named(kind, canon, (), tuple(sorted(abbrs)), False) for (kind, canon), abbrs in sorted(learned.items())]
    for (kind, letters), (base, _) in sorted(family.items()):
        for num in sorted(set(re.findall(rf"\b{letters}(\d+)\b", text) if letters in text else ())):
            out.append(Named(kind, f"{base} version {num}", (), (letters + num,), False))
    return out


CAPITAL_RUN = re.compile(rf"[{UPPER}]{{2,}}")


def _capital_tokens(text: str) -> set[str]:
    """All-capital words of 2-5 letters ("KFU", "DF's"): tried only where a run of capitals starts."""
    pattern = rf"(?<![\w-])([{UPPER}]{{2,5}})(?:'s|s)?(?![\w-])"
    return {m.group(1) for m in finditer_at(pattern, text, [m.start() for m in CAPITAL_RUN.finditer(text)])}


def _strip_genitive(name: str) -> str:
    return re.sub(r"(?<=\w)(?:'s|’s|s)$", "", name) if not name.endswith(("ss", "us")) else name


def _abbreviates(token: str, name: str, vocab_suffixes: tuple[str, ...]) -> bool:
    """True if ``token`` is an initialism of the body name ``name`` (see _learned_names)."""
    low = name.casefold()
    word = next((w for w in vocab_suffixes if re.search(rf"{w}(?:et|en|s)?$", low)), None)
    if word is None or low[0] != token[0].casefold():
        return False
    head_end = low.rfind(word)
    if token[-1].casefold() != word[0]:
        return False
    pos = 1
    for ch in token[1:-1].casefold():
        pos = low.find(ch, pos, head_end)
        if pos < 0:
            return False
        pos += 1
    return True


def _same_day_same_meeting(found: list[Mention]) -> None:
    """A reference that names no body, on a day for which the item names exactly one meeting,
    is that meeting ("Chefforum den 17. august ... resultatet fra den 17. august")."""
    refs = [m for m in found if m.kind == "MeetingReference"]
    for m in refs:
        if m.attrs.get("body") is None:
            bodies = {r.attrs["body"] for r in refs if r.attrs["date"] == m.attrs["date"] and r.attrs.get("body")}
            if len(bodies) == 1:
                m.attrs["body"] = bodies.pop()


def _dedupe(found: list[Mention]) -> list[Mention]:
    """One mention per (kind, span); a mention inside a longer one of the same kind is dropped;
    a person inside a name of something else is not a person."""
    by_key: dict[tuple, Mention] = {}
    for m in found:
        # one date may be a meeting of two bodies ("ØU og KB på tirsdag")
        key = (m.kind, m.span.start, m.span.end, str(m.attrs.get("body")) if m.kind == "MeetingReference" else "")
        if key not in by_key or (not by_key[key].attrs.get("canonical") and m.attrs.get("canonical")):
            by_key[key] = m
    ms = sorted(by_key.values(), key=lambda m: (m.kind, m.span.start, -m.span.end))
    keep: list[Mention] = []
    last_end: dict[str, int] = {}
    for m in ms:
        if m.span.end <= last_end.get(m.kind, -1) and m.kind not in ("MeetingReference", "Deadline"):
            continue
        last_end[m.kind] = max(last_end.get(m.kind, -1), m.span.end)
        keep.append(m)
    # A name listed in the data files decides its kind: "Center for Offentlig Innovation" is an
    # organisation although "Center for ..." usually names a municipal department.
    listed = {(m.span.start, m.span.end) for m in keep if m.attrs.get("listed")}
    keep = [m for m in keep if not (m.kind in ("Department", "Body", "Organisation") and not m.attrs.get("listed")
                                    and (m.span.start, m.span.end) in listed)]
    others = [m for m in keep if m.kind in ("Organisation", "Network", "Body", "Policy", "Department", "NetworkTheme")]
    result = []
    for m in keep:
        if m.kind == "Person" and any(o.span.start <= m.span.start and m.span.end <= o.span.end for o in others):
            continue
        if m.kind == "Organisation" and m.attrs.get("rule") == "acronym" and any(
                o is not m and o.span.start <= m.span.start and m.span.end <= o.span.end for o in others):
            continue
        result.append(m)
    return result
