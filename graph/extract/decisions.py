"""Outcome class of an item's Beslutning: approved / decided / noted / discussed / other.

Order of the rules (first that fires wins), read from the Beslutning text:
"godkendt"/"tiltrådt" (or a committee's "anbefales" to the council) -> approved; "besluttede"/"besluttet" -> decided;
"taget/tog ... til efterretning" or an information-only item ("orienterede") -> noted;
"drøftet"/"kvalificeret"/"diskuteret" -> discussed. Without any of these the
title tells an information-only item ("Eventuelt", "Orientering ...": noted), then the
Indstilling is asked the same questions (minus approval); else "other".
"""
from __future__ import annotations

import re

from graph.extract.text import sentences
from graph.model import AgendaItem, DecisionOutcome, Span

RULES = [
    ("approved", r"\b(?:godkend(?:t|te|er|es)|tiltr[åa]d(?:t|te|er|es)|anbefal(?:es|et|ede|er)|med anbefaling)\b"),
    # "Vedtaget." / "Indstillingen blev vedtaget" / "Byrådet vedtog", not "forventes vedtaget"
    ("approved", r"(?:^|[.!]\s+|\n)\s*(?:indstillingen\s+)?(?:blev\s+)?vedtag(?:et|es)\b|\bblev\s+vedtaget\b|\bvedtog\b"),
    ("decided", r"\b(?:beslut(?:tede|tet|tes|tedes|ter))\b"),
    ("noted", r"\btil\s+(?:efterretning|orientering)\b|\borienterede\b|\borienteres\b"),
    ("discussed", r"\b(?:drøft(?:et|ede|es|er)|kvalificer(?:et|ede|es)|diskuter(?:et|ede|es)|præsenteret)\b"),
]


def _first_sentence(text: str, pattern: str) -> tuple[int, int] | None:
    m = re.search(pattern, text, flags=re.IGNORECASE)
    if not m:
        return None
    for a, b in sentences(text):
        if a <= m.start() < b:
            return a, b
    return m.start(), m.end()


def decision_outcome(item: AgendaItem) -> DecisionOutcome | None:
    """The outcome of the item's Beslutning with the sentence that says so; None without a Beslutning."""
    sec = item.section("Beslutning")
    if sec is None or item.closed:
        return None
    for outcome, pattern in RULES:
        hit = _first_sentence(sec.text, pattern)
        if hit:
            return _outcome(outcome, sec.span, sec.text, hit)
    title = (item.core_title or item.title).casefold().strip()
    from graph.extract.vocab import load_vocabulary

    if any(title.startswith(w) for w in load_vocabulary().cue("info_item")):
        # an "Eventuelt" / "Orientering" item without a verdict only informed
        a, b = _whole(sec.text)
        return DecisionOutcome("noted", Span(sec.span.doc, sec.span.start + a, sec.span.start + b, sec.text[a:b]))
    ind = item.section("Indstilling")
    if ind is not None:
        for outcome, pattern in RULES[1:]:
            hit = _first_sentence(ind.text, pattern)
            if hit:
                # the Beslutning records no verdict; what it was asked to do tells the kind of treatment
                a, b = _whole(sec.text)
                return DecisionOutcome(outcome, Span(sec.span.doc, sec.span.start + a, sec.span.start + b, sec.text[a:b]))
    a, b = _whole(sec.text)
    return DecisionOutcome("other", Span(sec.span.doc, sec.span.start + a, sec.span.start + b, sec.text[a:b]))


def _whole(text: str) -> tuple[int, int]:
    sents = sentences(text)
    return sents[0] if sents else (0, len(text))


def _outcome(outcome: str, span: Span, text: str, hit: tuple[int, int]) -> DecisionOutcome:
    a, b = hit
    while b > a and text[b - 1].isspace():
        b -= 1
    return DecisionOutcome(outcome, Span(span.doc, span.start + a, span.start + b, text[a:b]))
