"""Extraction on the bundled sample corpus: behaviours the issue asks for, checked on real text."""
from __future__ import annotations

import pytest

from graph.extract import decision_outcome, extract_minutes
from graph.sources import default_corpus, read_sources
from graph.structure import parse_minutes


@pytest.fixture(scope="module")
def sample():
    docs, _ = read_sources([default_corpus()])
    minutes = {d.doc_id.rsplit("/", 1)[-1]: parse_minutes(d) for d in docs}
    mentions = {name: extract_minutes(m) for name, m in minutes.items()}
    return minutes, mentions


def _of(mentions, item, kind):
    return [m for m in mentions if m.item == item and m.kind == kind]


def test_every_mention_quotes_the_document_at_its_offsets(sample):
    minutes, mentions = sample
    for name, ms in mentions.items():
        text = minutes[name].doc.text
        for m in ms:
            assert m.span.quote == text[m.span.start:m.span.end]
            assert m.span.doc == minutes[name].doc.doc_id
            assert m.item is not None


def test_first_name_alone_in_an_information_item_is_a_person(sample):
    _, mentions = sample
    persons = _of(mentions["chefforum-2016-03-17.txt"], 7, "Person")
    assert [p.surface for p in persons] == ["Jette"]


def test_agenda_prefix_is_not_a_mention_of_the_body(sample):
    minutes, mentions = sample
    m = minutes["chefforum-2016-03-17.txt"]
    for item in m.items:
        title = item.title_span
        prefix_end = title.start + len(item.prefix or "")
        assert not [b for b in mentions["chefforum-2016-03-17.txt"]
                    if b.kind == "Body" and title.start <= b.span.start < prefix_end]


def test_underscore_file_names_are_skipped(sample):
    minutes, mentions = sample
    doc = minutes["chefforum-2020-01-29.txt"]
    start = doc.doc.text.index("Forslag_til_Kommuneplanstrategi")
    assert not [m for m in mentions["chefforum-2020-01-29.txt"] if start <= m.span.start < start + 50]


def test_post_and_person_in_apposition_give_both(sample):
    _, mentions = sample
    posts = _of(mentions["chefforum-2020-01-29.txt"], 5, "Post")
    persons = {p.surface for p in _of(mentions["chefforum-2020-01-29.txt"], 5, "Person")}
    holder = [p for p in posts if p.attrs.get("holder")]
    assert [p.surface for p in holder] == ["kommunaldirektør Jette Runchel"]
    assert "Jette Runchel" in persons


def test_department_abbreviation_is_found_once_the_department_is_known(sample):
    _, mentions = sample
    deps = _of(mentions["chefforum-2020-01-29.txt"], 3, "Department")
    assert {d.attrs.get("canonical") for d in deps if d.surface == "ØS"} == {"Økonomi & Stab"}


def test_numbered_abbreviation_of_a_network_names_its_version(sample):
    _, mentions = sample
    ns = [m for m in mentions["chefforum-2016-03-17.txt"] if m.kind == "Network" and m.surface == "NS3"]
    assert ns and all(m.attrs["canonical"].endswith("version 3") for m in ns)


def test_meeting_reference_without_year_takes_the_nearest_year(sample):
    _, mentions = sample
    refs = _of(mentions["chefforum-2020-01-29.txt"], 7, "MeetingReference")
    assert [(r.attrs["date"], r.attrs["body"], r.attrs["direction"]) for r in refs] == [("2019-11-21", "Chefforum", "past")]


def test_forward_reference_is_a_future_meeting(sample):
    _, mentions = sample
    refs = _of(mentions["chefforum-2020-01-29.txt"], 4, "MeetingReference")
    assert ("2020-03-12", "Chefforum", "future") in {(r.attrs["date"], r.attrs["body"], r.attrs["direction"]) for r in refs}


def test_deadline_is_not_a_meeting(sample):
    _, mentions = sample
    ms = mentions["chefforum-2017-01-05.txt"]
    deadlines = {m.attrs["date"] for m in _of(ms, 2, "Deadline")}
    meetings = {m.attrs["date"] for m in _of(ms, 2, "MeetingReference")}
    assert "2017-01-13" in deadlines and "2017-01-13" not in meetings


def test_money_amounts_are_literals_of_the_item(sample):
    _, mentions = sample
    money = {m.surface for m in _of(mentions["chefforum-2016-03-17.txt"], 2, "MoneyAmount")}
    assert {"15 mio. kr.", "5 mio. kr."} <= money


def test_decision_outcomes_follow_the_beslutning(sample):
    minutes, _ = sample
    m = minutes["chefforum-2017-01-05.txt"]
    got = {i.number: decision_outcome(i).outcome for i in m.items}
    assert got == {1: "approved", 2: "discussed", 3: "decided", 4: "noted"}


def test_closed_item_has_no_decision_outcome(sample):
    minutes, _ = sample
    closed = [i for i in minutes["chefforum-2016-05-19.txt"].items if i.closed]
    assert closed and all(decision_outcome(i) is None for i in closed)


def test_decision_outcome_quotes_the_deciding_sentence(sample):
    minutes, _ = sample
    item = minutes["chefforum-2023-08-03.txt"].items[3]
    out = decision_outcome(item)
    assert out.outcome == "decided"
    assert "besluttede" in out.span.quote
    assert minutes["chefforum-2023-08-03.txt"].doc.text[out.span.start:out.span.end] == out.span.quote


def test_extraction_is_deterministic(sample):
    minutes, mentions = sample
    again = extract_minutes(minutes["chefforum-2020-01-29.txt"])
    assert [(m.kind, m.span, m.attrs) for m in again] == [(m.kind, m.span, m.attrs) for m in mentions["chefforum-2020-01-29.txt"]]
