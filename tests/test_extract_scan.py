"""The quick tests of graph.extract.scan and the name index: they may only skip text where the
regex they stand in for cannot match, so extraction finds exactly what a full scan finds."""
from __future__ import annotations

import re

import pytest

from graph.extract.scan import (
    LETTERS,
    compound_starts,
    cue_positions,
    digit_starts,
    finditer_at,
    may_contain,
    occurrences,
)
from graph.extract.text import CASE_ODD, LOWER, UPPER, Segment
from graph.extract.units import _alt, _name_patterns, find_named, name_index
from graph.extract.vocab import Named

# Invented sentences with compounds, inflections, odd letters and case variants.
TEXTS = [
    "Kultur- og Fritidsudvalget og Børneudvalget mødtes; ØKONOMIUDVALGET godkendte.",
    "Sagen blev sendt til Idrætsrådet, ikke til rådet. Dermed er sagen afsluttet.",
    "STRASSE og Straße er ikke det samme ord i casefold(): ß bliver til ss.",
    "Bestyrelſen (med langt s) og KOMMISSION for Grøn Omstilling.",
    "Et İstanbul-udvalg og et ıdræts-udvalg skal ikke narre testen.",
    "Ångström (Å) og Kelvin (K) er andre tegn end Å og K, men matcher ens uden store bogstaver.",
    "",
]
CUES = frozenset({"udvalg", "råd", "bestyrelse", "kommission", "med", "strasse", "ångström", "kelvin"})


def _segments() -> list[Segment]:
    return [Segment("t", 0, t, "text") for t in TEXTS]


def test_case_odd_letters_are_the_only_ones_casefold_does_not_cover():
    """The basis of the quick tests: where the regex engine ignores case between two letters,
    casefold() makes them equal, except for the letters in CASE_ODD (checked over all of Unicode)."""
    _sre = pytest.importorskip("_sre")
    extra = pytest.importorskip("re._casefix")._EXTRA_CASES
    odd = set(CASE_ODD)
    for code in range(0x110000):
        ch = chr(code)
        low = chr(_sre.unicode_tolower(code))  # what the engine compares
        if ch not in odd and low not in odd:
            assert ch.casefold() == low.casefold(), hex(code)
    for code, others in extra.items():
        for other in others:
            if chr(code) not in odd and chr(other) not in odd:
                assert chr(code).casefold() == chr(other).casefold(), (hex(code), hex(other))


def test_letters_is_the_regex_letter_class():
    cls = re.compile(f"[{UPPER}{LOWER}]")
    assert LETTERS == {chr(c) for c in range(0x3000) if cls.fullmatch(chr(c))}


@pytest.mark.parametrize("then", ["", r"(?:en|et)?\s"])
def test_may_contain_is_false_only_where_the_regex_finds_nothing(then):
    for seg in _segments():
        for words in [CUES, frozenset({"udvalg"}), frozenset({"omstilling"}), frozenset({"ıdræt"})]:
            found = re.search(f"(?i:{_alt(words)})(?:{then})", seg.text)
            if found:
                assert may_contain(seg, words, then), (seg.text, words)
    assert not may_contain(Segment("t", 0, "Intet her.", "text"), CUES)


def test_cue_positions_and_compound_starts_cover_every_match():
    for seg in _segments():
        at_word = re.compile(rf"(?i:{_alt(CUES)})")
        compound = re.compile(rf"(?<![\w§-])([{UPPER}{LOWER}]+(?i:{_alt(CUES)}))(en|et|n|s)?(?![\w])")
        for pattern, starts in ((at_word, cue_positions(seg, CUES)), (compound, compound_starts(seg, CUES))):
            full = [(m.span(), m.groups()) for m in pattern.finditer(seg.text)]
            quick = [(m.span(), m.groups()) for m in finditer_at(pattern, seg.text, starts)]
            assert quick == full, seg.text


def test_cannot_tell_where_a_letter_is_odd():
    seg = Segment("t", 0, "Et İstanbul-udvalg", "text")
    assert cue_positions(seg, CUES) is None and compound_starts(seg, CUES) is None
    assert may_contain(seg, frozenset({"istanbul"}))


def test_compound_starts_are_word_starts():
    text = "Kultur- og Fritidsudvalget mødes med Idrætsrådet"
    starts = compound_starts(Segment("t", 0, text, "text"), frozenset({"udvalg", "råd"}))
    assert [text[a:a + 8] for a in starts] == ["Fritidsu", "Idrætsrå"]


def test_occurrences_include_overlaps():
    assert occurrences("anananas", ["ana", "nas"]) == [0, 2, 4, 5]


def test_digit_starts_are_where_numbers_begin():
    text = "Mødet 12. maj\n3. juni og 2024\nkl. 10"
    assert [text[i:i + 2] for i in digit_starts(text)] == ["12", "3.", "20", "10"]
    assert [text[i:i + 2] for i in digit_starts(text, line_start=True)] == ["3."]


def test_finditer_at_keeps_finditer_order_and_no_overlaps():
    text = "aaaa"
    pattern = re.compile("aa")
    assert [m.span() for m in finditer_at(pattern, text, [0, 1, 2, 3])] == [m.span() for m in pattern.finditer(text)]


NAMES = [
    Named("Body", "Kultur- og Fritidsudvalget", ("KFU-udvalget",), ("KFU",)),
    Named("Department", "Økonomi & Stab", ("Økonomi og Stab",), ("ØS",)),
    Named("Organisation", "KL", (), ()),
    Named("Body", "Byrådet", ("Kommunalbestyrelsen",), ("BR",), False),
    Named("Network", "Netværk om sprog", (), ("NS2",), False),
]
NAME_TEXTS = TEXTS + [
    "Sagen går fra Kultur- og Fritidsudvalget (KFU) til Byrådet; KFU's og KL's svar; kl. 10 hos Økonomi og  Stab.",
    "ØKONOMI & STAB, økonomi og stab og Økonomi & Stabens notat; BR, BRs og Kommunalbestyrelsens møde; NS2.",
    "byrådets beslutning; -KFU; §Byrådet; KFU2; Netværk om sprogets mål.",
    "Kultur- og Fritıdsudvalget (dotless i) og BYRÅDET (Ångström sign) og Økonomi & ſtab (long s).",
    "Efter \u0345Byrådet (a combining mark that case-folds to a letter) kom KL.",
]


def _every_name_everywhere(seg: Segment, named: list[Named]) -> list[tuple]:
    """What find_named found before it was made fast: every pattern of every name over the whole text."""
    return [(n.canonical, m.span()) for n in named for pat in _name_patterns(n) for m in pat.finditer(seg.text)]


@pytest.mark.parametrize("count", [2, len(NAMES)])
def test_find_named_finds_what_scanning_every_name_finds(count, monkeypatch):
    named = NAMES[:count]
    for text in NAME_TEXTS:
        seg = Segment("t", 0, text, "text")
        expected = _every_name_everywhere(seg, named)
        assert [(m.attrs["canonical"], (m.span.start, m.span.end)) for m in find_named(seg, named)] == expected
        # the same through the one-regex path used for long name lists
        monkeypatch.setattr("graph.extract.units.FIND_EACH_MAX", 0)
        fresh = Segment("t", 0, text, "text")
        assert [(m.attrs["canonical"], (m.span.start, m.span.end)) for m in find_named(fresh, name_index(tuple(named)))] == expected
        monkeypatch.undo()
