"""Cross-document resolution: one entity per real thing, with evidence and confidence."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.extract import extract_minutes
from graph.model import Mention, Minutes, SourceDocument, Span
from graph.resolve import resolve
from graph.sources import default_corpus, read_sources
from graph.structure import parse_minutes


@pytest.fixture(scope="module")
def sample():
    docs, _ = read_sources([default_corpus()])
    minutes = {d.doc_id: parse_minutes(d) for d in docs}
    mentions = {k: extract_minutes(m) for k, m in minutes.items()}
    return minutes, mentions, resolve(mentions, minutes)


def _minutes(doc_id: str, body: str, day: date) -> Minutes:
    return Minutes(SourceDocument(doc_id, Path(doc_id), "", "utf-8", ""), "REFERAT", body, day, None, None)


def _person(doc: str, surface: str, start: int) -> Mention:
    return Mention("Person", surface, Span(doc, start, start + len(surface), surface), item=1)


def _entity(res, kind, key):
    return next(e for e in res.entities if e.kind == kind and e.key == key)


def test_first_name_joins_the_only_full_name_with_evidence(sample):
    _, mentions, res = sample
    jette = [m for ms in mentions.values() for m in ms if m.kind == "Person" and m.surface == "Jette"]
    entity = res.entity_of(jette[0])
    assert entity.key == "Jette Runchel"
    assert entity.confidence < 1.0
    assert any("Jette" in ev and "Jette Runchel" in ev for ev in entity.evidence)


def test_two_different_full_names_never_merge():
    minutes = {"a": _minutes("a", "Byrådet", date(2021, 1, 1))}
    ms = {"a": [_person("a", "Anna Berg", 0), _person("a", "Anna Holm", 20), _person("a", "Anna", 40)]}
    res = resolve(ms, minutes)
    keys = sorted(e.key for e in res.entities if e.kind == "Person")
    assert keys == ["Anna (Byrådet)", "Anna Berg", "Anna Holm"]
    anna = res.entity_of(ms["a"][2])
    assert anna.label == "Anna" and anna.confidence == 0.5
    assert "Anna Berg" in anna.evidence[0] and "Anna Holm" in anna.evidence[0]


def test_first_name_of_another_body_does_not_join(sample):
    minutes = {"a": _minutes("a", "Byrådet", date(2021, 1, 1)), "b": _minutes("b", "Skoleudvalget", date(2021, 2, 1))}
    ms = {"a": [_person("a", "Henrik Lund", 0)], "b": [_person("b", "Henrik", 0)]}
    res = resolve(ms, minutes)
    assert res.entity_of(ms["b"][0]).key == "Henrik (Skoleudvalget)"


def test_a_bare_first_name_in_two_bodies_is_two_people():
    minutes = {"a": _minutes("a", "Byrådet", date(2021, 1, 1)), "b": _minutes("b", "Skoleudvalget", date(2021, 2, 1))}
    ms = {"a": [_person("a", "Henrik", 0)], "b": [_person("b", "Henrik", 0)]}
    res = resolve(ms, minutes)
    assert res.entity_of(ms["a"][0]) is not res.entity_of(ms["b"][0])


def test_aliases_abbreviations_and_inflections_are_one_entity(sample):
    _, _, res = sample
    cf = _entity(res, "Body", "Chefforum")
    assert {m.surface for m in cf.mentions} >= {"Chefforum", "chefforum", "Chefforums", "CF"}
    kb = _entity(res, "Body", "Kommunalbestyrelsen")
    assert {"KB", "KB's", "Kommunalbestyrelsen"} <= {m.surface for m in kb.mentions}
    idr = [e for e in res.entities if e.kind == "Policy" and {"Idrætspolitik", "Idrætspolitikken"} <= {m.surface for m in e.mentions}]
    assert len(idr) == 1 and idr[0].evidence


def test_department_spellings_merge_and_posts_belong_to_it(sample):
    _, _, res = sample
    os_ = _entity(res, "Department", "Økonomi & Stab")
    assert {"Økonomi & Stab", "Økonomi og Stab", "ØS"} <= {m.surface for m in os_.mentions}
    chef = _entity(res, "Post", "chef for Økonomi & Stab")
    assert chef.attrs["postIn"] == "Økonomi & Stab"


def test_post_holder_is_a_dated_fact(sample):
    _, _, res = sample
    facts = [(h.person.key, h.post.key, h.date, h.span.quote) for h in res.holds]
    assert ("Jette Runchel", "kommunaldirektør", "2020-01-29", "kommunaldirektør Jette Runchel") in facts
    assert _entity(res, "Post", "kommunaldirektør").attrs["holders"] == [{"date": "2020-01-29", "person": "Jette Runchel"}]


def test_network_versions_and_their_abbreviations_merge(sample):
    _, _, res = sample
    ns3 = _entity(res, "Network", "Netværksstrukturen version 3")
    assert {"NS3", "Netværksstrukturen version 3", "version 3 af Netværksstrukturen"} <= {m.surface for m in ns3.mentions}


def test_every_entity_mention_is_resolved_and_order_is_deterministic(sample):
    minutes, mentions, res = sample
    for ms in mentions.values():
        for m in ms:
            if m.kind in ("Person", "Post", "Department", "Body", "Organisation", "Policy", "Network", "NetworkTheme"):
                assert res.entity_of(m) is not None, m
    again = resolve(mentions, minutes)
    assert [(e.kind, e.key, len(e.mentions)) for e in again.entities] == [(e.kind, e.key, len(e.mentions)) for e in res.entities]
    assert [(e.kind, e.key) for e in res.entities] == sorted((e.kind, e.key) for e in res.entities)


def test_presenter_name_can_be_looked_up(sample):
    _, _, res = sample
    assert res.lookup("Person", "Susanne").key == "Susanne Kremmer"
