"""Outcome class of an item's Beslutning: approved / decided / noted / discussed / other.

The classes are the concepts of ``rg:DecisionOutcome`` in the ontology; the wording
that tells each one is data (``graph/data/decision_cues.tsv``). Order of the rules
(first class whose wording occurs wins), read from the Beslutning text:
approved ("godkendt", "tiltrådt", a committee's "anbefales" to the council, "Vedtaget.")
> decided ("besluttede") > noted ("til efterretning", "orienterede") > discussed
("drøftet", "kvalificeret"). Without any of these the title tells an information-only
item ("Eventuelt", "Orientering ...": noted), then the Indstilling is asked the same
questions minus approval (a proposal always asks for approval); else "other".
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.datafiles import rows
from graph.extract.text import sentences
from graph.model import AgendaItem, DecisionOutcome, Span

# Precedence of the classes (the gold README's rule order); "other" is the fallback.
PRECEDENCE = ("approved", "decided", "noted", "discussed")
FALLBACK = "other"
CUES_FILE = "decision_cues.tsv"


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(outcome, pattern) in precedence order, built from ``decision_cues.tsv``.

    A pattern's group ``p`` is the phrase itself (a "start" phrase matches after
    the sentence end before it, which must not pick that earlier sentence).
    """
    from graph.ontology import load

    known = set(load().outcomes)
    if set(PRECEDENCE) | {FALLBACK} != known:
        raise ValueError(f"decision outcome precedence {PRECEDENCE} + {FALLBACK!r} != ontology concepts {sorted(known)}")
    anywhere: dict[str, list[str]] = {o: [] for o in PRECEDENCE}
    at_start: dict[str, list[str]] = {o: [] for o in PRECEDENCE}
    for n, row in enumerate(rows(CUES_FILE), 1):
        outcome, phrase, where = (list(row) + ["", ""])[:3]
        if outcome not in anywhere or not phrase or where not in ("", "start"):
            raise ValueError(f"{CUES_FILE} entry {n} {row!r}: need outcome<TAB>phrase[<TAB>start], "
                             f"outcome one of {', '.join(PRECEDENCE)}")
        (at_start if where else anywhere)[outcome].append(_phrase_regex(phrase))
    out = []
    for outcome in PRECEDENCE:
        alts = []
        if anywhere[outcome]:
            alts.append(rf"\b(?P<p>{'|'.join(anywhere[outcome])})\b")
        if at_start[outcome]:
            alts.append(rf"(?:^|[.!]\s+|\n)\s*(?P<q>{'|'.join(at_start[outcome])})\b")
        if alts:
            out.append((outcome, re.compile("|".join(alts), flags=re.IGNORECASE)))
    return tuple(out)


def _first_sentence(text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    m = pattern.search(text)
    if not m:
        return None
    start = m.start("p") if m.groupdict().get("p") is not None else m.start("q")
    for a, b in sentences(text):
        if a <= start < b:
            return a, b
    return start, m.end()


def decision_outcome(item: AgendaItem) -> DecisionOutcome | None:
    """The outcome of the item's Beslutning with the sentence that says so; None without a Beslutning."""
    sec = item.section("Beslutning")
    if sec is None:
        return None
    for outcome, pattern in rules():
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
        for outcome, pattern in rules():
            if outcome == "approved":
                continue
            hit = _first_sentence(ind.text, pattern)
            if hit:
                # the Beslutning records no verdict; what it was asked to do tells the kind of treatment
                a, b = _whole(sec.text)
                return DecisionOutcome(outcome, Span(sec.span.doc, sec.span.start + a, sec.span.start + b, sec.text[a:b]))
    a, b = _whole(sec.text)
    return DecisionOutcome(FALLBACK, Span(sec.span.doc, sec.span.start + a, sec.span.start + b, sec.text[a:b]))


def _whole(text: str) -> tuple[int, int]:
    sents = sentences(text)
    return sents[0] if sents else (0, len(text))


def _outcome(outcome: str, span: Span, text: str, hit: tuple[int, int]) -> DecisionOutcome:
    a, b = hit
    while b > a and text[b - 1].isspace():
        b -= 1
    return DecisionOutcome(outcome, Span(span.doc, span.start + a, span.start + b, text[a:b]))
