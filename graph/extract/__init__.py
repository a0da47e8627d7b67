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
from bisect import bisect_right
from dataclasses import replace

from graph.extract.dates import meeting_references, money_amounts
from graph.extract.decisions import decision_outcome
from graph.extract.persons import find_persons
from graph.extract.policies import find_networks, find_policies, network_theme_mentions
from graph.extract.posts import find_posts, function_posts
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
from graph.model import AgendaItem, Mention, Minutes

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
    # per item: its segments, the mentions found in each segment, and the whole item's in order
    per_item: list[tuple[AgendaItem, list[Segment], list[list[Mention]], list[Mention]]] = []
    item_segs = [(item, item_segments(item)) for item in minutes.items]
    names = name_index(tuple(named))  # compiled once for all segments
    rule_pass = _SameText(lambda seg: _rule_pass(seg, vocab, names, municipality, lower_words, proper))
    for item, segs in item_segs:
        in_seg = [rule_pass(seg) for seg in segs]
        found = [m for ms in in_seg for m in ms] + network_theme_mentions(item, segs)
        per_item.append((item, segs, in_seg, found))

    learned = _learned_names([m for _, _, _, f in per_item for m in f], named, text)
    known_abbr = {ab for n in named + learned for ab in n.abbreviations} | {n.canonical for n in named + learned}
    own_canon = _canon_body(own_body, named)
    learned_names = name_index(tuple(_first_holders(learned)))
    out: list[Mention] = []
    for item, segs, in_seg, found in per_item:
        number = item.number
        # A segment's bodies and departments are among the mentions found in it (segments do not
        # overlap): looking them up among all of the item's for each segment was quadratic in an
        # item of many sections.
        for seg, here in zip(segs, in_seg):
            more = find_named(seg, learned_names) + find_acronyms(seg, vocab, known_abbr, municipality)
            found += more
            here += more
            bodies = [m for m in here if m.kind == "Body" and m.span.start >= seg.start
                      and m.span.end <= seg.start + len(seg.text)]
            found += meeting_references(seg, vocab, minutes.date, own_canon, _dedupe(bodies))
            found += money_amounts(seg)
        for seg, here in zip(segs, in_seg):
            found += find_siblings(seg, [m for m in here if m.kind == "Department"])
        for m in found:
            m.item = number
        found = _history_references(item, found)
        found = _dedupe(found)
        _same_day_same_meeting(found)
        out += _dedupe(found)
    out += attendance_mentions(minutes, out)
    taken = {(m.span.start, m.span.end) for m in out if m.kind == "Post"}
    out += [m for m in function_posts(minutes, vocab) if (m.span.start, m.span.end) not in taken]
    out.sort(key=lambda m: (m.span.start, m.span.end, m.kind, m.surface))
    return out


def _first_holders(learned: list[Named]) -> list[Named]:
    """The learned names, each abbreviation kept by the first name of its kind that has it.

    Where several names of one kind share an abbreviation ("BD" for two departments), each finds
    the same spans, and ``_dedupe`` keeps the first name's mention: the others need not look (in a
    document defining thousands of them that was quadratic)."""
    taken: set[tuple[str, str]] = set()
    out = []
    for n in learned:
        keep = tuple(ab for ab in n.abbreviations if (n.kind, ab) not in taken)
        taken.update((n.kind, ab) for ab in keep)
        out.append(n if keep == n.abbreviations else Named(n.kind, n.canonical, n.aliases, keep, n.listed))
    return out


class _SameText:
    """``finder(seg)`` of a finder whose mentions depend on the segment's text alone (not on where
    it stands): a text met before in the document ("Godkendt.", an item's standing recommendation)
    gets the mentions found there, moved to this segment, instead of being searched again."""

    def __init__(self, finder):
        self.finder = finder
        self.seen: dict[str, tuple[int, list[Mention]]] = {}

    def __call__(self, seg: Segment) -> list[Mention]:
        hit = self.seen.get(seg.text)
        if hit is None:
            found = self.finder(seg)
            self.seen[seg.text] = (seg.start, [replace(m, attrs=dict(m.attrs)) for m in found])
            return found
        start, found = hit
        shift = seg.start - start
        return [replace(m, span=replace(m.span, doc=seg.doc, start=m.span.start + shift, end=m.span.end + shift),
                        attrs=dict(m.attrs)) for m in found]


def _history_references(item, found: list[Mention]) -> list[Mention]:
    """An item's earlier treatments (its case history) are references to those meetings, with the
    body and date the entry states; a date the text rules read inside an entry gives way to it."""
    if not item.history:
        return found
    within = _Containment([(t.span.start, t.span.end) for t in item.history])
    kept = [m for m in found if m.kind != "MeetingReference" or not within(m.span.start, m.span.end)]
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
    # Each document-wide search below is one pass over the text for all names: searching the text
    # once per learned name was quadratic in a document naming thousands of them.
    defined = _bracket_definitions(text, {canon for _, canon in learned})
    standalone: set[str] | None = None  # the words of the text, when an initialism asks
    for (kind, canon), abbrs in list(learned.items()):
        for letters, digits in sorted(defined.get(canon, ())):
            if digits:
                base = re.sub(r"\s+version\s+\d+$", "", canon)
                family[(kind, letters)] = (base, "")
            else:
                abbrs.add(letters)
        if kind == "Department" and len(re.findall(CAP_WORD, canon)) >= 2:
            ini = initials(canon)
            if ini in text:
                if standalone is None:  # an initialism stands alone: (?<![\w-])ini(?![\w-])
                    standalone = set(_WORD_OR_HYPHEN.findall(text))
                if ini in standalone:
                    abbrs.add(ini)
    # A body's abbreviation in the same document: first letter, further letters in order, the last
    # one starting the body word ("DF" = "Direktionsforum", "KFU" = "Kultur- og Fritidsudvalget").
    body_names = sorted({_strip_genitive(m.attrs.get("canonical") or m.surface) for m in found
                         if m.kind == "Body" and m.attrs.get("rule") == "suffix" and m.surface[0].isupper()})
    known = {ab for n in named for ab in n.abbreviations}
    body_words = load_vocabulary().cue_list("body_suffix")
    # A token abbreviates a name whose first letter it shares, whose body word starts with its last
    # letter, and whose letters before that word hold its other letters in order. The names are
    # indexed by those two letters, so each token is tried on those only, not on every body.
    by_letters: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    for b in body_names:
        parts = _abbreviation_parts(b, body_words)
        if parts is not None:
            by_letters.setdefault((parts[0][0], parts[1][0]), []).append((b, parts[0], parts[2]))
    for token in sorted(_capital_tokens(text) - known):
        low_token = token.casefold()
        fits = []
        for b, low, head_end in by_letters.get((low_token[0], low_token[-1]), ()):
            if _letters_in_order(low_token[1:-1], low, head_end):
                fits.append(b)
                if len(fits) > 1:
                    break  # only a token that fits one body is learned
        if len(fits) == 1:
            learned.setdefault(("Body", fits[0]), set()).add(token)
    # "NS3" without a bracket definition in this document: the initials of a compound network
    # name ("Netværks|strukturen" -> "NS") present in the document.
    letter_pairs: dict[str, set[str]] | None = None  # first letter -> second letters
    for (kind, canon) in list(learned):
        if kind == "Network" and " " not in canon.strip():
            if letter_pairs is None:  # (the quick search first: the findall needs what it finds)
                letter_pairs = {}
                pairs = re.findall(r"\b([A-ZÆØÅ])([A-ZÆØÅ])\d\b", text) if re.search(r"[A-ZÆØÅ]{2}\d", text) else []
                for a, b in pairs:
                    letter_pairs.setdefault(a, set()).add(b)
            for b in sorted(letter_pairs.get(canon[0], ())):
                a = canon[0]
                if re.search(rf"^{a}\w+s{b.casefold()}\w+$", canon):
                    family.setdefault((kind, a + b), (canon, ""))
    out = [Named(kind, canon, (), tuple(sorted(abbrs)), False) for (kind, canon), abbrs in sorted(learned.items())]
    numbered: dict[str, set[str]] | None = None  # letters -> the numbers written after them ("NS3")
    for (kind, letters), (base, _) in sorted(family.items()):
        if numbered is None:
            numbered = {}
            for m in _LETTERS_NUMBER.finditer(text):  # what re.findall(rf"\b{letters}(\d+)\b") finds, for all letters
                numbered.setdefault(m.group(1), set()).add(m.group(2))
        for num in sorted(numbered.get(letters, ())):
            out.append(Named(kind, f"{base} version {num}", (), (letters + num,), False))
    return out


_WORD_OR_HYPHEN = re.compile(r"[\w-]+")
# letters and a number as one word: "NS3" (the letters as bracket definitions and pairs take them)
_LETTERS_NUMBER = re.compile(rf"(?<!\w)([{UPPER}]{{2,6}})(\d+)(?!\w)")
_BRACKET_ABBREVIATION = re.compile(rf"\(([{UPPER}]{{2,6}})(\d*)\)")
_DEFINITION_GAP = 20  # at most this many characters (no bracket, no line break) between name and "("


def _bracket_definitions(text: str, canons: set[str]) -> dict[str, set[tuple[str, str]]]:
    """For each name in ``canons``: the ``(letters, number)`` of the brackets that define an
    abbreviation right after it ("Økonomi & Stab (ØS)", "Netværksstrukturen version 2 (NS2)"):
    the name, at most 20 characters that are no bracket or line break, then "(" with two to six
    capitals and maybe a number, and ")". One pass over the text for all names: at each bracket,
    the names ending in the 20 characters before it are read backwards along a trie of the names
    written backwards (a search of the text per name was quadratic in a document of many names)."""
    out: dict[str, set[tuple[str, str]]] = {}
    if not canons or "(" not in text:
        return out
    root: dict = {}
    for canon in canons:
        node = root
        for ch in reversed(canon):
            node = node.setdefault(ch, {})
        node[None] = canon  # (None: a name ends here)
    for g in _BRACKET_ABBREVIATION.finditer(text):
        p = lo = g.start()
        while lo > 0 and p - lo < _DEFINITION_GAP and text[lo - 1] not in "()\n":
            lo -= 1
        for q in range(lo, p + 1):  # a name ending at q, then the gap text[q:p]
            node, i = root, q
            while i > 0:
                node = node.get(text[i - 1])
                if node is None:
                    break
                i -= 1
                if None in node:
                    out.setdefault(node[None], set()).add((g.group(1), g.group(2)))
    return out


CAPITAL_RUN = re.compile(rf"[{UPPER}]{{2,}}")


def _capital_tokens(text: str) -> set[str]:
    """All-capital words of 2-5 letters ("KFU", "DF's"): tried only where a run of capitals starts."""
    pattern = rf"(?<![\w-])([{UPPER}]{{2,5}})(?:'s|s)?(?![\w-])"
    return {m.group(1) for m in finditer_at(pattern, text, [m.start() for m in CAPITAL_RUN.finditer(text)])}


def _strip_genitive(name: str) -> str:
    return re.sub(r"(?<=\w)(?:'s|’s|s)$", "", name) if not name.endswith(("ss", "us")) else name


def _abbreviation_parts(name: str, vocab_suffixes: tuple[str, ...]) -> tuple[str, str, int] | None:
    """``(name case-folded, its body word, where the word starts)``; None without a body word."""
    low = name.casefold()
    word = next((w for w in vocab_suffixes if re.search(rf"{w}(?:et|en|s)?$", low)), None)
    if word is None:
        return None
    return low, word, low.rfind(word)


def _letters_in_order(middle: str, low: str, head_end: int) -> bool:
    """The (case-folded) letters ``middle`` occur in order in ``low[1:head_end]``."""
    pos = 1
    for ch in middle:
        pos = low.find(ch, pos, head_end)
        if pos < 0:
            return False
        pos += 1
    return True


def _same_day_same_meeting(found: list[Mention]) -> None:
    """A reference that names no body, on a day for which the item names exactly one meeting,
    is that meeting ("Chefforum den 17. august ... resultatet fra den 17. august")."""
    refs = [m for m in found if m.kind == "MeetingReference"]
    # the bodies named per day, gathered once (not per reference: quadratic in an item of many dates)
    named_on: dict[str, set] = {}
    for r in refs:
        if r.attrs.get("body"):
            named_on.setdefault(r.attrs["date"], set()).add(r.attrs["body"])
    for m in refs:
        if m.attrs.get("body") is None:
            bodies = named_on.get(m.attrs["date"], set())
            if len(bodies) == 1:
                m.attrs["body"] = next(iter(bodies))


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
    inside_other = _Containment([(o.span.start, o.span.end) for o in others])
    result = []
    for m in keep:
        if m.kind == "Person" and inside_other(m.span.start, m.span.end):
            continue
        if m.kind == "Organisation" and m.attrs.get("rule") == "acronym" and inside_other(
                m.span.start, m.span.end, besides=(m.span.start, m.span.end)):
            continue
        result.append(m)
    return result


class _Containment:
    """Whether a span lies within one of the spans ``spans``: the largest end of the spans starting
    at or before its start, by binary search (testing each span for each mention was quadratic).
    ``besides``: the span of the mention itself, which is one of ``spans`` once and does not count."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.best: list[tuple[int, int]] = []  # per prefix: the largest end, and the second largest
        top = second = -1
        for _, e in spans:
            if e > top:
                top, second = e, top
            elif e > second:
                second = e
            self.best.append((top, second))

    def __call__(self, start: int, end: int, besides: tuple[int, int] | None = None) -> bool:
        k = bisect_right(self.starts, start) - 1
        if k < 0:
            return False
        top, second = self.best[k]
        if besides is not None and besides[1] == top:
            # the largest end may be the mention's own: then the second largest decides
            return second >= end
        return top >= end
