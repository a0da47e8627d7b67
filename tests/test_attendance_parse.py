"""Attendance lists in the header of minutes, and per-item recusals, read into Minutes.attendance."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import SourceDocument
from graph.sources import read_sources
from graph.structure.attendance import parse_attendance, split_names
from graph.structure.lines import split_lines
from graph.structure.parse import parse_minutes

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"


def _doc(text: str) -> SourceDocument:
    return SourceDocument("t.txt", Path("t.txt"), text, "utf-8", "")


def _entries(text: str):
    return parse_attendance(_doc(text), split_lines(text), [])


@pytest.fixture(scope="module")
def september():
    docs, problems = read_sources([FIXTURES / "solbjerg-miljoeudvalg-2024-09-10.txt"])
    assert not problems
    return parse_minutes(docs[0])


def test_member_list_strips_party_letters_and_functions(september):
    present = [(e.name, e.party, e.function) for e in september.attendance if e.role == "present"]
    assert present[:2] == [("Karen Vinther", "A", "formand"), ("Mikkel Lund", "V", "næstformand")]
    assert ("Lise Krogh", "Ø", None) in present


def test_a_name_wrapped_over_two_lines_is_one_name_with_an_exact_span(september):
    entry = next(e for e in september.attendance if e.name == "Thomas Bjerregaard" and e.role == "present")
    assert entry.span.quote == "Thomas\nBjerregaard"
    assert september.doc.text[entry.span.start:entry.span.end] == entry.span.quote


def test_every_span_quotes_the_text(september):
    for e in september.attendance:
        assert september.doc.text[e.span.start:e.span.end] == e.span.quote
        assert " ".join(e.span.quote.split()) == e.name


def test_afbud_and_other_participants_get_their_roles(september):
    roles = {(e.name, e.role) for e in september.attendance if e.item is None}
    assert ("Thomas Bjerregaard", "absent") in roles
    assert {("Jesper Mølgaard", "other_present"), ("Frederik Holst", "other_present")} <= roles


def test_recusals_inside_items_belong_to_the_item(september):
    recused = {(e.name, e.item) for e in september.attendance if e.role == "recused"}
    assert recused == {("Mikkel Lund", 2), ("Signe Rask", 3)}


def test_one_name_a_line_and_ingen_means_nobody():
    docs, _ = read_sources([FIXTURES / "solbjerg-miljoeudvalg-2024-10-08.txt"])
    m = parse_minutes(docs[0])
    assert [e.name for e in m.attendance if e.role == "present"] == [
        "Karen Vinther", "Mikkel Lund", "Signe Rask", "Thomas Bjerregaard", "Lise Krogh"]
    assert not [e for e in m.attendance if e.role == "absent"]


@pytest.mark.parametrize("line", ["Afbud: Bo Holm", "afbud Bo Holm", "AFBUD fra: Bo Holm", "**Afbud:** Bo Holm"])
def test_labels_match_in_any_case_with_or_without_colon(line):
    assert [(e.name, e.role) for e in _entries(f"REFERAT\n{line}\n")] == [("Bo Holm", "absent")]


def test_a_sentence_starting_with_a_label_word_is_no_list():
    assert _entries("REFERAT\nAfbuddet blev meddelt sent.\n") == []


def test_list_stops_at_the_table_of_contents():
    entries = _entries("Deltagere: Anna Berg, Ole Dam\nIndholdsfortegnelse\nPunkt 1 Godkendelse 2\n")
    assert [e.name for e in entries] == ["Anna Berg", "Ole Dam"]


def test_function_after_a_comma_belongs_to_the_name_before():
    text = "Medlemmer: Anna Berg, formand, Ole Dam og Ida Friis"
    assert [(n, f) for n, _, f, _, _ in split_names(text, 11, len(text))] == [
        ("Anna Berg", "formand"), ("Ole Dam", None), ("Ida Friis", None)]


def test_sample_corpus_has_no_attendance():
    from graph.structure.parse import parse_sources

    minutes, _ = parse_sources(None)
    assert minutes and all(m.attendance == [] for m in minutes)


def test_a_title_before_the_name_becomes_the_function():
    text = "Medlemmer: borgmester Anne Jensen (A), Rådmand Bo Holm (V), Ida Friis, A"
    assert [(n, p, f) for n, p, f, _, _ in split_names(text, 11, len(text))] == [
        ("Anne Jensen", "A", "borgmester"), ("Bo Holm", "V", "Rådmand"), ("Ida Friis", "A", None)]


def test_a_single_word_that_is_no_first_name_is_no_person():
    text = "Afbud: Kommunen, Ida"
    assert [n for n, *_ in split_names(text, 7, len(text))] == ["Ida"]


def test_inside_an_item_only_lists_of_who_was_away_count():
    text = "REFERAT\nPunkt 1: Høring\nDeltagere: Ida Friis og Bo Holm\nFraværende: Ole Dam\n"
    doc = _doc(text)
    entries = parse_attendance(doc, split_lines(text), [(1, 8, len(text))])
    assert [(e.name, e.role, e.item) for e in entries] == [("Ole Dam", "absent", 1)]


def test_names_before_stemte_imod_and_tog_forbehold_inside_an_item():
    text = ("REFERAT\nPunkt 1: Budget\nBeslutning\nVedtaget. Ida Friis (A) og Bo Holm (V) stemte imod, "
            "og Ole Dam (C) tog forbehold.\nStemte imod: Eva Lind\n")
    doc = _doc(text)
    entries = parse_attendance(doc, split_lines(text), [(1, 8, len(text))])
    assert [(e.name, e.party, e.role) for e in entries] == [
        ("Ida Friis", "A", "voted_against"), ("Bo Holm", "V", "voted_against"),
        ("Ole Dam", "C", "reservation"), ("Eva Lind", None, "voted_against")]
