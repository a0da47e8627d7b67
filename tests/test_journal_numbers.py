"""KLE journal numbers: the canonical form, their parts and tolerance of variants and junk."""
from __future__ import annotations

import doctest

import pytest

import graph.journal
from graph.journal import JournalNumber, kle_parents, parse_journal_number


def test_docstring_examples_run():
    failures, tried = doctest.testmod(graph.journal)
    assert tried > 10 and failures == 0


def test_full_form_gives_every_part():
    j = parse_journal_number("81.04.04-P35-1-19")
    assert j == JournalNumber(normalised="81.04.04-P35-1-19", subject_code="81.04.04", main_group="81",
                              group="81.04", action_facet="P35", serial=1, year=2019, verbatim="81.04.04-P35-1-19")
    assert j.parents == ["81", "81.04"]


@pytest.mark.parametrize("text, normalised", [
    ("00.01.00 - A00 - 29 - 16", "00.01.00-A00-29-16"),
    ("00.01.00-A00-29-2016", "00.01.00-A00-29-16"),
    ("Sagsnr.: 00.15.00-G20-1-20", "00.15.00-G20-1-20"),
    ("J.nr. 24.10.05-P00-1-16.", "24.10.05-P00-1-16"),
    ("00.01.00–A00–136–14", "00.01.00-A00-136-14"),
    ("24.10.05-1-16", "24.10.05-1-16"),
    ("85.08.15-A26-1", "85.08.15-A26-1"),
    ("00.01-A00-3-16", "00.01.00-A00-3-16"),
])
def test_variants_are_normalised(text, normalised):
    assert parse_journal_number(text).normalised == normalised


@pytest.mark.parametrize("two, four", [("00", 2000), ("16", 2016), ("69", 2069), ("70", 1970), ("99", 1999)])
def test_two_digit_years_are_expanded(two, four):
    assert parse_journal_number(f"00.01.00-A00-1-{two}").year == four


@pytest.mark.parametrize("junk", [
    None, "", "Mødelokale 915", "19.05.2016", "d. 19-05-2016", "kl. 10.00-10.30", "1. at", "00.01.00",
    "07.04 – Drøftelse", "Punkt 3:", 42, "1234567890", "99.99",
])
def test_junk_gives_none_without_raising(junk):
    assert parse_journal_number(junk) is None


def test_kle_parents_of_each_level():
    assert kle_parents("00.01.00") == ["00", "00.01"]
    assert kle_parents("00.01") == ["00"]
    assert kle_parents("00") == []
    assert kle_parents("0.1") == [] and kle_parents(None) == []
