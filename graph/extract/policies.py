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

from graph.extract.text import CAP_WORD, LOWER, UPPER, Segment, is_sentence_start
from graph.extract.units import _alt
from graph.extract.vocab import Vocabulary
from graph.model import AgendaItem, Mention

YEAR = r"(?:\d{4}(?:\s?[-–/]\s?\d{2,4})?)"
DEF_ENDINGS = r"(?:en|et|ken|met|er|erne)?"


def find_policies(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    heads = vocab.cue("policy_suffix")
    skip_adj = vocab.cue("policy_skip_adjective")

    def add(a: int, b: int, why: str) -> None:
        surface = text[a:b].rstrip(" .,;:")
        out.append(Mention("Policy", surface, seg.span(a, a + len(surface)), attrs={"rule": why}))

    # Compound words ending in a head word: "Idrætspolitikken", "forenklingsprogrammet", "kompetenceudviklingsplan".
    word_re = rf"\b([{UPPER}{LOWER}]+?(?i:{_alt(heads)})(?:ken|en|et|met|ten)?)(?:s)?\b"
    for m in re.finditer(word_re, text):
        w = m.group(1)
        low = w.casefold()
        head = next(h for h in sorted(heads, key=len, reverse=True) if re.search(rf"{h}(?:ken|en|et|met|ten)?$", low))
        prefix_len = low.rfind(head)
        if prefix_len < 3:
            continue  # bare "planen", "strategien": anaphors
        if re.search(r"(?:er|erne|ers)$", m.group()) and head not in ("plan",):
            pass
        if low.endswith(("planer", "planerne", "politikker", "strategier", "programmer")):
            continue
        a, b = m.start(), m.end()
        # a year or period after the name belongs to it ("Erhvervspolitik 2024-2026", "... for 2016/17")
        yr = re.match(rf"\s(?:for\s)?{YEAR}\b", text[b:])
        if yr:
            b += yr.end()
        # adjectives before it ("tværgående kompetenceudviklingsplan", "boligsociale helhedsplan")
        adj = re.search(rf"(?:\b(Den|Det) )?\b([{LOWER}]+(?:ende|ale|al|ig|ige|isk|iske))\s$", text[:a])
        if adj and adj.group(2) not in skip_adj:
            a = adj.start(2)
            if adj.group(1) and is_sentence_start(text, adj.start(1)):
                a = adj.start(1)  # "Den tværgående kompetenceudviklingsplan 2015" as an attachment title
        if head == "plan" and w[0].islower() and a == m.start() and b == m.end():
            continue  # a bare lower-case "-plan" is too often a work plan ("tidsplanen", "målplan")
        add(a, b, "head-word")
    # "strategi for urban farming i Albertslund 2016-2025", "plan for den tværgående kompetenceudvikling".
    obj = rf"(?:den |det )?[{UPPER}{LOWER}0-9'-]+(?: (?!og en\b|som\b|der\b|til\b|i\b|med\b|ud\b|hvor\b|at\b)[{UPPER}{LOWER}0-9'/-]+){{0,6}}?"
    for m in re.finditer(rf"\b((?i:{_alt(heads)}))(?:en)? for ({obj})(?: i ({CAP_WORD}(?: [{UPPER}][{LOWER}]+)?))?(?: ({YEAR}))?(?=[\s.,;:)\"]|$)", text):
        a = m.start()
        pre = text[max(0, a - 3):a]
        if re.search(rf"[{LOWER}{UPPER}]$", text[:a]):
            continue  # part of a compound ("handleplan for"): the compound is the name
        if re.search(r"\bog (?:en )?$", text[max(0, a - 8):a]):
            pass
        end = m.end()
        # stop at a clause boundary inside the object
        add(a, end, "head-for")
        _ = pre
    # Dashed titles: "Mere Vækst - planstrategi 2019" (a capitalised name, dash, a policy word).
    for m in re.finditer(rf"\b((?:{CAP_WORD} )+)- [{LOWER}]*(?:{_alt(heads)})\w* {YEAR}", text):
        add(m.start(), m.end(), "dashed-title")
    # Capitalised conjunctions ending in a head word: "Vision og Strategi".
    for m in re.finditer(rf"\b{CAP_WORD} og (?i:{_alt(heads)})(?=\W)", text):
        if m.group()[m.group().rfind(" ") + 1].isupper():
            add(m.start(), m.end(), "title-case")
    return _trim_policies(out, text)


def _trim_policies(found: list[Mention], text: str) -> list[Mention]:
    # A "strategi for X" object ends at the first comma-free clause word; trim trailing lower-case verbs.
    return found


def find_networks(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    units = vocab.cue("unit_suffix")

    def add(a: int, b: int, kind: str, why: str) -> None:
        out.append(Mention(kind, text[a:b], seg.span(a, b), attrs={"rule": why}))

    # "version 3 af Netværksstrukturen", "Netværksstrukturen version 2"
    for m in re.finditer(rf"\bversion \d+ af ([{UPPER}]\w*netværk\w*)", text, flags=re.IGNORECASE):
        add(m.start(), m.end(), "Network", "version")
    for m in re.finditer(rf"(?<![\w-])((?:[{UPPER}]\w*)?[Nn]etværk\w*)(?: version \d+)?", text):
        w = m.group(1)
        if not w[0].isupper():
            continue
        low = w.casefold()
        if any(u in low for u in units):
            continue  # "Netværkssekretariatet" is a unit
        if re.match(r"netværk(?:s)?(?:tema|temaer|temaerne|leder|ledere|lederne|arbejde|arbejdet|deltager|typer|ressourcer)?$", low) \
                and not re.match(r"\s+om\s", text[m.end():]):
            if not (low.startswith("netværk") and len(low) > len("netværks") + 3 and low.startswith("netværks")):
                continue  # generic: "Netværk", "Netværkstemaer"
        end = m.end()
        if low == "netværk":  # "Netværk om sprog": a named theme
            about = re.match(rf"\s+om\s+[{LOWER}]+", text[end:])
            if not about:
                continue
            end += about.end()
        add(m.start(), end, "Network", "netværk")
    # Title Case names with a capitalised function word ("Bo I Byen") next to "netværk": a network.
    for m in re.finditer(rf"\b{CAP_WORD} (?:I|For|På|Og|Om) {CAP_WORD}\b", text):
        a, b = m.start(), m.end()
        sent = text[max(0, a - 120):b + 60].casefold()
        if "netværk" in sent and not is_sentence_start(text, a):
            add(a, b, "Network", "title-case")
    return out


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
