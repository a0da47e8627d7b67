"""Policies, strategies, plans, programmes; the network structure, networks and network themes.

Policies are recognised by their head word ("-politik", "-strategi", "-plan",
"-program", inflected), by "strategi for X", and by quoted or dashed titles
that contain such a word ("Mere Vækst - planstrategi 2019"). Networks contain
"netværk"; themes are the attachments and short bullet points of an item about
network themes. Abbreviations defined in brackets ("Netværksstrukturen
version 2 (NS2)") are collected by the caller and searched document-wide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.scan import ADJECTIVE_TAIL, SUSPENDED_TAIL, compound_starts, cue_positions, ends_like, finditer_at, may_contain
from graph.extract.text import LOOK_BACK, LOWER, NAME_WORD, NAME_WORDS, UPPER, Segment, is_sentence_start
from graph.extract.units import _alt
from graph.extract.vocab import Vocabulary
from graph.extract.wraps import across_wraps
from graph.model import AgendaItem, Mention

YEAR = r"(?:\d{4}(?:\s?[-–/]\s?\d{2,4})?)"
# (compiled once; matched at a position of the text, never on a copy of the rest of it, which
# made each match cost the length of the text after it)
_YEAR_AFTER = re.compile(rf"\s(?:for\s)?{YEAR}\b")
_SPACED_YEAR = re.compile(rf" {YEAR}\b")
_SUSPENDED_BEFORE = re.compile(rf"\b[{UPPER}{LOWER}]+- (?:og|eller) $")
_ADJECTIVE_BEFORE = re.compile(rf"(?:\b(Den|Det) )?\b([{LOWER}]+(?:ende|ale|al|ig|ige|isk|iske))\s$")
_PLACE_AFTER = re.compile(rf" ((?:[{UPPER}][{LOWER}]+)(?: [Kk]ommune)?)")
_ABOUT_AFTER = re.compile(rf"\s+om\s+[{LOWER}]+")


@across_wraps
def find_policies(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    heads = vocab.cue("policy_suffix")
    skip_adj = vocab.cue("policy_skip_adjective")
    if not may_contain(seg, heads):
        return out  # every rule below needs a policy word

    def add(a: int, b: int, why: str) -> None:
        surface = text[a:b].rstrip(" .,;:")
        out.append(Mention("Policy", surface, seg.span(a, a + len(surface)), attrs={"rule": why}))

    # Compound words ending in a head word: "Idrætspolitikken", "forenklingsprogrammet", "kompetenceudviklingsplan".
    word_re = rf"\b([{UPPER}{LOWER}]+?(?i:{_alt(heads)})(?:ken|en|et|met|ten)?)(?:s)?\b"
    for m in finditer_at(word_re, text, compound_starts(seg, heads)):
        w = m.group(1)
        low = w.casefold()
        head = next(h for h in sorted(heads, key=len, reverse=True) if re.search(rf"{h}(?:ken|en|et|met|ten)?$", low))
        prefix_len = low.rfind(head)
        if prefix_len < 3:
            continue  # bare "planen", "strategien": anaphors
        if low.endswith(("planer", "planerne", "politikker", "strategier", "programmer")):
            continue
        if _not_policy(vocab.cue("policy_not")).fullmatch(low):
            continue  # "tidsplanen", "handleplan": work plans, not policies ("Klimahandleplan" is one)
        a, b = m.start(), m.end()
        # a year or period after the name belongs to it ("Erhvervspolitik 2024-2026", "... for 2016/17")
        yr = _YEAR_AFTER.match(text, b)
        if yr:
            b = yr.end()
        elif w[0].isupper() and text[b:b + 5] == " for ":
            # a capitalised compound keeps its object: "Lokalplan for Havnen", "Ældrepolitik for alle"
            end = _object_end(text, b + 5, skip_adj)
            if end is not None:
                b = end
        # a suspended compound before it is part of the name ("børne- og ungepolitik")
        # (the words before, within LOOK_BACK characters: searching all the text before each match was quadratic)
        sus = ends_like(SUSPENDED_TAIL, text, a, 10) and _SUSPENDED_BEFORE.search(text, max(0, a - LOOK_BACK), a)
        if sus:
            a = sus.start()
        # adjectives before it ("tværgående kompetenceudviklingsplan", "boligsociale helhedsplan")
        adj = ends_like(ADJECTIVE_TAIL, text, a, 7) and _ADJECTIVE_BEFORE.search(text, max(0, a - LOOK_BACK), a)
        if adj and adj.group(2) not in skip_adj:
            a = adj.start(2)
            if adj.group(1):
                a = adj.start(1)  # a capitalised "Den" starts a title ("Den tværgående kompetenceudviklingsplan 2015")
        if head == "plan" and w[0].islower() and a == m.start() and b == m.end():
            continue  # a bare lower-case "-plan" is too often a work plan ("tidsplanen", "målplan")
        add(a, b, "head-word")
    # "strategi for lokal fødevareproduktion", "plan for den tværgående kompetenceudvikling 2016/17".
    # (each rule below is tried only where the words it needs are in the segment)
    head_at = cue_positions(seg, heads) if may_contain(seg, heads, "(?:en)? for ") else []
    for m in finditer_at(rf"(?<![{UPPER}{LOWER}-])((?i:{_alt(heads)}))(?:en)? for ", text, head_at):
        b = _object_end(text, m.end(), skip_adj)
        if b is not None:
            add(m.start(), b, "head-for")
    # Dashed titles: "Mere Vækst - planstrategi 2019" (a capitalised name, dash, a policy word).
    for m in re.finditer(rf"\b((?:{NAME_WORD} ){{1,{NAME_WORDS}}})- [{LOWER}]*(?:{_alt(heads)})\w* {YEAR}", text) if "- " in text else ():
        add(m.start(), m.end(), "dashed-title")
    # A name given to a draft: "Grøn By - udkast til strategi for ..." / "X - forslag til politik".
    draft = "udkast til" in text or "forslag til" in text
    for m in re.finditer(rf"(?<![\w'])([{UPPER}][\w'’]*(?: [\w'’]+){{0,3}}) [-–] (?:udkast|forslag) til [{LOWER}]*(?:{_alt(heads)})", text) if draft else ():
        add(m.start(1), m.end(1), "draft-name")
    # Capitalised conjunctions ending in a head word: "Vision og Strategi".
    for m in re.finditer(rf"\b{NAME_WORD} og (?i:{_alt(heads)})(?=\W)", text) if " og " in text else ():
        if m.group()[m.group().rfind(" ") + 1].isupper():
            add(m.start(), m.end(), "title-case")
    return out


# Words that end the object of "strategi for ...": clause words, verbs, prepositions of another phrase.
OBJECT_STOP = {"som", "der", "til", "med", "hvor", "at", "ud", "er", "var", "blev", "kan", "skal", "vil", "har",
               "samt", "og", "eller", "på", "fra", "om", "efter", "inden", "før", "mellem", "hos", "ved", "mod"}


def _object_end(text: str, pos: int, skip_adj: frozenset[str]) -> int | None:
    """End of the object after "strategi for": up to 4 words, an optional "i Place (Kommune)"
    and a year; None if the object is a process noun or an ordinal ("plan for redigering")."""
    words = list(re.finditer(rf"[{UPPER}{LOWER}0-9'/-]+", text[pos:pos + 120]))
    end = None
    count = 0
    for i, w in enumerate(words):
        gap = text[pos + (words[i - 1].end() if i else 0):pos + w.start()]
        if i and gap != " ":
            break  # punctuation or a line break ends the name
        word = w.group()
        low = word.casefold()
        if i == 0:
            if low in skip_adj or re.search(r"(?:ering|ning)$", low):
                return None
            if low in ("den", "det"):
                end = None
                continue
        if low == "og" and count and i + 1 < len(words) and re.match(r"\d", words[i + 1].group()):
            end = pos + w.end()
            continue  # "kontanthjælpsloft og 225 timers reglen"
        if low in OBJECT_STOP and low != "i":
            break
        if low == "i":
            place = _PLACE_AFTER.match(text, pos + w.end())
            if place and count:
                end = place.end()
                yr = _SPACED_YEAR.match(text, end)
                if yr:
                    end = yr.end()
            break
        if re.search(r"(?:es|ede)$", low) and count and not re.fullmatch(YEAR, word):
            break  # a verb ("udvikles", "drøftede")
        if re.fullmatch(YEAR, word) and count:
            end = pos + w.end()
            break
        count += 1
        end = pos + w.end()
        if count >= 4:
            break
    return end


@across_wraps
def find_networks(seg: Segment, vocab: Vocabulary, proper: frozenset[str] = frozenset()) -> list[Mention]:
    """Networks: capitalised words with "netværk" that the document treats as proper nouns
    (capitalised mid-sentence somewhere: ``proper``), their versions, "Netværk om X"."""
    text = seg.text
    out: list[Mention] = []
    units = vocab.cue("unit_suffix")
    if "netværk" not in seg.folded:
        return out  # every rule below needs the word, in some case

    def add(a: int, b: int, why: str) -> None:
        out.append(Mention("Network", text[a:b], seg.span(a, b), attrs={"rule": why}))

    net = rf"(?:[{UPPER}][{UPPER}{LOWER}]*)?[Nn]etværk[{LOWER}]*"
    for m in re.finditer(rf"\bversion \d+ af ({net})", text):
        add(m.start(), m.end(), "version")
    for m in re.finditer(rf"(?<![\w-])({net})(?: version \d+)?", text):
        w = m.group(1)
        if not w[0].isupper():
            continue
        low = w.casefold()
        if any(u in low for u in units):
            continue  # "Netværkssekretariatet" is a unit
        end = m.end()
        about = _ABOUT_AFTER.match(text, end)
        if low == "netværk" and about:  # "Netværk om sprog": a named theme
            add(m.start(), about.end(), "about")
            continue
        if w not in proper and _base(w) not in proper:
            continue  # capitalised only where every word is: "Netværkstemaer", "Netværket bør ..."
        add(m.start(), end, "netværk")
    # Title Case names with a capitalised function word ("Bo I Byen") next to "netværk": a network.
    for m in re.finditer(rf"\b{NAME_WORD} (?:I|For|På|Og|Om) {NAME_WORD}\b", text):
        a, b = m.start(), m.end()
        sent = text[max(0, a - 120):b + 60].casefold()
        if "netværk" in sent and not is_sentence_start(text, a):
            add(a, b, "title-case")
    return out


def _base(word: str) -> str:
    for end in ("en", "et", "s", "ens", "ets"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def network_theme_mentions(item: AgendaItem, segs: list[Segment]) -> list[Mention]:
    """Themes of an item about network themes: its attachments and its short top-level bullets."""
    title = item.core_title or item.title
    if not re.search(r"netværkstema", title, flags=re.IGNORECASE):
        return []
    out = []
    for b in item.bilag:
        t = b.text.strip()
        if re.search(r"\d|\btema", t, flags=re.IGNORECASE):
            continue  # "Temaer til CF 19.05": a collection, not a theme
        out.append(Mention("NetworkTheme", t, b.span, attrs={"rule": "bilag"}))
    for seg in segs:
        if seg.where.casefold() != "beslutning":
            continue
        for m in re.finditer(r"(?m)^- ([^\n]+?):?$", seg.text):
            t = m.group(1).strip().rstrip(":")
            if len(t.split()) > 5 or re.search(r"[,.?!]", t):
                continue
            out.append(Mention("NetworkTheme", t, seg.span(m.start(1), m.start(1) + len(t)), attrs={"rule": "bullet"}))
    return out


@lru_cache(maxsize=8)
def _not_policy(words: frozenset[str]) -> re.Pattern:
    """One of ``words`` (work plans, not policies), inflected."""
    return re.compile(rf"(?:{_alt(words)})(?:ken|en|et|met|ten)?")
